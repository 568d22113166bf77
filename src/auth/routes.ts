// Sign in, sign out, and the one-time link that sets a password (invitation or reset).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { users } from '../db/schema.js';
import { randomBytes } from 'node:crypto';
import { inTransaction } from '../db/client.js';
import { checkPassword, hashPassword, verifyPassword } from './passwords.js';
import { destroyUserSessions, signIn, signOut } from './session.js';
import { checkPasswordToken, markTokenUsed } from './tokens.js';
import { LoginThrottle } from './login-limit.js';
import { PENDING_MS, unusedRecoveryCodes, verifySecondFactor } from './two-factor.js';
import { OidcClient, oidcSettings } from './oidc.js';
import { recordAudit } from '../audit/record.js';
import { flash } from '../plugins/views.js';

/**
 * Only local paths: never send a user on to another site after sign-in. The answer is percent-encoded
 * (a Location header takes ASCII only), so `/partners/Århus` redirects instead of failing.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !/^\/(?!\/)[^\s\\]*$/.test(next) || next.length > 2000) return '/';
  let url: URL;
  try {
    url = new URL(next, 'http://local.invalid');
  } catch {
    return '/';
  }
  const path = url.pathname + url.search;
  if (url.origin !== 'http://local.invalid' || path.startsWith('/login') || path.startsWith('//') || !/^[\x21-\x7e]+$/.test(path))
    return '/';
  return path;
}

/**
 * Limit on sign-in attempts per address and account (all attempts, through @fastify/rate-limit): a
 * coarse guard against floods; wrong passwords are slowed further per account and per address by
 * LoginThrottle. Counted per account too, because an office signs in from one address behind its
 * firewall: one person's attempts must not lock out the colleagues (per address alone, a walk reached
 * the limit with ordinary sign-ins). Counted in preHandler, where the form is read.
 */
export const LOGIN_IP_LIMIT = { max: 30, timeWindow: 15 * 60_000 };

/** The account a sign-in form names, as the route reads it. */
function submittedEmail(request: FastifyRequest): string {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return String(body.email ?? '')
    .trim()
    .toLowerCase()
    .slice(0, 254);
}

export default async function routes(app: FastifyInstance): Promise<void> {
  const throttle = new LoginThrottle(app.db);
  const oidcConfigured = oidcSettings();
  const oidc = oidcConfigured ? new OidcClient(oidcConfigured, `${app.config.baseUrl}/login/oidc/callback`) : null;
  const sso = oidc ? { label: oidc.settings.name } : null;

  app.get('/login', { config: { access: 'public' } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    if (request.user) return reply.redirect(safeNext(query.next), 303);
    return reply.page('auth/login', {
      next: safeNext(query.next),
      expired: query.expired === '1',
      accessChanged: query.changed === '1',
      email: '',
      problem: '',
      sso,
    });
  });

  app.post(
    '/login',
    {
      config: {
        access: 'public',
        rateLimit: { ...LOGIN_IP_LIMIT, hook: 'preHandler', keyGenerator: (r) => `login:${r.ip}:${submittedEmail(r)}` },
      },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const email = submittedEmail(request);
      const password = String(body.password ?? '').slice(0, 1024);
      const next = safeNext(body.next);
      const now = app.now();
      const actor = { userId: null, ip: request.ip, now };
      const keys = { account: email, address: request.ip };
      // Not an actual sleep: an attempt before the account's or address's "not before" is refused unread.
      const waitMs = throttle.waitMs(keys, now);
      if (waitMs > 0) {
        recordAudit(app.db, actor, 'login_blocked', 'user', null, { email: [null, email] });
        reply.header('Retry-After', String(Math.ceil(waitMs / 1000)));
        return reply.page('auth/login', { next, expired: false, email, problem: waitMessage(request, waitMs), sso }, { status: 429 });
      }
      const user = app.db.select().from(users).where(eq(users.email, email)).get();
      // Verify even when the user is unknown, so timing does not reveal which emails exist.
      const ok = await verifyPassword(user?.passwordHash ?? (await dummy()), password);
      if (!user || !ok || !user.active) {
        throttle.fail(keys, now);
        recordAudit(app.db, { ...actor, userId: user?.id ?? null }, 'login_failed', 'user', user?.id ?? null, { email: [null, email] });
        return reply.page(
          'auth/login',
          { next, expired: false, email, problem: request.i18n.t('auth.login.failed'), sso },
          { status: 401 },
        );
      }
      if (user.totpSecret) {
        // The password was right; the second step decides. The failure counter is not reset before it,
        // so a stranger who knows the password cannot buy fresh guesses at the code by typing it again.
        await request.session.regenerate();
        request.session.pendingUserId = user.id;
        request.session.pendingAt = now.getTime();
        request.session.pendingNext = next;
        return reply.redirect('/login/two-factor', 303);
      }
      throttle.succeed(keys);
      await signIn(request, user.id, now);
      recordAudit(app.db, { ...actor, userId: user.id }, 'login', 'user', user.id);
      return reply.redirect(next, 303);
    },
  );

  // ---- the second step: a code from the authenticator app, or a recovery code

  /** The user who gave the right password in this session less than PENDING_MS ago, or null. */
  const pendingUser = (request: import('fastify').FastifyRequest) => {
    const { pendingUserId, pendingAt } = request.session;
    if (!pendingUserId || !pendingAt || app.now().getTime() - pendingAt > PENDING_MS) return null;
    const user = app.db.select().from(users).where(eq(users.id, pendingUserId)).get();
    return user?.active && user.totpSecret ? user : null;
  };

  app.get('/login/two-factor', { config: { access: 'public' } }, async (request, reply) => {
    if (!pendingUser(request)) return reply.redirect('/login', 303);
    return reply.page('auth/two-factor', { problem: '' });
  });

  app.post('/login/two-factor', { config: { access: 'public' } }, async (request, reply) => {
    const user = pendingUser(request);
    if (!user) return reply.redirect('/login?expired=1', 303);
    const now = app.now();
    const keys = { account: user.email, address: request.ip };
    const actor = { userId: user.id, ip: request.ip, now };
    const waitMs = throttle.waitMs(keys, now);
    if (waitMs > 0) {
      recordAudit(app.db, actor, 'login_blocked', 'user', user.id, { step: [null, 'two_factor'] });
      reply.header('Retry-After', String(Math.ceil(waitMs / 1000)));
      return reply.page('auth/two-factor', { problem: waitMessage(request, waitMs) }, { status: 429 });
    }
    const code = String((request.body as Record<string, unknown> | undefined)?.code ?? '').slice(0, 64);
    const result = verifySecondFactor(app.db, user.id, code, now);
    if (!result.ok) {
      throttle.fail(keys, now);
      recordAudit(app.db, actor, 'login_failed', 'user', user.id, { step: [null, 'two_factor'] });
      return reply.page('auth/two-factor', { problem: request.i18n.t('auth.twoFactor.wrongCode') }, { status: 401 });
    }
    const next = safeNext(request.session.pendingNext);
    throttle.succeed(keys);
    await signIn(request, user.id, now); // a new session id, without the pending fields
    recordAudit(app.db, actor, 'login', 'user', user.id, { method: [null, result.method] });
    if (result.method === 'recovery_code')
      flash(request, request.i18n.t('auth.twoFactor.recoveryUsed', { count: unusedRecoveryCodes(app.db, user.id) }));
    return reply.redirect(next, 303);
  });

  // ---- OpenID Connect: the organisation's identity provider (authorisation code + PKCE)

  app.get('/login/oidc', { config: { access: 'public' } }, async (request, reply) => {
    if (!oidc) return reply.code(404).renderError('notFound');
    const query = request.query as Record<string, string | undefined>;
    let started;
    try {
      started = await oidc.start();
    } catch (err) {
      request.log.warn({ err }, 'OpenID Connect provider unreachable');
      return reply.page(
        'auth/login',
        { next: safeNext(query.next), expired: false, email: '', problem: request.i18n.t('auth.oidc.unavailable'), sso },
        { status: 502 },
      );
    }
    request.session.oidcPending = { ...started.pending, next: safeNext(query.next), at: app.now().getTime() };
    return reply.redirect(started.url, 303);
  });

  app.get('/login/oidc/callback', { config: { access: 'public' } }, async (request, reply) => {
    if (!oidc) return reply.code(404).renderError('notFound');
    const pending = request.session.oidcPending;
    const now = app.now();
    const refuse = (key: 'auth.oidc.failed' | 'auth.oidc.noAccount', status: number) =>
      reply.page('auth/login', { next: pending?.next ?? '/', expired: false, email: '', problem: request.i18n.t(key), sso }, { status });
    if (!pending || now.getTime() - pending.at > 10 * 60_000) return refuse('auth.oidc.failed', 400);
    delete request.session.oidcPending;
    let result;
    try {
      result = await oidc.finish(new URL(request.url, app.config.baseUrl), pending);
    } catch (err) {
      request.log.warn({ err }, 'OpenID Connect sign-in refused');
      return refuse('auth.oidc.failed', 401);
    }
    if ('error' in result) {
      recordAudit(app.db, { userId: null, ip: request.ip, now }, 'login_failed', 'user', null, { oidc: [null, result.error] });
      return refuse('auth.oidc.failed', 401);
    }
    // Matched by email, and the account must exist: no sign-up through the provider.
    const user = app.db.select().from(users).where(eq(users.email, result.email)).get();
    if (!user || !user.active) {
      recordAudit(app.db, { userId: user?.id ?? null, ip: request.ip, now }, 'login_failed', 'user', user?.id ?? null, {
        email: [null, result.email],
        method: [null, 'oidc'],
      });
      return refuse('auth.oidc.noAccount', 403);
    }
    await signIn(request, user.id, now);
    // The provider did the strong authentication; the app's own two-factor applies to passwords.
    request.session.viaOidc = true;
    recordAudit(app.db, { userId: user.id, ip: request.ip, now }, 'login', 'user', user.id, { method: [null, 'oidc'] });
    return reply.redirect(pending.next, 303);
  });

  app.post('/logout', { config: { access: 'public' } }, async (request, reply) => {
    if (request.user) recordAudit(app.db, request.actor(), 'logout', 'user', request.user.id);
    await signOut(request);
    reply.clearCookie('sid', { path: '/', httpOnly: true, sameSite: 'lax' });
    return reply.redirect('/login', 303);
  });

  // ---- one-time links: /password/<token>

  const tokenPage = (reason: 'unknown' | 'used' | 'expired') => ({ reason });

  app.get('/password/:token', { config: { access: 'public' } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    reply.header('Referrer-Policy', 'no-referrer');
    const state = checkPasswordToken(app.db, token, app.now());
    if (!state.ok) return reply.page('auth/link-invalid', tokenPage(state.reason), { status: 410 });
    const user = app.db.select().from(users).where(eq(users.id, state.userId)).get()!;
    return reply.page('auth/set-password', { token, purpose: state.purpose, name: user.name, email: user.email, errors: {} });
  });

  app.post('/password/:token', { config: { access: 'public' } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    reply.header('Referrer-Policy', 'no-referrer');
    const now = app.now();
    const state = checkPasswordToken(app.db, token, now);
    if (!state.ok) return reply.page('auth/link-invalid', tokenPage(state.reason), { status: 410 });
    const user = app.db.select().from(users).where(eq(users.id, state.userId)).get()!;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const password = String(body.password ?? '');
    const errors: Record<string, string> = {};
    const problem = checkPassword(password, { email: user.email, name: user.name });
    if (problem) errors.password = request.i18n.t(problem);
    else if (password !== String(body.confirm ?? '')) errors.confirm = request.i18n.t('auth.password.mismatch');
    if (Object.keys(errors).length > 0) {
      return reply.page(
        'auth/set-password',
        { token, purpose: state.purpose, name: user.name, email: user.email, errors },
        { status: 422 },
      );
    }
    const passwordHash = await hashPassword(password);
    const done = inTransaction(app.db, () => {
      // Checked again inside the transaction: two tabs must not both use one link.
      const again = checkPasswordToken(app.db, token, now);
      if (!again.ok) return false;
      markTokenUsed(app.db, again.id, now);
      app.db.update(users).set({ passwordHash }).where(eq(users.id, again.userId)).run();
      destroyUserSessions(app.db, again.userId);
      recordAudit(app.db, { userId: again.userId, ip: request.ip, now }, 'password_set', 'user', again.userId, {
        via: [null, again.purpose],
      });
      return true;
    });
    if (!done) return reply.page('auth/link-invalid', tokenPage('used'), { status: 410 });
    await request.session.regenerate();
    flash(request, request.i18n.t('auth.password.set'));
    return reply.redirect('/login', 303);
  });
}

/** "Please wait n seconds/minutes" for a throttled sign-in step. */
function waitMessage(request: import('fastify').FastifyRequest, waitMs: number): string {
  const seconds = Math.ceil(waitMs / 1000);
  return seconds >= 120
    ? request.i18n.tn('auth.login.waitMinutes', Math.ceil(seconds / 60))
    : request.i18n.tn('auth.login.waitSeconds', seconds);
}

// A real argon2id hash of a random string: verifying against it costs the same as a real check.
let dummyHash: Promise<string> | undefined;
function dummy(): Promise<string> {
  return (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));
}
