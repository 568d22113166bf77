import { describe, it, expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, createUser, Client, signedIn, type TestApp } from '../helpers/app.js';
import { auditLog, followUps } from '../../src/db/schema.js';
import { makePartner } from '../log/fixtures.js';

/** A contributor's log entry with one follow-up (its task has a typo), saved through the form. */
async function withFollowUp() {
  const t = await buildTestApp();
  const partner = makePartner(t.db);
  const author = await createUser(t.db, 'contributor', { name: 'Sofie' });
  const client = new Client(t.app);
  await client.login(author.email);
  await client.post('/log', {
    partnerIds: String(partner.id),
    type: 'meeting',
    occurredOn: '2026-11-20',
    summary: 'Møde',
    followUpTask: 'Send refrat til Kópavogur',
    followUpDue: '2026-12-01',
    followUpAssignee: String(author.id),
  });
  const fu = t.db.select().from(followUps).get()!;
  return { t, client, author, fu };
}

const auditOf = (t: TestApp, id: number, action: string) =>
  t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'follow_up'), eq(auditLog.entityId, id), eq(auditLog.action, action)))
    .get();

describe('correcting a follow-up', () => {
  it('is offered from the list and the log entry, fixes the typo and keeps the old task in the audit log', async () => {
    const { t, client, fu } = await withFollowUp();
    expect((await client.get('/follow-ups')).body).toContain(`href="/follow-ups/${fu.id}/edit?return=%2Ffollow-ups"`);
    expect((await client.get(`/log/${fu.logEntryId}`)).body).toContain(`href="/follow-ups/${fu.id}/edit?return=%2Flog%2F${fu.logEntryId}"`);
    const form = await client.get(`/follow-ups/${fu.id}/edit?return=%2Ffollow-ups`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Send refrat til Kópavogur"');
    const res = await client.post(`/follow-ups/${fu.id}`, {
      task: 'Send referat til Kópavogur',
      dueOn: '2026-12-01',
      assigneeId: String(fu.assigneeId),
      returnTo: '/follow-ups',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/follow-ups');
    expect(t.db.select().from(followUps).get()!.task).toBe('Send referat til Kópavogur');
    expect(JSON.parse(auditOf(t, fu.id, 'update')!.changes)).toEqual({ task: ['Send refrat til Kópavogur', 'Send referat til Kópavogur'] });
  });

  it.each([
    ['no task', { task: '' }, 'task'],
    ['an impossible date', { dueOn: '2026-13-01' }, 'dueOn'],
    ['a due date before the contact', { dueOn: '2026-11-01' }, 'dueOn'],
    ['an unknown assignee', { assigneeId: '99999' }, 'assigneeId'],
  ])('answers %s with 422, the input kept and the error beside its field', async (_name, change, field) => {
    const { t, client, fu } = await withFollowUp();
    const res = await client.post(`/follow-ups/${fu.id}`, {
      task: 'Ring til borgmesteren',
      dueOn: '2026-12-02',
      assigneeId: '',
      ...change,
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`id="e-${field}"`);
    expect(res.body).toMatch(new RegExp(`id="f-${field}"[^>]*aria-describedby="e-${field}"`));
    if (field !== 'task') expect(res.body).toContain('value="Ring til borgmesteren"');
    expect(t.db.select().from(followUps).get()!.task).toBe('Send refrat til Kópavogur');
  });
});

describe('deleting a follow-up', () => {
  it('asks for confirmation, then removes it and keeps its old values in the audit log', async () => {
    const { t, client, fu } = await withFollowUp();
    const confirm = await client.get(`/follow-ups/${fu.id}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Delete this follow-up?');
    expect((await client.post(`/follow-ups/${fu.id}/delete`)).statusCode).toBe(200);
    expect(t.db.select().from(followUps).all()).toHaveLength(1);
    const res = await client.post(`/follow-ups/${fu.id}/delete`, { confirmed: '1' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/log/${fu.logEntryId}`);
    expect(t.db.select().from(followUps).all()).toHaveLength(0);
    expect(JSON.parse(auditOf(t, fu.id, 'delete')!.changes)).toMatchObject({
      task: ['Send refrat til Kópavogur', null],
      dueOn: ['2026-12-01', null],
      logEntryId: [fu.logEntryId, null],
    });
    expect((await client.get('/follow-ups')).body).not.toContain('Send refrat');
  });

  it('refuses viewers and contributors who did not log the entry (403), and lets a coordinator', async () => {
    const { t, fu } = await withFollowUp();
    for (const role of ['viewer', 'contributor'] as const) {
      const other = await signedIn(t, role);
      expect((await other.get(`/follow-ups/${fu.id}/edit`)).statusCode, role).toBe(403);
      expect((await other.post(`/follow-ups/${fu.id}`, { task: 'x', dueOn: '2026-12-01' })).statusCode, role).toBe(403);
      expect((await other.get(`/follow-ups/${fu.id}/delete`)).statusCode, role).toBe(403);
      expect((await other.post(`/follow-ups/${fu.id}/delete`, { confirmed: '1' })).statusCode, role).toBe(403);
      expect((await other.get('/follow-ups?assignee=all')).body, role).not.toContain(`/follow-ups/${fu.id}/edit`);
    }
    expect(t.db.select().from(followUps).all()).toHaveLength(1);
    const coordinator = await signedIn(t, 'coordinator');
    expect((await coordinator.post(`/follow-ups/${fu.id}/delete`, { confirmed: '1' })).statusCode).toBe(303);
    expect(t.db.select().from(followUps).all()).toHaveLength(0);
  });
});
