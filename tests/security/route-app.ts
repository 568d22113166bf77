// The real app for route-table tests, with one extra preHandler added last: a request carrying
// the probe header that gets past every access and CSRF check is answered 299 right there, so
// no handler runs and nothing changes, whatever the route does.
import type { FastifyInstance } from 'fastify';
import { openDatabase } from '../../src/db/client.js';
import { buildApp } from '../../src/app.js';
import { applySetup } from '../../src/setup/queries.js';
import { Clock, Client, createUser, defaultSetup, testConfig, testPasswordHash } from '../helpers/app.js';
import type { Role, RouteEntry } from '../../src/plugins/access.js';

export const PROBE = { 'x-test-probe': '1' };
export const REACHED = 299;

export async function probeApp() {
  const db = openDatabase(':memory:');
  const clock = new Clock();
  const app = await buildApp({ db, config: testConfig(), now: clock.now, logger: false });
  await app.after();
  app.addHook('preHandler', async (request, reply) => {
    if (request.headers['x-test-probe'] === '1') return reply.code(REACHED).send('reached');
  });
  applySetup(db, defaultSetup, await testPasswordHash(), clock.now());
  await app.ready();
  return { app, db, clock };
}

/** A signed-in client per role, and an anonymous one (null). */
export async function clientsByRole(app: FastifyInstance, db: Parameters<typeof createUser>[0]) {
  const clients = new Map<Role | null, Client>();
  const anonymous = new Client(app);
  await anonymous.get('/login');
  clients.set(null, anonymous);
  for (const role of ['viewer', 'contributor', 'coordinator', 'admin'] as const) {
    const client = new Client(app);
    await client.login((await createUser(db, role)).email);
    clients.set(role, client);
  }
  return clients;
}

/** Every route a user can call, with its parameters filled in. */
export function callableRoutes(app: FastifyInstance): (RouteEntry & { path: string })[] {
  return app.routeTable
    .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS')
    .map((r) => ({ ...r, path: r.url.replace(/:(\w+)(\([^)]*\))?/g, '1').replace(/\*/g, 'x') }));
}

export async function call(client: Client, route: { method: string; path: string }, csrf?: string | false) {
  if (route.method === 'GET') return client.get(route.path, PROBE);
  return client.post(route.path, {}, { method: route.method as 'POST', headers: PROBE, ...(csrf === undefined ? {} : { csrf }) });
}
