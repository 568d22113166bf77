// The signed-in user's own profile and password.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm } from '../lib/form.js';
import { LOCALES } from '../i18n/index.js';
import { flash } from '../plugins/views.js';
import { checkPassword, hashPassword, verifyPassword } from '../auth/passwords.js';
import { signIn } from '../auth/session.js';
import { profileSchema, timeZoneOptions } from './form.js';
import { changePassword, getProfile, updateProfile } from './queries.js';

export default async function routes(app: FastifyInstance): Promise<void> {
  const signedIn = { config: { access: 'signed_in' as const } };

  function page(request: FastifyRequest, reply: FastifyReply, data: { values?: Record<string, unknown>; errors?: Record<string, string>; passwordErrors?: Record<string, string> }, status?: number) {
    const profile = getProfile(app.db, request.user!.id)!;
    return reply.page('profile/index', {
      values: data.values ?? { ...profile, locale: profile.locale ?? '', timeZone: profile.timeZone ?? '' },
      errors: data.errors ?? {},
      passwordErrors: data.passwordErrors ?? {},
      locales: LOCALES,
      timeZones: timeZoneOptions(),
    }, status ? { status } : {});
  }

  app.get('/profile', signedIn, async (request, reply) => page(request, reply, {}));

  app.post('/profile', signedIn, async (request, reply) => {
    const parsed = parseForm(profileSchema, request.body, request.i18n);
    if (!parsed.ok) return page(request, reply, { values: parsed.values, errors: parsed.errors }, 422);
    const actor = { userId: request.user!.id, ip: request.ip, now: app.now() };
    if (updateProfile(app.db, actor, parsed.data) === 'emailTaken') {
      return page(request, reply, { values: { ...parsed.data, locale: parsed.data.locale ?? '', timeZone: parsed.data.timeZone ?? '' }, errors: { email: request.i18n.t('users.emailTaken') } }, 422);
    }
    flash(request, request.i18n.t('common.saved'));
    return reply.redirect('/profile', 303);
  });

  app.post('/profile/password', signedIn, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const current = String(body.current ?? '');
    const password = String(body.password ?? '');
    const errors: Record<string, string> = {};
    const profile = getProfile(app.db, request.user!.id)!;
    if (!(await verifyPassword(profile.passwordHash, current))) errors.current = request.i18n.t('profile.wrongPassword');
    const problem = checkPassword(password, { email: profile.email, name: profile.name });
    if (problem) errors.password = request.i18n.t(problem);
    else if (password !== String(body.confirm ?? '')) errors.confirm = request.i18n.t('auth.password.mismatch');
    if (Object.keys(errors).length > 0) return page(request, reply, { passwordErrors: errors }, 422);
    const now = app.now();
    const userId = request.user!.id;
    // A new password gets a new session id; every other session of the user ends.
    await signIn(request, userId, now);
    changePassword(app.db, { userId, ip: request.ip, now }, await hashPassword(password), request.session.sessionId);
    flash(request, request.i18n.t('profile.passwordChanged'));
    return reply.redirect('/profile', 303);
  });
}
