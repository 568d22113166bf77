// buildApp(): registers the external plugins, then the app's own, then every feature's routes.
// It never listens; server.ts does, and the tests build this very same app.
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifyCompress from '@fastify/compress';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { parse as parseQuery } from 'node:querystring';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import { ACCESS_LEVELS, type RouteEntry } from './plugins/access.js';
import { SqliteSessionStore } from './plugins/session-store.js';
import { loadOrganisation } from './settings/queries.js';
import contextPlugin from './plugins/context.js';
import requestPlugin from './plugins/request.js';
import keptPagesPlugin from './plugins/kept-pages.js';
import securityHeadersPlugin from './plugins/security-headers.js';
import viewsPlugin from './plugins/views.js';
import assetsPlugin from './plugins/assets.js';
import errorsPlugin, { frameworkError } from './plugins/errors.js';
import setupRoutes from './setup/routes.js';
import healthRoutes from './health/routes.js';
import authRoutes from './auth/routes.js';
import dashboardRoutes from './dashboard/routes.js';
import partnersRoutes from './partners/routes.js';
import partnershipsRoutes from './partnerships/routes.js';
import goalsRoutes from './goals/routes.js';
import settingsRoutes from './settings/routes.js';
import usersRoutes from './users/routes.js';
import profileRoutes from './profile/routes.js';
import auditRoutes from './audit/routes.js';
import contactsRoutes from './contacts/routes.js';
import logRoutes from './log/routes.js';
import followUpsRoutes from './follow-ups/routes.js';
import searchRoutes from './search/routes.js';
import ledgerRoutes from './ledger/routes.js';
import projectsRoutes from './projects/routes.js';
import reviewsRoutes from './reviews/routes.js';
import reportRoutes from './report/routes.js';
import notificationsRoutes from './notifications/routes.js';
import calendarRoutes from './calendar/routes.js';
import remindersRoutes from './reminders/routes.js';
import exportsRoutes from './exports/routes.js';
import importsRoutes from './imports/routes.js';
import privacyRoutes from './privacy/routes.js';
import backupRoutes from './backup/routes.js';
import delegationsRoutes from './delegations/routes.js';
import networksRoutes from './networks/routes.js';
import proposalsRoutes from './proposals/routes.js';
import localActorsRoutes from './local-actors/routes.js';
import documentsRoutes from './documents/routes.js';
import plansRoutes from './plans/routes.js';

export interface AppOptions {
  db: Db;
  config: Config;
  /** The clock. Tests pass a fixed one; nothing else reads the time directly. */
  now?: () => Date;
  logger?: boolean | object;
  /** The secret of the first-run setup link (server.ts prints it); random when not given. */
  setupToken?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: Config;
    now: () => Date;
  }
}

const htmxFolder = dirname(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'));

function trustHops(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db, config } = options;
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    // A hop count trusts only that many proxies from our side (Fastify's types omit numbers; this is what it does with one).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // Large enough that an oversized text field reaches validation and gets a 422, not a 413.
    bodyLimit: 16 * 1024 * 1024,
    // Repeated keys (checkboxes) become arrays.
    routerOptions: { querystringParser: (s: string) => parseQuery(s) },
    // Before any hook ran: the organisation's language is looked up here, as the pages would.
    frameworkErrors: (error, request, reply) => {
      request.org = loadOrganisation(db);
      frameworkError(error, request, reply);
    },
  });
  // The database belongs to the app from here on: closing the app closes it.
  app.decorate('db', db);
  app.addHook('onClose', async () => {
    if (db.$client.open) db.$client.close();
  });
  app.decorate('config', config);
  app.decorate('now', options.now ?? (() => new Date()));
  app.decorate('setupToken', options.setupToken ?? randomBytes(24).toString('base64url'));

  // Every route declares who may use it; a route without a rule cannot be registered.
  // The table of what was registered feeds the role x route and CSRF tests.
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (url.startsWith('/static/') || url.startsWith('/vendor/')) {
      route.config = { ...route.config, access: 'public' };
      return;
    }
    const access = route.config?.access;
    if (!access || !ACCESS_LEVELS.includes(access)) {
      throw new Error(`Route ${String(route.method)} ${url} has no access rule (config.access)`);
    }
    for (const method of [route.method].flat())
      routeTable.push({ method: String(method), url, access, csrf: route.config?.csrf !== false });
  });

  await app.register(securityHeadersPlugin);

  // gzip/brotli for pages and fragments (brotli at quality 4, the plugin's default); streamed exports
  // stay streamed (compressed chunk by chunk) and event streams are never compressed.
  await app.register(fastifyCompress, { encodings: ['br', 'gzip'] });

  await app.register(fastifyFormbody);
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: config.sessionSecret,
    cookieName: 'sid',
    // Over http the cookie must not be Secure, or the browser never gets it (STACK-NOTES 6).
    cookie: { secure: 'auto', httpOnly: true, sameSite: 'lax', path: '/' },
    saveUninitialized: false,
    rolling: false,
    store: new SqliteSessionStore(
      db,
      () => (loadOrganisation(db)?.absoluteTimeoutHours ?? 12) * 3_600_000 + 60_000,
      (err) => app.log.warn({ err }, 'session not saved: the database refused the write'),
    ),
  });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/session',
    getToken: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      // Never from the query string: a token in a URL leaks through logs, history and Referer.
      const header = req.headers['x-csrf-token'];
      return String((body && typeof body === 'object' && body._csrf) || header || '');
    },
  });
  await app.register(fastifyRateLimit, { global: false });

  await app.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root: htmxFolder,
      prefix: '/vendor/htmx/',
      decorateReply: false,
      maxAge: '1d',
      allowedPath: (p) => /^\/htmx(\.min)?\.js(\.map)?$/.test(p),
    });
  });

  await app.register(assetsPlugin);
  await app.register(viewsPlugin);
  await app.register(errorsPlugin);
  await app.register(contextPlugin);
  await app.register(requestPlugin);
  await app.register(keptPagesPlugin);

  await app.register(healthRoutes);

  await app.register(setupRoutes);
  await app.register(authRoutes);
  await app.register(dashboardRoutes);
  await app.register(partnersRoutes);
  await app.register(partnershipsRoutes);
  await app.register(goalsRoutes);
  await app.register(settingsRoutes);
  await app.register(usersRoutes);
  await app.register(profileRoutes);
  await app.register(auditRoutes);
  await app.register(contactsRoutes);
  await app.register(logRoutes);
  await app.register(followUpsRoutes);
  await app.register(searchRoutes);
  await app.register(ledgerRoutes);
  await app.register(projectsRoutes);
  await app.register(reviewsRoutes);
  await app.register(reportRoutes);
  await app.register(notificationsRoutes);
  await app.register(calendarRoutes);
  await app.register(remindersRoutes);
  await app.register(exportsRoutes);
  await app.register(importsRoutes);
  await app.register(privacyRoutes);
  await app.register(backupRoutes);
  await app.register(delegationsRoutes);
  await app.register(networksRoutes);
  await app.register(proposalsRoutes);
  await app.register(localActorsRoutes);
  await app.register(documentsRoutes);
  await app.register(plansRoutes);

  return app;
}
