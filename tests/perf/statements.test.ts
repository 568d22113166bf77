// The connection reuses prepared statements (src/db/client.ts reuseStatements): a reused one must
// behave as a fresh one would, whatever the previous caller did with it.
import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import { reuseStatements } from '../../src/db/client.js';

function connection() {
  const sqlite = new Database(':memory:');
  reuseStatements(sqlite);
  sqlite.exec(`create table t (id integer primary key, name text); insert into t (name) values ('a'), ('b'), ('c');`);
  return sqlite;
}

describe('reused statements', () => {
  it('are the same statement for the same SQL', () => {
    const sqlite = connection();
    expect(sqlite.prepare('select id from t')).toBe(sqlite.prepare('select id from t'));
  });

  it('give plain rows again after a caller plucked or asked for raw rows', () => {
    const sqlite = connection();
    expect(sqlite.prepare('select id, name from t where id = ?').pluck().get(1)).toBe(1);
    expect(sqlite.prepare('select id, name from t where id = ?').get(1)).toEqual({ id: 1, name: 'a' });
    expect(sqlite.prepare('select id, name from t where id = ?').raw().get(2)).toEqual([2, 'b']);
    expect(sqlite.prepare('select id, name from t where id = ?').get(2)).toEqual({ id: 2, name: 'b' });
  });

  it('are not shared while one is still iterating', () => {
    const sqlite = connection();
    const seen: unknown[] = [];
    for (const row of sqlite.prepare('select id from t order by id').iterate() as IterableIterator<{ id: number }>) {
      seen.push([row.id, (sqlite.prepare('select id from t order by id').all() as { id: number }[]).length]);
    }
    expect(seen).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });
});
