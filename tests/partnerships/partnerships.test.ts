import { describe, it, expect, beforeEach } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, createUser, signedIn, Client, type TestApp } from '../helpers/app.js';
import { auditLog, goals, partners, partnershipGoals, partnerships, statusChanges } from '../../src/db/schema.js';

function partnerId(t: TestApp, name: string) {
  return t.db.select().from(partners).where(eq(partners.name, name)).get()!.id;
}
function partnershipOf(t: TestApp, name: string) {
  return t.db.select().from(partnerships).where(eq(partnerships.title, name)).get()!;
}

describe('partnerships list', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });

  it('lists with counts per status, partner names and export buttons', async () => {
    const client = await signedIn(t, 'viewer');
    const res = await client.get('/partnerships');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('21 partnerships');
    expect(res.body).toContain('Active: 21');
    expect(res.body).toContain('href="/exports/partnerships.xlsx"');
    expect(res.body).toContain('Kópavogur');
  });

  it('filters by status, agreement type, goal, owner, country and text, and answers htmx with the list', async () => {
    const client = await signedIn(t, 'viewer');
    const goal = t.db.select().from(goals).where(eq(goals.name, 'Et sundere Odense')).get()!;
    const kaunas = partnershipOf(t, 'Kaunas');
    t.db.insert(partnershipGoals).values({ partnershipId: kaunas.id, goalId: goal.id }).run();
    const byGoal = await client.get(`/partnerships?goal=${goal.id}`, { 'hx-request': 'true' });
    expect(byGoal.body).not.toContain('<html');
    expect(byGoal.body).toContain('1 partnership');
    expect(byGoal.body).toContain('Kaunas');
    expect(byGoal.body).toContain('Et sundere Odense');
    const bySweden = await client.get('/partnerships?country=SE&agreementType=twin_city_agreement&status=active');
    expect(bySweden.body).toContain('2 partnerships');
    const byOwner = await client.get(`/partnerships?owner=${t.adminId}&q=groningen`);
    expect(byOwner.body).toContain('1 partnership');
    const none = await client.get('/partnerships?status=ended');
    expect(none.body).toContain('No partnerships match');
    const bad = await client.get('/partnerships?status=nope&goal=x&owner=-1&sort=evil');
    expect(bad.body).toContain('21 partnerships');
  });

  it('sorts by partner, descending', async () => {
    const client = await signedIn(t, 'viewer');
    const res = await client.get('/partnerships?sort=partner&dir=desc');
    expect(res.body.indexOf('>Tampere<')).toBeLessThan(res.body.indexOf('>Brno<'));
  });
});

describe('creating and editing partnerships', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });

  it('creates from a partner page with goals, an owner and a first status change, audited', async () => {
    const client = await signedIn(t, 'coordinator');
    const brno = partnerId(t, 'Brno');
    const form = await client.get(`/partnerships/new?partnerId=${brno}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('New partnership with Brno');
    expect(form.body).toContain('name="reviewCadenceMonths" type="number" value="12"');
    const goal = t.db.select().from(goals).where(eq(goals.kind, 'goal')).get()!;
    const res = await client.post('/partnerships', {
      partnerId: String(brno),
      title: 'Brno robotics',
      agreementType: 'cooperation_agreement',
      status: 'active',
      ownerId: String(t.adminId),
      department: 'Børn og Unge',
      startOn: '2026-02-01',
      agreementOn: '',
      renewalOn: '2028-02-01',
      reviewCadenceMonths: '24',
      description: '',
      goalIds: [String(goal.id)],
    });
    expect(res.statusCode).toBe(303);
    const created = partnershipOf(t, 'Brno robotics');
    expect(res.headers.location).toBe(`/partnerships/${created.id}`);
    expect(created.activeSinceOn).toBe('2026-02-01');
    expect(created.reviewCadenceMonths).toBe(24);
    expect(t.db.select().from(partnershipGoals).where(eq(partnershipGoals.partnershipId, created.id)).all()).toHaveLength(1);
    expect(t.db.select().from(statusChanges).where(eq(statusChanges.partnershipId, created.id)).all()).toMatchObject([
      { fromStatus: null, toStatus: 'active' },
    ]);
    expect(
      t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'partnership'), eq(auditLog.entityId, created.id)))
        .all(),
    ).toHaveLength(1);
    const page = await client.get(`/partnerships/${created.id}`);
    expect(page.body).toContain('Brno robotics');
    expect(page.body).toContain(goal.name);
    expect(page.body).toContain(`/log/new?partnerId=${brno}&amp;partnershipId=${created.id}`);
    expect(page.body).toContain(`href="/partnerships/${created.id}/costs"`);
  });

  it('creates from scratch, choosing the partner', async () => {
    const client = await signedIn(t, 'coordinator');
    const form = await client.get('/partnerships/new');
    expect(form.body).toContain('id="f-partnerId"');
    const res = await client.htmx('/partnerships', {
      partnerId: String(partnerId(t, 'Kyiv')),
      title: 'Kyiv rebuilding',
      agreementType: 'informal',
      status: 'exploring',
      reviewCadenceMonths: '12',
    });
    expect(res.statusCode).toBe(204);
    expect(partnershipOf(t, 'Kyiv rebuilding').status).toBe('exploring');
  });

  it('re-renders with 422 for bad input, unknown partner, goal or owner', async () => {
    const client = await signedIn(t, 'coordinator');
    const res = await client.post('/partnerships', {
      partnerId: '999999',
      title: '',
      agreementType: 'marriage',
      status: 'ended',
      reviewCadenceMonths: '0',
      startOn: '2026-02-30',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="e-title"[^>]*>This field is required/);
    expect(res.body).toMatch(/id="e-agreementType"/);
    expect(res.body).toMatch(/id="e-status"/);
    expect(res.body).toMatch(/id="e-reviewCadenceMonths"[^>]*>Enter a value between 1 and 120/);
    expect(res.body).toMatch(/id="e-startOn"[^>]*>Enter a valid date/);
    const refs = await client.htmx('/partnerships', {
      partnerId: '999999',
      title: 'X',
      agreementType: 'informal',
      status: 'exploring',
      reviewCadenceMonths: '12',
      ownerId: '99999',
      goalIds: ['99999'],
    });
    expect(refs.statusCode).toBe(422);
    expect(refs.body).not.toContain('<html');
    expect(refs.body).toMatch(/id="e-partnerId"[^>]*>This no longer exists/);
    expect(refs.body).toMatch(/id="e-ownerId"/);
    expect(refs.body).toMatch(/id="e-goalIds"/);
    expect(t.db.select().from(partnerships).all()).toHaveLength(21);
  });

  it('edits and records the changed fields and goals', async () => {
    const client = await signedIn(t, 'coordinator');
    const p = partnershipOf(t, 'Brno');
    const form = await client.get(`/partnerships/${p.id}/edit`);
    expect(form.statusCode).toBe(200);
    const goal = t.db.select().from(goals).where(eq(goals.kind, 'principle')).get()!;
    const res = await client.post(`/partnerships/${p.id}`, {
      title: 'Brno',
      agreementType: 'twin_city_agreement',
      ownerId: String(t.adminId),
      department: 'Kultur',
      reviewCadenceMonths: '12',
      goalIds: [String(goal.id)],
    });
    expect(res.statusCode).toBe(303);
    const audit = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'partnership'), eq(auditLog.entityId, p.id)))
      .all();
    expect(JSON.parse(audit.at(-1)!.changes)).toEqual({ department: ['', 'Kultur'], goalIds: [[], [goal.id]] });
    const bad = await client.post(`/partnerships/${p.id}`, { title: '', agreementType: 'informal', reviewCadenceMonths: 'x' });
    expect(bad.statusCode).toBe(422);
  });

  it('answers 404 for unknown partnerships', async () => {
    const client = await signedIn(t, 'coordinator');
    expect((await client.get('/partnerships/424242')).statusCode).toBe(404);
    expect((await client.get('/partnerships/424242/edit')).statusCode).toBe(404);
    expect((await client.post('/partnerships/424242', {})).statusCode).toBe(404);
    expect((await client.post('/partnerships/424242/status', {})).statusCode).toBe(404);
  });
});

describe('status changes', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });

  it('moves active -> dormant -> active, restarting the review clock, kept in history and audit', async () => {
    const client = await signedIn(t);
    const p = partnershipOf(t, 'Tampere');
    const res = await client.post(`/partnerships/${p.id}/status`, {
      status: 'dormant',
      changedOn: '2026-11-24',
      reason: 'No activity',
      reference: '',
    });
    expect(res.statusCode).toBe(303);
    t.clock.set('2027-03-01T10:00:00Z');
    await client.login('admin@example.org'); // the session timed out while the clock moved
    const again = await client.post(`/partnerships/${p.id}/status`, {
      status: 'active',
      changedOn: '2027-02-15',
      reason: 'New project',
      reference: 'BR 2027/12',
    });
    expect(again.statusCode).toBe(303);
    const after = partnershipOf(t, 'Tampere');
    expect(after.status).toBe('active');
    expect(after.activeSinceOn).toBe('2027-02-15');
    const history = t.db.select().from(statusChanges).where(eq(statusChanges.partnershipId, p.id)).all();
    expect(history.map((h) => h.toStatus)).toEqual(['active', 'dormant', 'active']);
    expect(
      t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'status'), eq(auditLog.entityId, p.id)))
        .all(),
    ).toHaveLength(2);
    const page = await client.get(`/partnerships/${p.id}`);
    expect(page.body).toContain('BR 2027/12');
    expect(page.body).toContain('The status is now: Active.');
  });

  it('refuses an illegal change with 422 and a clear message, changing nothing', async () => {
    const client = await signedIn(t, 'coordinator');
    const p = partnershipOf(t, 'Tampere');
    const res = await client.post(`/partnerships/${p.id}/status`, { status: 'exploring', changedOn: '2026-11-24' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('A partnership that is &quot;Active&quot; cannot become &quot;Exploring&quot;.');
    const htmx = await client.htmx(`/partnerships/${p.id}/status`, { status: 'dormant', changedOn: '2026-12-24' });
    expect(htmx.statusCode).toBe(422);
    expect(htmx.body).toContain('id="status-form"');
    expect(htmx.body).not.toContain('<html');
    expect(htmx.body).toMatch(/id="e-changedOn"[^>]*>The date cannot be later than today/);
    const missing = await client.post(`/partnerships/${p.id}/status`, { status: 'dormant', changedOn: '' });
    expect(missing.statusCode).toBe(422);
    expect(partnershipOf(t, 'Tampere').status).toBe('active');
  });

  it('ends a partnership for good', async () => {
    const client = await signedIn(t, 'coordinator');
    const p = partnershipOf(t, 'Tampere');
    await client.post(`/partnerships/${p.id}/status`, { status: 'ending', changedOn: '2026-11-24', reference: 'Council 2026-11' });
    await client.post(`/partnerships/${p.id}/status`, { status: 'ended', changedOn: '2026-11-24' });
    const page = await client.get(`/partnerships/${p.id}`);
    expect(page.body).toContain('This partnership has ended');
    expect(page.body).not.toContain('id="status-form"');
    const res = await client.post(`/partnerships/${p.id}/status`, { status: 'active', changedOn: '2026-11-24' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('An ended partnership cannot change status');
  });
});

describe('who may change partnerships', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });

  it('lets a contributor edit and change the status of partnerships they own, and nothing else', async () => {
    const me = await createUser(t.db, 'contributor');
    const client = new Client(t.app);
    await client.login(me.email);
    const mine = partnershipOf(t, 'Brno');
    const theirs = partnershipOf(t, 'Kyiv');
    t.db.update(partnerships).set({ ownerId: me.id }).where(eq(partnerships.id, mine.id)).run();

    expect((await client.get(`/partnerships/${mine.id}/edit`)).statusCode).toBe(200);
    const edit = await client.post(`/partnerships/${mine.id}`, {
      title: 'Brno',
      agreementType: 'twin_city_agreement',
      ownerId: String(t.adminId),
      department: 'X',
      reviewCadenceMonths: '12',
    });
    expect(edit.statusCode).toBe(303);
    expect(partnershipOf(t, 'Brno').ownerId).toBe(me.id); // a contributor cannot hand it away
    expect((await client.post(`/partnerships/${mine.id}/status`, { status: 'dormant', changedOn: '2026-11-24' })).statusCode).toBe(303);

    expect((await client.get(`/partnerships/${theirs.id}/edit`)).statusCode).toBe(403);
    expect((await client.post(`/partnerships/${theirs.id}`, { title: 'x' })).statusCode).toBe(403);
    expect((await client.post(`/partnerships/${theirs.id}/status`, { status: 'dormant', changedOn: '2026-11-24' })).statusCode).toBe(403);
    expect((await client.get('/partnerships/new')).statusCode).toBe(403);
    expect((await client.post('/partnerships', {})).statusCode).toBe(403);
  });

  it('lets a viewer read but not change', async () => {
    const client = await signedIn(t, 'viewer');
    const p = partnershipOf(t, 'Brno');
    const page = await client.get(`/partnerships/${p.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('id="status-form"');
    expect((await client.get(`/partnerships/${p.id}/edit`)).statusCode).toBe(403);
    expect((await client.post(`/partnerships/${p.id}/status`, { status: 'dormant', changedOn: '2026-11-24' })).statusCode).toBe(403);
  });
});
