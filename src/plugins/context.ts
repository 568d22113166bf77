// Who is asking and in which language: loads the organisation and the signed-in user, applies
// the session timeouts, sends a fresh install to setup, enforces each route's access rule and
// checks the CSRF token on every state-changing request.
import { untilWrite } from '../db/memo.js';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { organisation, users } from '../db/schema.js';
import { createI18n, isLocale, type I18n, type Locale } from '../i18n/index.js';
import { allows, type Role } from './access.js';
import { twoFactorRequired } from '../auth/two-factor.js';
import { SIGNED_IN_KEYS } from '../auth/session.js';
import { loadOrganisation } from '../settings/queries.js';

export type Organisation = typeof organisation.$inferSelect;

export interface CurrentUser {
  id: number;
  name: string;
  email: string;
  role: Role;
  department: string;
  locale: Locale;
  timeZone: string;
  /** Whether two-factor sign-in is set up (TOTP). */
  hasTwoFactor: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    org: Organisation | null;
    user: CurrentUser | null;
    i18n: I18n;
    /** True when this request found a session that had just timed out. */
    sessionExpired: boolean;
    /** True when this request found a session ended by a change to its user's access (auth/session.ts). */
    accessChanged: boolean;
  }
  interface Session {
    userId?: number;
    loginAt?: number;
    lastSeenAt?: number;
    flash?: string[];
    /** Between a correct password and the second step of two-factor sign-in. */
    pendingUserId?: number;
    pendingAt?: number;
    pendingNext?: string;
    /** A TOTP secret being enrolled, until the user proves it with a code. */
    totpPending?: string;
    /** An OpenID Connect sign-in under way: what the callback must see again. */
    oidcPending?: { state: string; nonce: string; verifier: string; next: string; at: number };
    /** Signed in through the organisation's identity provider (its own strong authentication applies). */
    viaOidc?: boolean;
    /** The signed-in user's session timed out here (kept until the next sign-in replaces the session). */
    timedOut?: boolean;
    /** An administrator changed the user's role or deactivated them, which signed them out here. */
    accessChanged?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a user whom the policy requires to set up two-factor sign-in may still open. */
const TWO_FACTOR_SETUP_ROUTES = new Set(['/profile/two-factor', '/logout', '/health']);

/** The language a user reads: their own choice, else the organisation's (the one rule, for pages and flashes). */
function readerLocale(own: string | null | undefined, organisation: string | null | undefined): Locale | null {
  if (own && isLocale(own)) return own;
  return organisation && isLocale(organisation) ? organisation : null;
}

/** The language a user reads now, from the stored rows: after a change of language, the next page's. */
export function currentLocaleOf(db: import('../db/client.js').Db, userId: number): Locale {
  const own = db.select({ locale: users.locale }).from(users).where(eq(users.id, userId)).get()?.locale;
  return readerLocale(own, loadOrganisation(db)?.locale) ?? 'en';
}

function acceptLanguage(request: FastifyRequest): Locale {
  const header = String(request.headers['accept-language'] ?? '');
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    const lang = tag.split('-')[0]!;
    if (lang === 'no' || lang === 'nn') return 'nb';
    if (isLocale(lang)) return lang;
  }
  return 'en';
}

/**
 * The CSRF token for a page's forms. Generating one writes a secret into the session, so an anonymous
 * visitor only gets one on a public page (a form: sign-in, setup, a password link), never on a 404 or
 * a redirect: no session row for visitors who only look around.
 */
export function csrfToken(request: FastifyRequest, reply: FastifyReply): string {
  if (!request.session) return '';
  const hasSecret = request.session.get('_csrf' as never) !== undefined;
  if (request.user || hasSecret || request.routeOptions.config?.access === 'public') return reply.generateCsrf();
  return '';
}

/** Send the browser to a page; for htmx, tell it to navigate instead of swapping the answer in. */
export function redirectTo(request: FastifyRequest, reply: FastifyReply, url: string) {
  if (request.headers['hx-request']) return reply.header('HX-Redirect', url).code(204).send();
  return reply.redirect(url, 303);
}

/** For an htmx request, the page the browser shows (to return to it after signing in). */
function currentPage(request: FastifyRequest): string {
  try {
    const url = new URL(String(request.headers['hx-current-url'] ?? ''));
    return url.pathname + url.search;
  } catch {
    return '/';
  }
}

export default fp(async (app) => {
  app.decorateRequest('org', null);
  app.decorateRequest('user', null);
  app.decorateRequest('i18n', null as unknown as I18n);
  app.decorateRequest('sessionExpired', false);
  app.decorateRequest('accessChanged', false);

  // A signed-in page must not stay in a shared browser's or a proxy's cache.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.user) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  app.addHook('preHandler', async (request, reply) => {
    const org = loadOrganisation(app.db);
    request.org = org;
    const session = request.session;
    const nowMs = app.now().getTime();

    if (org && session.userId) {
      const idle = org.idleTimeoutMinutes * 60_000;
      const absolute = org.absoluteTimeoutHours * 3_600_000;
      const userId = session.userId;
      // Kept until the next write (db/memo.ts): deactivating a user or changing a role is a write.
      const row = untilWrite(app.db, `user:${userId}`, () => ({ row: app.db.select().from(users).where(eq(users.id, userId)).get() })).row;
      if (!row || !row.active || nowMs - (session.lastSeenAt ?? 0) > idle || nowMs - (session.loginAt ?? 0) > absolute) {
        // Signed out on the server. The session keeps its id, emptied but for a mark that it timed out, so a
        // request still on its way with the same cookie (a poll beside the user's own click) says so too,
        // rather than whichever answer comes last deciding whether the sign-in page says why. Signing in
        // replaces the id (no fixation).
        const timedOut = !!row?.active;
        for (const key of SIGNED_IN_KEYS) session[key] = undefined;
        session.timedOut = timedOut;
        request.sessionExpired = timedOut;
      } else {
        // Write the session back at most once a minute, not on every request.
        if (nowMs - (session.lastSeenAt ?? 0) > 60_000) session.lastSeenAt = nowMs;
        request.user = {
          id: row.id,
          name: row.name,
          email: row.email,
          role: row.role,
          department: row.department,
          locale: (readerLocale(row.locale, org.locale) ?? org.locale) as Locale,
          timeZone: row.timeZone ?? org.timeZone,
          hasTwoFactor: row.totpSecret !== null,
        };
      }
    } else if (session.timedOut) {
      request.sessionExpired = true;
    } else if (session.accessChanged) {
      request.accessChanged = true;
    }

    const locale: Locale = request.user?.locale ?? readerLocale(null, org?.locale) ?? acceptLanguage(request);
    request.i18n = createI18n(locale, request.user?.timeZone ?? org?.timeZone ?? 'UTC', org?.currency ?? 'EUR');

    const access = request.routeOptions.config.access;
    if (!access) return; // 404 handler: no route matched

    // Two-factor required by the organisation and not set up yet: the enrolment page first.
    if (
      request.user &&
      org &&
      !request.user.hasTwoFactor &&
      !session.viaOidc &&
      twoFactorRequired(org.twoFactorRequired, request.user.role) &&
      !TWO_FACTOR_SETUP_ROUTES.has(request.routeOptions.url ?? '')
    ) {
      return redirectTo(request, reply, '/profile/two-factor');
    }

    if (!org && access !== 'public') return redirectTo(request, reply, '/setup');
    if (!request.user && access !== 'public') {
      const next = request.method === 'GET' && !request.headers['hx-request'] ? request.url : currentPage(request);
      const params = new URLSearchParams({ next });
      if (request.sessionExpired) params.set('expired', '1');
      if (request.accessChanged) params.set('changed', '1');
      return redirectTo(request, reply, `/login?${params}`);
    }
    if (!allows(request.user?.role ?? null, access)) {
      return reply.code(403).renderError('forbidden');
    }
    if (!SAFE_METHODS.has(request.method) && request.routeOptions.config.csrf !== false) {
      // The plugin's check is synchronous: it either calls next or sends a 403 through the error handler.
      let passed = false;
      app.csrfProtection(request, reply, () => {
        passed = true;
      });
      if (!passed) return reply;
    }
  });
});
