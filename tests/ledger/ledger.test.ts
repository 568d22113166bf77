import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn, Client, createUser } from '../helpers/app.js';
import { auditLog, ledgerEntries, organisation } from '../../src/db/schema.js';
import { makePartnership, addCost, setHourlyRate } from '../reviews/factories.js';
import { resolveEntry, valueHours } from '../../src/ledger/domain.js';
import { costFilters, costsQuery } from '../../src/ledger/queries.js';

describe('ledger rules', () => {
  it('values hours at the hourly rate', () => expect(valueHours(7.5, 50_000)).toBe(375_000));
  it('refuses hours without an hourly rate, hours on other types, and both or neither', () => {
    const base = { kind: 'cost:staff_time', occurredOn: '2026-01-01', note: '' };
    expect(resolveEntry({ ...base, amountMinor: null, hours: 3 }, null)).toMatchObject({ ok: false, error: 'ledger.error.noHourlyRate' });
    expect(resolveEntry({ ...base, kind: 'cost:travel', amountMinor: null, hours: 3 }, 100)).toMatchObject({ ok: false, field: 'hours' });
    expect(resolveEntry({ ...base, amountMinor: 100, hours: 3 }, 100)).toMatchObject({ ok: false, field: 'amount' });
    expect(resolveEntry({ ...base, amountMinor: null, hours: null }, 100)).toMatchObject({ ok: false, field: 'amount' });
    expect(resolveEntry({ ...base, amountMinor: 0, hours: null }, 100)).toMatchObject({ ok: false, error: 'ledger.error.positive' });
    expect(resolveEntry({ ...base, amountMinor: null, hours: 2 }, 40_000)).toMatchObject({
      ok: true,
      entry: { amountMinor: 80_000, hours: 2, direction: 'cost', type: 'staff_time' },
    });
  });
});

describe('a partnership ledger', () => {
  it('shows totals per year and type, funding beside costs, and the export buttons', async () => {
    const t = await buildTestApp();
    const p = makePartnership(t.db);
    addCost(t.db, p.id, 5_000_000, '2025-03-01');
    addCost(t.db, p.id, 1_000_000, '2025-06-01', 'funding');
    const client = await signedIn(t);
    const res = await client.get(`/partnerships/${p.id}/costs`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Totals per year');
    expect(res.body).toMatch(/DKK\s50,000/);
    expect(res.body).toMatch(/DKK\s40,000/); // net
    expect(res.body).toContain('/exports/costs.csv');
  });

  it('adds a cost in one line and records it in the audit log', async () => {
    const t = await buildTestApp();
    const p = makePartnership(t.db);
    const client = await signedIn(t);
    await client.get(`/partnerships/${p.id}/costs`);
    const res = await client.post(`/partnerships/${p.id}/costs`, {
      kind: 'cost:travel',
      occurredOn: '2026-10-01',
      amount: '12,500.50',
      note: 'Trip to Brno',
    });
    expect(res.statusCode).toBe(303);
    const row = t.db.select().from(ledgerEntries).where(eq(ledgerEntries.partnershipId, p.id)).get()!;
    expect(row).toMatchObject({ direction: 'cost', type: 'travel', amountMinor: 1_250_050, currency: 'DKK', note: 'Trip to Brno' });
    expect(t.db.select().from(auditLog).where(eq(auditLog.entityType, 'ledger_entry')).all()).toHaveLength(1);
  });

  it('answers htmx with the ledger fragment', async () => {
    const t = await buildTestApp();
    const p = makePartnership(t.db);
    const client = await signedIn(t);
    await client.get(`/partnerships/${p.id}/costs`);
    const res = await client.htmx(`/partnerships/${p.id}/costs`, { kind: 'funding:grant', occurredOn: '2026-10-01', amount: '1000' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('id="ledger"');
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain('Grant (e.g. EU)');
  });

  it('refuses hours with a clear 422 while no hourly rate is set, and values them once it is', async () => {
    const t = await buildTestApp();
    const p = makePartnership(t.db);
    const client = await signedIn(t);
    await client.get(`/partnerships/${p.id}/costs`);
    const res = await client.post(`/partnerships/${p.id}/costs`, { kind: 'cost:staff_time', occurredOn: '2026-10-01', hours: '10' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="e-hours"[^>]*>Hours cannot be valued: no hourly rate is set/);
    expect(res.body).toContain('value="10"');
    setHourlyRate(t.db, 45_000);
    const ok = await client.post(`/partnerships/${p.id}/costs`, { kind: 'cost:staff_time', occurredOn: '2026-10-01', hours: '10' });
    expect(ok.statusCode).toBe(303);
    expect(t.db.select().from(ledgerEntries).get()).toMatchObject({ amountMinor: 450_000, hours: 10 });
  });

  it.each([
    ['a negative amount', { amount: '-100' }, 'amount'],
    ['an absurd amount', { amount: '99999999999' }, 'amount'],
    ['zero', { amount: '0' }, 'amount'],
    ['no amount', { amount: '' }, 'amount'],
    ['a bad date', { amount: '100', occurredOn: '2026-02-30' }, 'occurredOn'],
    ['an unknown type', { amount: '100', kind: 'cost:bribes' }, 'kind'],
  ])('refuses %s with 422', async (_name, change, field) => {
    const t = await buildTestApp();
    const p = makePartnership(t.db);
    const client = await signedIn(t);
    await client.get(`/partnerships/${p.id}/costs`);
    const res = await client.post(`/partnerships/${p.id}/costs`, { kind: 'cost:travel', occurredOn: '2026-10-01', ...change });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`id="e-${field}"`);
    expect(t.db.select().from(ledgerEntries).all()).toHaveLength(0);
  });

  it('answers 404 for an unknown partnership', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    expect((await client.get('/partnerships/9999/costs')).statusCode).toBe(404);
    expect((await client.get('/partnerships/abc/costs')).statusCode).toBe(404);
  });

  it('lets a viewer read but not write, and a contributor write only on partnerships they own', async () => {
    const t = await buildTestApp();
    const owner = await createUser(t.db, 'contributor');
    const mine = makePartnership(t.db, { ownerId: owner.id });
    const other = makePartnership(t.db);
    const viewer = await signedIn(t, 'viewer');
    expect((await viewer.get(`/partnerships/${mine.id}/costs`)).statusCode).toBe(200);
    expect(
      (await viewer.post(`/partnerships/${mine.id}/costs`, { kind: 'cost:travel', occurredOn: '2026-10-01', amount: '5' })).statusCode,
    ).toBe(403);
    const contributor = new Client(t.app);
    await contributor.login(owner.email);
    await contributor.get(`/partnerships/${mine.id}/costs`);
    expect(
      (await contributor.post(`/partnerships/${mine.id}/costs`, { kind: 'cost:travel', occurredOn: '2026-10-01', amount: '5' })).statusCode,
    ).toBe(303);
    expect(
      (await contributor.post(`/partnerships/${other.id}/costs`, { kind: 'cost:travel', occurredOn: '2026-10-01', amount: '5' }))
        .statusCode,
    ).toBe(403);
  });
});

describe('portfolio costs', () => {
  it('shows totals by year and type, filters by year, and offers the export', async () => {
    const t = await buildTestApp();
    const a = makePartnership(t.db);
    const b = makePartnership(t.db);
    addCost(t.db, a.id, 1_000_000, '2025-03-01');
    addCost(t.db, b.id, 2_000_000, '2026-03-01');
    const client = await signedIn(t, 'viewer');
    const all = await client.get('/costs');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain(a.title);
    expect(all.body).toContain(b.title);
    expect(all.body).toContain('/exports/costs.csv');
    const y = await client.get('/costs?year=2026');
    expect(y.body).toContain(b.title);
    expect(y.body).not.toContain(`>${a.title}<`);
    const frag = await client.get('/costs?year=2026', { 'hx-request': 'true' });
    expect(frag.body).toContain('id="costs-list"');
    expect(frag.body).not.toContain('<html');
  });

  it('gives the exports a filter parser and a query with names', async () => {
    const t = await buildTestApp();
    const a = makePartnership(t.db);
    addCost(t.db, a.id, 1_000_000, '2025-03-01');
    const query = costsQuery(t.db, costFilters({ year: '2025', direction: 'cost', bogus: '1' }));
    expect(query.toSQL().sql).toContain('order by');
    const rows = query.all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ partnershipTitle: a.title, partnerName: a.partnerName, amountMinor: 1_000_000 });
    expect(costFilters({ year: 'x', type: 'nope' })).toMatchObject({ year: null, type: null, sort: 'occurredOn', dir: 'desc' });
  });
});

describe('amounts typed in the Danish interface', () => {
  it('reads "2.800" as two thousand eight hundred kroner and refuses the ambiguous "1,500" with an example', async () => {
    const t = await buildTestApp({ setup: { locale: 'da' } });
    const p = makePartnership(t.db);
    const client = await signedIn(t);
    await client.get(`/partnerships/${p.id}/costs`);
    const ok = await client.post(`/partnerships/${p.id}/costs`, {
      kind: 'cost:travel',
      occurredOn: '2026-10-01',
      amount: '2.800',
      note: 'Tog til Brno',
    });
    expect(ok.statusCode).toBe(303);
    expect(t.db.select().from(ledgerEntries).where(eq(ledgerEntries.partnershipId, p.id)).get()!.amountMinor).toBe(280_000);

    const ambiguous = await client.post(`/partnerships/${p.id}/costs`, {
      kind: 'cost:travel',
      occurredOn: '2026-10-02',
      amount: '1,500',
      note: 'Hotel',
    });
    expect(ambiguous.statusCode).toBe(422);
    expect(ambiguous.body).toContain('value="1,500"');
    expect(ambiguous.body).toMatch(/id="e-amount"[^>]*>Tallet kan læses på to måder\. [^<]*1\.500,50 eller 1500,50/);
    // The ledger shows what was stored, with its decimals: 2.800,00 kr.
    expect((await client.get(`/partnerships/${p.id}/costs`)).body).toMatch(/2\.800,00\s*kr\./);
    expect(t.db.select().from(ledgerEntries).where(eq(ledgerEntries.partnershipId, p.id)).all()).toHaveLength(1);
  });
});

describe('staff time without an hourly rate', () => {
  it('says who sets the rate, and lets an administrator set it right there', async () => {
    const t = await buildTestApp({ setup: { locale: 'da' } });
    const p = makePartnership(t.db);
    const coordinator = await signedIn(t, 'coordinator');
    const asCoordinator = (await coordinator.get(`/partnerships/${p.id}/costs`)).body;
    expect(asCoordinator).toContain('En administrator angiver den under Indstillinger');
    expect(asCoordinator).not.toContain('action="/settings/hourly-rate"');

    const admin = await signedIn(t);
    const page = (await admin.get(`/partnerships/${p.id}/costs`)).body;
    expect(page).toContain('action="/settings/hourly-rate"');
    const set = await admin.post('/settings/hourly-rate', { hourlyRate: '450,50', returnTo: `/partnerships/${p.id}/costs` });
    expect(set.statusCode).toBe(303);
    expect(set.headers.location).toBe(`/partnerships/${p.id}/costs`);
    expect(t.db.select().from(organisation).get()!.hourlyRateMinor).toBe(45_050);
    expect((await coordinator.post('/settings/hourly-rate', { hourlyRate: '1' })).statusCode).toBe(403);

    const after = (await admin.get(`/partnerships/${p.id}/costs`)).body;
    expect(after).not.toContain('action="/settings/hourly-rate"');
    await admin.post(`/partnerships/${p.id}/costs`, {
      kind: 'cost:staff_time',
      occurredOn: '2026-10-01',
      hours: '7,5',
      note: 'Forberedelse',
    });
    expect(t.db.select().from(ledgerEntries).where(eq(ledgerEntries.partnershipId, p.id)).get()).toMatchObject({
      hours: 7.5,
      amountMinor: 337_875,
    });
    // Amounts in the ledger show every decimal, the Danish way.
    expect((await admin.get(`/partnerships/${p.id}/costs`)).body).toMatch(/3\.378,75\s*kr\./);
  });
});
