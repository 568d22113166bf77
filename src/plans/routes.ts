// Action plans: the list of plans, a plan's table of measures grouped by goal (edited in place with
// htmx), a measure's page with its indicators and links, and copying a plan to the next year.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm, type FieldErrors, type FormValues } from '../lib/form.js';
import { redirectTo } from '../plugins/context.js';
import { flash } from '../plugins/views.js';
import { foundOr404 } from '../plugins/request.js';
import { atLeast } from '../plugins/access.js';
import {
  MEASURE_STATUSES,
  checkIndicator,
  checkMeasureDates,
  indicatorProgress,
  needingAttention,
  planTotals,
  yearPeriod,
} from './domain.js';
import { indicatorSchema, measureSchema, planSchema, reportTextsSchema, toMeasureInput } from './form.js';
import { annualReport, saveReportTexts } from './report.js';
import {
  addIndicator,
  carriedFromYears,
  copyToNextYear,
  createMeasure,
  createPlan,
  deleteIndicator,
  deleteMeasure,
  findPlan,
  getIndicator,
  getMeasure,
  indicatorsOf,
  indicatorsOfMeasure,
  linkChoices,
  linksOf,
  listPlans,
  measuresOf,
  planGoals,
  updateIndicator,
  updateMeasure,
  type Indicator,
  type Measure,
  type Plan,
} from './queries.js';

export default async function routes(app: FastifyInstance): Promise<void> {
  const canEdit = (request: FastifyRequest) => atLeast(request.user!.role, 'coordinator');

  /** A number as the reader writes it in a form: their decimal sign, no grouping. */
  const plain = (request: FastifyRequest, n: number | null) =>
    n === null ? '' : new Intl.NumberFormat(request.i18n.intlLocale, { useGrouping: false, maximumFractionDigits: 2 }).format(n);

  const measureFormValues = (
    request: FastifyRequest,
    m: Measure,
    links?: { partnershipIds: number[]; delegationIds: number[] },
  ): FormValues => ({
    goalId: String(m.goalId),
    title: m.title,
    description: m.description,
    department: m.department,
    responsible: m.responsible,
    cost: m.costMinor === null ? '' : plain(request, m.costMinor / 100),
    startsOn: m.startsOn ?? '',
    endsOn: m.endsOn ?? '',
    status: m.status,
    partnershipIds: (links?.partnershipIds ?? []).map(String),
    delegationIds: (links?.delegationIds ?? []).map(String),
  });

  const indicatorFormValues = (request: FastifyRequest, i: Indicator): FormValues => ({
    name: i.name,
    target: plain(request, i.target),
    actual: plain(request, i.actual),
    unit: i.unit,
  });

  // ---------------------------------------------------------------- the list of plans

  const indexData = (request: FastifyRequest, values: FormValues, errors: FieldErrors) => ({
    plans: listPlans(app.db),
    canEdit: canEdit(request),
    values,
    errors,
  });

  const planDefaults = (request: FastifyRequest): FormValues => {
    const year = Number(request.today().slice(0, 4)) + 1;
    return { year: String(year), ...yearPeriod(year), title: '' };
  };

  app.get('/plans', { config: { access: 'signed_in' } }, async (request, reply) =>
    reply.page('plans/index', indexData(request, planDefaults(request), {})),
  );

  app.post('/plans', { config: { access: 'coordinator' } }, async (request, reply) => {
    const parsed = parseForm(planSchema, request.body, request.i18n);
    const invalid = (values: FormValues, errors: FieldErrors) =>
      reply.page('plans/index', indexData(request, values, errors), { status: 422, fragment: 'plans/_plan-form' });
    if (!parsed.ok) return invalid(parsed.values, parsed.errors);
    const outcome = createPlan(app.db, request.actor(), parsed.data);
    if (!outcome.ok)
      return invalid(request.body as FormValues, { [outcome.field]: request.i18n.t(outcome.error, { year: parsed.data.year }) });
    flash(request, request.i18n.t('plans.created', { year: parsed.data.year }));
    return redirectTo(request, reply, `/plans/${outcome.id}`);
  });

  // ---------------------------------------------------------------- one plan

  const loadPlan = (request: FastifyRequest, reply: FastifyReply): Promise<Plan | null> =>
    foundOr404(request, reply, (id) => findPlan(app.db, id));

  async function loadMeasure(request: FastifyRequest, reply: FastifyReply) {
    const plan = await loadPlan(request, reply);
    if (!plan) return null;
    const measure = await foundOr404(request, reply, (id) => getMeasure(app.db, plan.id, id), 'measureId');
    if (!measure) return null;
    return { plan, measure };
  }

  /** Everything the plan view shows: measures grouped by goal, totals, indicators, links, what needs attention. */
  function planData(request: FastifyRequest, plan: Plan, values: FormValues, errors: FieldErrors, extra: Record<string, unknown> = {}) {
    const measures = measuresOf(app.db, plan.id);
    const indicators = indicatorsOf(app.db, plan.id);
    const links = linksOf(app.db, plan.id);
    const goals = planGoals(app.db);
    const totals = planTotals(measures);
    const today = request.today();
    const attention = needingAttention(measures, indicators, today);
    const groups = goals
      .map((g) => ({ goal: g, measures: measures.filter((m) => m.goalId === g.id), totals: totals.byGoal.get(g.id) }))
      .filter((g) => g.measures.length > 0);
    return {
      plan,
      groups,
      goals,
      totals: totals.plan,
      indicators: indicators.map((i) => ({ ...i, progress: indicatorProgress(i) })),
      links,
      attention,
      carriedFrom: carriedFromYears(
        app.db,
        measures.flatMap((m) => (m.carriedFromId === null ? [] : [m.carriedFromId])),
      ),
      statuses: MEASURE_STATUSES,
      canEdit: canEdit(request),
      values,
      errors,
      editing: null,
      ...extra,
    };
  }

  const measureDefaults = (plan: Plan): FormValues => ({ status: 'planned', startsOn: plan.startsOn, endsOn: plan.endsOn });

  app.get('/plans/:id', { config: { access: 'signed_in' } }, async (request, reply) => {
    const plan = await loadPlan(request, reply);
    if (!plan) return reply;
    return reply.page('plans/show', planData(request, plan, measureDefaults(plan), {}), { fragment: 'plans/_plan' });
  });

  /** The measure's form checked by the schema and the rules; values kept and errors by field when not. */
  function readMeasure(request: FastifyRequest, plan: Plan) {
    const parsed = parseForm(measureSchema, request.body, request.i18n);
    if (!parsed.ok) return parsed;
    const input = toMeasureInput(parsed.data);
    const wrong = checkMeasureDates(plan, input);
    if (wrong) return { ok: false as const, values: request.body as FormValues, errors: { [wrong.field]: request.i18n.t(wrong.error) } };
    if (!planGoals(app.db).some((g) => g.id === input.goalId))
      return { ok: false as const, values: request.body as FormValues, errors: { goalId: request.i18n.t('validation.notFound') } };
    return { ok: true as const, data: input };
  }

  app.post('/plans/:id/measures', { config: { access: 'coordinator' } }, async (request, reply) => {
    const plan = await loadPlan(request, reply);
    if (!plan) return reply;
    const read = readMeasure(request, plan);
    if (!read.ok)
      return reply.page('plans/show', planData(request, plan, read.values, read.errors), { status: 422, fragment: 'plans/_plan' });
    createMeasure(app.db, request.actor(), plan.id, read.data, request.org!.currency);
    if (request.isHtmx) return reply.page('plans/show', planData(request, plan, measureDefaults(plan), {}), { fragment: 'plans/_plan' });
    flash(request, request.i18n.t('plans.measureAdded'));
    return redirectTo(request, reply, `/plans/${plan.id}`);
  });

  // In place: a row of the plan's table becomes its form and back.
  const rowData = (request: FastifyRequest, plan: Plan, measure: Measure, values: FormValues | null, errors: FieldErrors) => ({
    ...planData(request, plan, {}, {}),
    m: measure,
    editing: values ? { values, errors } : null,
  });

  app.get('/plans/:id/measures/:measureId/row', { config: { access: 'signed_in' } }, async (request, reply) => {
    const found = await loadMeasure(request, reply);
    if (!found) return reply;
    return reply.fragment('plans/_measure-row', rowData(request, found.plan, found.measure, null, {}));
  });

  app.get('/plans/:id/measures/:measureId/edit', { config: { access: 'coordinator' } }, async (request, reply) => {
    const found = await loadMeasure(request, reply);
    if (!found) return reply;
    const { plan, measure } = found;
    if (request.isHtmx)
      return reply.fragment('plans/_measure-row', rowData(request, plan, measure, measureFormValues(request, measure), {}));
    return redirectTo(request, reply, `/plans/${plan.id}/measures/${measure.id}`);
  });

  function measurePageData(
    request: FastifyRequest,
    plan: Plan,
    measure: Measure,
    values: FormValues | null,
    errors: FieldErrors,
    indicatorErrors: { id: number | 'new'; values: FormValues; errors: FieldErrors } | null = null,
  ) {
    const links = linksOf(app.db, plan.id);
    const own = {
      partnershipIds: links.partnerships.filter((l) => l.measureId === measure.id).map((l) => l.id),
      delegationIds: links.delegations.filter((l) => l.measureId === measure.id).map((l) => l.id),
    };
    const indicators = indicatorsOfMeasure(app.db, measure.id);
    return {
      plan,
      measure,
      goals: planGoals(app.db),
      statuses: MEASURE_STATUSES,
      choices: linkChoices(app.db, plan),
      values: values ?? measureFormValues(request, measure, own),
      errors,
      indicators: indicators.map((i) => ({
        ...i,
        progress: indicatorProgress(i),
        values: indicatorErrors?.id === i.id ? indicatorErrors.values : indicatorFormValues(request, i),
        errors: indicatorErrors?.id === i.id ? indicatorErrors.errors : {},
      })),
      newIndicator: indicatorErrors?.id === 'new' ? indicatorErrors : { values: {}, errors: {} },
      canEdit: canEdit(request),
    };
  }

  app.get('/plans/:id/measures/:measureId', { config: { access: 'signed_in' } }, async (request, reply) => {
    const found = await loadMeasure(request, reply);
    if (!found) return reply;
    return reply.page('plans/measure', measurePageData(request, found.plan, found.measure, null, {}));
  });

  app.post('/plans/:id/measures/:measureId', { config: { access: 'coordinator' } }, async (request, reply) => {
    const found = await loadMeasure(request, reply);
    if (!found) return reply;
    const { plan, measure } = found;
    // The measure's page posts its links too; the row in the plan's table does not.
    const fullForm = (request.body as Record<string, unknown> | undefined)?.links === '1';
    const read = readMeasure(request, plan);
    if (!read.ok) {
      if (fullForm) return reply.page('plans/measure', measurePageData(request, plan, measure, read.values, read.errors), { status: 422 });
      if (request.isHtmx) return reply.fragment('plans/_measure-row', rowData(request, plan, measure, read.values, read.errors), 422);
      return reply.page('plans/measure', measurePageData(request, plan, measure, read.values, read.errors), { status: 422 });
    }
    updateMeasure(app.db, request.actor(), measure, read.data, fullForm);
    if (request.isHtmx && !fullForm)
      return reply.page('plans/show', planData(request, plan, measureDefaults(plan), {}), { fragment: 'plans/_plan' });
    flash(request, request.i18n.t('common.saved'));
    return redirectTo(request, reply, fullForm ? `/plans/${plan.id}/measures/${measure.id}` : `/plans/${plan.id}`);
  });

  app.post('/plans/:id/measures/:measureId/delete', { config: { access: 'coordinator' } }, async (request, reply) => {
    const found = await loadMeasure(request, reply);
    if (!found) return reply;
    deleteMeasure(app.db, request.actor(), found.measure);
    flash(request, request.i18n.t('plans.measureDeleted', { title: found.measure.title }));
    return redirectTo(request, reply, `/plans/${found.plan.id}`);
  });

  // ---------------------------------------------------------------- indicators

  function readIndicator(request: FastifyRequest) {
    const parsed = parseForm(indicatorSchema, request.body, request.i18n);
    if (!parsed.ok) return parsed;
    const wrong = checkIndicator(parsed.data);
    if (wrong) return { ok: false as const, values: request.body as FormValues, errors: { [wrong.field]: request.i18n.t(wrong.error) } };
    return { ok: true as const, data: parsed.data };
  }

  const indicatorsAnswer = (request: FastifyRequest, reply: FastifyReply, plan: Plan, measure: Measure) => {
    if (request.isHtmx) return reply.fragment('plans/_indicators', measurePageData(request, plan, measure, null, {}));
    flash(request, request.i18n.t('common.saved'));
    return redirectTo(request, reply, `/plans/${plan.id}/measures/${measure.id}#indicators`);
  };

  const indicatorsInvalid = (
    request: FastifyRequest,
    reply: FastifyReply,
    plan: Plan,
    measure: Measure,
    id: number | 'new',
    values: FormValues,
    errors: FieldErrors,
  ) => {
    const data = measurePageData(request, plan, measure, null, {}, { id, values, errors });
    if (request.isHtmx) return reply.fragment('plans/_indicators', data, 422);
    return reply.page('plans/measure', data, { status: 422 });
  };

  app.post('/plans/:id/measures/:measureId/indicators', { config: { access: 'coordinator' } }, async (request, reply) => {
    const found = await loadMeasure(request, reply);
    if (!found) return reply;
    const read = readIndicator(request);
    if (!read.ok) return indicatorsInvalid(request, reply, found.plan, found.measure, 'new', read.values, read.errors);
    addIndicator(app.db, request.actor(), found.measure.id, read.data);
    return indicatorsAnswer(request, reply, found.plan, found.measure);
  });

  async function loadIndicator(request: FastifyRequest, reply: FastifyReply) {
    const found = await loadMeasure(request, reply);
    if (!found) return null;
    const indicator = await foundOr404(request, reply, (id) => getIndicator(app.db, found.measure.id, id), 'indicatorId');
    if (!indicator) return null;
    return { ...found, indicator };
  }

  app.post('/plans/:id/measures/:measureId/indicators/:indicatorId', { config: { access: 'coordinator' } }, async (request, reply) => {
    const found = await loadIndicator(request, reply);
    if (!found) return reply;
    const read = readIndicator(request);
    if (!read.ok) return indicatorsInvalid(request, reply, found.plan, found.measure, found.indicator.id, read.values, read.errors);
    updateIndicator(app.db, request.actor(), found.indicator, read.data);
    return indicatorsAnswer(request, reply, found.plan, found.measure);
  });

  app.post(
    '/plans/:id/measures/:measureId/indicators/:indicatorId/delete',
    { config: { access: 'coordinator' } },
    async (request, reply) => {
      const found = await loadIndicator(request, reply);
      if (!found) return reply;
      deleteIndicator(app.db, request.actor(), found.indicator);
      return indicatorsAnswer(request, reply, found.plan, found.measure);
    },
  );

  // ---------------------------------------------------------------- copy to the next year

  app.post('/plans/:id/copy', { config: { access: 'coordinator' } }, async (request, reply) => {
    const plan = await loadPlan(request, reply);
    if (!plan) return reply;
    const year = plan.year + 1;
    const title = plan.title.includes(String(plan.year)) ? plan.title.replaceAll(String(plan.year), String(year)) : plan.title;
    const outcome = copyToNextYear(app.db, request.actor(), plan, title);
    if (!outcome.ok) {
      const copyError = { message: request.i18n.t(outcome.error, { year }), existingId: outcome.existingId };
      return reply.page('plans/show', planData(request, plan, measureDefaults(plan), {}, { copyError }), { status: 409 });
    }
    flash(request, request.i18n.t('plans.copied', { year }));
    return redirectTo(request, reply, `/plans/${outcome.id}`);
  });

  // ---------------------------------------------------------------- the annual report

  const reportYear = (request: FastifyRequest): number | null => {
    const raw = (request.params as Record<string, string>).year ?? '';
    return /^\d{4}$/.test(raw) && Number(raw) >= 2000 && Number(raw) <= 2100 ? Number(raw) : null;
  };

  const reportData = (request: FastifyRequest, year: number, values: FormValues | null, errors: FieldErrors) => {
    const report = annualReport(app.db, year, request.org!.currency);
    return {
      report,
      values: values ?? {
        introduction: report.texts.introduction,
        ...Object.fromEntries(report.goals.map((g) => [`comment_${g.id}`, report.texts.comments.get(g.id) ?? ''])),
      },
      errors,
      canEdit: canEdit(request),
    };
  };

  app.get('/annual-report', { config: { access: 'signed_in' } }, async (request, reply) => {
    const q = (request.query as Record<string, unknown>).year;
    const year = typeof q === 'string' && /^\d{4}$/.test(q) ? q : request.today().slice(0, 4);
    return redirectTo(request, reply, `/annual-report/${year}`);
  });

  app.get('/annual-report/:year', { config: { access: 'signed_in' } }, async (request, reply) => {
    const year = reportYear(request);
    if (year === null) return reply.code(404).renderError('notFound');
    return reply.page('plans/report', reportData(request, year, null, {}));
  });

  app.post('/annual-report/:year/texts', { config: { access: 'coordinator' } }, async (request, reply) => {
    const year = reportYear(request);
    if (year === null) return reply.code(404).renderError('notFound');
    const goalIds = planGoals(app.db).map((g) => g.id);
    const parsed = parseForm(reportTextsSchema(goalIds), request.body, request.i18n);
    if (!parsed.ok) return reply.page('plans/report', reportData(request, year, parsed.values, parsed.errors), { status: 422 });
    saveReportTexts(app.db, request.actor(), year, parsed.data);
    flash(request, request.i18n.t('annualReport.textsSaved'));
    return redirectTo(request, reply, `/annual-report/${year}`);
  });
}
