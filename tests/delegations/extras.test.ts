// Delegations beyond their own pages: the delegations and participants exports read back (CSV and
// XLSX), search, the personal calendar feed, the dashboard line, hosts' reminders, participants
// picked from the partner's contacts, and a declined request's reply emailed over real SMTP.
import { afterEach, describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import ical, { type VEvent } from 'node-ical';
import { buildTestApp, Client, createUser, signedIn, testConfig, type TestApp } from '../helpers/app.js';
import { contacts, delegationParticipants, outbox, partners, visitRequests } from '../../src/db/schema.js';
import { decideReminders, runReminders } from '../../src/reminders/job.js';
import { startSmtp, type TestSmtp } from '../reminders/smtp.js';
import { makeDelegation, makeItem, makeVisitRequest } from './factories.js';

const csvOf = (body: Buffer) => parse(body, { bom: true, delimiter: ',' }) as string[][];

async function xlsxOf(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

function kaunas(t: TestApp) {
  return t.db
    .insert(partners)
    .values({ kind: 'twin_city', name: 'Kaunas', country: 'LT', updatedAt: '2026-01-01T00:00:00.000Z' })
    .returning()
    .get();
}

function participant(t: TestApp, delegationId: number, values: Partial<typeof delegationParticipants.$inferInsert>) {
  t.db
    .insert(delegationParticipants)
    .values({ delegationId, side: 'theirs', name: 'Someone', ...values })
    .run();
}

describe('delegation exports', () => {
  it('exports the filtered delegations list, every page, as CSV and XLSX', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t, 'viewer');
    const partner = kaunas(t);
    const d = makeDelegation(t.db, { title: 'Study visit from Kaunas', partnerId: partner.id, theme: 'Heating' });
    makeDelegation(t.db, { title: 'Trip to Tartu', direction: 'outgoing', startsOn: '2027-01-10', endsOn: '2027-01-12' });
    participant(t, d.id, { name: 'Rasa', side: 'theirs' });
    participant(t, d.id, { name: 'Ours', side: 'ours' });

    const csv = await client.get('/exports/delegations.csv?direction=incoming');
    expect(csv.statusCode).toBe(200);
    const rows = csvOf(csv.rawPayload);
    expect(rows[0]).toEqual([
      'Title',
      'Direction',
      'Status',
      'First day',
      'Last day',
      'Partner',
      'Theme',
      'Host department',
      'Our participants',
      'Their participants',
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual([
      'Study visit from Kaunas',
      'Incoming',
      'Planned',
      '2026-12-07',
      '2026-12-09',
      'Kaunas',
      'Heating',
      'Climate and Environment',
      '1',
      '1',
    ]);

    const sheet = await xlsxOf((await client.get('/exports/delegations.xlsx?sort=title&dir=asc')).rawPayload);
    expect(sheet.name).toBe('Delegations');
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getCell('A2').value).toBe('Study visit from Kaunas');
    expect(sheet.getCell('A3').value).toBe('Trip to Tartu');
  });

  it("exports one delegation's participants by side and country for the grant report, to contributors only, audited", async () => {
    const t = await buildTestApp();
    const d = makeDelegation(t.db);
    const other = makeDelegation(t.db, { title: 'Another' });
    participant(t, d.id, { name: 'Rasa Kazlauskienė', organisation: 'Kaunas City', country: 'LT', invitedInternational: true });
    participant(t, d.id, { name: 'Ole Odense', side: 'ours', country: 'DK' });
    participant(t, other.id, { name: 'Not in this one' });
    const client = await signedIn(t, 'contributor');

    const rows = csvOf((await client.get(`/exports/delegation-participants.csv?delegation=${d.id}`)).rawPayload);
    expect(rows).toEqual([
      ['Name', 'Side', 'Organisation', 'Country', 'Gender', 'Invited international'],
      ['Ole Odense', 'Ours', '', 'Denmark', '', ''],
      ['Rasa Kazlauskienė', 'Theirs', 'Kaunas City', 'Lithuania', '', 'Yes'],
    ]);
    const sheet = await xlsxOf((await client.get(`/exports/delegation-participants.xlsx?delegation=${d.id}`)).rawPayload);
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getCell('A3').value).toBe('Rasa Kazlauskienė');

    const viewer = await signedIn(t, 'viewer');
    expect((await viewer.get(`/exports/delegation-participants.csv?delegation=${d.id}`)).statusCode).toBe(403);
    const page = await client.get(`/delegations/${d.id}`);
    expect(page.body).toContain(`/exports/delegation-participants.csv?delegation=${d.id}`);
  });
});

describe('delegations elsewhere', () => {
  it('finds a delegation in search by its title and by its partner', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t, 'viewer');
    const partner = kaunas(t);
    const d = makeDelegation(t.db, { title: 'Heat pumps study visit', partnerId: partner.id });
    for (const q of ['heat pumps', 'Kaunas']) {
      const res = await client.get(`/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`href="/delegations/${d.id}"`);
    }
    expect((await client.get('/search?q=nothingatall')).body).not.toContain('/delegations/');
  });

  it('puts the visits a person takes part in or hosts into their calendar feed, over the visit days', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    const user = await createUser(t.db, 'coordinator');
    const hosted = makeDelegation(t.db, { title: 'Visit I host', startsOn: '2026-12-07', endsOn: '2026-12-09' });
    makeItem(t.db, hosted.id, { hostUserId: user.id });
    const joined = makeDelegation(t.db, { title: 'Trip I join', direction: 'outgoing', startsOn: '2027-02-01', endsOn: '2027-02-01' });
    participant(t, joined.id, { side: 'ours', userId: user.id, name: user.name });
    makeDelegation(t.db, { title: 'Not mine' });
    const past = makeDelegation(t.db, { title: 'Long ago', startsOn: '2026-01-01', endsOn: '2026-01-02' });
    makeItem(t.db, past.id, { hostUserId: user.id, onDate: '2026-01-01' });
    const cancelled = makeDelegation(t.db, { title: 'Called off', status: 'cancelled' });
    makeItem(t.db, cancelled.id, { hostUserId: user.id });

    const client = new Client(t.app);
    await client.login(user.email);
    await client.get('/profile/calendar');
    await client.post('/profile/calendar');
    const page = await client.get('/profile/calendar');
    const url = /id="feed-url" type="url" readonly value="([^"]+)"/.exec(page.body)![1]!;
    const res = await new Client(t.app).get(new URL(url).pathname);
    const events = Object.values(ical.sync.parseICS(res.body)).filter((c): c is VEvent => c?.type === 'VEVENT');
    expect(events.map((e) => String(e.summary)).sort()).toEqual(['Visit: Trip I join', 'Visit: Visit I host']);
    const visit = events.find((e) => String(e.summary) === 'Visit: Visit I host')!;
    expect(visit.uid).toBe(`delegation-${hosted.id}@localhost:3000`);
    expect(visit.start.dateOnly).toBe(true);
    expect(res.body).toContain('DTSTART;VALUE=DATE:20261207');
    expect(res.body).toContain('DTEND;VALUE=DATE:20261210'); // the day after the last, as all-day events end
  });

  it('sums up the next 30 days of visits on the dashboard with a link, not a list', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t, 'viewer');
    expect((await client.get('/')).body).toContain('No visits in the next 30 days.');
    const d = makeDelegation(t.db, { title: 'Kaunas comes', startsOn: '2026-12-07', endsOn: '2026-12-09' });
    makeDelegation(t.db, { title: 'Later', startsOn: '2026-12-20', endsOn: '2026-12-21' });
    makeDelegation(t.db, { title: 'Too far', startsOn: '2027-03-01', endsOn: '2027-03-02' });
    const body = (await client.get('/')).body;
    expect(body).toContain('2 visits in the next 30 days; the next starts on 7 Dec 2026:');
    expect(body).toContain(`href="/delegations/${d.id}"`);
    expect(body).not.toContain('Too far');
    expect(body).toContain('href="/delegations?upcoming=1&amp;sort=startsOn&amp;dir=asc"');
  });

  it('reminds each host of a programme item a week before and the day before, once each, and not after it began', async () => {
    const t = await buildTestApp();
    const host = await createUser(t.db, 'contributor', { email: 'host@example.org' });
    const d = makeDelegation(t.db, { title: 'Kaunas comes', startsOn: '2026-12-07', endsOn: '2026-12-09' });
    makeItem(t.db, d.id, { hostUserId: host.id });
    makeItem(t.db, d.id, { hostUserId: host.id, title: 'Second item, same host' });
    const hostMails = () =>
      t.db
        .select()
        .from(outbox)
        .where(eq(outbox.kind, 'delegation_host'))
        .all()
        .filter((r) => r.channel === 'email');

    t.clock.set('2026-11-29T10:00:00Z'); // 8 days before: nothing yet
    decideReminders(t.db, t.clock.now(), 'http://localhost:3000');
    expect(hostMails()).toHaveLength(0);
    t.clock.set('2026-11-30T10:00:00Z');
    decideReminders(t.db, t.clock.now(), 'http://localhost:3000');
    decideReminders(t.db, t.clock.now(), 'http://localhost:3000');
    expect(hostMails()).toHaveLength(1);
    expect(hostMails()[0]!.recipient).toBe('host@example.org');
    expect(hostMails()[0]!.subject).toContain('Kaunas comes');
    t.clock.set('2026-12-06T10:00:00Z');
    decideReminders(t.db, t.clock.now(), 'http://localhost:3000');
    expect(hostMails()).toHaveLength(2);
    t.clock.set('2026-12-08T10:00:00Z');
    decideReminders(t.db, t.clock.now(), 'http://localhost:3000');
    expect(hostMails()).toHaveLength(2);
  });

  it("takes a participant from the partner's contacts, and refuses a contact of another partner", async () => {
    const t = await buildTestApp();
    const partner = kaunas(t);
    const rasa = t.db.insert(contacts).values({ partnerId: partner.id, name: 'Rasa K', updatedAt: '2026-01-01' }).returning().get();
    const stranger = t.db.insert(contacts).values({ name: 'Not theirs', updatedAt: '2026-01-01' }).returning().get();
    const d = makeDelegation(t.db, { partnerId: partner.id });
    const client = await signedIn(t, 'coordinator');
    const page = await client.get(`/delegations/${d.id}`);
    expect(page.body).toContain(`<option value="${rasa.id}">Rasa K</option>`);
    const res = await client.post(`/delegations/${d.id}/participants`, { side: 'theirs', contactId: String(rasa.id), name: '' });
    expect(res.statusCode).toBe(303);
    expect(t.db.select().from(delegationParticipants).get()).toMatchObject({ contactId: rasa.id, name: 'Rasa K', organisation: 'Kaunas' });
    const refused = await client.post(`/delegations/${d.id}/participants`, { side: 'theirs', contactId: String(stranger.id), name: 'x' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('id="e-contactId"');
    const nameless = await client.post(`/delegations/${d.id}/participants`, { side: 'theirs', name: '' });
    expect(nameless.statusCode).toBe(422);
    expect(t.db.select().from(delegationParticipants).all()).toHaveLength(1);
  });
});

describe('the reply to a declined visit request', () => {
  let smtp: TestSmtp | undefined;
  afterEach(async () => {
    await smtp?.close();
    smtp = undefined;
  });

  it('is emailed to the requester when email is set up, once, as the coordinator edited it', async () => {
    smtp = await startSmtp();
    const t = await buildTestApp({ config: { smtp: smtp.config } });
    const r = makeVisitRequest(t.db, { email: 'kadri@tartu.example', country: 'EE' });
    const client = await signedIn(t, 'coordinator');
    const res = await client.post(`/visit-requests/${r.id}/decline`, { replyText: 'Dear Kadri,\n\nNot this winter <sorry>.\n\nOdense' });
    expect(res.statusCode).toBe(303);
    expect(t.db.select().from(visitRequests).get()!.status).toBe('declined');

    const config = testConfig({ smtp: smtp.config });
    await runReminders(t.db, { now: t.clock.now(), config });
    await runReminders(t.db, { now: t.clock.now(), config });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(['kadri@tartu.example']);
    expect(mail.subject).toBe('Your request to visit Odense Kommune');
    expect(mail.text).toContain('Not this winter <sorry>.');
    expect(mail.html).toContain('Not this winter &lt;sorry&gt;.');
  });

  it('is only stored when email is not set up', async () => {
    const t = await buildTestApp();
    const r = makeVisitRequest(t.db);
    const client = await signedIn(t, 'coordinator');
    await client.post(`/visit-requests/${r.id}/decline`, { replyText: 'Sorry, not this time.' });
    expect(t.db.select().from(visitRequests).get()!.replyText).toBe('Sorry, not this time.');
    expect(t.db.select().from(outbox).all()).toHaveLength(0);
  });
});

describe('the confirmation of a request sent through the public form', () => {
  let smtp: TestSmtp | undefined;
  afterEach(async () => {
    await smtp?.close();
    smtp = undefined;
  });

  const form = {
    organisation: 'Göteborgs Stad',
    country: 'SE',
    contactName: 'Åsa Lindqvist',
    email: 'asa@goteborg.example',
    preferredFrom: '2027-03-08',
    preferredTo: '2027-03-10',
    groupSize: '14',
    theme: 'Klimat',
    wantsToLearn: 'Fjärrvärme',
    website: '',
  };

  it('is emailed to the requester in their language (by country), once', async () => {
    smtp = await startSmtp();
    const t = await buildTestApp({ config: { smtp: smtp.config } });
    const visitor = new Client(t.app);
    const sv = { 'accept-language': 'sv-SE,sv;q=0.9' };
    expect((await visitor.get('/visit-requests/new', sv)).statusCode).toBe(200);
    expect((await visitor.post('/visit-requests/new', form, { headers: sv })).statusCode).toBe(303);

    const config = testConfig({ smtp: smtp.config });
    await runReminders(t.db, { now: t.clock.now(), config });
    await runReminders(t.db, { now: t.clock.now(), config });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(['asa@goteborg.example']);
    expect(mail.subject).toBe('Vi har tagit emot er förfrågan om att besöka Odense Kommune');
    expect(mail.text).toContain('Hej Åsa Lindqvist');
    expect(mail.text).toContain('med 14 personer');
  });

  it('is not queued when email is not set up, nor for a robot that filled the hidden field', async () => {
    const t = await buildTestApp();
    const visitor = new Client(t.app);
    await visitor.get('/visit-requests/new');
    expect((await visitor.post('/visit-requests/new', form)).statusCode).toBe(303);
    expect(t.db.select().from(visitRequests).all()).toHaveLength(1);
    expect(t.db.select().from(outbox).all()).toHaveLength(0);

    smtp = await startSmtp();
    const withMail = await buildTestApp({ config: { smtp: smtp.config } });
    const robot = new Client(withMail.app);
    await robot.get('/visit-requests/new');
    expect((await robot.post('/visit-requests/new', { ...form, website: 'http://spam.example' })).statusCode).toBe(303);
    expect(withMail.db.select().from(outbox).all()).toHaveLength(0);
  });
});
