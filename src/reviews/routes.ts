// Reviews: the due/overdue/done lists, a partnership's review history, starting a review, the
// review page (evidence, scores, Odense's rule), the decision flow, end plans and the bands.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm, type FieldErrors, type FormValues } from '../lib/form.js';
import { parsePaging, pager } from '../lib/paging.js';
import { redirectTo } from '../plugins/context.js';
import { flash } from '../plugins/views.js';
import { loadPartnership, type PartnershipHead } from '../partnerships/queries.js';
import { mayEditPartnership } from '../partnerships/domain.js';
import { partnershipOr404 } from '../partnerships/load.js';
import { bandsAreValid, canDo, checkProposal, defaultBands, signOffRule } from './domain.js';
import { describeReason, parseReasons } from './reasons.js';
import { moneyInputValue } from '../lib/numbers.js';
import { bandsSchema, endPlanSchema, linkGoalsSchema, parseAssessment, proposalSchema, returnSchema, signOffSchema } from './form.js';
import { goalChoices } from '../partnerships/queries.js';
import { foundOr404, idParam } from '../plugins/request.js';
import { reviewFramework } from '../goals/versions.js';
import { atLeast } from '../plugins/access.js';
import { expectedAtEntry } from '../proposals/at-review.js';
import { localActorEvidence } from '../local-actors/queries.js';
import { networkEvidence } from '../networks/queries.js';
import { activeAdministrators, reviewPeople, findReview, openReview, type ReviewRow } from './queries.js';
import { allBands, bandsFor, saveBands } from './bands.js';
import { completeEndPlan, endPlansOf, findEndPlan, openEndPlan, updateEndPlan } from './end-plans.js';
import { linkGoalsFromReview, evidence, scoreLines } from './evidence.js';
import {
  countReviews,
  dueHorizon,
  dueReviews,
  reviewFilters,
  reviewHistory,
  reviewsInProgress,
  reviewsQuery,
  REVIEW_SORTS,
} from './lists.js';
import { proposeDecision, returnReview, saveAssessment, signReview, startReview } from './decision.js';

export default async function routes(app: FastifyInstance): Promise<void> {
  const reasonsText = (request: FastifyRequest, json: string | null) => parseReasons(json).map((r) => describeReason(r, request.i18n));

  const reviewOr404 = (request: FastifyRequest, reply: FastifyReply): Promise<{ review: ReviewRow; p: PartnershipHead } | null> =>
    foundOr404(request, reply, (id) => {
      const review = findReview(app.db, id);
      const p = review && loadPartnership(app.db, review.partnershipId);
      return review && p ? { review, p } : null;
    });

  // ---------------------------------------------------------------- lists

  app.get('/reviews', { config: { access: 'signed_in' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const t = request.today();
    const filters = reviewFilters(query);
    const paging = parsePaging(query, REVIEW_SORTS, 'periodEndOn', 'desc', 50);
    const f = { ...filters, sort: paging.sort, dir: paging.dir, labels: request.i18n };
    const done = reviewsQuery(app.db, f)
      .limit(paging.perPage)
      .offset(paging.offset)
      .all()
      .map((r) => ({ ...r, reasonLines: reasonsText(request, r.reasons) }));
    const due = dueReviews(app.db, request.org!, { until: dueHorizon(t) });
    // The due lists can run to thousands at a region's size: 50 at a time each, the most overdue first.
    const duePage = (items: typeof due, param: string) => {
      const paged = parsePaging({ page: query[param] }, ['dueOn'], 'dueOn', 'asc', 50);
      return {
        items: items.slice(paged.offset, paged.offset + paged.perPage),
        pager: pager('/reviews', query, paged, items.length, param),
      };
    };
    return reply.page(
      'reviews/index',
      {
        today: t,
        overdue: duePage(
          due.filter((d) => d.dueOn < t),
          'overdue',
        ),
        upcoming: duePage(
          due.filter((d) => d.dueOn >= t),
          'upcoming',
        ),
        inProgress: reviewsInProgress(app.db),
        done,
        filters,
        paging,
        pager: pager('/reviews', query, paging, countReviews(app.db, filters)),
      },
      { fragment: 'reviews/_done' },
    );
  });

  /** A partnership's reviews: history and trend, the open review, the end plans (with a refused change's errors). */
  function partnershipReviewsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    p: PartnershipHead,
    plan: { errors: FieldErrors; values: FormValues | null } = { errors: {}, values: null },
    status = 200,
  ) {
    const history = reviewHistory(app.db, p.id).map((r) => ({ ...r, reasonLines: reasonsText(request, r.reasons) }));
    return reply.page(
      'reviews/partnership',
      {
        partnership: p,
        tab: 'reviews',
        history,
        trend: history.filter((r) => r.state === 'signed').reverse(),
        open: openReview(app.db, p.id),
        plans: endPlansOf(app.db, p.id),
        planErrors: plan.errors,
        planValues: plan.values,
        canStart: mayEditPartnership(request.user, p) && !['ending', 'ended'].includes(p.status),
        canPlan: atLeast(request.user!.role, 'coordinator'),
      },
      { status },
    );
  }

  app.get('/partnerships/:id/reviews', { config: { access: 'signed_in' } }, async (request, reply) => {
    const p = await partnershipOr404(request, reply);
    if (!p) return reply;
    return partnershipReviewsPage(request, reply, p);
  });

  // ---------------------------------------------------------------- starting a review

  app.get('/reviews/new', { config: { access: 'contributor' } }, async (request, reply) => {
    const p = await partnershipOr404(request, reply, (request.query as Record<string, unknown>).partnershipId);
    if (!p) return reply;
    if (!mayEditPartnership(request.user, p)) return reply.code(403).renderError('forbidden');
    const open = openReview(app.db, p.id);
    if (open) return reply.redirect(`/reviews/${open.id}`, 303);
    return reply.page('reviews/new', { partnership: p, refused: ['ending', 'ended'].includes(p.status) });
  });

  app.post('/partnerships/:id/reviews', { config: { access: 'contributor' } }, async (request, reply) => {
    const p = await partnershipOr404(request, reply);
    if (!p) return reply;
    if (!mayEditPartnership(request.user, p)) return reply.code(403).renderError('forbidden');
    const result = startReview(app.db, request.actor(), request.org!, p, request.today());
    if (!result.ok) return reply.page('reviews/new', { partnership: p, refused: true }, { status: result.status });
    return redirectTo(request, reply, `/reviews/${result.id}`);
  });

  // ---------------------------------------------------------------- the review page

  function reviewData(
    request: FastifyRequest,
    review: ReviewRow,
    p: PartnershipHead,
    extra: {
      values?: FormValues | null;
      errors?: FieldErrors;
      refusal?: string;
      proposalValues?: FormValues | null;
      proposalErrors?: FieldErrors;
      returnErrors?: FieldErrors;
      linkErrors?: FieldErrors;
    } = {},
  ) {
    const user = request.user!;
    const editable = canDo(review.state, 'edit') && mayEditPartnership(user, p);
    const { version, framework } = reviewFramework(app.db, review.id);
    // A signed review made under an earlier framework version reads with that version's goal names.
    const underEarlierVersion = review.state === 'signed' && version !== null && !version.current;
    const names = new Map([...framework.goals, ...framework.principles].map((g) => [g.id, g.name]));
    const lines = scoreLines(app.db, review.id, p.id).map((l) => (underEarlierVersion ? { ...l, name: names.get(l.goalId) ?? l.name } : l));
    const signOff =
      user.role === 'admin' && canDo(review.state, 'sign') ? signOffRule(review.reviewerId, user.id, activeAdministrators(app.db)) : null;
    return {
      review,
      partnership: p,
      tab: 'reviews',
      evidence: evidence(app.db, p, review.periodStartOn, review.periodEndOn),
      localActors: localActorEvidence(app.db, p.id, review.periodStartOn, review.periodEndOn),
      entry: expectedAtEntry(app.db, review, lines, request.org!.hourlyRateMinor),
      network: networkEvidence(app.db, p.id, review.periodStartOn, review.periodEndOn),
      lines,
      reasonLines: reasonsText(request, review.reasons),
      level: review.investmentLevelComputed === null ? null : review.investmentLevelComputed + review.investmentLevelAdjustment,
      editable,
      canSign: signOff?.ok === true,
      soleAdminSigns: signOff?.ok === true && signOff.soleAdmin,
      ownProposal: signOff?.ok === false,
      people: reviewPeople(app.db, review),
      frameworkVersion: underEarlierVersion ? version : null,
      goalChoices: editable && lines.every((l) => l.kind !== 'goal') ? goalChoices(app.db).filter((g) => g.kind === 'goal') : [],
      linkErrors: extra.linkErrors ?? {},
      plan: openEndPlan(app.db, p.id),
      values: extra.values ?? null,
      errors: extra.errors ?? {},
      refusal: extra.refusal ?? '',
      proposalValues: extra.proposalValues ?? null,
      proposalErrors: extra.proposalErrors ?? {},
      returnErrors: extra.returnErrors ?? {},
    };
  }

  app.get('/reviews/:id', { config: { access: 'signed_in' } }, async (request, reply) => {
    const found = await reviewOr404(request, reply);
    if (!found) return reply;
    return reply.page('reviews/show', reviewData(request, found.review, found.p), { fragment: 'reviews/_assessment' });
  });

  /** A write on a review that its state does not allow (signed reviews are immutable). */
  function refuse(request: FastifyRequest, reply: FastifyReply, review: ReviewRow, p: PartnershipHead, error: string, status = 409) {
    const fresh = findReview(app.db, review.id) ?? review;
    return reply.page('reviews/show', reviewData(request, fresh, p, { refusal: request.i18n.t(error) }), { status });
  }

  /** The review a contributor's write is for: 404 when missing, 403 unless they may edit its partnership, 409 unless its state allows `action`. */
  async function reviewToChange(request: FastifyRequest, reply: FastifyReply, action: 'edit' | 'propose') {
    const found = await reviewOr404(request, reply);
    if (!found) return undefined;
    if (!mayEditPartnership(request.user, found.p)) {
      await reply.code(403).renderError('forbidden');
      return undefined;
    }
    if (!canDo(found.review.state, action)) {
      await refuse(request, reply, found.review, found.p, 'reviews.error.notEditable');
      return undefined;
    }
    return found;
  }

  app.post('/reviews/:id', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await reviewToChange(request, reply, 'edit');
    if (!found) return reply;
    const { review, p } = found;
    const lines = scoreLines(app.db, review.id, p.id);
    const parsed = parseAssessment(request.body, lines, request.i18n);
    if (!parsed.ok) {
      return reply.page('reviews/show', reviewData(request, review, p, { values: parsed.values, errors: parsed.errors }), {
        status: 422,
        fragment: 'reviews/_assessment',
      });
    }
    const result = saveAssessment(app.db, request.actor(), request.org!, p, review.id, parsed.data, request.today());
    if (!result.ok) return refuse(request, reply, review, p, result.error, result.status);
    if (request.isHtmx) return reply.fragment('reviews/_assessment', reviewData(request, findReview(app.db, review.id)!, p));
    flash(request, request.i18n.t('reviews.saved'));
    return redirectTo(request, reply, `/reviews/${review.id}`);
  });

  app.post('/reviews/:id/proposal', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await reviewToChange(request, reply, 'propose');
    if (!found) return reply;
    const { review, p } = found;
    const parsed = parseForm(proposalSchema, request.body, request.i18n);
    if (!parsed.ok)
      return reply.page('reviews/show', reviewData(request, review, p, { proposalValues: parsed.values, proposalErrors: parsed.errors }), {
        status: 422,
      });
    const check = checkProposal(parsed.data, review.valueIndex);
    if (!check.ok) {
      return reply.page(
        'reviews/show',
        reviewData(request, review, p, { proposalValues: parsed.data, proposalErrors: { [check.field]: request.i18n.t(check.error) } }),
        { status: 422 },
      );
    }
    const result = proposeDecision(app.db, request.actor(), review.id, parsed.data);
    if (!result.ok) return refuse(request, reply, review, p, result.error, result.status);
    flash(request, request.i18n.t('reviews.proposed'));
    return redirectTo(request, reply, `/reviews/${review.id}`);
  });

  app.post('/reviews/:id/sign-off', { config: { access: 'admin' } }, async (request, reply) => {
    const found = await reviewOr404(request, reply);
    if (!found) return reply;
    const { review, p } = found;
    const parsed = parseForm(signOffSchema, request.body, request.i18n);
    if (!parsed.ok)
      return reply.page('reviews/show', reviewData(request, review, p, { refusal: parsed.errors.councilReference }), { status: 422 });
    const result = signReview(app.db, request.actor(), review.id, request.today(), parsed.data.councilReference);
    if (!result.ok) return refuse(request, reply, review, p, result.error, result.status);
    flash(request, request.i18n.t(result.ended ? 'reviews.signedEnding' : 'reviews.signed'));
    return redirectTo(request, reply, result.ended ? `/partnerships/${p.id}/reviews` : `/reviews/${review.id}`);
  });

  app.post('/reviews/:id/goals', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await reviewToChange(request, reply, 'edit');
    if (!found) return reply;
    const { review, p } = found;
    const known = new Set(
      goalChoices(app.db)
        .filter((g) => g.kind === 'goal')
        .map((g) => g.id),
    );
    const parsed = parseForm(linkGoalsSchema, request.body, request.i18n);
    if (!parsed.ok || parsed.data.goalIds.some((id) => !known.has(id))) {
      const errors = parsed.ok ? { goalIds: request.i18n.t('validation.notFound') } : parsed.errors;
      return reply.page('reviews/show', reviewData(request, review, p, { linkErrors: errors }), { status: 422 });
    }
    linkGoalsFromReview(app.db, request.actor(), p.id, parsed.data.goalIds);
    flash(request, request.i18n.t('reviews.goalsLinked'));
    return redirectTo(request, reply, `/reviews/${review.id}#assessment`);
  });

  app.post('/reviews/:id/return', { config: { access: 'admin' } }, async (request, reply) => {
    const found = await reviewOr404(request, reply);
    if (!found) return reply;
    const { review, p } = found;
    if (!canDo(review.state, 'return')) return refuse(request, reply, review, p, 'reviews.error.notProposed');
    const parsed = parseForm(returnSchema, request.body, request.i18n);
    if (!parsed.ok) return reply.page('reviews/show', reviewData(request, review, p, { returnErrors: parsed.errors }), { status: 422 });
    const result = returnReview(app.db, request.actor(), review.id, parsed.data.returnComment);
    if (!result.ok) return refuse(request, reply, review, p, result.error, result.status);
    flash(request, request.i18n.t('reviews.returned'));
    return redirectTo(request, reply, `/reviews/${review.id}`);
  });

  // ---------------------------------------------------------------- end plans

  app.post('/partnerships/:id/end-plan', { config: { access: 'coordinator' } }, async (request, reply) => {
    const p = await partnershipOr404(request, reply);
    if (!p) return reply;
    const plan = openEndPlan(app.db, p.id);
    if (!plan) return reply.code(404).renderError('notFound');
    const parsed = parseForm(endPlanSchema, request.body, request.i18n);
    if (!parsed.ok) return partnershipReviewsPage(request, reply, p, { errors: parsed.errors, values: parsed.values }, 422);
    const result = updateEndPlan(app.db, request.actor(), plan.id, parsed.data);
    if (!result.ok)
      return partnershipReviewsPage(
        request,
        reply,
        p,
        { errors: { _form: request.i18n.t(result.error) }, values: parsed.data as FormValues },
        result.status,
      );
    flash(request, request.i18n.t('reviews.plan.saved'));
    return redirectTo(request, reply, `/partnerships/${p.id}/reviews`);
  });

  app.post('/end-plans/:id/completion', { config: { access: 'admin' } }, async (request, reply) => {
    const plan = findEndPlan(app.db, idParam(request) ?? 0);
    if (!plan) return reply.code(404).renderError('notFound');
    const result = completeEndPlan(app.db, request.actor(), plan.id, request.today());
    if (!result.ok) {
      const p = loadPartnership(app.db, plan.partnershipId)!;
      const errors = {
        _form: request.i18n.t(
          result.error,
          result.params && Object.fromEntries(Object.entries(result.params).map(([k, v]) => [k, request.i18n.date(v)])),
        ),
      };
      return partnershipReviewsPage(request, reply, p, { errors, values: null }, result.status);
    }
    flash(request, request.i18n.t('reviews.plan.completed'));
    return redirectTo(request, reply, `/partnerships/${result.partnershipId}/reviews`);
  });

  // ---------------------------------------------------------------- investment bands

  function bandsPage(request: FastifyRequest, reply: FastifyReply, values: FormValues | null, errors: FieldErrors, status?: number) {
    const currency = request.org!.currency;
    const year = Number(request.today().slice(0, 4));
    const current = bandsFor(app.db, year, currency);
    const d = defaultBands(currency);
    const major = (m: number) => moneyInputValue(m, request.i18n.locale);
    return reply.page(
      'reviews/bands',
      {
        bands: allBands(app.db),
        defaults: d,
        currentYear: year,
        values: values ?? {
          year: String(year),
          level1: major(current.level1FromMinor),
          level2: major(current.level2FromMinor),
          level3: major(current.level3FromMinor),
          level4: major(current.level4FromMinor),
        },
        errors,
      },
      status ? { status } : {},
    );
  }

  app.get('/settings/investment-bands', { config: { access: 'admin' } }, async (request, reply) => bandsPage(request, reply, null, {}));

  app.post('/settings/investment-bands', { config: { access: 'admin' } }, async (request, reply) => {
    const parsed = parseForm(bandsSchema, request.body, request.i18n);
    if (!parsed.ok) return bandsPage(request, reply, parsed.values, parsed.errors, 422);
    const bands = {
      level1FromMinor: parsed.data.level1!,
      level2FromMinor: parsed.data.level2!,
      level3FromMinor: parsed.data.level3!,
      level4FromMinor: parsed.data.level4!,
    };
    if (!bandsAreValid(bands))
      return bandsPage(request, reply, request.body as FormValues, { level1: request.i18n.t('reviews.bands.error.rising') }, 422);
    saveBands(app.db, request.actor(), parsed.data.year, request.org!.currency, bands);
    flash(request, request.i18n.t('common.saved'));
    return redirectTo(request, reply, '/settings/investment-bands');
  });
}
