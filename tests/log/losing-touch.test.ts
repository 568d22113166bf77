import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { logEntries, logEntryPartners, logEntryPartnerships, organisation } from '../../src/db/schema.js';
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

describe('last contact', () => {
  it('is the newest entry by date, then by id, over the partner and all its partnerships, even when dates are edited', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    const partner = makePartner(t.db, { name: 'İzmir' });
    const other = makePartner(t.db, { name: 'Tartu' });
    const a = makePartnership(t.db, partner.id, { title: 'Vennskapsby İzmir' });
    const b = makePartnership(t.db, partner.id, { title: 'Skoleutveksling İzmir' });
    const c = makePartnership(t.db, other.id, { title: 'Tartu' });
    // A seeded walk: entries on few days (so ties are common), each linked to some of the five sources.
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const links: { entry: number; on: string; partners: number[]; partnerships: number[] }[] = [];
    for (let i = 0; i < 120; i++) {
      const on = `2026-0${1 + next(3)}-1${next(4)}`;
      const entry = t.db
        .insert(logEntries)
        .values({ occurredOn: on, type: 'meeting', summary: `Entry ${i}`, updatedAt: on })
        .returning({ id: logEntries.id })
        .get().id;
      const ps = [a.id, b.id, c.id].filter(() => next(3) === 0);
      const pa = [partner.id, other.id].filter(() => next(4) === 0);
      for (const id of pa) t.db.insert(logEntryPartners).values({ logEntryId: entry, partnerId: id }).run();
      for (const id of ps) t.db.insert(logEntryPartnerships).values({ logEntryId: entry, partnershipId: id }).run();
      links.push({ entry, on, partners: pa, partnerships: ps });
    }
    // Edit a few dates afterwards: the link tables' copy of the date follows.
    for (const l of links.filter((_, i) => i % 17 === 0)) {
      l.on = '2026-03-14';
      t.db.update(logEntries).set({ occurredOn: l.on }).where(eq(logEntries.id, l.entry)).run();
    }
    const newest = (keep: (l: (typeof links)[number]) => boolean) =>
      links
        .filter(keep)
        .reduce<(typeof links)[number] | null>(
          (best, l) => (!best || l.on > best.on || (l.on === best.on && l.entry > best.entry) ? l : best),
          null,
        )?.entry ?? null;
    const ownerOf = new Map([
      [a.id, partner.id],
      [b.id, partner.id],
      [c.id, other.id],
    ]);
    const ofPartnerships = lastContactOfPartnerships(t.db, [a.id, b.id, c.id]);
    for (const id of [a.id, b.id, c.id])
      expect(ofPartnerships.get(id)?.logEntryId ?? null).toBe(
        newest((l) => l.partnerships.includes(id) || l.partners.includes(ownerOf.get(id)!)),
      );
    const ofPartners = lastContactOfPartners(t.db, [partner.id, other.id]);
    for (const id of [partner.id, other.id])
      expect(ofPartners.get(id)?.logEntryId ?? null).toBe(
        newest((l) => l.partners.includes(id) || l.partnerships.some((p) => ownerOf.get(p) === id)),
      );
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
