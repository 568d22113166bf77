// Findings of the outside probe: no caching of signed-in pages, no session rows for anonymous visitors,
// CSRF tokens never from the query string, the cookie cleared at sign-out, a Permissions-Policy, and a
// safe answer to a non-ASCII `next`.
import { describe, it, expect } from 'vitest';
import { count } from 'drizzle-orm';
import { buildTestApp, Client, PASSWORD, signedIn } from '../helpers/app.js';
import { sessions } from '../../src/db/schema.js';
import { safeNext } from '../../src/auth/routes.js';
import { callableRoutes } from './route-app.js';

const sessionRows = (t: Awaited<ReturnType<typeof buildTestApp>>) => t.db.select({ n: count() }).from(sessions).get()!.n;

describe('hardening', () => {
  it('sends Cache-Control: no-store on every signed-in page', async () => {
    const t = await buildTestApp();
    const admin = await signedIn(t);
    const pages = callableRoutes(t.app)
      .filter((r) => r.method === 'GET' && !r.url.startsWith('/calendar/'))
      .map((r) => r.path);
    expect(pages.length).toBeGreaterThan(10);
    for (const path of [...pages, '/no-such-page']) {
      const res = await admin.get(path);
      expect(res.headers['cache-control'], `GET ${path} (${res.statusCode})`).toBe('no-store');
    }
  });

  it('creates no session row for anonymous visitors, yet the sign-in form still carries a working CSRF token', async () => {
    const t = await buildTestApp();
    for (const path of ['/', '/partners', '/no-such-page', '/health', '/static/app.css']) {
      const res = await t.app.inject({ method: 'GET', url: path });
      expect(res.headers['set-cookie'], path).toBeUndefined();
    }
    expect(sessionRows(t)).toBe(0);
    const client = new Client(t.app);
    await client.get('/login');
    expect(client.csrf).not.toBe('');
    const res = await client.post('/login', { email: 'admin@example.org', password: PASSWORD });
    expect(res.statusCode).toBe(303);
  });

  it('refuses a CSRF token sent in the query string', async () => {
    const t = await buildTestApp();
    const admin = await signedIn(t);
    const res = await admin.post(`/logout?_csrf=${encodeURIComponent(admin.csrf)}`, {}, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect((await admin.get('/')).statusCode).toBe(200); // still signed in
  });

  it('clears the session cookie at sign-out', async () => {
    const t = await buildTestApp();
    const admin = await signedIn(t);
    const res = await admin.post('/logout');
    expect(res.statusCode).toBe(303);
    const cookie = [res.headers['set-cookie']].flat().join('\n');
    expect(cookie).toMatch(/sid=;[^\n]*Expires=Thu, 01 Jan 1970/);
  });

  it('sends a Permissions-Policy that denies camera, microphone and geolocation', async () => {
    const t = await buildTestApp();
    for (const path of ['/login', '/no-such-page']) {
      const policy = String((await t.app.inject({ method: 'GET', url: path })).headers['permissions-policy']);
      for (const feature of ['camera=()', 'microphone=()', 'geolocation=()']) expect(policy, path).toContain(feature);
    }
  });

  it('answers a non-ASCII next after sign-in with an encoded local redirect, never a 500', async () => {
    expect(safeNext('/partners?q=Århus')).toBe('/partners?q=%C3%85rhus');
    expect(safeNext('/søg/ø')).toBe('/s%C3%B8g/%C3%B8');
    expect(safeNext('/\u2028x')).toBe('/');
    expect(safeNext('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
    const t = await buildTestApp();
    const client = new Client(t.app);
    await client.get('/login');
    const res = await client.post('/login', { email: 'admin@example.org', password: PASSWORD, next: '/partners?q=Øster Åby' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const client2 = new Client(t.app);
    await client2.get('/login');
    const res2 = await client2.post('/login', { email: 'admin@example.org', password: PASSWORD, next: '/partners?q=Øster' });
    expect(res2.statusCode).toBe(303);
    expect(res2.headers.location).toBe('/partners?q=%C3%98ster');
  });
});
