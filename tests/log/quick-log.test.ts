import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { auditLog, followUps, logEntries, logEntryContacts, logEntryPartners } from '../../src/db/schema.js';
import { makeContact, makePartner, makePartnership } from './fixtures.js';

describe('quick log', () => {
  it('offers a page prefilled with the partner and today in the organisation time zone', async () => {
    const t = await buildTestApp();
    t.clock.set('2026-11-24T23:30:00Z'); // already the 25th in Copenhagen
    const partner = makePartner(t.db);
    const client = await signedIn(t, 'contributor');
    const res = await client.get(`/log/new?partnerId=${partner.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>');
    expect(res.body).toContain('name="occurredOn" type="date" value="2026-11-25"');
    expect(res.body).toMatch(new RegExp(`<option value="${partner.id}" selected>Kópavogur</option>`));
  });

  it('saves with only partner, type, date and summary, and returns to the page it came from', async () => {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const client = await signedIn(t, 'contributor');
    const res = await client.post('/log', {
      partnerIds: String(partner.id),
      type: 'call',
      occurredOn: '2026-11-20',
      summary: 'Rang om studiebesøg',
      returnTo: `/partners/${partner.id}/timeline`,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/partners/${partner.id}/timeline`);
    const entry = t.db.select().from(logEntries).get()!;
    expect(entry).toMatchObject({ type: 'call', occurredOn: '2026-11-20', summary: 'Rang om studiebesøg' });
    expect(t.db.select().from(logEntryPartners).all()).toEqual([{ logEntryId: entry.id, partnerId: partner.id, occurredOn: '2026-11-20' }]);
    expect(t.db.select().from(auditLog).where(eq(auditLog.entityType, 'log_entry')).all()).toHaveLength(1);
    const timeline = await client.get(`/partners/${partner.id}/timeline`);
    expect(timeline.body).toContain('Rang om studiebesøg');
    expect(timeline.body).toContain('Contact logged.');
  });

  it('opens in place with htmx and answers a save with a confirmation fragment', async () => {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const client = await signedIn(t, 'contributor');
    const form = await client.get(`/log/new?partnerId=${partner.id}&return=/partners/${partner.id}/timeline`, { 'hx-request': 'true' });
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('<html');
    expect(form.body).toContain('hx-post="/log"');
    const res = await client.htmx('/log', {
      partnerIds: String(partner.id),
      type: 'meeting',
      occurredOn: '2026-11-20',
      summary: 'Møde i Kópavogur',
      returnTo: `/partners/${partner.id}/timeline`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain('Logged: “Møde i Kópavogur”.');
    expect(res.body).toMatch(/href="\/log\/\d+"/);
  });

  it('records several contacts, partners, partnerships, staff and follow-ups in one entry', async () => {
    const t = await buildTestApp();
    const a = makePartner(t.db, { name: 'Kópavogur' });
    const b = makePartner(t.db, { name: 'Östersund', country: 'SE' });
    const ps = makePartnership(t.db, a.id);
    const c1 = makeContact(t.db, a.id, { name: 'Guðrún' });
    const c2 = makeContact(t.db, a.id, { name: 'Jón' });
    const client = await signedIn(t, 'contributor');
    const res = await client.post('/log', {
      partnerIds: [String(a.id), String(b.id)],
      partnershipIds: String(ps.id),
      contactIds: [String(c1.id), String(c2.id)],
      staffIds: String(t.adminId),
      type: 'visit',
      occurredOn: '2026-11-20',
      occurredTime: '14:30',
      summary: 'Studiebesøg om skoler',
      outcome: 'Aftale om udveksling',
      followUpTask: ['Send rapport', '', 'Book rejse'],
      followUpDue: ['2026-12-01', '', '2026-12-10'],
      followUpAssignee: [String(t.adminId), '', ''],
    });
    expect(res.statusCode).toBe(303);
    const id = Number(/\/log\/(\d+)/.exec(res.headers.location as string)![1]);
    expect(t.db.select().from(logEntryContacts).where(eq(logEntryContacts.logEntryId, id)).all()).toHaveLength(2);
    expect(
      t.db
        .select()
        .from(followUps)
        .all()
        .map((f) => [f.task, f.dueOn, f.assigneeId]),
    ).toEqual([
      ['Send rapport', '2026-12-01', t.adminId],
      ['Book rejse', '2026-12-10', null],
    ]);
    const show = await client.get(`/log/${id}`);
    expect(show.body).toContain('Guðrún');
    expect(show.body).toContain('Jón');
    expect(show.body).toContain('Östersund');
    expect(show.body).toContain('Send rapport');
    const contactPage = await client.get(`/contacts/${c2.id}`);
    expect(contactPage.body).toContain('Studiebesøg om skoler');
  });

  it('lets viewers read the log but not write to it', async () => {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const client = await signedIn(t, 'viewer');
    expect((await client.get('/log')).statusCode).toBe(200);
    expect((await client.get('/log/new')).statusCode).toBe(403);
    expect(
      (await client.post('/log', { partnerIds: String(partner.id), type: 'call', occurredOn: '2026-11-20', summary: 'x' })).statusCode,
    ).toBe(403);
  });
});

describe('bad input to the log form', () => {
  const post = async (fields: Record<string, string | string[]>) => {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const client = await signedIn(t, 'contributor');
    const res = await client.post('/log', {
      partnerIds: String(partner.id),
      type: 'meeting',
      occurredOn: '2026-11-20',
      summary: 'Møde',
      ...fields,
    });
    return { res, t };
  };

  it.each([
    ['an empty date', { occurredOn: '' }, 'occurredOn', 'This field is required.'],
    ['an impossible date', { occurredOn: '2026-02-30' }, 'occurredOn', 'Enter a valid date (YYYY-MM-DD).'],
    ['no partner', { partnerIds: [] as string[] }, 'partnerIds', 'Choose at least one partner.'],
    ['an unknown partner', { partnerIds: '999999' }, 'partnerIds', 'This no longer exists. Choose another.'],
    ['an unknown contact', { contactIds: '424242' }, 'contactIds', 'This no longer exists. Choose another.'],
    [
      'a follow-up due before the entry',
      { followUpTask: 'Ring igen', followUpDue: '2026-11-01' },
      'followUps',
      'Follow-up 1: the due date is before the contact itself.',
    ],
    ['a follow-up without a task', { followUpTask: '', followUpDue: '2026-12-01' }, 'followUps', 'Follow-up 1: describe the task.'],
    ['a 10 MB summary', { summary: 'x'.repeat(10 * 1024 * 1024) }, 'summary', 'At most 2,000 characters.'],
  ])('answers %s with 422 and the form kept', async (_name, fields, field, message) => {
    const { res, t } = await post(fields);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`id="e-${field}"`);
    expect(res.body).toContain(message);
    if (field !== 'summary') expect(res.body).toContain('>Møde</textarea>');
    expect(t.db.select().from(logEntries).all()).toHaveLength(0);
  });
});
