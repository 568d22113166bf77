import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, Client, PASSWORD, testConfig } from '../helpers/app.js';
import { auditLog, loginThrottle } from '../../src/db/schema.js';
import { LOGIN_IP_LIMIT } from '../../src/auth/routes.js';
import { ACCOUNT_CAP_MS, ADDRESS_CAP_MS, FREE_FAILURES, delayAfter } from '../../src/auth/login-limit.js';
import { buildApp } from '../../src/app.js';
import { safeNext } from '../../src/auth/routes.js';

describe('sign-in', () => {
  it('gives the same answer for a wrong password and an unknown email, and records both', async () => {
    const t = await buildTestApp();
    const client = new Client(t.app);
    await client.get('/login');
    const wrong = await client.post('/login', { email: 'admin@example.org', password: 'not the password' });
    const unknown = await client.post('/login', { email: 'nobody@example.org', password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const message = 'The email or password is not correct, or the account is not active.';
    expect(wrong.body).toContain(message);
    expect(unknown.body).toContain(message);
    expect(wrong.body).toContain('value="admin@example.org"');
    const failed = t.db.select().from(auditLog).where(eq(auditLog.action, 'login_failed')).all();
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatchObject({ userId: t.adminId, entityId: t.adminId, ip: '127.0.0.1' });
    expect(failed[1]).toMatchObject({ userId: null, entityId: null });
  });

  it('shows the wrong-password message once on the page', async () => {
    const t = await buildTestApp();
    const client = new Client(t.app);
    await client.get('/login');
    const res = await client.post('/login', { email: 'admin@example.org', password: 'not the password' });
    expect(res.body.split('The email or password is not correct').length - 1).toBe(1);
  });

  it('answers failures beyond five with growing waits (1 s, 2 s, 4 s), not a lockout, even for the right password', async () => {
    const t = await buildTestApp();
    const client = new Client(t.app);
    await client.get('/login');
    const email = 'admin@example.org';
    for (let i = 0; i < FREE_FAILURES; i++)
      expect((await client.post('/login', { email, password: 'wrong password!' })).statusCode).toBe(401);
    const early = await client.post('/login', { email, password: PASSWORD });
    expect(early.statusCode).toBe(429);
    expect(early.headers['retry-after']).toBe('1');
    expect(early.body).toContain('Too many failed sign-ins. Please wait 1 second and try again.');
    expect(early.body).not.toContain('not correct');
    t.clock.advance(1_000);
    expect((await client.post('/login', { email, password: 'wrong password!' })).statusCode).toBe(401); // sixth failure: 2 s
    t.clock.advance(1_999);
    expect((await client.post('/login', { email, password: PASSWORD })).headers['retry-after']).toBe('1');
    t.clock.advance(1);
    expect((await client.post('/login', { email, password: 'wrong password!' })).statusCode).toBe(401); // seventh: 4 s
    t.clock.advance(3_000);
    expect((await client.post('/login', { email, password: PASSWORD })).statusCode).toBe(429);
    t.clock.advance(1_000);
    expect((await client.post('/login', { email, password: PASSWORD })).statusCode).toBe(303);
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'login_blocked')).all()).toHaveLength(3);
  });

  it('lets a stranger who fails on purpose from many addresses delay the owner by at most a minute', async () => {
    const t = await buildTestApp({ config: { trustProxy: 1 } });
    const from = (client: Client, ip: string, password: string) =>
      client.post('/login', { email: 'admin@example.org', password }, { headers: { 'x-forwarded-for': ip } });
    const stranger = new Client(t.app);
    await stranger.get('/login');
    for (let i = 0; i < 20; i++) {
      // an old-style 15-minute lockout would still hold at the end
      const res = await from(stranger, `198.51.100.${i}`, 'guess guess guess');
      expect([401, 429]).toContain(res.statusCode);
      t.clock.advance(ACCOUNT_CAP_MS);
    }
    const owner = new Client(t.app);
    await owner.get('/login');
    expect((await from(owner, '203.0.113.9', PASSWORD)).statusCode).toBe(303);
  });

  it('slows down one address guessing at many accounts, and not the others', async () => {
    const t = await buildTestApp({ config: { trustProxy: 1 } });
    const client = new Client(t.app);
    await client.get('/login');
    const attempt = (email: string, ip: string) =>
      client.post('/login', { email, password: 'wrong password!' }, { headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < FREE_FAILURES; i++) expect((await attempt(`user${i}@example.org`, '198.51.100.1')).statusCode).toBe(401);
    expect((await attempt('fresh@example.org', '198.51.100.1')).statusCode).toBe(429);
    expect((await attempt('fresh@example.org', '198.51.100.2')).statusCode).toBe(401);
  });

  it('keeps the counters in the database: another process, or the app after a restart, sees them', async () => {
    const t = await buildTestApp();
    const client = new Client(t.app);
    await client.get('/login');
    for (let i = 0; i < FREE_FAILURES; i++) await client.post('/login', { email: 'ghost@example.org', password: 'wrong password!' });
    const second = await buildApp({ db: t.db, config: testConfig(), now: t.clock.now, logger: false });
    await second.ready();
    const other = new Client(second);
    await other.get('/login');
    expect((await other.post('/login', { email: 'ghost@example.org', password: 'wrong password!' })).statusCode).toBe(429);
    // The table holds hashes, not the email or the address.
    const rows = t.db.select().from(loginThrottle).all();
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toMatch(/ghost|127\.0\.0\.1/);
  });

  it('grows the delay exponentially to its cap', () => {
    expect([4, 5, 6, 7, 8].map((n) => delayAfter(n, ACCOUNT_CAP_MS))).toEqual([0, 1_000, 2_000, 4_000, 8_000]);
    expect(delayAfter(50, ACCOUNT_CAP_MS)).toBe(ACCOUNT_CAP_MS);
    expect(delayAfter(5000, ADDRESS_CAP_MS)).toBe(ADDRESS_CAP_MS);
  });

  it("limits attempts per address and account with a clear page in the organisation's language, and lets colleagues at the same address in", async () => {
    const t = await buildTestApp({ setup: { locale: 'da' } });
    const client = new Client(t.app);
    await client.get('/login');
    for (let i = 0; i < LOGIN_IP_LIMIT.max; i++) {
      expect((await client.post('/login', { email: 'someone@example.org', password: 'wrong password!' })).statusCode).toBe(401);
      t.clock.advance(ADDRESS_CAP_MS); // past the account's and address's growing wait: this is the flood guard's count
    }
    const res = await client.post('/login', { email: 'Someone@example.org ', password: 'wrong password!' });
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('For mange forsøg');
    expect(res.body).toContain('Odense Kommune');
    expect(res.body).toContain('<html');
    // A colleague behind the same firewall signs in.
    const colleague = new Client(t.app);
    await colleague.login('admin@example.org');
    expect((await colleague.get('/partners')).statusCode).toBe(200);
  });

  it('only ever returns to a local page after sign-in', () => {
    expect(safeNext('/partners?x=1')).toBe('/partners?x=1');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/\\evil')).toBe('/');
    expect(safeNext('/login?next=/x')).toBe('/');
    expect(safeNext(undefined)).toBe('/');
  });
});
