// The gift register: gifts given to and received from a delegation, recorded on the delegation's
// page (values read in the user's locale, bad input refused with nothing saved) and listed per year.
import { describe, it, expect, beforeEach } from 'vitest';
import { buildTestApp, Client, createUser, signedIn, type TestApp } from '../helpers/app.js';
import { auditLog, delegationGifts } from '../../src/db/schema.js';
import { makeDelegation } from './factories.js';

describe('the gift register', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });

  it('records a gift received, its value read the Danish way, and lists it on the visit and in the register', async () => {
    const d = makeDelegation(t.db, { title: 'Studiebesøg fra Kaunas' });
    const user = await createUser(t.db, 'coordinator', { locale: 'da' });
    const client = new Client(t.app);
    await client.login(user.email);
    const res = await client.post(`/delegations/${d.id}/gifts`, {
      direction: 'received',
      description: 'Glasskål fra Kaunas',
      counterpart: 'Borgmesteren i Kaunas',
      givenOn: '2026-12-08',
      value: '2.800',
      handling: 'Udstillet på rådhuset',
    });
    expect(res.statusCode).toBe(303);
    const gift = t.db.select().from(delegationGifts).get()!;
    expect(gift).toMatchObject({ delegationId: d.id, direction: 'received', valueMinor: 280_000, counterpart: 'Borgmesteren i Kaunas' });
    expect(
      t.db
        .select()
        .from(auditLog)
        .all()
        .some((a) => a.entityType === 'delegation_gift' && a.action === 'create'),
    ).toBe(true);

    const page = (await client.get(`/delegations/${d.id}`)).body;
    expect(page).toContain('Glasskål fra Kaunas');
    expect(page).toContain('Modtaget af os');
    expect(page).toContain('2.800,00');

    const register = (await client.get('/gifts?year=2026')).body;
    expect(register).toContain('Gaveregister 2026');
    expect(register).toContain('Glasskål fra Kaunas');
    expect(register).toContain('Studiebesøg fra Kaunas');
    expect(register).toMatch(/Modtaget af os: 1 gaver, 2\.800\skr\./);
    expect((await client.get('/gifts?year=2025')).body).not.toContain('Glasskål fra Kaunas');
  });

  it('refuses a gift without a description, with an unreadable value or a date that is not a date: 422, input kept, nothing saved', async () => {
    const d = makeDelegation(t.db);
    const client = await signedIn(t, 'coordinator');
    const res = await client.post(
      `/delegations/${d.id}/gifts`,
      { direction: 'given', description: '', counterpart: 'Mayor <b>of</b> Kaunas', givenOn: '2026-13-40', value: 'lots', handling: '' },
      { headers: { 'hx-request': 'true' } },
    );
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="e-description"');
    expect(res.body).toContain('id="e-givenOn"');
    expect(res.body).toContain('id="e-value"');
    expect(res.body).toContain('value="Mayor &lt;b&gt;of&lt;/b&gt; Kaunas"');
    expect(res.body).toContain('value="lots"');
    expect(t.db.select().from(delegationGifts).all()).toHaveLength(0);
    const wrongSide = await client.post(`/delegations/${d.id}/gifts`, { direction: 'stolen', description: 'x', givenOn: '2026-12-08' });
    expect(wrongSide.statusCode).toBe(422);
    expect(t.db.select().from(delegationGifts).all()).toHaveLength(0);
  });

  it('lets the contributor who registered the visit record and remove its gifts, and viewers only read the register', async () => {
    const d = makeDelegation(t.db);
    const viewer = await signedIn(t, 'viewer');
    const refused = await viewer.post(`/delegations/${d.id}/gifts`, { direction: 'given', description: 'Book', givenOn: '2026-12-08' });
    expect(refused.statusCode).toBe(403);
    expect(t.db.select().from(delegationGifts).all()).toHaveLength(0);
    expect((await viewer.get('/gifts')).statusCode).toBe(200);

    const author = await createUser(t.db, 'contributor');
    const mine = makeDelegation(t.db, { title: 'My visit', createdById: author.id });
    const contributor = new Client(t.app);
    await contributor.login(author.email);
    expect(
      (await contributor.post(`/delegations/${d.id}/gifts`, { direction: 'given', description: 'Not mine', givenOn: '2026-12-08' }))
        .statusCode,
    ).toBe(403);
    await contributor.post(`/delegations/${mine.id}/gifts`, { direction: 'given', description: 'A book on Odense', givenOn: '2026-12-08' });
    const gift = t.db.select().from(delegationGifts).get()!;
    expect(gift.valueMinor).toBeNull();
    const other = makeDelegation(t.db, { title: 'Another visit', createdById: author.id });
    expect((await contributor.post(`/delegations/${other.id}/gifts/${gift.id}/removal`, {})).statusCode).toBe(404);
    expect((await contributor.post(`/delegations/${mine.id}/gifts/${gift.id}/removal`, {})).statusCode).toBe(303);
    expect(t.db.select().from(delegationGifts).all()).toHaveLength(0);
    expect(
      t.db
        .select()
        .from(auditLog)
        .all()
        .some((a) => a.entityType === 'delegation_gift' && a.action === 'delete'),
    ).toBe(true);
  });
});
