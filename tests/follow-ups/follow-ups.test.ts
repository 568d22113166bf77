import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, createUser, Client } from '../helpers/app.js';
import { auditLog, followUps } from '../../src/db/schema.js';
import { makePartner } from '../log/fixtures.js';

describe('follow-ups', () => {
  it('moves from open to due to overdue with the clock, and records who marked it done and when', async () => {
    const t = await buildTestApp();
    t.clock.set('2026-11-01T09:00:00Z');
    const partner = makePartner(t.db);
    const user = await createUser(t.db, 'contributor');
    const client = new Client(t.app);
    await client.login(user.email);
    await client.post('/log', {
      partnerIds: String(partner.id),
      type: 'meeting',
      occurredOn: '2026-11-01',
      summary: 'Møde',
      followUpTask: 'Send referat til Kópavogur',
      followUpDue: '2026-11-20',
      followUpAssignee: String(user.id),
    });
    const fu = t.db.select().from(followUps).get()!;

    const list = async (state: string) => (await client.get(`/follow-ups?state=${state}`)).body;
    expect(await list('open')).toContain('Send referat til Kópavogur');
    expect(await list('due')).not.toContain('Send referat');
    // Moving the clock ends the idle session: sign in again each time.
    t.clock.set('2026-11-15T09:00:00Z');
    await client.login(user.email);
    expect(await list('due')).toContain('Send referat');
    t.clock.set('2026-11-21T09:00:00Z');
    await client.login(user.email);
    expect(await list('overdue')).toContain('Send referat');

    const done = await client.post(`/follow-ups/${fu.id}/done`, { returnTo: '/follow-ups' });
    expect(done.statusCode).toBe(303);
    const row = t.db.select().from(followUps).where(eq(followUps.id, fu.id)).get()!;
    expect(row.doneAt).toBe('2026-11-21T09:00:00.000Z');
    expect(row.doneById).toBe(user.id);
    expect(await list('open')).not.toContain('Send referat');
    expect(await list('done')).toContain('Send referat');
    // Idempotent: doing it again changes nothing.
    t.clock.set('2026-11-22T09:00:00Z');
    await client.login(user.email);
    await client.post(`/follow-ups/${fu.id}/done`);
    expect(t.db.select().from(followUps).where(eq(followUps.id, fu.id)).get()!.doneAt).toBe('2026-11-21T09:00:00.000Z');
    expect(
      t.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityType, 'follow_up'))
        .all()
        .map((a) => a.action),
    ).toEqual(['create', 'done']);

    const htmx = await client.htmx(`/follow-ups/${fu.id}/reopen`);
    expect(htmx.statusCode).toBe(200);
    expect(htmx.body).toContain(`id="follow-up-state-${fu.id}"`);
    expect(htmx.body).toContain('Mark done');
    expect((await client.post('/follow-ups/99999/done')).statusCode).toBe(404);
  });
});
