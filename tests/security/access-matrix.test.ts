// The role x route matrix, built from Fastify's own route table: a route added later is covered
// automatically, and one registered without an access rule makes buildApp throw.
import { describe, it, expect } from 'vitest';
import { allows, ACCESS_LEVELS, type Role } from '../../src/plugins/access.js';
import { call, callableRoutes, clientsByRole, probeApp, REACHED } from './route-app.js';

describe('role x route matrix', () => {
  it('every route has an access rule and each role gets exactly what the rule allows', async () => {
    const { app, db } = await probeApp();
    const clients = await clientsByRole(app, db);
    const routes = callableRoutes(app);
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['GET /users', 'POST /login', 'GET /audit', 'GET /profile']),
    );
    const wrong: string[] = [];
    for (const route of routes) {
      expect(ACCESS_LEVELS).toContain(route.access);
      for (const [role, client] of clients) {
        const res = await call(client, route);
        const label = `${route.method} ${route.url} as ${role ?? 'anonymous'} (${route.access})`;
        if (allows(role as Role | null, route.access)) {
          if (res.statusCode !== REACHED) wrong.push(`${label}: expected to reach the handler, got ${res.statusCode}`);
        } else if (role === null) {
          if (res.statusCode !== 303 || !String(res.headers.location).startsWith('/login?next=')) {
            wrong.push(`${label}: expected a redirect to /login, got ${res.statusCode} ${res.headers.location ?? ''}`);
          }
        } else if (res.statusCode !== 403) {
          wrong.push(`${label}: expected 403, got ${res.statusCode}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses to register a route without an access rule', async () => {
    const { app } = await probeApp();
    expect(() => app.get('/no-rule', async () => 'x')).toThrow();
  });
});
