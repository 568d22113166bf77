import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, Client, createUser, signedIn } from '../helpers/app.js';
import { auditLog, notifications, users } from '../../src/db/schema.js';
import type { Db } from '../../src/db/client.js';

function notify(db: Db, userId: number, title: string, extra: Partial<typeof notifications.$inferInsert> = {}) {
  return db
    .insert(notifications)
    .values({
      userId,
      kind: 'review',
      title,
      body: 'The review is due.',
      link: '/partnerships/1/reviews',
      createdAt: '2026-11-24T09:00:00Z',
      ...extra,
    })
    .returning()
    .get();
}

async function userClient(t: Awaited<ReturnType<typeof buildTestApp>>, role: 'viewer' | 'coordinator' = 'viewer', overrides = {}) {
  const user = await createUser(t.db, role, overrides);
  const client = new Client(t.app);
  await client.login(user.email);
  return { user, client };
}

describe('in-app notifications', () => {
  it("lists only the signed-in user's notifications, unread marked, with the bell count", async () => {
    const t = await buildTestApp();
    const { user, client } = await userClient(t);
    const other = await createUser(t.db, 'viewer');
    notify(t.db, user.id, 'Review due today: Brno');
    notify(t.db, user.id, 'Follow-up overdue: Call Kaunas', { readAt: '2026-11-24T09:30:00Z', link: '/follow-ups' });
    notify(t.db, other.id, "Somebody else's");
    const res = await client.get('/notifications');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Review due today: Brno');
    expect(res.body).toContain('Follow-up overdue: Call Kaunas');
    expect(res.body).not.toContain('Somebody else');
    expect(res.body).toMatch(/aria-label="Notifications: 1 unread"/);
    expect(res.body.match(/>Mark as read</g)).toHaveLength(1);
    expect(res.body).toContain('href="/partnerships/1/reviews"');
    expect(res.body).toContain('Mark all as read');
  });

  it('sends a visitor who is not signed in to the login page', async () => {
    const t = await buildTestApp();
    const res = await new Client(t.app).get('/notifications');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fnotifications');
  });

  it("marks one read (303 back to the list, or the item alone for htmx) and refuses another user's with 404", async () => {
    const t = await buildTestApp();
    const { user, client } = await userClient(t);
    const a = notify(t.db, user.id, 'First');
    const b = notify(t.db, user.id, 'Second');
    const foreign = notify(t.db, (await createUser(t.db, 'viewer')).id, 'Foreign');
    await client.get('/notifications');

    const res = await client.post(`/notifications/${a.id}/read`, { back: '/notifications?page=1' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/notifications?page=1');
    expect(t.db.select().from(notifications).where(eq(notifications.id, a.id)).get()!.readAt).toBe(t.clock.now().toISOString());

    const htmx = await client.htmx(`/notifications/${b.id}/read`);
    expect(htmx.statusCode).toBe(200);
    expect(htmx.body.trim()).toMatch(/^<li id="notification-\d+">/);
    expect(htmx.body).not.toContain('Mark as read');
    expect(htmx.body).not.toContain('<html');

    expect((await client.post(`/notifications/${foreign.id}/read`)).statusCode).toBe(404);
    expect((await client.post('/notifications/999999/read')).statusCode).toBe(404);
    expect((await client.post('/notifications/abc/read')).statusCode).toBe(404);
    expect(t.db.select().from(notifications).where(eq(notifications.id, foreign.id)).get()!.readAt).toBeNull();
    // An open redirect through `back` is not possible.
    const evil = await client.post(`/notifications/${a.id}/read`, { back: 'https://evil.example/' });
    expect(evil.headers.location).toBe('/notifications');
  });

  it('marks all read, records it in the audit log, and the bell count goes away', async () => {
    const t = await buildTestApp();
    const { user, client } = await userClient(t);
    for (let i = 0; i < 3; i++) notify(t.db, user.id, `N${i}`);
    const other = await createUser(t.db, 'viewer');
    notify(t.db, other.id, 'stays unread');
    await client.get('/notifications');
    const res = await client.post('/notifications/read-all');
    expect(res.statusCode).toBe(303);
    const page = await client.get('/notifications');
    expect(page.body).toContain('All notifications are marked as read.');
    expect(page.body).not.toMatch(/unread"/);
    expect(page.body).not.toContain('Mark all as read');
    expect(t.db.select().from(notifications).where(eq(notifications.userId, other.id)).get()!.readAt).toBeNull();
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, 'read_all')).get()!;
    expect(audit.userId).toBe(user.id);
  });

  it('pages the list, 30 a page', async () => {
    const t = await buildTestApp();
    const { user, client } = await userClient(t);
    for (let i = 0; i < 35; i++)
      notify(t.db, user.id, `Item ${String(i).padStart(2, '0')}`, {
        createdAt: `2026-11-${String(1 + (i % 20)).padStart(2, '0')}T09:00:00Z`,
      });
    const first = await client.get('/notifications');
    expect(first.body.match(/<li id="notification-/g)).toHaveLength(30);
    expect(first.body).toContain('href="/notifications?page=2"');
    const second = await client.get('/notifications?page=2');
    expect(second.body.match(/<li id="notification-/g)).toHaveLength(5);
  });
});

describe('notification settings', () => {
  it('shows each kind with the default "email and in the app", and the digest off', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t, 'viewer');
    const res = await client.get('/profile/notifications');
    expect(res.statusCode).toBe(200);
    for (const kind of ['review', 'follow_up', 'renewal', 'membership_fee', 'delegation']) {
      expect(res.body).toMatch(new RegExp(`<select id="f-${kind}" name="${kind}"`));
    }
    expect(res.body.match(/<option value="both" selected>/g)).toHaveLength(5);
    expect(res.body).toMatch(/<input type="checkbox" id="f-weeklyDigest" name="weeklyDigest" value="1">/);
    expect(res.body).not.toContain('has no email address');
  });

  it('saves the choices and the digest, with an audit entry', async () => {
    const t = await buildTestApp();
    const { user, client } = await userClient(t, 'coordinator');
    await client.get('/profile/notifications');
    const res = await client.post('/profile/notifications', {
      review: 'email',
      follow_up: 'in_app',
      renewal: 'none',
      membership_fee: 'both',
      weeklyDigest: '1',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/profile/notifications');
    const row = t.db.select().from(users).where(eq(users.id, user.id)).get()!;
    // The form posted has no delegation field (sent from a page older than that kind): it keeps the default.
    expect(JSON.parse(row.notificationPrefs)).toEqual({
      review: 'email',
      follow_up: 'in_app',
      renewal: 'none',
      membership_fee: 'both',
      delegation: 'both',
    });
    expect(row.weeklyDigest).toBe(true);
    const page = await client.get('/profile/notifications');
    expect(page.body).toContain('Your notification settings are saved.');
    expect(page.body).toContain('<option value="in_app" selected>');
    expect(page.body).toMatch(/name="weeklyDigest" value="1" checked>/);
    const audit = t.db.select().from(auditLog).where(eq(auditLog.entityType, 'user')).all().at(-1)!;
    expect(JSON.parse(audit.changes).weeklyDigest).toEqual([false, true]);

    await client.post('/profile/notifications', { review: 'email', follow_up: 'in_app', renewal: 'none', membership_fee: 'both' });
    expect(t.db.select().from(users).where(eq(users.id, user.id)).get()!.weeklyDigest).toBe(false);
  });

  it('answers 422 on a value that is not a choice, keeping the input and marking the field', async () => {
    const t = await buildTestApp();
    const { user, client } = await userClient(t);
    await client.get('/profile/notifications');
    const res = await client.post('/profile/notifications', { review: 'sms', follow_up: 'in_app', renewal: 'none', weeklyDigest: '1' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="e-review" class="field-error">Choose one of the options/);
    expect(res.body).toMatch(/id="e-membership_fee" class="field-error">/);
    expect(res.body).toContain('<option value="in_app" selected>');
    expect(res.body).toMatch(/name="weeklyDigest" value="1" checked>/);
    expect(t.db.select().from(users).where(eq(users.id, user.id)).get()!.notificationPrefs).toBe('{}');

    const htmx = await client.htmx('/profile/notifications', { review: 'sms' });
    expect(htmx.statusCode).toBe(422);
    expect(htmx.body.trim()).toMatch(/^<form id="preferences-form"/);
  });

  it('tells a user without an email address that reminders come in the app only', async () => {
    const t = await buildTestApp();
    const user = await createUser(t.db, 'viewer');
    const client = new Client(t.app);
    await client.login(user.email);
    t.db.update(users).set({ email: '' }).where(eq(users.id, user.id)).run();
    const res = await client.get('/profile/notifications');
    expect(res.body).toContain('Your account has no email address, so you get reminders in the app only.');
  });
});
