// A partnership's status has one writer (transitionPartnership), which holds to the lifecycle table.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { buildTestApp } from '../helpers/app.js';
import { partnerships, statusChanges } from '../../src/db/schema.js';
import { transitionPartnership } from '../../src/partnerships/queries.js';
import { makePartnership } from '../reviews/factories.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the one writer of a partnership status', () => {
  it('is the only code that records a status change (the demo generator aside, which writes history in bulk)', () => {
    const writers = sourceFiles('src')
      .filter((f) => !f.startsWith(join('src', 'demo')))
      .filter((f) => /insert\(statusChanges\)|INSERT INTO status_changes/i.test(readFileSync(f, 'utf8')));
    expect(writers).toEqual([join('src', 'partnerships', 'queries.ts')]);
  });

  it('refuses what the lifecycle table forbids and dates in the future, writing nothing', async () => {
    const t = await buildTestApp();
    const p = makePartnership(t.db, { status: 'ending' });
    const actor = { userId: t.adminId, now: t.clock.now() };
    expect(
      transitionPartnership(t.db, actor, p.id, { status: 'active', changedOn: '2026-11-20', reason: '', reference: '' }, '2026-11-24'),
    ).toMatchObject({ ok: false, reason: 'partnerships.status.refused.notAllowed' });
    expect(
      transitionPartnership(t.db, actor, p.id, { status: 'ended', changedOn: '2026-12-31', reason: '', reference: '' }, '2026-11-24'),
    ).toMatchObject({ ok: false, reason: 'partnerships.status.refused.future' });
    expect(t.db.select().from(statusChanges).where(eq(statusChanges.partnershipId, p.id)).all()).toEqual([]);
    expect(
      transitionPartnership(
        t.db,
        actor,
        p.id,
        { status: 'ended', changedOn: '2026-11-24', reason: '', reference: 'BR 2026/14' },
        '2026-11-24',
      ),
    ).toEqual({ ok: true });
    expect(t.db.select().from(partnerships).where(eq(partnerships.id, p.id)).get()!.status).toBe('ended');
  });
});
