// Sign in and sign out.
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { users } from '../db/schema.js';
import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from './passwords.js';
import { signIn, signOut } from './session.js';
import { recordAudit } from '../audit/record.js';

/** Only local paths: never send a user on to another site after sign-in. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) && !next.startsWith('/login') ? next : '/';
}

export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/login', { config: { access: 'public' } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    if (request.user) return reply.redirect(safeNext(query.next), 303);
    return reply.page('auth/login', { next: safeNext(query.next), expired: query.expired === '1', email: '', error: '' });
  });

  app.post('/login', {
    config: {
      access: 'public',
      rateLimit: { max: 10, timeWindow: '15 minutes', keyGenerator: (r) => `login-ip:${r.ip}` },
    },
  }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const email = String(body.email ?? '').trim().toLowerCase().slice(0, 254);
    const password = String(body.password ?? '').slice(0, 1024);
    const next = safeNext(body.next);
    const user = app.db.select().from(users).where(eq(users.email, email)).get();
    // Verify even when the user is unknown, so timing does not reveal which emails exist.
    const ok = await verifyPassword(user?.passwordHash ?? (await dummy()), password);
    if (!user || !ok || !user.active) {
      recordAudit(app.db, { userId: user?.id ?? null, ip: request.ip, now: app.now() }, 'login_failed', 'user', user?.id ?? null, { email: [null, email] });
      return reply.page('auth/login', { next, expired: false, email, error: request.i18n.t('auth.login.failed') }, { status: 401 });
    }
    await signIn(request, user.id, app.now());
    recordAudit(app.db, { userId: user.id, ip: request.ip, now: app.now() }, 'login', 'user', user.id);
    return reply.redirect(next, 303);
  });

  app.post('/logout', { config: { access: 'public' } }, async (request, reply) => {
    if (request.user) recordAudit(app.db, { userId: request.user.id, ip: request.ip, now: app.now() }, 'logout', 'user', request.user.id);
    await signOut(request);
    return reply.redirect('/login', 303);
  });
}

// A real argon2id hash of a random string: verifying against it costs the same as a real check.
let dummyHash: Promise<string> | undefined;
function dummy(): Promise<string> {
  return (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));
}
