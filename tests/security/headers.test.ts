// Security headers on every page the route table has (whatever the page answers), HSTS only over https.
import { describe, it, expect } from 'vitest';
import { buildTestApp, Client, signedIn } from '../helpers/app.js';
import { callableRoutes } from './route-app.js';

function expectSecurityHeaders(headers: Record<string, unknown>, label: string) {
  const csp = String(headers['content-security-policy'] ?? '');
  expect(csp, label).toContain("default-src 'self'");
  expect(csp, label).toContain("script-src 'self'");
  expect(csp, label).toContain("style-src 'self'");
  expect(csp, label).toContain("object-src 'none'");
  expect(csp, label).toContain("base-uri 'none'");
  expect(csp, label).toContain("frame-ancestors 'none'");
  expect(csp, label).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(headers['x-content-type-options'], label).toBe('nosniff');
  expect(headers['x-frame-options'], label).toBe('SAMEORIGIN');
  expect(headers['referrer-policy'], label).toBeDefined();
}

describe('security headers', () => {
  it('are on every page, signed in or not, and on errors', async () => {
    const t = await buildTestApp();
    const admin = await signedIn(t);
    const anonymous = new Client(t.app);
    const pages = callableRoutes(t.app)
      .filter((r) => r.method === 'GET')
      .map((r) => r.path);
    for (const path of [...pages, '/no-such-page', '/static/app.css']) {
      for (const client of [admin, anonymous]) {
        const res = await client.get(path);
        expectSecurityHeaders(res.headers, `GET ${path}`);
        expect(res.headers['strict-transport-security'], path).toBeUndefined();
      }
    }
  });

  it('sends HSTS only when the request came over https (behind a trusted proxy)', async () => {
    const t = await buildTestApp({ config: { trustProxy: true } });
    const https = await t.app.inject({ method: 'GET', url: '/login', headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    const http = await t.app.inject({ method: 'GET', url: '/login' });
    expect(http.headers['strict-transport-security']).toBeUndefined();
  });

  it('ignores x-forwarded-proto when the proxy is not trusted', async () => {
    const t = await buildTestApp();
    const res = await t.app.inject({ method: 'GET', url: '/login', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('has no inline script or style in the pages', async () => {
    const t = await buildTestApp();
    const admin = await signedIn(t);
    for (const path of ['/', '/users', '/users/new', `/users/${t.adminId}`, '/profile', '/audit', `/history/user/${t.adminId}`, '/login']) {
      const body = (await admin.get(path)).body;
      expect(body, path).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(body, path).not.toMatch(/\sstyle="/);
      expect(body, path).not.toMatch(/\son[a-z]+="/);
      expect(body, path).not.toMatch(/hx-on/);
    }
  });
});
