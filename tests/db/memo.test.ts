// Whole-portfolio reads are kept until the next write (src/db/memo.ts). These tests pin what must
// count as a write: drizzle writes, raw statements, trigger-only changes, another connection's commit,
// and that nothing read inside a transaction is kept.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.js';
import { untilWrite } from '../../src/db/memo.js';
import { partners } from '../../src/db/schema.js';
import { countRows, distinctValues } from '../../src/db/aggregates.js';
import { freshDatabase } from '../helpers/app.js';
import { makePartner } from '../log/fixtures.js';

describe('untilWrite', () => {
  it('answers from memory until any write on the connection, however it is made', () => {
    const db = freshDatabase();
    let computed = 0;
    const countries = () => untilWrite(db, 'countries', () => (computed++, distinctCountries()));
    const distinctCountries = () =>
      db
        .select({ c: partners.country })
        .from(partners)
        .all()
        .map((r) => r.c);
    makePartner(db, { name: 'Kópavogur', country: 'IS' });
    expect(countries()).toEqual(['IS']);
    expect(countries()).toEqual(['IS']);
    expect(computed).toBe(1);

    // A drizzle insert.
    const izmir = makePartner(db, { name: 'İzmir', country: 'TR' });
    expect([...countries()].sort()).toEqual(['IS', 'TR']);
    expect(computed).toBe(2);
    // A raw statement.
    db.$client.prepare("UPDATE partners SET country = 'DK' WHERE id = ?").run(izmir.id);
    expect([...countries()].sort()).toEqual(['DK', 'IS']);
    // Rows updated to the values they had count too (SQLite counts rows touched).
    const before = computed;
    db.$client.prepare('UPDATE partners SET name_key = name_key').run();
    countries();
    expect(computed).toBe(before + 1);
    // A statement that changes nothing keeps the memory.
    db.update(partners).set({ country: 'SE' }).where(eq(partners.id, -1)).run();
    countries();
    expect(computed).toBe(before + 1);
  });

  it('keeps nothing read inside a transaction, which may yet be rolled back', () => {
    const db = freshDatabase();
    makePartner(db, { name: 'Tartu', country: 'EE' });
    const names = () =>
      untilWrite(db, 'names', () =>
        db
          .select({ n: partners.name })
          .from(partners)
          .all()
          .map((r) => r.n),
      );
    expect(() =>
      db.$client.transaction(() => {
        makePartner(db, { name: 'Ghost', country: 'EE' });
        expect(names()).toContain('Ghost');
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(names()).toEqual(['Tartu']);
  });

  it("sees another connection's commit (the CLI, a restore)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'memo-'));
    try {
      const file = join(dir, 'app.sqlite');
      const db = openDatabase(file);
      makePartner(db, { name: 'Kópavogur', country: 'IS' });
      expect(distinctValues(db, partners.country)).toEqual(['IS']);
      const other = new Database(file);
      other.prepare("UPDATE partners SET country = 'NO'").run();
      other.close();
      expect(distinctValues(db, partners.country)).toEqual(['NO']);
      db.$client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps at most 256 results between two writes, whatever keys the requests bring', () => {
    const db = freshDatabase();
    let computed = 0;
    const report = (period: number) => untilWrite(db, `report:${period}`, () => (computed++, [period]));
    for (let period = 0; period < 600; period++) report(period);
    expect(computed).toBe(600);
    // The last ones are still kept; the first were let go.
    report(599);
    expect(computed).toBe(600);
    report(0);
    expect(computed).toBe(601);
  });

  it("keeps a list's count per filter until the next write", () => {
    const db = freshDatabase();
    makePartner(db, { name: 'Kópavogur', country: 'IS' });
    makePartner(db, { name: 'İzmir', country: 'TR' });
    const inIceland = () => countRows(db, partners, eq(partners.country, 'IS'));
    const inTurkey = () => countRows(db, partners, eq(partners.country, 'TR'));
    expect([inIceland(), inTurkey(), countRows(db, partners)]).toEqual([1, 1, 2]);
    makePartner(db, { name: 'Hafnarfjörður', country: 'IS' });
    expect([inIceland(), inTurkey(), countRows(db, partners)]).toEqual([2, 1, 3]);
    db.$client.prepare("UPDATE partners SET country = 'TR' WHERE name = 'Kópavogur'").run();
    expect([inIceland(), inTurkey()]).toEqual([1, 2]);
  });

  it('hands out frozen results, so a caller cannot change what the next request gets', () => {
    const db = freshDatabase();
    makePartner(db, { name: 'Kópavogur', country: 'IS' });
    const rows = untilWrite(db, 'rows', () => db.select().from(partners).all());
    expect(() => (rows as { name: string }[]).push({ name: 'x' })).toThrow(TypeError);
    expect(() => ((rows[0] as { name: string }).name = 'x')).toThrow(TypeError);
  });
});
