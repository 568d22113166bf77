// My follow-ups (open, due, overdue, done) and marking one done (a sub-resource, POST).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pager, parsePaging } from '../lib/paging.js';
import { todayIn } from '../lib/dates.js';
import { flash } from '../plugins/views.js';
import { safeReturnPath } from '../log/form.js';
import { assigneeOptions, countFollowUps, followUpCounts, followUpFilters, followUpsQuery, getFollowUp, markDone, reopen } from './queries.js';

const idParam = (request: FastifyRequest) => {
  const n = Number((request.params as { id: string }).id);
  return Number.isInteger(n) && n > 0 ? n : null;
};

export default async function routes(app: FastifyInstance): Promise<void> {
  const today = (request: FastifyRequest) => todayIn(request.org!.timeZone, app.now());

  app.get('/follow-ups', { config: { access: 'signed_in' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const filters = followUpFilters(query);
    const paging = parsePaging(query, ['due', 'task'] as const, 'due');
    const day = today(request);
    const userId = request.user!.id;
    const rows = followUpsQuery(app.db, filters, userId, day).limit(paging.perPage).offset(paging.offset).all();
    const total = countFollowUps(app.db, filters, userId, day);
    return reply.page('follow-ups/index', {
      filters, paging, rows, today: day, pager: pager('/follow-ups', query, paging, total),
      counts: followUpCounts(app.db, userId, day), assignees: assigneeOptions(app.db),
    }, { fragment: 'follow-ups/_list' });
  });

  const change = (fn: typeof markDone) => async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const id = idParam(request);
    if (!id || !getFollowUp(app.db, id)) return reply.code(404).renderError('notFound');
    fn(app.db, { userId: request.user!.id, ip: request.ip, now: app.now() }, id);
    const row = getFollowUp(app.db, id)!;
    if (request.isHtmx) return reply.fragment('follow-ups/_state', { followUp: row });
    flash(request, request.i18n.t(row.doneAt ? 'followUps.markedDone' : 'followUps.reopened'));
    const back = safeReturnPath((request.body as Record<string, unknown> | undefined)?.returnTo);
    return reply.redirect(back ?? '/follow-ups', 303);
  };
  app.post('/follow-ups/:id/done', { config: { access: 'contributor' } }, change(markDone));
  app.post('/follow-ups/:id/reopen', { config: { access: 'contributor' } }, change(reopen));
}
