import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import ical, { type VEvent } from 'node-ical';
import { buildTestApp, Client, createUser } from '../helpers/app.js';
import { auditLog, users } from '../../src/db/schema.js';
import { hashFeedToken } from '../../src/calendar/token.js';
import { followUp, partnershipDue } from '../reminders/factories.js';

async function withFeed(locale: string | null = null) {
  const t = await buildTestApp({ setup: { framework: 'blank' } });
  const user = await createUser(t.db, 'coordinator', { locale });
  const client = new Client(t.app);
  await client.login(user.email);
  await client.get('/profile/calendar');
  const created = await client.post('/profile/calendar');
  expect(created.statusCode).toBe(303);
  const page = await client.get('/profile/calendar');
  const url = /id="feed-url" type="url" readonly value="([^"]+)"/.exec(page.body)?.[1];
  expect(url).toMatch(/^http:\/\/localhost:3000\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  return { ...t, user, client, url: url!, path: new URL(url!).pathname, page };
}

/** A calendar date (YYYY-MM-DD) of an all-day event as the parser gives it (a local-midnight Date). */
function dayOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** node-ical gives a property with parameters (URL;VALUE=URI) as { params, val }. */
function text(v: unknown): string {
  return typeof v === 'object' && v !== null && 'val' in v ? String((v as { val: unknown }).val) : String(v);
}

describe('the personal calendar feed', () => {
  it('shows the address once, keeps only its sha256, and records the change without the secret', async () => {
    const t = await withFeed();
    expect(t.page.body).toContain('Copy this address now');
    expect(t.page.headers['cache-control']).toBe('no-store');
    const token = t.path.slice('/calendar/'.length, -'.ics'.length);
    const row = t.db.select().from(users).where(eq(users.id, t.user.id)).get()!;
    expect(row.calendarTokenHash).toBe(hashFeedToken(token));
    const again = await t.client.get('/profile/calendar');
    expect(again.body).not.toContain(token);
    expect(again.body).toContain('Your calendar feed is active.');
    expect(again.body).toContain('Make a new address');
    const audits = t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityType, 'user'))
      .all()
      .map((a) => a.changes);
    expect(audits.join()).not.toContain(row.calendarTokenHash!);
    expect(audits.at(-1)).toBe(JSON.stringify({ calendarFeed: ['off', 'on'] }));
  });

  it('lists reviews due, follow-ups and renewals as all-day events with links, read by an independent parser', async () => {
    const t = await withFeed('da');
    const p = partnershipDue(t.db, t.user.id, '2026-10-25', { title: 'Venskabsby Brno', renewalOn: '2027-03-31' });
    const f = followUp(t.db, t.user.id, '2026-12-03', { task: 'Send program', partnershipId: p.id });
    followUp(t.db, t.user.id, '2026-12-04', { doneAt: '2026-11-20T10:00:00Z' }); // done: not in the feed
    const other = await createUser(t.db, 'coordinator');
    partnershipDue(t.db, other.id, '2026-12-01', { title: 'Not mine' });

    const res = await new Client(t.app).get(t.path); // a calendar app: no session at all
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const events = Object.values(ical.sync.parseICS(res.body)).filter((c): c is VEvent => c?.type === 'VEVENT');
    expect(events.map((e) => String(e.summary)).sort()).toEqual([
      'Evaluering forfalder: Venskabsby Brno',
      'Fornyelse eller udløb: Venskabsby Brno',
      'Opfølgning: Send program',
    ]);
    const review = events.find((e) => String(e.summary).startsWith('Evaluering'))!;
    expect(review.start.dateOnly).toBe(true);
    expect(review.datetype).toBe('date');
    expect(dayOf(review.start)).toBe('2026-10-25'); // the Sunday daylight saving time ends: still that day
    expect(text(review.url)).toBe(`http://localhost:3000/partnerships/${p.id}/reviews`);
    const task = events.find((e) => String(e.summary).startsWith('Opfølgning'))!;
    expect(dayOf(task.start)).toBe('2026-12-03');
    expect(task.uid).toBe(`follow-up-${f.id}@localhost:3000`);
    const renewal = events.find((e) => String(e.summary).startsWith('Fornyelse'))!;
    expect(dayOf(renewal.start)).toBe('2027-03-31');
    expect(res.body).not.toContain('Not mine');
  });

  it('answers 404 with nothing in it for a wrong, malformed, revoked or replaced token', async () => {
    const t = await withFeed();
    const anonymous = new Client(t.app);
    const wrong = await anonymous.get(`/calendar/${'A'.repeat(43)}.ics`);
    expect(wrong.statusCode).toBe(404);
    expect(wrong.body).toBe('Not found');
    expect((await anonymous.get('/calendar/short.ics')).statusCode).toBe(404);
    expect((await anonymous.get(`${t.path.slice(0, -4)}`)).statusCode).toBe(404); // without .ics
    expect((await anonymous.get(t.path)).statusCode).toBe(200);

    // Regenerate: the old address stops working, the new one works.
    await t.client.post('/profile/calendar');
    const page = await t.client.get('/profile/calendar');
    const fresh = new URL(/id="feed-url" type="url" readonly value="([^"]+)"/.exec(page.body)![1]!).pathname;
    expect((await anonymous.get(t.path)).statusCode).toBe(404);
    expect((await anonymous.get(fresh)).statusCode).toBe(200);

    // Revoke: gone.
    const revoked = await t.client.post('/profile/calendar/revoke');
    expect(revoked.statusCode).toBe(303);
    expect((await t.client.get('/profile/calendar')).body).toContain('Your calendar feed is turned off.');
    expect((await anonymous.get(fresh)).statusCode).toBe(404);
    expect(t.db.select().from(users).where(eq(users.id, t.user.id)).get()!.calendarTokenHash).toBeNull();
  });

  it('stops serving the feed of a user who was deactivated', async () => {
    const t = await withFeed();
    t.db.update(users).set({ active: false }).where(eq(users.id, t.user.id)).run();
    expect((await new Client(t.app).get(t.path)).statusCode).toBe(404);
  });

  it('needs sign-in for the settings page and its actions', async () => {
    const t = await buildTestApp();
    const anonymous = new Client(t.app);
    const res = await anonymous.get('/profile/calendar');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('/login');
  });
});
