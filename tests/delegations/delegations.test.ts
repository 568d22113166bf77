// Delegation pages over HTTP: create and edit with 422s that save nothing, programme and
// participants, status changes through the one writer, the report, the lists and who may do what.
import { describe, it, expect, beforeEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, createUser, signedIn, Client, type TestApp } from '../helpers/app.js';
import {
  auditLog,
  delegationParticipants,
  delegationProgrammeItems,
  delegations,
  ledgerEntries,
  partners,
  partnerships,
} from '../../src/db/schema.js';
import { makeDelegation, makeItem } from './factories.js';

const VALID = {
  direction: 'outgoing',
  title: 'Study trip to Groningen',
  status: 'planned',
  startsOn: '2027-03-02',
  endsOn: '2027-03-04',
  theme: 'Cycling',
  purpose: 'Learn how Groningen keeps cars out of the centre',
  hostDepartment: 'Technical and Environmental',
};

const row = (t: TestApp, id: number) => t.db.select().from(delegations).where(eq(delegations.id, id)).get()!;

describe('creating and editing delegations', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });

  it('lets a contributor create one, linked to a partnership whose partner it takes, audited', async () => {
    const client = await signedIn(t, 'contributor');
    const groningen = t.db.select().from(partnerships).where(eq(partnerships.title, 'Groningen')).get()!;
    const res = await client.post('/delegations', { ...VALID, partnershipId: String(groningen.id) });
    expect(res.statusCode).toBe(303);
    const created = t.db.select().from(delegations).get()!;
    expect(res.headers.location).toBe(`/delegations/${created.id}`);
    expect(created).toMatchObject({
      direction: 'outgoing',
      status: 'planned',
      partnershipId: groningen.id,
      partnerId: groningen.partnerId,
      theme: 'Cycling',
    });
    expect(t.db.select().from(auditLog).where(eq(auditLog.entityType, 'delegation')).all()).toHaveLength(1);
    const page = await client.get(`/delegations/${created.id}`);
    expect(page.body).toContain('Study trip to Groningen');
    expect(page.body).toContain(`href="/partnerships/${groningen.id}"`);
  });

  it('refuses a partnership that is not with the partner chosen (its costs would go to another partner’s ledger), keeping the input', async () => {
    const client = await signedIn(t, 'contributor');
    const groningen = t.db.select().from(partnerships).where(eq(partnerships.title, 'Groningen')).get()!;
    const other = t.db
      .select()
      .from(partnerships)
      .all()
      .find((p) => p.partnerId !== groningen.partnerId)!;
    const res = await client.post('/delegations', { ...VALID, partnerId: String(other.partnerId), partnershipId: String(groningen.id) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="e-partnershipId"[^>]*>This partnership is not with the partner chosen above\./);
    expect(res.body).toContain('value="Study trip to Groningen"');
    expect(t.db.select().from(delegations).all()).toHaveLength(0);
    // The partnership's own partner, or no partner (it takes the partnership's), is fine.
    expect(
      (await client.post('/delegations', { ...VALID, partnerId: String(groningen.partnerId), partnershipId: String(groningen.id) }))
        .statusCode,
    ).toBe(303);
  });

  it.each([
    ['an end before the start', { endsOn: '2027-03-01' }, 'endsOn', 'The last day cannot be before the first day.'],
    ['no title', { title: '  ' }, 'title', ''],
    ['an impossible date', { startsOn: '2027-02-30' }, 'startsOn', ''],
    ['an unknown partner', { partnerId: '999999' }, 'partnerId', ''],
    ['an unknown direction', { direction: 'sideways' }, 'direction', ''],
  ])('refuses %s with a 422 that keeps the input and saves nothing', async (_label, change, field, message) => {
    const client = await signedIn(t, 'contributor');
    const res = await client.post('/delegations', { ...VALID, ...change });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`id="e-${field}"`);
    if (message) expect(res.body).toContain(message);
    expect(res.body).toContain('value="Cycling"');
    expect(t.db.select().from(delegations).all()).toHaveLength(0);
    expect(t.db.select().from(auditLog).where(eq(auditLog.entityType, 'delegation')).all()).toHaveLength(0);
  });

  it('answers htmx with the form fragment on a 422', async () => {
    const client = await signedIn(t, 'contributor');
    const res = await client.htmx('/delegations', { ...VALID, endsOn: '2027-03-01' });
    expect(res.statusCode).toBe(422);
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain('id="delegation-form"');
  });

  it('refuses new dates that would leave programme items outside the visit, changing nothing', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    const d = makeDelegation(t.db);
    makeItem(t.db, d.id, { onDate: '2026-12-09' });
    const res = await coordinator.post(`/delegations/${d.id}`, { ...VALID, startsOn: '2026-12-07', endsOn: '2026-12-08' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('The programme has items outside these dates');
    expect(row(t, d.id).endsOn).toBe('2026-12-09');
    expect((await coordinator.post(`/delegations/${d.id}`, { ...VALID, startsOn: '2026-12-07', endsOn: '2026-12-10' })).statusCode).toBe(
      303,
    );
    expect(row(t, d.id)).toMatchObject({ endsOn: '2026-12-10', title: 'Study trip to Groningen' });
  });
});

describe('programme and participants', () => {
  let t: TestApp;
  let client: Client;
  let id: number;
  beforeEach(async () => {
    t = await buildTestApp();
    client = await signedIn(t, 'coordinator');
    id = makeDelegation(t.db).id;
  });

  it('asks before removing a programme item, naming it', async () => {
    makeItem(t.db, id, { title: 'Harbour & “bath” tour' });
    const page = (await client.get(`/delegations/${id}`)).body;
    expect(page).toMatch(
      /\/programme-items\/\d+\/removal" class="inline" data-confirm="Remove “Harbour &amp; “bath” tour”\? This cannot be undone\."/,
    );
  });

  it('adds a programme item within the visit and removes it', async () => {
    const host = await createUser(t.db, 'contributor', { name: 'Mette Host' });
    const res = await client.post(`/delegations/${id}/programme-items`, {
      onDate: '2026-12-08',
      startTime: '09:30',
      endTime: '11:00',
      title: 'District heating plant',
      place: 'Fjernvarme Fyn',
      hostUserId: String(host.id),
    });
    expect(res.statusCode).toBe(303);
    const page = await client.get(`/delegations/${id}`);
    expect(page.body).toContain('District heating plant');
    expect(page.body).toContain('Mette Host');
    const printable = await client.get(`/delegations/${id}/programme`);
    expect(printable.statusCode).toBe(200);
    expect(printable.body).toContain('09:30–11:00');
    expect(printable.body).toContain('Fjernvarme Fyn');
    const item = t.db.select().from(delegationProgrammeItems).get()!;
    expect((await client.post(`/delegations/${id}/programme-items/${item.id}/removal`)).statusCode).toBe(303);
    expect(t.db.select().from(delegationProgrammeItems).all()).toHaveLength(0);
    expect((await client.post(`/delegations/${id}/programme-items/${item.id}/removal`)).statusCode).toBe(404);
  });

  it.each([
    ['a day outside the visit', { onDate: '2026-12-10' }, 'onDate', 'The day must be within the visit'],
    ['an end time before the start', { startTime: '14:00', endTime: '13:00' }, 'endTime', 'The end time cannot be before the start time.'],
    ['no title', { title: '' }, 'title', ''],
  ])('refuses a programme item with %s (422, nothing saved)', async (_label, change, field, message) => {
    const res = await client.htmx(`/delegations/${id}/programme-items`, { onDate: '2026-12-08', title: 'Lunch', ...change });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="delegation-programme"');
    expect(res.body).toContain(`id="e-${field}"`);
    if (message) expect(res.body).toContain(message);
    expect(t.db.select().from(delegationProgrammeItems).all()).toHaveLength(0);
  });

  it('adds participants on both sides, counts them and the CERV figures, and removes one', async () => {
    await client.post(`/delegations/${id}/participants`, {
      side: 'theirs',
      name: 'Rūta Kazlauskienė',
      organisation: 'Kaunas City',
      country: 'LT',
    });
    await client.post(`/delegations/${id}/participants`, {
      side: 'theirs',
      name: 'Olena Shevchenko',
      organisation: 'Kyiv City',
      country: 'UA',
      invitedInternational: 'on',
    });
    await client.post(`/delegations/${id}/participants`, { side: 'ours', name: 'Lars Jensen', country: 'DK' });
    const rows = t.db.select().from(delegationParticipants).all();
    expect(rows).toHaveLength(3);
    expect(rows.find((p) => p.name === 'Olena Shevchenko')!.invitedInternational).toBe(true);
    const page = await client.get(`/delegations/${id}`);
    expect(page.body).toContain('Ours: 1 · Theirs: 2 · Total: 3');
    expect(page.body).toContain('Does not meet the participant thresholds yet.');
    const list = await client.get('/delegations');
    expect(list.body).toMatch(/<td class="num">1<\/td>\s*<td class="num">2<\/td>/);
    const lars = rows.find((p) => p.name === 'Lars Jensen')!;
    expect((await client.post(`/delegations/${id}/participants/${lars.id}/removal`)).statusCode).toBe(303);
    expect((await client.get(`/delegations/${id}`)).body).toContain('Ours: 0 · Theirs: 2 · Total: 2');
  });

  it('takes a staff member’s name and department when one is chosen and no name is typed', async () => {
    const mette = await createUser(t.db, 'contributor', { name: 'Mette Kragh', department: 'Kultur' });
    expect((await client.post(`/delegations/${id}/participants`, { side: 'ours', name: '', userId: String(mette.id) })).statusCode).toBe(
      303,
    );
    expect(t.db.select().from(delegationParticipants).all()).toMatchObject([
      { name: 'Mette Kragh', organisation: 'Kultur', userId: mette.id },
    ]);
  });

  it('refuses a participant without a name or with an unknown country (422, nothing saved)', async () => {
    for (const form of [
      { side: 'theirs', name: '' },
      { side: 'theirs', name: 'X', country: 'XX' },
      { side: 'nobody', name: 'Y' },
    ]) {
      const res = await client.post(`/delegations/${id}/participants`, form);
      expect(res.statusCode, JSON.stringify(form)).toBe(422);
    }
    expect(t.db.select().from(delegationParticipants).all()).toHaveLength(0);
  });
});

describe('status and report', () => {
  let t: TestApp;
  let client: Client;
  beforeEach(async () => {
    t = await buildTestApp();
    client = await signedIn(t, 'coordinator');
  });

  it('moves through the lifecycle, refusing what the table forbids with a 422', async () => {
    const d = makeDelegation(t.db, { startsOn: '2026-11-18', endsOn: '2026-11-20', status: 'requested' });
    expect((await client.post(`/delegations/${d.id}/status`, { status: 'completed' })).statusCode).toBe(422);
    expect(row(t, d.id).status).toBe('requested');
    for (const status of ['planned', 'confirmed', 'completed']) {
      expect((await client.post(`/delegations/${d.id}/status`, { status })).statusCode, status).toBe(303);
    }
    const refused = await client.htmx(`/delegations/${d.id}/status`, { status: 'reported' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Write the report first');
    expect(row(t, d.id).status).toBe('completed');
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'status')).all()).toHaveLength(3);
  });

  it('does not complete a visit that is not over', async () => {
    const d = makeDelegation(t.db, { status: 'confirmed' });
    const res = await client.post(`/delegations/${d.id}/status`, { status: 'completed' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('The visit is not over yet');
  });

  it('lists a completed visit without report as report missing until the report moves it to reported', async () => {
    const done = makeDelegation(t.db, { title: 'Visit from Tampere', startsOn: '2026-10-01', endsOn: '2026-10-02', status: 'completed' });
    makeDelegation(t.db, { title: 'Visit from Brno', status: 'planned' });
    const missing = await client.get('/delegations/report-missing');
    expect(missing.body).toContain('Visit from Tampere');
    expect(missing.body).not.toContain('Visit from Brno');
    expect(missing.body).toContain('1 delegation');
    expect((await client.post(`/delegations/${done.id}/report`, { report: 'We learnt how Tampere runs its tram.' })).statusCode).toBe(303);
    expect(row(t, done.id)).toMatchObject({ status: 'reported', report: 'We learnt how Tampere runs its tram.' });
    expect((await client.get('/delegations/report-missing')).body).not.toContain('Visit from Tampere');
  });

  it('saves a report on a visit not yet completed without changing its status', async () => {
    const d = makeDelegation(t.db);
    expect((await client.post(`/delegations/${d.id}/report`, { report: 'Notes so far' })).statusCode).toBe(303);
    expect(row(t, d.id)).toMatchObject({ status: 'planned', report: 'Notes so far' });
  });
});

describe('the list', () => {
  it('filters by direction, status and upcoming, and sorts in SQL', async () => {
    const t = await buildTestApp();
    makeDelegation(t.db, { title: 'Incoming past', startsOn: '2026-09-01', endsOn: '2026-09-02', status: 'completed' });
    makeDelegation(t.db, { title: 'Incoming next', startsOn: '2026-12-01', endsOn: '2026-12-02' });
    makeDelegation(t.db, {
      title: 'Outgoing later',
      direction: 'outgoing',
      startsOn: '2027-01-10',
      endsOn: '2027-01-12',
      status: 'confirmed',
    });
    const viewer = await signedIn(t, 'viewer');
    expect((await viewer.get('/delegations')).body).toContain('3 delegations');
    const outgoing = await viewer.get('/delegations?direction=outgoing');
    expect(outgoing.body).toContain('1 delegation');
    expect(outgoing.body).toContain('Outgoing later');
    const upcoming = await viewer.get('/delegations?upcoming=1', { 'hx-request': 'true' });
    expect(upcoming.body).not.toContain('<html');
    expect(upcoming.body).toContain('2 delegations');
    expect(upcoming.body).not.toContain('Incoming past');
    expect((await viewer.get('/delegations?status=completed')).body).toContain('1 delegation');
    const bySoonest = (await viewer.get('/delegations?sort=startsOn&dir=asc')).body;
    expect(bySoonest.indexOf('Incoming past')).toBeLessThan(bySoonest.indexOf('Outgoing later'));
    const odd = await viewer.get('/delegations?status=nope&direction=x&sort=evil&page=-1');
    expect(odd.statusCode).toBe(200);
    expect(odd.body).toContain('3 delegations');
  });
});

describe('who may do what', () => {
  it('lets viewers read but not write, contributors edit their own, coordinators everything', async () => {
    const t = await buildTestApp();
    const viewer = await signedIn(t, 'viewer');
    const d = makeDelegation(t.db);
    for (const path of ['/delegations', `/delegations/${d.id}`, `/delegations/${d.id}/programme`, '/delegations/report-missing']) {
      expect((await viewer.get(path)).statusCode, path).toBe(200);
    }
    const page = (await viewer.get(`/delegations/${d.id}`)).body;
    expect(page).not.toContain('id="participant-form"');
    expect(page).not.toContain('id="delegation-status-form"');
    expect((await viewer.get('/delegations/new')).statusCode).toBe(403);
    expect((await viewer.post('/delegations', VALID)).statusCode).toBe(403);
    expect((await viewer.post(`/delegations/${d.id}/participants`, { side: 'ours', name: 'X' })).statusCode).toBe(403);

    const other = await signedIn(t, 'contributor');
    expect((await other.post(`/delegations/${d.id}/status`, { status: 'confirmed' })).statusCode).toBe(403);
    expect((await other.get(`/delegations/${d.id}/edit`)).statusCode).toBe(403);
    const author = await createUser(t.db, 'contributor');
    const mine = makeDelegation(t.db, { createdById: author.id });
    const authorClient = new Client(t.app);
    await authorClient.login(author.email);
    expect((await authorClient.post(`/delegations/${mine.id}/status`, { status: 'confirmed' })).statusCode).toBe(303);
    const coordinator = await signedIn(t, 'coordinator');
    expect((await coordinator.post(`/delegations/${d.id}/status`, { status: 'confirmed' })).statusCode).toBe(303);
    expect(row(t, d.id).status).toBe('confirmed');
    expect((await coordinator.get('/delegations/999999')).statusCode).toBe(404);
  });
});

describe('the partner of a delegation', () => {
  it('shows an existing partner by name on the page', async () => {
    const t = await buildTestApp();
    const kaunas = t.db.select().from(partners).where(eq(partners.name, 'Kaunas')).get()!;
    const d = makeDelegation(t.db, { partnerId: kaunas.id });
    const client = await signedIn(t, 'viewer');
    expect((await client.get(`/delegations/${d.id}`)).body).toContain(`<a href="/partners/${kaunas.id}">Kaunas</a>`);
  });
});

describe('costs of a visit', () => {
  it("writes a cost to the ledger of the delegation's partnership, marked with the delegation, and refuses one without a partnership", async () => {
    const t = await buildTestApp();
    const client = await signedIn(t, 'coordinator');
    const kaunas = t.db.select().from(partnerships).where(eq(partnerships.title, 'Kaunas')).get()!;
    const d = makeDelegation(t.db, { partnershipId: kaunas.id, partnerId: kaunas.partnerId });
    const res = await client.post(`/delegations/${d.id}/costs`, {
      kind: 'cost:hosting',
      occurredOn: '2026-12-07',
      amount: '2800',
      note: 'Dinner',
    });
    expect(res.statusCode).toBe(303);
    const entry = t.db.select().from(ledgerEntries).get()!;
    expect(entry).toMatchObject({
      partnershipId: kaunas.id,
      delegationId: d.id,
      direction: 'cost',
      type: 'hosting',
      amountMinor: 280000,
      currency: 'DKK',
      note: 'Dinner',
    });
    const page = (await client.get(`/delegations/${d.id}`)).body;
    expect(page).toContain('Dinner');
    expect(page).toContain('Hosting a delegation');
    expect(
      (await client.post(`/delegations/${d.id}/costs`, { kind: 'cost:hosting', occurredOn: '2026-12-07', amount: '' })).statusCode,
    ).toBe(422);
    expect(
      (await client.post(`/delegations/${d.id}/costs`, { kind: 'cost:membership_fee', occurredOn: '2026-12-07', amount: '10' })).statusCode,
    ).toBe(422);
    const loose = makeDelegation(t.db, { title: 'No partnership' });
    const refused = await client.post(`/delegations/${loose.id}/costs`, { kind: 'cost:travel', occurredOn: '2026-12-07', amount: '100' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Link the delegation to a partnership');
    expect(t.db.select().from(ledgerEntries).all()).toHaveLength(1);
  });
});
