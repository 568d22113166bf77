// Goals page: the organisation's goals and principles, how many partnerships support each,
// and (coordinators) add, edit and delete with confirmation.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm } from '../lib/form.js';
import { redirectTo } from '../plugins/context.js';
import { flash } from '../plugins/views.js';
import { atLeast } from '../plugins/access.js';
import { GOAL_KINDS, goalSchema, revisionSchema } from './form.js';
import { frameworkVersionList, reviseFramework } from './versions.js';
import {
  createGoal,
  deleteGoal,
  findGoal,
  goalsWithSupport,
  planMeasureCount,
  reviewScoreCount,
  supportCount,
  updateGoal,
} from './queries.js';
import { foundOr404, idParam } from '../plugins/request.js';

export default async function routes(app: FastifyInstance): Promise<void> {
  const pageData = (
    request: FastifyRequest,
    values: Record<string, unknown> = { kind: 'goal' },
    errors: Record<string, string> = {},
    revision: { values: Record<string, unknown>; errors: Record<string, string> } = { values: { startsOn: request.today() }, errors: {} },
  ) => {
    const all = goalsWithSupport(app.db);
    return {
      versions: frameworkVersionList(app.db),
      revision,
      goals: all.filter((g) => g.kind === 'goal'),
      principles: all.filter((g) => g.kind === 'principle'),
      canEdit: atLeast(request.user!.role, 'coordinator'),
      values,
      errors,
      kinds: GOAL_KINDS,
      goal: null,
    };
  };

  const load = (request: FastifyRequest, reply: FastifyReply) => foundOr404(request, reply, (id) => findGoal(app.db, id));

  app.get('/goals', { config: { access: 'signed_in' } }, async (request, reply) => reply.page('goals/index', pageData(request)));

  app.post('/goals', { config: { access: 'coordinator' } }, async (request, reply) => {
    const parsed = parseForm(goalSchema, request.body, request.i18n);
    if (!parsed.ok)
      return reply.page('goals/index', pageData(request, parsed.values, parsed.errors), { status: 422, fragment: 'goals/_form' });
    createGoal(app.db, request.actor(), parsed.data);
    flash(request, request.i18n.t('goals.created', { name: parsed.data.name }));
    return redirectTo(request, reply, '/goals');
  });

  app.get('/goals/:id/edit', { config: { access: 'coordinator' } }, async (request, reply) => {
    const goal = await load(request, reply);
    if (!goal) return reply;
    return reply.page('goals/edit', { goal, values: goal, errors: {}, kinds: GOAL_KINDS });
  });

  app.post('/goals/:id', { config: { access: 'coordinator' } }, async (request, reply) => {
    const goal = await load(request, reply);
    if (!goal) return reply;
    const parsed = parseForm(goalSchema, request.body, request.i18n);
    if (!parsed.ok)
      return reply.page(
        'goals/edit',
        { goal, values: parsed.values, errors: parsed.errors, kinds: GOAL_KINDS },
        { status: 422, fragment: 'goals/_form' },
      );
    updateGoal(app.db, request.actor(), goal.id, parsed.data);
    flash(request, request.i18n.t('common.saved'));
    return redirectTo(request, reply, '/goals');
  });

  app.get('/goals/:id/delete', { config: { access: 'coordinator' } }, async (request, reply) => {
    const goal = await load(request, reply);
    if (!goal) return reply;
    return reply.page('goals/delete', {
      goal,
      supported: supportCount(app.db, goal.id),
      reviews: reviewScoreCount(app.db, goal.id),
      measures: planMeasureCount(app.db, goal.id),
    });
  });

  app.post('/goals/:id/delete', { config: { access: 'coordinator' } }, async (request, reply) => {
    const goal = await load(request, reply);
    if (!goal) return reply;
    const supported = supportCount(app.db, goal.id);
    const reviews = reviewScoreCount(app.db, goal.id);
    const measures = planMeasureCount(app.db, goal.id);
    const confirmed = (request.body as Record<string, unknown> | undefined)?.confirmed === '1';
    if (reviews > 0 || measures > 0) return reply.page('goals/delete', { goal, supported, reviews, measures }, { status: 409 });
    // Deleting a goal that partnerships support asks once more, saying how many.
    if (supported > 0 && !confirmed) return reply.page('goals/delete', { goal, supported, reviews, measures }, { status: 409 });
    if (deleteGoal(app.db, request.actor(), goal.id) !== 'deleted')
      return reply.code(409).page('goals/delete', { goal, supported, reviews: 1, measures });
    flash(request, request.i18n.t('goals.deleted', { name: goal.name }));
    return redirectTo(request, reply, '/goals');
  });

  // ---------------------------------------------------------------- versions of the framework

  app.post('/goals/versions', { config: { access: 'coordinator' } }, async (request, reply) => {
    const parsed = parseForm(revisionSchema, request.body, request.i18n);
    const invalid = (values: Record<string, unknown>, errors: Record<string, string>) =>
      reply.page('goals/index', pageData(request, undefined, undefined, { values, errors }), { status: 422 });
    if (!parsed.ok) return invalid(parsed.values, parsed.errors);
    const outcome = reviseFramework(app.db, request.actor(), parsed.data);
    if (!outcome.ok)
      return invalid(parsed.data, { [outcome.field]: request.i18n.t(outcome.error, { date: request.i18n.date(outcome.after) }) });
    flash(request, request.i18n.t('frameworks.revised', { date: request.i18n.date(parsed.data.startsOn) }));
    return redirectTo(request, reply, '/goals#versions-h');
  });

  app.get('/goals/versions/:id', { config: { access: 'signed_in' } }, async (request, reply) => {
    const id = idParam(request);
    const version = frameworkVersionList(app.db).find((v) => v.id === id);
    if (!version) return reply.code(404).renderError('notFound');
    return reply.page('goals/version', { version });
  });
}
