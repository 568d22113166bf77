import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, Client, PASSWORD } from '../helpers/app.js';
import { auditLog } from '../../src/db/schema.js';
import { LOGIN_IP_LIMIT } from '../../src/auth/routes.js';
import { MAX_FAILURES } from '../../src/auth/login-limit.js';
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

  it('limits failed attempts per email, for existing and unknown accounts alike, until the window passes', async () => {
    const t = await buildTestApp();
    for (const email of ['admin@example.org', 'ghost@example.org']) {
      const client = new Client(t.app);
      await client.get('/login');
      for (let i = 0; i < MAX_FAILURES; i++) expect((await client.post('/login', { email, password: 'wrong password!' })).statusCode).toBe(401);
      const blocked = await client.post('/login', { email, password: PASSWORD });
      expect(blocked.statusCode).toBe(429);
      expect(blocked.body).toContain('Too many sign-in attempts');
      expect(blocked.body).not.toContain('not correct');
    }
    // Another account is not affected.
    const other = new Client(t.app);
    await other.get('/login');
    expect((await other.post('/login', { email: 'someone@example.org', password: 'x' })).statusCode).toBe(401);
    t.clock.advance(15 * 60_000);
    await new Client(t.app).login('admin@example.org');
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'login_blocked')).all()).toHaveLength(2);
  });

  it('limits attempts per IP address with a clear page', async () => {
    const t = await buildTestApp();
    const client = new Client(t.app);
    await client.get('/login');
    for (let i = 0; i < LOGIN_IP_LIMIT.max; i++) {
      expect((await client.post('/login', { email: `user${i}@example.org`, password: 'wrong password!' })).statusCode).toBe(401);
    }
    const res = await client.post('/login', { email: 'admin@example.org', password: PASSWORD });
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('Too many attempts');
    expect(res.body).toContain('<html');
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
