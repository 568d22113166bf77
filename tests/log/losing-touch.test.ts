import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { organisation } from '../../src/db/schema.js';
import { lastContactOfPartners, lastContactOfPartnerships, losingTouch } from '../../src/log/last-contact.js';
import { timelinePage } from '../../src/log/timeline.js';
import { makePartner, makePartnership } from './fixtures.js';

/** The dashboard's losing-touch card, from its heading to the end of the card. */
function losingTouchCard(html: string): string {
  const start = html.indexOf('<h3>Losing touch');
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</div>', start));
}

describe('losing touch', () => {
  it('lists active partnerships without contact for the set period, oldest first, and a new entry resets the clock', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    t.clock.set('2026-11-24T10:00:00Z');
    const old = makePartnership(t.db, makePartner(t.db, { name: 'Kópavogur' }).id, { title: 'Vennskapsby Kópavogur' });
    const older = makePartnership(t.db, makePartner(t.db, { name: 'Tampere' }).id, { title: 'Skoleutveksling' });
    const fresh = makePartnership(t.db, makePartner(t.db, { name: 'Eurocities' }).id, { title: 'Klimanetværk' });
    makePartnership(t.db, makePartner(t.db, { name: 'Brno' }).id, { title: 'Hvilende', status: 'dormant' });
    const client = await signedIn(t, 'contributor');
    const log = (ps: { id: number; partnerId: number }, on: string, summary: string) =>
      client.post('/log', { partnerIds: String(ps.partnerId), partnershipIds: String(ps.id), type: 'email', occurredOn: on, summary });
    await log(old, '2025-06-01', 'Mail om jubilæum');
    await log(older, '2024-01-10', 'Opkald om elever');
    await log(older, '2023-05-10', 'Ældre opkald');
    await log(fresh, '2026-10-01', 'Netværksmøde');

    expect(losingTouch(t.db, 12, '2026-11-24').map((r) => [r.title, r.last?.occurredOn])).toEqual([
      ['Skoleutveksling', '2024-01-10'],
      ['Vennskapsby Kópavogur', '2025-06-01'],
    ]);
    const page = await client.get('/losing-touch');
    expect(page.body).toContain('Opkald om elever');
    expect(page.body.indexOf('Skoleutveksling')).toBeLessThan(page.body.indexOf('Vennskapsby Kópavogur'));

    await log(older, '2026-11-20', 'Nyt møde');
    expect(losingTouch(t.db, 12, '2026-11-24').map((r) => r.title)).toEqual(['Vennskapsby Kópavogur']);
    // The setting decides: with 24 months nothing is lost.
    t.db.update(organisation).set({ losingTouchMonths: 24 }).where(eq(organisation.id, 1)).run();
    expect((await client.get('/losing-touch')).body).not.toContain('Vennskapsby Kópavogur');
    // And time passing brings it back.
    expect(losingTouch(t.db, 12, '2027-12-01').map((r) => r.title)).toEqual(['Vennskapsby Kópavogur', 'Klimanetværk', 'Skoleutveksling']);
    expect(lastContactOfPartnerships(t.db, [older.id, fresh.id]).get(older.id)?.summary).toBe('Nyt møde');
  });

  it('counts an entry logged against the partner alone for all its partnerships, on every page that shows it', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    t.clock.set('2026-11-24T10:00:00Z');
    const kopavogur = makePartner(t.db, { name: 'Kópavogur' });
    const twinning = makePartnership(t.db, kopavogur.id, { title: 'Vennskapsby Kópavogur', ownerId: t.adminId });
    const schools = makePartnership(t.db, kopavogur.id, { title: 'Skoleutveksling Kópavogur', ownerId: t.adminId });
    const admin = await signedIn(t);
    await admin.post('/log', {
      partnerIds: String(kopavogur.id),
      partnershipIds: String(schools.id),
      type: 'meeting',
      occurredOn: '2024-03-01',
      summary: 'Skolebesøg',
    });
    expect(
      losingTouch(t.db, 12, '2026-11-24')
        .map((r) => r.title)
        .sort(),
    ).toEqual(['Skoleutveksling Kópavogur', 'Vennskapsby Kópavogur']);
    expect(losingTouchCard((await admin.get('/')).body)).toContain('Vennskapsby Kópavogur');

    // A meeting with the partner, no partnership named: both partnerships are in touch again.
    await admin.post('/log', { partnerIds: String(kopavogur.id), type: 'meeting', occurredOn: '2026-11-02', summary: 'Borgmestermøde' });
    expect(losingTouch(t.db, 12, '2026-11-24')).toEqual([]);
    expect((await admin.get('/losing-touch')).body).not.toContain('Vennskapsby Kópavogur');
    expect(losingTouchCard((await admin.get('/')).body)).not.toContain('Vennskapsby Kópavogur');
    expect(lastContactOfPartnerships(t.db, [twinning.id, schools.id]).get(twinning.id)).toMatchObject({
      occurredOn: '2026-11-02',
      summary: 'Borgmestermøde',
    });
    expect(lastContactOfPartners(t.db, [kopavogur.id]).get(kopavogur.id)?.summary).toBe('Borgmestermøde');
    // The partner page and the partner and partnership lists show it.
    expect((await admin.get(`/partners/${kopavogur.id}`)).body).toMatch(/Last contact[\s\S]*2 Nov 2026/);
    expect((await admin.get('/partners')).body).toContain('2 Nov 2026');
    expect((await admin.get('/partnerships')).body).toContain('2 Nov 2026');
  });
});

describe('timelines', () => {
  it('merges log entries, status changes and follow-ups newest first, paged', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    const partner = makePartner(t.db);
    const ps = makePartnership(t.db, partner.id);
    t.db.$client
      .prepare(
        "INSERT INTO status_changes (partnership_id, from_status, to_status, changed_on, reason) VALUES (?, 'exploring', 'active', '2026-01-15', 'Byrådsbeslutning')",
      )
      .run(ps.id);
    const client = await signedIn(t, 'contributor');
    for (let i = 1; i <= 30; i++) {
      await client.post('/log', {
        partnerIds: String(partner.id),
        partnershipIds: String(ps.id),
        type: 'call',
        occurredOn: `2026-02-${String((i % 28) + 1).padStart(2, '0')}`,
        summary: `Samtale ${i}`,
        ...(i === 30 ? { followUpTask: 'Ring tilbage', followUpDue: '2026-12-01' } : {}),
      });
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
