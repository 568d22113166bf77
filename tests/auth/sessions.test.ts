import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, Client, createUser, signedIn, PASSWORD } from '../helpers/app.js';
import { auditLog, sessions } from '../../src/db/schema.js';

const sidOf = (client: Client) => decodeURIComponent(client.cookies.get('sid') ?? '').split('.')[0]!;

describe('sessions', () => {
  it('uses session ids of at least 128 random bits and a new id at sign-in', async () => {
    const t = await buildTestApp();
    const client = new Client(t.app);
    await client.get('/login');
    const before = sidOf(client);
    expect(before).toMatch(/^[\w-]{32}$/); // 24 random bytes, base64url: 192 bits
    await client.login('admin@example.org');
    const after = sidOf(client);
    expect(after).toMatch(/^[\w-]{32}$/);
    expect(after).not.toBe(before);
    // The pre-login session no longer exists server-side.
    expect(t.db.select().from(sessions).where(eq(sessions.sid, before)).get()).toBeUndefined();
  });

  it('sets the cookie HttpOnly and SameSite=Lax, Secure only over https', async () => {
    const t = await buildTestApp({ config: { trustProxy: true } });
    const plain = await t.app.inject({ method: 'GET', url: '/login' });
    const cookie = String(plain.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const https = await t.app.inject({ method: 'GET', url: '/login', headers: { 'x-forwarded-proto': 'https' } });
    expect(String(https.headers['set-cookie'])).toMatch(/Secure/);
  });

  it('signs out by destroying the session on the server', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const sid = sidOf(client);
    expect(t.db.select().from(sessions).where(eq(sessions.sid, sid)).get()).toBeDefined();
    const res = await client.post('/logout');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login');
    expect(t.db.select().from(sessions).where(eq(sessions.sid, sid)).get()).toBeUndefined();
    // Replaying the old cookie gets nowhere.
    const replay = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: `sid=${client.cookies.get('sid')}` } });
    expect(replay.statusCode).toBe(303);
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'logout')).get()).toMatchObject({ userId: t.adminId });
  });

  it('expires after 30 idle minutes, and says so on the sign-in page', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    t.clock.advance(29 * 60_000);
    expect((await client.get('/')).statusCode).toBe(200);
    t.clock.advance(29 * 60_000); // active 29 minutes ago: still fine
    expect((await client.get('/')).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    const res = await client.get('/users');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fusers&expired=1');
    const login = await client.get(res.headers.location!);
    expect(login.body).toContain('Your session has expired');
    // Signing in returns to the page the user was on.
    const back = await client.post('/login', { email: 'admin@example.org', password: PASSWORD, next: '/users' });
    expect(back.headers.location).toBe('/users');
  });

  it('expires 12 hours after sign-in however active the user is', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    for (let i = 0; i < 36; i++) {
      // up to exactly 12 h
      t.clock.advance(20 * 60_000);
      expect((await client.get('/')).statusCode).toBe(200);
    }
    t.clock.advance(20 * 60_000); // 12 h 20 min after sign-in
    const res = await client.get('/');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/login\?.*expired=1/);
  });

  it('sends an htmx request with an expired session to the sign-in page instead of swapping', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    t.clock.advance(31 * 60_000);
    const res = await client.get('/users', { 'hx-request': 'true', 'hx-current-url': 'http://localhost/users?page=2' });
    expect(res.statusCode).toBe(204);
    expect(res.headers['hx-redirect']).toBe('/login?next=%2Fusers%3Fpage%3D2&expired=1');
  });

  it('says it expired to every request that still carries the timed-out cookie, not only the first (a poll beside a click)', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const cookie = `sid=${client.cookies.get('sid')}`;
    t.clock.advance(31 * 60_000);
    const ask = (url: string) =>
      t.app.inject({ method: 'GET', url, headers: { cookie, 'hx-request': 'true', 'hx-current-url': 'http://localhost/audit' } });
    const [poll, search] = [await ask('/notifications'), await ask('/search?q=Brno')];
    expect(poll.headers['hx-redirect']).toBe('/login?next=%2Faudit&expired=1');
    expect(search.headers['hx-redirect']).toBe('/login?next=%2Faudit&expired=1');
    // Nobody is signed in on that session any more, and signing in gives a new one without the mark.
    expect((await t.app.inject({ method: 'GET', url: '/users', headers: { cookie } })).headers.location).toBe(
      '/login?next=%2Fusers&expired=1',
    );
    await client.login('admin@example.org');
    t.clock.advance(31 * 60_000);
    const fresh = new Client(t.app);
    expect((await fresh.get('/users')).headers.location).toBe('/login?next=%2Fusers');
  });

  it('ends the other sessions when the password is changed, and rotates the current one', async () => {
    const t = await buildTestApp();
    const viewer = await createUser(t.db, 'viewer');
    const laptop = new Client(t.app);
    await laptop.login(viewer.email);
    const phone = new Client(t.app);
    await phone.login(viewer.email);
    const before = sidOf(laptop);
    await laptop.get('/profile');
    const res = await laptop.post('/profile/password', {
      current: PASSWORD,
      password: 'another long passphrase',
      confirm: 'another long passphrase',
    });
    expect(res.statusCode).toBe(303);
    expect(sidOf(laptop)).not.toBe(before);
    expect((await laptop.get('/profile')).statusCode).toBe(200);
    expect((await phone.get('/profile')).statusCode).toBe(303);
  });
});
