import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { organisation } from '../../src/db/schema.js';
import { lastContactByPartnership, losingTouchList } from '../../src/log/queries.js';
import { timelinePage } from '../../src/log/timeline.js';
import { makePartner, makePartnership } from './fixtures.js';

describe('losing touch', () => {
  it('lists active partnerships without contact for the set period, oldest first, and a new entry resets the clock', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    t.clock.set('2026-11-24T10:00:00Z');
    const partner = makePartner(t.db);
    const old = makePartnership(t.db, partner.id, { title: 'Vennskapsby Kópavogur' });
    const older = makePartnership(t.db, partner.id, { title: 'Skoleutveksling' });
    const fresh = makePartnership(t.db, partner.id, { title: 'Klimanetværk' });
    makePartnership(t.db, partner.id, { title: 'Hvilende', status: 'dormant' });
    const client = await signedIn(t, 'contributor');
    const log = (ps: number, on: string, summary: string) =>
      client.post('/log', { partnerIds: String(partner.id), partnershipIds: String(ps), type: 'email', occurredOn: on, summary });
    await log(old.id, '2025-06-01', 'Mail om jubilæum');
    await log(older.id, '2024-01-10', 'Opkald om elever');
    await log(older.id, '2023-05-10', 'Ældre opkald');
    await log(fresh.id, '2026-10-01', 'Netværksmøde');

    expect(losingTouchList(t.db, 12, '2026-11-24').map((r) => [r.title, r.last?.occurredOn])).toEqual([
      ['Skoleutveksling', '2024-01-10'], ['Vennskapsby Kópavogur', '2025-06-01'],
    ]);
    const page = await client.get('/losing-touch');
    expect(page.body).toContain('Opkald om elever');
    expect(page.body.indexOf('Skoleutveksling')).toBeLessThan(page.body.indexOf('Vennskapsby Kópavogur'));

    await log(older.id, '2026-11-20', 'Nyt møde');
    expect(losingTouchList(t.db, 12, '2026-11-24').map((r) => r.title)).toEqual(['Vennskapsby Kópavogur']);
    // The setting decides: with 24 months nothing is lost.
    t.db.update(organisation).set({ losingTouchMonths: 24 }).where(eq(organisation.id, 1)).run();
    expect((await client.get('/losing-touch')).body).not.toContain('Vennskapsby Kópavogur');
    // And time passing brings it back.
    expect(losingTouchList(t.db, 12, '2027-12-01').map((r) => r.title)).toEqual(['Vennskapsby Kópavogur', 'Klimanetværk', 'Skoleutveksling']);
    expect(lastContactByPartnership(t.db, [older.id, fresh.id]).get(older.id)?.summary).toBe('Nyt møde');
  });
});

describe('timelines', () => {
  it('merges log entries, status changes and follow-ups newest first, paged', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    const partner = makePartner(t.db);
    const ps = makePartnership(t.db, partner.id);
    t.db.$client.prepare("INSERT INTO status_changes (partnership_id, from_status, to_status, changed_on, reason) VALUES (?, 'exploring', 'active', '2026-01-15', 'Byrådsbeslutning')").run(ps.id);
    const client = await signedIn(t, 'contributor');
    for (let i = 1; i <= 30; i++) {
      await client.post('/log', { partnerIds: String(partner.id), partnershipIds: String(ps.id), type: 'call', occurredOn: `2026-02-${String(i % 28 + 1).padStart(2, '0')}`, summary: `Samtale ${i}`,
        ...(i === 30 ? { followUpTask: 'Ring tilbage', followUpDue: '2026-12-01' } : {}) });
    }
    const first = timelinePage(t.db, { kind: 'partnership', id: ps.id }, 1, 25);
    expect(first.items[0]).toMatchObject({ kind: 'follow_up', title: 'Ring tilbage', onDate: '2026-12-01' });
    expect(first.hasMore).toBe(true);
    const second = timelinePage(t.db, { kind: 'partner', id: partner.id }, 2, 25);
    expect(second.items.at(-1)).toMatchObject({ kind: 'status', sub: 'active', detail: 'Byrådsbeslutning' });
    expect(second.hasMore).toBe(false);
    const page = await client.get(`/partnerships/${ps.id}/timeline?page=2`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Byrådsbeslutning');
    expect((await client.get('/partnerships/9999/timeline')).statusCode).toBe(404);
  });
});
