import { describe, it, expect } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { openDatabase, type Db } from '../../src/db/client.js';
import { generateDemo } from '../../src/demo/index.js';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../../src/demo/partners.js';
import { verifyPassword } from '../../src/auth/passwords.js';
import { organisation, partnershipGoals, partners, partnerships, statusChanges, users } from '../../src/db/schema.js';

const now = new Date('2026-11-24T10:00:00Z');

function snapshot(db: Db) {
  return {
    partners: db.select({ name: partners.name, kind: partners.kind, country: partners.country }).from(partners).orderBy(partners.id).all(),
    partnerships: db
      .select({ title: partnerships.title, status: partnerships.status, startOn: partnerships.startOn })
      .from(partnerships)
      .orderBy(partnerships.id)
      .all(),
  };
}

describe('demo data', () => {
  it('creates the organisation and a signed-in-able admin on a fresh database, then a portfolio in every kind and status', async () => {
    const db = openDatabase(':memory:');
    generateDemo(db, { framework: 'odense', size: 'small', seed: 1, now });
    expect(db.select().from(organisation).get()?.name).toBe('Odense Kommune');
    const admin = db.select().from(users).where(eq(users.email, DEMO_ADMIN_EMAIL)).get()!;
    expect(admin.role).toBe('admin');
    expect(await verifyPassword(admin.passwordHash, DEMO_PASSWORD)).toBe(true);
    expect(
      new Set(
        db
          .select()
          .from(users)
          .all()
          .map((u) => u.role),
      ),
    ).toEqual(new Set(['admin', 'coordinator', 'contributor', 'viewer']));
    const kinds = new Set(
      db
        .select()
        .from(partners)
        .all()
        .map((p) => p.kind),
    );
    expect(kinds).toEqual(new Set(['twin_city', 'network', 'regional_office', 'organisation', 'project']));
    const ps = db.select().from(partnerships).all();
    expect(new Set(ps.map((p) => p.status))).toEqual(new Set(['exploring', 'active', 'dormant', 'ending', 'ended']));
    expect(db.select().from(partners).all().length).toBeGreaterThanOrEqual(80); // 20 twin cities + about 60
    expect(db.select({ n: count() }).from(partnershipGoals).get()!.n).toBeGreaterThan(ps.length);
    // Every partnership's history ends in its current status.
    for (const p of ps) {
      const last = db
        .select()
        .from(statusChanges)
        .where(eq(statusChanges.partnershipId, p.id))
        .orderBy(statusChanges.changedOn, statusChanges.id)
        .all()
        .at(-1)!;
      expect(last.toStatus).toBe(p.status);
    }
  });

  it('is deterministic: the same seed gives the same portfolio', () => {
    const a = openDatabase(':memory:');
    const b = openDatabase(':memory:');
    generateDemo(a, { framework: 'hamar', size: 'small', seed: 7, now });
    generateDemo(b, { framework: 'hamar', size: 'small', seed: 7, now });
    expect(snapshot(a)).toEqual(snapshot(b));
  });

  it('adds to an organisation that setup created, keeping its admin', async () => {
    const { buildTestApp } = await import('../helpers/app.js');
    const t = await buildTestApp();
    generateDemo(t.db, { framework: 'odense', size: 'small', seed: 1, now });
    expect(t.db.select().from(users).where(eq(users.email, DEMO_ADMIN_EMAIL)).get()).toBeUndefined();
    expect(t.db.select().from(partners).all().length).toBeGreaterThan(60);
  });
});
