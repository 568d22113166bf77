// Users admin (admin only): list, invite, edit role and department, deactivate/reactivate,
// and one-time password links the admin copies to the person (no email yet).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm } from '../lib/form.js';
import { pager, parsePaging } from '../lib/paging.js';
import { ROLES } from '../plugins/access.js';
import { flash } from '../plugins/views.js';
import { TWO_FACTOR_POLICIES, inviteSchema, securitySchema, userEditSchema } from './form.js';
import {
  USER_SORTS,
  getUser,
  inviteUser,
  listUsers,
  resetPassword,
  setActive,
  updateSecurity,
  updateUser,
  type UserRow,
} from './queries.js';
import { foundOr404 } from '../plugins/request.js';

export default async function routes(app: FastifyInstance): Promise<void> {
  const admin = { config: { access: 'admin' as const } };
  const linkFor = (token: string) => `${app.config.baseUrl.replace(/\/$/, '')}/password/${token}`;

  /** The user from :id, or a 404 page already sent. */
  const loadUser = (request: FastifyRequest, reply: FastifyReply): Promise<UserRow | null> =>
    foundOr404(request, reply, (id) => getUser(app.db, id));

  const editPage = (reply: FastifyReply, user: UserRow, values: Record<string, unknown>, errors: Record<string, string>, status?: number) =>
    reply.page('users/edit', { person: user, values, errors, roles: ROLES }, status ? { status } : {});

  app.get('/users', admin, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const paging = parsePaging(query, USER_SORTS, 'name');
    const { rows, total } = listUsers(app.db, paging);
    return reply.page('users/index', { rows, paging, pager: pager('/users', query, paging, total) });
  });

  // ---- the sign-in and privacy policy (two-factor requirement, viewers and contact details)

  const securityPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: Record<string, string>,
    status?: number,
  ) => reply.page('users/security', { values, errors, policies: TWO_FACTOR_POLICIES }, status ? { status } : {});

  app.get('/users/security', admin, async (request, reply) => {
    const org = request.org!;
    return securityPage(
      request,
      reply,
      { twoFactorRequired: org.twoFactorRequired, viewersSeeContactDetails: org.viewersSeeContactDetails },
      {},
    );
  });

  app.post('/users/security', admin, async (request, reply) => {
    const parsed = parseForm(securitySchema, request.body, request.i18n);
    if (!parsed.ok) return securityPage(request, reply, parsed.values, parsed.errors, 422);
    updateSecurity(app.db, request.actor(), parsed.data);
    flash(request, request.i18n.t('common.saved'));
    return reply.redirect('/users/security', 303);
  });

  app.get('/users/new', admin, async (_request, reply) => {
    return reply.page('users/new', { values: { role: 'contributor' }, errors: {}, roles: ROLES });
  });

  app.post('/users', admin, async (request, reply) => {
    const parsed = parseForm(inviteSchema, request.body, request.i18n);
    if (!parsed.ok) return reply.page('users/new', { values: parsed.values, errors: parsed.errors, roles: ROLES }, { status: 422 });
    const result = inviteUser(app.db, request.actor(), parsed.data);
    if (!result) {
      return reply.page(
        'users/new',
        { values: parsed.data, errors: { email: request.i18n.t('users.emailTaken') }, roles: ROLES },
        { status: 422 },
      );
    }
    return reply.page(
      'users/link',
      { person: getUser(app.db, result.id), link: linkFor(result.token), purpose: 'invite' },
      { status: 201 },
    );
  });

  app.get('/users/:id', admin, async (request, reply) => {
    const user = await loadUser(request, reply);
    if (!user) return reply;
    return editPage(reply, user, user, {});
  });

  app.post('/users/:id', admin, async (request, reply) => {
    const user = await loadUser(request, reply);
    if (!user) return reply;
    const parsed = parseForm(userEditSchema, request.body, request.i18n);
    if (!parsed.ok) return editPage(reply, user, parsed.values, parsed.errors, 422);
    // An admin cannot lower their own role: there must always be someone who can manage users.
    if (user.id === request.user!.id && parsed.data.role !== user.role) {
      return editPage(reply, user, parsed.data, { role: request.i18n.t('users.ownRole') }, 422);
    }
    updateUser(app.db, request.actor(), user.id, parsed.data);
    flash(request, request.i18n.t('common.saved'));
    return reply.redirect(`/users/${user.id}`, 303);
  });

  app.post('/users/:id/deactivation', admin, async (request, reply) => {
    const user = await loadUser(request, reply);
    if (!user) return reply;
    if (user.id === request.user!.id) return editPage(reply, user, user, { active: request.i18n.t('users.ownDeactivation') }, 422);
    setActive(app.db, request.actor(), user.id, false);
    flash(request, request.i18n.t('users.deactivated', { name: user.name }));
    return reply.redirect(`/users/${user.id}`, 303);
  });

  app.post('/users/:id/reactivation', admin, async (request, reply) => {
    const user = await loadUser(request, reply);
    if (!user) return reply;
    setActive(app.db, request.actor(), user.id, true);
    flash(request, request.i18n.t('users.reactivated', { name: user.name }));
    return reply.redirect(`/users/${user.id}`, 303);
  });

  app.post('/users/:id/password-reset', admin, async (request, reply) => {
    const user = await loadUser(request, reply);
    if (!user) return reply;
    const token = resetPassword(app.db, request.actor(), user.id)!;
    return reply.page('users/link', { person: user, link: linkFor(token), purpose: user.invited ? 'invite' : 'reset' });
  });
}
