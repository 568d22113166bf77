// CSRF: every state-changing route in the route table refuses a request without the token or
// with a wrong one (403), before its handler runs.
import { describe, it, expect } from 'vitest';
import { call, callableRoutes, clientsByRole, probeApp, REACHED } from './route-app.js';

describe('CSRF protection', () => {
  it('answers 403 on every state-changing route when the token is missing or wrong', async () => {
    const { app, db } = await probeApp();
    const admin = (await clientsByRole(app, db)).get('admin')!;
    const routes = callableRoutes(app).filter((r) => r.method !== 'GET');
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.every((r) => r.csrf)).toBe(true); // no route opts out today
    const wrong: string[] = [];
    for (const route of routes) {
      for (const csrf of [false, 'forged-token'] as const) {
        const res = await call(admin, route, csrf);
        if (res.statusCode !== 403) wrong.push(`${route.method} ${route.url} with ${csrf || 'no'} token: ${res.statusCode}`);
      }
      // With the right token the same request gets through, so the 403s above are CSRF's doing.
      const ok = await call(admin, route);
      if (ok.statusCode !== REACHED) wrong.push(`${route.method} ${route.url} with the token: ${ok.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('accepts the token in the x-csrf-token header as htmx sends it, and shows a clear page otherwise', async () => {
    const { app, db } = await probeApp();
    const admin = (await clientsByRole(app, db)).get('admin')!;
    const viaHeader = await admin.post('/profile', {}, { csrf: false, headers: { 'x-csrf-token': admin.csrf, 'x-test-probe': '1' } });
    expect(viaHeader.statusCode).toBe(299);
    const refused = await admin.post('/profile', { name: 'x' }, { csrf: false });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('The form has expired');
  });
});
