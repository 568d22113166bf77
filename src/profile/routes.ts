// The signed-in user's own profile and password.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm } from '../lib/form.js';
import { LOCALES, translate } from '../i18n/index.js';
import { currentLocaleOf } from '../plugins/context.js';
import { flash } from '../plugins/views.js';
import { checkPassword, hashPassword, verifyPassword } from '../auth/passwords.js';
import { signIn } from '../auth/session.js';
import { profileSchema, timeZoneOptions } from './form.js';
import { changePassword, getProfile, updateProfile } from './queries.js';
import { recordAudit } from '../audit/record.js';
import { userActor } from '../plugins/request.js';
import {
  disableTwoFactor,
  enableTwoFactor,
  enrolment,
  issueRecoveryCodes,
  matchingStep,
  newSecret,
  twoFactorRequired,
  unusedRecoveryCodes,
} from '../auth/two-factor.js';

export default async function routes(app: FastifyInstance): Promise<void> {
  const signedIn = { config: { access: 'signed_in' as const } };

  function page(
    request: FastifyRequest,
    reply: FastifyReply,
    data: {
      values?: Record<string, unknown>;
      errors?: Record<string, string>;
      passwordErrors?: Record<string, string>;
      twoFactorErrors?: Record<string, string>;
    },
    status?: number,
  ) {
    const profile = getProfile(app.db, request.user!.id)!;
    return reply.page(
      'profile/index',
      {
        values: data.values ?? { ...profile, locale: profile.locale ?? '', timeZone: profile.timeZone ?? '' },
        errors: data.errors ?? {},
        passwordErrors: data.passwordErrors ?? {},
        twoFactor: {
          enabled: request.user!.hasTwoFactor,
          required: twoFactorRequired(request.org!.twoFactorRequired, request.user!.role),
          recoveryCodesLeft: unusedRecoveryCodes(app.db, request.user!.id),
        },
        twoFactorErrors: data.twoFactorErrors ?? {},
        locales: LOCALES,
        timeZones: timeZoneOptions(),
      },
      status ? { status } : {},
    );
  }

  app.get('/profile', signedIn, async (request, reply) => page(request, reply, {}));

  app.post('/profile', signedIn, async (request, reply) => {
    const parsed = parseForm(profileSchema, request.body, request.i18n);
    if (!parsed.ok) return page(request, reply, { values: parsed.values, errors: parsed.errors }, 422);
    const actor = userActor(request);
    if (updateProfile(app.db, actor, parsed.data) === 'emailTaken') {
      return page(
        request,
        reply,
        {
          values: { ...parsed.data, locale: parsed.data.locale ?? '', timeZone: parsed.data.timeZone ?? '' },
          errors: { email: request.i18n.t('users.emailTaken') },
        },
        422,
      );
    }
    // In the language the next page speaks, which this change may have switched.
    flash(request, translate(currentLocaleOf(app.db, request.user!.id), 'common.saved'));
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

  // ---- two-factor sign-in: enrol (scan, prove with a code), new recovery codes, turn off

  const enrolPage = async (request: FastifyRequest, reply: FastifyReply, problem: string, status?: number) => {
    const secret = (request.session.totpPending ??= newSecret());
    const { uri, svg } = await enrolment(secret, request.user!.email, request.org!.name);
    return reply.page(
      'profile/two-factor',
      {
        secret: secret.replace(/(.{4})/g, '$1 ').trim(),
        uri,
        qrSvg: svg,
        problem,
        required: twoFactorRequired(request.org!.twoFactorRequired, request.user!.role),
      },
      status ? { status } : {},
    );
  };

  app.get('/profile/two-factor', signedIn, async (request, reply) => {
    if (request.user!.hasTwoFactor) return reply.redirect('/profile', 303);
    return enrolPage(request, reply, '');
  });

  app.post('/profile/two-factor', signedIn, async (request, reply) => {
    if (request.user!.hasTwoFactor) return reply.redirect('/profile', 303);
    const secret = request.session.totpPending;
    const code = String((request.body as Record<string, unknown> | undefined)?.code ?? '');
    const now = app.now();
    const step = secret ? matchingStep(secret, code, now) : null;
    if (!secret || step === null) return enrolPage(request, reply, request.i18n.t('auth.twoFactor.wrongCode'), 422);
    const codes = enableTwoFactor(app.db, request.user!.id, secret, step);
    delete request.session.totpPending;
    recordAudit(app.db, { userId: request.user!.id, ip: request.ip, now }, 'two_factor_on', 'user', request.user!.id);
    return reply.page('profile/recovery-codes', { codes, first: true });
  });

  /** The current password, checked, for the two-factor actions that follow; false (and the page answered) when wrong. */
  async function withPassword(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const current = String((request.body as Record<string, unknown> | undefined)?.currentForTwoFactor ?? '');
    const profile = getProfile(app.db, request.user!.id)!;
    if (await verifyPassword(profile.passwordHash, current)) return true;
    await page(request, reply, { twoFactorErrors: { current: request.i18n.t('profile.wrongPassword') } }, 422);
    return false;
  }

  app.post('/profile/two-factor/recovery-codes', signedIn, async (request, reply) => {
    if (!request.user!.hasTwoFactor) return reply.redirect('/profile', 303);
    if (!(await withPassword(request, reply))) return reply;
    const codes = issueRecoveryCodes(app.db, request.user!.id);
    recordAudit(app.db, request.actor(), 'recovery_codes', 'user', request.user!.id);
    return reply.page('profile/recovery-codes', { codes, first: false });
  });

  app.post('/profile/two-factor/disable', signedIn, async (request, reply) => {
    if (!request.user!.hasTwoFactor) return reply.redirect('/profile', 303);
    if (twoFactorRequired(request.org!.twoFactorRequired, request.user!.role)) {
      return page(request, reply, { twoFactorErrors: { current: request.i18n.t('auth.twoFactor.cannotDisable') } }, 422);
    }
    if (!(await withPassword(request, reply))) return reply;
    disableTwoFactor(app.db, request.user!.id);
    recordAudit(app.db, request.actor(), 'two_factor_off', 'user', request.user!.id);
    flash(request, request.i18n.t('auth.twoFactor.disabled'));
    return reply.redirect('/profile', 303);
  });
}
