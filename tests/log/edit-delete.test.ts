import { describe, it, expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, createUser, Client, signedIn, type TestApp } from '../helpers/app.js';
import { auditLog, followUps, logEntries, logEntryPartners } from '../../src/db/schema.js';
import { makePartner, makePartnership } from './fixtures.js';

/** A contributor's log entry (with a typo and a follow-up), saved through the form. */
async function withEntry() {
  const t = await buildTestApp();
  const partner = makePartner(t.db);
  const partnership = makePartnership(t.db, partner.id);
  const author = await createUser(t.db, 'contributor');
  const client = new Client(t.app);
  await client.login(author.email);
  const form = {
    partnerIds: String(partner.id),
    partnershipIds: String(partnership.id),
    type: 'meeting',
    occurredOn: '2026-11-20',
    summary: 'Møde om klimaplanen i Kópavgur',
    outcome: 'Aftalt studiebesøg',
  };
  await client.post('/log', { ...form, followUpTask: 'Send referat', followUpDue: '2026-12-01' });
  const entry = t.db.select().from(logEntries).get()!;
  return { t, client, author, partner, partnership, entry, form };
}

const auditOf = (t: TestApp, type: string, id: number, action: string) =>
  t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, type), eq(auditLog.entityId, id), eq(auditLog.action, action)))
    .get();

describe('correcting a contact log entry', () => {
  it('fixes a typo in the summary and keeps the old summary in the audit log', async () => {
    const { t, client, entry, form } = await withEntry();
    const edit = await client.get(`/log/${entry.id}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('Møde om klimaplanen i Kópavgur</textarea>');
    const res = await client.post(`/log/${entry.id}`, { ...form, summary: 'Møde om klimaplanen i Kópavogur' });
    expect(res.statusCode).toBe(303);
    expect(t.db.select().from(logEntries).get()!.summary).toBe('Møde om klimaplanen i Kópavogur');
    expect(JSON.parse(auditOf(t, 'log_entry', entry.id, 'update')!.changes)).toEqual({
      summary: ['Møde om klimaplanen i Kópavgur', 'Møde om klimaplanen i Kópavogur'],
    });
  });

  it('answers bad input with 422, the input kept and the error beside its field', async () => {
    const { t, client, entry, form } = await withEntry();
    const res = await client.post(`/log/${entry.id}`, { ...form, summary: 'Rettet resumé', occurredOn: '2026-02-30' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="f-occurredOn"[^>]*aria-describedby="e-occurredOn"/);
    expect(res.body).toContain('id="e-occurredOn"');
    expect(res.body).toContain('Rettet resumé</textarea>');
    expect(t.db.select().from(logEntries).get()!.summary).toBe('Møde om klimaplanen i Kópavgur');
  });
});

describe('deleting a contact log entry', () => {
  it('asks for confirmation, then removes it with its follow-ups from timelines, search and exports', async () => {
    const { t, client, entry, partner, partnership } = await withEntry();
    const show = await client.get(`/log/${entry.id}`);
    expect(show.body).toContain(`href="/log/${entry.id}/delete"`);
    expect((await client.get('/search?q=klimaplanen')).body).toContain(`/log/${entry.id}`);

    const confirm = await client.get(`/log/${entry.id}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Delete this contact log entry?');
    expect(confirm.body).toContain('Its follow-up is deleted with it.');
    const unconfirmed = await client.post(`/log/${entry.id}/delete`);
    expect(unconfirmed.statusCode).toBe(200);
    expect(t.db.select().from(logEntries).all()).toHaveLength(1);

    const res = await client.post(`/log/${entry.id}/delete`, { confirmed: '1' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/log');
    expect(t.db.select().from(logEntries).all()).toHaveLength(0);
    expect(t.db.select().from(logEntryPartners).all()).toHaveLength(0);
    expect(t.db.select().from(followUps).all()).toHaveLength(0);
    expect((await client.get(`/log/${entry.id}`)).statusCode).toBe(404);

    for (const url of [
      `/partners/${partner.id}/timeline`,
      `/partnerships/${partnership.id}/timeline`,
      '/log',
      '/follow-ups?assignee=all',
    ]) {
      const body = (await client.get(url)).body;
      expect(body, url).not.toContain('klimaplanen');
      expect(body, url).not.toContain('Send referat');
    }
    const search = await client.get('/search?q=klimaplanen');
    expect(search.statusCode).toBe(200);
    expect(search.body).not.toContain(`/log/${entry.id}`);
    const csv = await client.get('/exports/log.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).not.toContain('klimaplanen');
  });

  it('keeps the deleted entry and its follow-up, old values and all, in the audit log', async () => {
    const { t, client, entry, partner, author } = await withEntry();
    const fu = t.db.select().from(followUps).get()!;
    await client.post(`/log/${entry.id}/delete`, { confirmed: '1' });
    expect(JSON.parse(auditOf(t, 'log_entry', entry.id, 'delete')!.changes)).toMatchObject({
      summary: ['Møde om klimaplanen i Kópavgur', null],
      outcome: ['Aftalt studiebesøg', null],
      type: ['meeting', null],
      occurredOn: ['2026-11-20', null],
      partnerIds: [[partner.id], null],
      createdById: [author.id, null],
    });
    expect(JSON.parse(auditOf(t, 'follow_up', fu.id, 'delete')!.changes)).toMatchObject({
      task: ['Send referat', null],
      dueOn: ['2026-12-01', null],
    });
  });

  it('refuses viewers and other contributors (403) on edit and delete, and lets a coordinator', async () => {
    const { t, entry, form } = await withEntry();
    for (const role of ['viewer', 'contributor'] as const) {
      const other = await signedIn(t, role);
      expect((await other.get(`/log/${entry.id}/edit`)).statusCode, role).toBe(403);
      expect((await other.post(`/log/${entry.id}`, { ...form, summary: 'Hacked' })).statusCode, role).toBe(403);
      expect((await other.get(`/log/${entry.id}/delete`)).statusCode, role).toBe(403);
      expect((await other.post(`/log/${entry.id}/delete`, { confirmed: '1' })).statusCode, role).toBe(403);
      expect((await other.get(`/log/${entry.id}`)).body, role).not.toContain(`/log/${entry.id}/delete`);
    }
    expect(t.db.select().from(logEntries).get()!.summary).toBe('Møde om klimaplanen i Kópavgur');
    const coordinator = await signedIn(t, 'coordinator');
    expect((await coordinator.post(`/log/${entry.id}/delete`, { confirmed: '1' })).statusCode).toBe(303);
    expect(t.db.select().from(logEntries).all()).toHaveLength(0);
  });
});
