// My follow-ups (open, due, overdue, done), marking one done (a sub-resource, POST), and
// correcting or deleting one.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CurrentUser } from '../plugins/context.js';
import { atLeast, mayTickFollowUp } from '../plugins/access.js';
import { parseForm, type FieldErrors, type FormValues } from '../lib/form.js';
import { mayEditLogEntry } from '../log/routes.js';
import { followUpSchema } from './form.js';
import { pager, parsePaging } from '../lib/paging.js';
import { flash } from '../plugins/views.js';
import { redirectTo } from '../plugins/context.js';
import { safeReturnPath } from '../log/form.js';
import { foundOr404, idParam } from '../plugins/request.js';
import {
  assigneeOptions,
  countFollowUps,
  deleteFollowUp,
  followUpCounts,
  followUpFilters,
  followUpsQuery,
  getFollowUp,
  getFollowUpForEdit,
  markDone,
  reopen,
  updateFollowUp,
  userExists,
} from './queries.js';

/**
 * Who may correct or delete a follow-up: whoever may edit the log entry it was set on (the
 * follow-up is created with it); one without an entry, coordinators and admins.
 */
export function mayChangeFollowUp(
  user: CurrentUser | null | undefined,
  f: { logEntryId: number | null; logCreatedById: number | null },
): boolean {
  if (f.logEntryId !== null) return mayEditLogEntry(user, f.logCreatedById);
  return !!user && atLeast(user.role, 'coordinator');
}

export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/follow-ups', { config: { access: 'signed_in' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const filters = followUpFilters(query);
    const paging = parsePaging(query, ['due', 'task'] as const, 'due');
    const day = request.today();
    const userId = request.user!.id;
    const rows = followUpsQuery(app.db, filters, userId, day)
      .limit(paging.perPage)
      .offset(paging.offset)
      .all()
      .map((r) => ({ ...r, canChange: mayChangeFollowUp(request.user, r), canTick: mayTickFollowUp(request.user, r) }));
    const total = countFollowUps(app.db, filters, userId, day);
    return reply.page(
      'follow-ups/index',
      {
        filters,
        paging,
        rows,
        today: day,
        pager: pager('/follow-ups', query, paging, total),
        counts: followUpCounts(app.db, userId, day),
        assignees: assigneeOptions(app.db),
      },
      { fragment: 'follow-ups/_list' },
    );
  });

  const change = (fn: typeof markDone) => async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const id = idParam(request);
    const f = id ? getFollowUpForEdit(app.db, id) : undefined;
    if (!id || !f) return reply.code(404).renderError('notFound');
    if (!mayTickFollowUp(request.user, f)) return reply.code(403).renderError('forbidden');
    fn(app.db, request.actor(), id);
    const row = getFollowUp(app.db, id)!;
    if (request.isHtmx) return reply.fragment('follow-ups/_state', { followUp: { ...row, canTick: true } });
    flash(request, request.i18n.t(row.doneAt ? 'followUps.markedDone' : 'followUps.reopened'));
    const back = safeReturnPath((request.body as Record<string, unknown> | undefined)?.returnTo);
    return reply.redirect(back ?? '/follow-ups', 303);
  };
  app.post('/follow-ups/:id/done', { config: { access: 'contributor' } }, change(markDone));
  app.post('/follow-ups/:id/reopen', { config: { access: 'contributor' } }, change(reopen));

  // ---------------------------------------------------------------- correcting and deleting

  /** The follow-up of /follow-ups/:id/…, or 404 / 403 already answered. */
  async function withFollowUp(request: FastifyRequest, reply: FastifyReply) {
    const f = await foundOr404(request, reply, (id) => getFollowUpForEdit(app.db, id));
    if (!f) return undefined;
    if (!mayChangeFollowUp(request.user, f)) {
      await reply.code(403).renderError('forbidden');
      return undefined;
    }
    return f;
  }

  /** Where to go back to: the page that linked here, else the follow-up's log entry, else the list. */
  const backTo = (request: FastifyRequest, f: { logEntryId: number | null }) => {
    const asked = (request.body as Record<string, unknown> | undefined)?.returnTo ?? (request.query as Record<string, unknown>).return;
    return safeReturnPath(asked) ?? (f.logEntryId ? `/log/${f.logEntryId}` : '/follow-ups');
  };

  type Editable = NonNullable<ReturnType<typeof getFollowUpForEdit>>;
  const formData = (request: FastifyRequest, f: Editable, values: FormValues, errors: FieldErrors) => ({
    followUp: f,
    values,
    errors,
    assignees: assigneeOptions(app.db),
    returnTo: backTo(request, f),
  });

  app.get('/follow-ups/:id/edit', { config: { access: 'contributor' } }, async (request, reply) => {
    const f = await withFollowUp(request, reply);
    if (!f) return reply;
    const values = { task: f.task, dueOn: f.dueOn, assigneeId: f.assigneeId === null ? '' : String(f.assigneeId) };
    return reply.page('follow-ups/edit', formData(request, f, values, {}));
  });

  app.post('/follow-ups/:id', { config: { access: 'contributor' } }, async (request, reply) => {
    const f = await withFollowUp(request, reply);
    if (!f) return reply;
    const invalid = (values: FormValues, errors: FieldErrors) =>
      reply.page('follow-ups/edit', formData(request, f, values, errors), { status: 422 });
    const parsed = parseForm(followUpSchema, request.body, request.i18n);
    if (!parsed.ok) return invalid(parsed.values, parsed.errors);
    const body = request.body as FormValues;
    if (f.logOccurredOn && parsed.data.dueOn < f.logOccurredOn)
      return invalid(body, { dueOn: request.i18n.t('followUps.error.dueBeforeEntry') });
    if (parsed.data.assigneeId !== null && !userExists(app.db, parsed.data.assigneeId))
      return invalid(body, { assigneeId: request.i18n.t('validation.notFound') });
    updateFollowUp(app.db, request.actor(), f.id, parsed.data);
    flash(request, request.i18n.t('common.saved'));
    return redirectTo(request, reply, backTo(request, f));
  });

  app.get('/follow-ups/:id/delete', { config: { access: 'contributor' } }, async (request, reply) => {
    const f = await withFollowUp(request, reply);
    if (!f) return reply;
    return reply.page('follow-ups/delete', formData(request, f, {}, {}));
  });

  app.post('/follow-ups/:id/delete', { config: { access: 'contributor' } }, async (request, reply) => {
    const f = await withFollowUp(request, reply);
    if (!f) return reply;
    // Without the confirmation the confirmation page answers: nothing is deleted by a stray post.
    if ((request.body as Record<string, unknown> | undefined)?.confirmed !== '1')
      return reply.page('follow-ups/delete', formData(request, f, {}, {}));
    deleteFollowUp(app.db, request.actor(), f.id);
    flash(request, request.i18n.t('followUps.deleted'));
    return redirectTo(request, reply, backTo(request, f));
  });
}
