// Visit requests: the public form (no account, honeypot, rate limit, escaping), the triage list
// (existing partner, overlapping delegations, the department's quarter) and the three decisions.
import { describe, it, expect, beforeEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn, Client, type TestApp } from '../helpers/app.js';
import { auditLog, delegations, partners, visitRequests } from '../../src/db/schema.js';
import { VISIT_REQUEST_LIMIT } from '../../src/delegations/visit-request-routes.js';
import { makeDelegation, makeVisitRequest } from './factories.js';

const FORM = {
  organisation: 'Tartu linnavalitsus',
  country: 'EE',
  contactName: 'Kadri Tamm',
  email: 'Kadri@Tartu.example',
  preferredFrom: '2027-02-08',
  preferredTo: '2027-02-10',
  groupSize: '12',
  theme: 'Green tech',
  wantsToLearn: 'How district heating is run',
  website: '',
};

async function visitor(t: TestApp) {
  const client = new Client(t.app);
  const page = await client.get('/visit-requests/new');
  expect(page.statusCode).toBe(200);
  return client;
}

describe('the public request form', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });

  it('takes a request without an account and thanks the sender', async () => {
    const client = await visitor(t);
    expect((await client.get('/visit-requests/new')).body).toContain('Would your organisation like to visit Odense Kommune');
    const res = await client.post('/visit-requests/new', FORM);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/visit-requests/thanks');
    expect((await client.get('/visit-requests/thanks')).body).toContain('Thank you for your request');
    const saved = t.db.select().from(visitRequests).get()!;
    expect(saved).toMatchObject({
      organisation: 'Tartu linnavalitsus',
      country: 'EE',
      email: 'kadri@tartu.example',
      groupSize: 12,
      status: 'open',
      partnerId: null,
    });
  });

  it('recognises an existing partner by its folded name', async () => {
    const client = await visitor(t);
    const kopavogur = t.db.select().from(partners).where(eq(partners.name, 'Kópavogur')).get()!;
    await client.post('/visit-requests/new', { ...FORM, organisation: '  KOPAVOGUR ', country: 'IS' });
    expect(t.db.select().from(visitRequests).get()!.partnerId).toBe(kopavogur.id);
    const coordinator = await signedIn(t, 'coordinator');
    expect((await coordinator.get('/visit-requests')).body).toContain('Existing partner: Kópavogur');
  });

  it('silently drops a request whose honeypot field is filled in', async () => {
    const client = await visitor(t);
    const res = await client.post('/visit-requests/new', { ...FORM, website: 'http://spam.example' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/visit-requests/thanks');
    expect(t.db.select().from(visitRequests).all()).toHaveLength(0);
  });

  it.each([
    ['a negative group', { groupSize: '-4' }, 'groupSize', 'Give the number of people: at least 1.'],
    ['a group of nobody', { groupSize: '0' }, 'groupSize', 'Give the number of people: at least 1.'],
    ['a last day before the first', { preferredTo: '2027-02-01' }, 'preferredTo', 'The last day cannot be before the first day.'],
    ['no email', { email: '' }, 'email', ''],
    ['no organisation', { organisation: '' }, 'organisation', ''],
    ['an unknown country', { country: 'ZZ' }, 'country', ''],
  ])('refuses %s with a 422 that keeps the input and saves nothing', async (_label, change, field, message) => {
    const client = await visitor(t);
    const res = await client.post('/visit-requests/new', { ...FORM, ...change });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`id="e-${field}"`);
    if (message) expect(res.body).toContain(message);
    expect(res.body).toContain('value="Kadri Tamm"');
    expect(t.db.select().from(visitRequests).all()).toHaveLength(0);
  });

  it('answers the address that sends too many with the 429 page', async () => {
    const client = await visitor(t);
    for (let i = 0; i < VISIT_REQUEST_LIMIT.max; i += 1) {
      expect((await client.post('/visit-requests/new', { ...FORM, contactName: `Sender ${i}` })).statusCode).toBe(303);
    }
    const res = await client.post('/visit-requests/new', FORM);
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('Too many attempts');
    expect(t.db.select().from(visitRequests).all()).toHaveLength(VISIT_REQUEST_LIMIT.max);
  });

  it('shows HTML typed into the fields escaped, on the form and in triage', async () => {
    const client = await visitor(t);
    const payload = '<script>alert(1)</script>';
    const bad = await client.post('/visit-requests/new', {
      ...FORM,
      organisation: payload,
      wantsToLearn: `"><img src=x onerror=alert(1)>`,
      email: 'no',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).not.toContain(payload);
    expect(bad.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(bad.body).not.toContain('<img src=x');
    await client.post('/visit-requests/new', {
      ...FORM,
      organisation: payload,
      contactName: payload,
      wantsToLearn: '"><img src=x onerror=alert(1)>',
    });
    const coordinator = await signedIn(t, 'coordinator');
    const id = t.db.select().from(visitRequests).get()!.id;
    for (const path of ['/visit-requests', `/visit-requests/${id}`]) {
      const body = (await coordinator.get(path)).body;
      expect(body, path).not.toContain(payload);
      expect(body, path).not.toContain('<img src=x');
      expect(body, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });
});

describe('triage', () => {
  let t: TestApp;
  let coordinator: Client;
  beforeEach(async () => {
    t = await buildTestApp();
    coordinator = await signedIn(t, 'coordinator');
  });

  it("shows each open request with overlapping delegations and the department's load this quarter", async () => {
    makeVisitRequest(t.db);
    makeDelegation(t.db, {
      title: 'Visit from Schwerin',
      startsOn: '2027-02-09',
      endsOn: '2027-02-12',
      hostDepartment: 'Climate and Environment',
    });
    makeDelegation(t.db, {
      title: 'Visit from Brno',
      startsOn: '2027-03-20',
      endsOn: '2027-03-21',
      hostDepartment: 'Climate and Environment',
    });
    makeDelegation(t.db, {
      title: 'Cancelled visit',
      startsOn: '2027-02-09',
      endsOn: '2027-02-09',
      hostDepartment: 'Climate and Environment',
      status: 'cancelled',
    });
    makeDelegation(t.db, {
      title: 'Next quarter',
      startsOn: '2027-04-02',
      endsOn: '2027-04-03',
      hostDepartment: 'Climate and Environment',
    });
    const page = (await coordinator.get('/visit-requests?department=climate+and+environment')).body;
    expect(page).toContain('Tartu linnavalitsus');
    expect(page).toContain('Not a partner yet');
    expect(page).toContain('Visit from Schwerin');
    expect(page).not.toContain('Cancelled visit');
    expect(page).not.toContain('Visit from Brno</a> (');
    expect(page).toContain('climate and environment already hosts 2 delegations this quarter.');
  });

  it("accepts a request into a planned incoming delegation with the request's data", async () => {
    const kaunas = t.db.select().from(partners).where(eq(partners.name, 'Kaunas')).get()!;
    const r = makeVisitRequest(t.db, { organisation: 'Kaunas', country: 'LT', partnerId: kaunas.id });
    const res = await coordinator.post(`/visit-requests/${r.id}/acceptance`, { hostDepartment: 'Climate and Environment' });
    expect(res.statusCode).toBe(303);
    const d = t.db.select().from(delegations).get()!;
    expect(res.headers.location).toBe(`/delegations/${d.id}`);
    expect(d).toMatchObject({
      direction: 'incoming',
      status: 'planned',
      title: 'Kaunas',
      partnerId: kaunas.id,
      startsOn: '2027-02-08',
      endsOn: '2027-02-10',
      theme: 'Green tech',
      purpose: 'District heating',
      hostDepartment: 'Climate and Environment',
    });
    expect(t.db.select().from(visitRequests).get()!).toMatchObject({ status: 'accepted', delegationId: d.id });
    expect((await coordinator.get(`/delegations/${d.id}`)).body).toContain('a group of 12');
    // Decided once: a second acceptance creates nothing.
    expect((await coordinator.post(`/visit-requests/${r.id}/acceptance`, { hostDepartment: '' })).statusCode).toBe(303);
    expect(t.db.select().from(delegations).all()).toHaveLength(1);
  });

  it.each([
    ['DK', 'Kære Kadri Tamm'],
    ['NO', 'Kjære Kadri Tamm'],
    ['SE', 'Hej Kadri Tamm'],
    ['EE', 'Dear Kadri Tamm'],
  ])('prefills the decline reply for a requester from %s in their language', async (country, greeting) => {
    const r = makeVisitRequest(t.db, { country });
    const body = (await coordinator.get(`/visit-requests/${r.id}`)).body;
    expect(body).toContain(greeting);
    expect(body).toContain('Odense Kommune');
  });

  it('declines with the edited reply stored, and refuses an empty reply with a 422', async () => {
    const r = makeVisitRequest(t.db);
    const empty = await coordinator.htmx(`/visit-requests/${r.id}/decline`, { replyText: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('id="decline-form"');
    expect(empty.body).toContain('id="e-replyText"');
    expect(t.db.select().from(visitRequests).get()!).toMatchObject({ status: 'open', replyText: '' });
    const res = await coordinator.post(`/visit-requests/${r.id}/decline`, { replyText: 'Dear Kadri, not this winter. Try us in May.' });
    expect(res.statusCode).toBe(303);
    expect(t.db.select().from(visitRequests).get()!).toMatchObject({
      status: 'declined',
      replyText: 'Dear Kadri, not this winter. Try us in May.',
    });
    expect(t.db.select().from(delegations).all()).toHaveLength(0);
    expect(t.db.select().from(auditLog).where(eq(auditLog.entityType, 'visit_request')).all().length).toBeGreaterThan(0);
    expect((await coordinator.get('/visit-requests?status=declined')).body).toContain('Try us in May.');
  });

  it('redirects to another body with a note, and requires the body', async () => {
    const r = makeVisitRequest(t.db);
    expect((await coordinator.post(`/visit-requests/${r.id}/redirect`, { redirectedTo: '', replyText: 'x' })).statusCode).toBe(422);
    const res = await coordinator.post(`/visit-requests/${r.id}/redirect`, {
      redirectedTo: 'Syddansk EU-kontor',
      replyText: 'They run the green tech visits.',
    });
    expect(res.statusCode).toBe(303);
    expect(t.db.select().from(visitRequests).get()!).toMatchObject({
      status: 'redirected',
      redirectedTo: 'Syddansk EU-kontor',
      replyText: 'They run the green tech visits.',
    });
    expect((await coordinator.get('/visit-requests')).body).toContain('No requests here.');
  });

  it('is for coordinators only', async () => {
    const r = makeVisitRequest(t.db);
    const contributor = await signedIn(t, 'contributor');
    expect((await contributor.get('/visit-requests')).statusCode).toBe(403);
    expect((await contributor.get(`/visit-requests/${r.id}`)).statusCode).toBe(403);
    expect((await contributor.post(`/visit-requests/${r.id}/acceptance`, {})).statusCode).toBe(403);
    expect((await contributor.post(`/visit-requests/${r.id}/decline`, { replyText: 'No' })).statusCode).toBe(403);
    expect(t.db.select().from(visitRequests).get()!.status).toBe('open');
    const anonymous = new Client(t.app);
    const res = await anonymous.get('/visit-requests');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
    expect((await coordinator.get('/visit-requests/999999')).statusCode).toBe(404);
  });
});

describe('a partner registered after the request', () => {
  it('is recognised in triage and linked when the request is accepted', async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    const r = makeVisitRequest(t.db, { organisation: 'Århus Kommune' });
    expect((await coordinator.get('/visit-requests')).body).toContain('Not a partner yet');
    const created = await coordinator.post('/partners', {
      kind: 'organisation',
      organisationType: 'agency',
      name: 'Aarhus kommune',
      country: 'DK',
    });
    expect(created.statusCode).toBe(303);
    const aarhus = t.db.select().from(partners).where(eq(partners.name, 'Aarhus kommune')).get()!;
    expect((await coordinator.get('/visit-requests')).body).toContain('Existing partner: Aarhus kommune');
    await coordinator.post(`/visit-requests/${r.id}/acceptance`, { hostDepartment: '' });
    expect(t.db.select().from(delegations).get()!.partnerId).toBe(aarhus.id);
  });
});
