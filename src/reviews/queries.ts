// Reads and writes of reviews: evidence for the reviewer, the assessment, the decision flow with
// race-safe signing, end plans, the due/overdue/done lists and the reviews list for the exports.
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import {
  endPlans,
  followUps,
  goals,
  investmentBands,
  ledgerEntries,
  logEntries,
  logEntryPartners,
  logEntryPartnerships,
  partners,
  partnershipGoals,
  partnerships,
  reviewScores,
  reviews,
  statusChanges,
  users,
} from '../db/schema.js';
import { created, diff, recordAudit, type AuditActor } from '../audit/record.js';
import type { Organisation } from '../plugins/context.js';
import { addDays } from '../lib/dates.js';
import { hasLostTouch } from '../log/losing-touch.js';
import { lastContactOn } from '../log/last-contact.js';
import { transitionPartnership } from '../partnerships/queries.js';
import { nextStatuses } from '../partnerships/domain.js';
import { DECISIONS, RECOMMENDATIONS } from '../lib/words.js';
import { reviewDueOn } from './schedule.js';
import {
  adjustedLevel,
  annualise,
  defaultBands,
  investmentLevel,
  periodMonths,
  recommend,
  reviewPeriod,
  signOffRule,
  valueIndex,
  type Decision,
  type InvestmentBands,
  type Reason,
  type Recommendation,
  type ReviewState,
} from './domain.js';
import type { PartnershipHead } from '../partnerships/queries.js';

export type ReviewRow = typeof reviews.$inferSelect;

// ---------------------------------------------------------------- reading

/** How many administrators can sign reviews: the four-eyes rule relaxes when there is one. */
export function activeAdministrators(db: Db): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.active, true)))
      .get()?.n ?? 0
  );
}

/** The names of who proposed and who signed a review, for its page. */
export function reviewPeople(
  db: Db,
  review: Pick<ReviewRow, 'reviewerId' | 'signedById'>,
): { proposerName: string | null; signerName: string | null } {
  const name = (id: number | null) =>
    id ? (db.select({ name: users.name }).from(users).where(eq(users.id, id)).get()?.name ?? null) : null;
  return { proposerName: name(review.reviewerId), signerName: name(review.signedById) };
}

/** Link goals to a partnership from its review, where the reviewer finds none linked yet. */
export function linkGoalsFromReview(db: Db, actor: AuditActor, partnershipId: number, goalIds: number[]): void {
  inTransaction(db, () => {
    const before = db
      .select({ goalId: partnershipGoals.goalId })
      .from(partnershipGoals)
      .where(eq(partnershipGoals.partnershipId, partnershipId))
      .all()
      .map((g) => g.goalId);
    const added = goalIds.filter((id) => !before.includes(id));
    for (const goalId of added) db.insert(partnershipGoals).values({ partnershipId, goalId }).run();
    if (added.length > 0)
      recordAudit(db, actor, 'update', 'partnership', partnershipId, { goalIds: [before.join(','), [...before, ...added].join(',')] });
  });
}

export function findReview(db: Db, id: number): ReviewRow | undefined {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return db.select().from(reviews).where(eq(reviews.id, id)).get();
}

/** The bands for a year: the organisation's own, or the defaults of its currency. */
export function bandsFor(db: Db, year: number, currency: string): InvestmentBands & { custom: boolean } {
  const row = db.select().from(investmentBands).where(eq(investmentBands.year, year)).get();
  return row ? { ...row, custom: true } : { ...defaultBands(currency), custom: false };
}

export function allBands(db: Db) {
  return db.select().from(investmentBands).orderBy(desc(investmentBands.year)).all();
}

export function saveBands(db: Db, actor: AuditActor, year: number, currency: string, bands: InvestmentBands): void {
  inTransaction(db, () => {
    const before = db.select().from(investmentBands).where(eq(investmentBands.year, year)).get();
    const values = { year, currency, ...bands };
    db.insert(investmentBands)
      .values(values)
      .onConflictDoUpdate({ target: investmentBands.year, set: { currency, ...bands } })
      .run();
    recordAudit(db, actor, before ? 'update' : 'create', 'investment_bands', year, before ? diff(before, values) : created(values));
  });
}

/** Net of the ledger in a period (costs minus funding), with the parts. */
export function ledgerNet(db: Db, partnershipId: number, fromOn: string, toOn: string) {
  const r = db
    .select({
      costs: sql<number>`coalesce(sum(case when ${ledgerEntries.direction} = 'cost' then ${ledgerEntries.amountMinor} end), 0)`,
      funding: sql<number>`coalesce(sum(case when ${ledgerEntries.direction} = 'funding' then ${ledgerEntries.amountMinor} end), 0)`,
    })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.partnershipId, partnershipId), gte(ledgerEntries.occurredOn, fromOn), lte(ledgerEntries.occurredOn, toOn)))
    .get();
  const costs = r?.costs ?? 0;
  const funding = r?.funding ?? 0;
  return { costs, funding, net: costs - funding };
}

/** What the reviewer sees, gathered rather than typed: contacts, follow-ups done, costs and funding. */
export function evidence(db: Db, p: PartnershipHead, fromOn: string, toOn: string) {
  const log = db
    .select({
      id: logEntries.id,
      occurredOn: logEntries.occurredOn,
      type: logEntries.type,
      summary: logEntries.summary,
      outcome: logEntries.outcome,
    })
    .from(logEntryPartnerships)
    .innerJoin(logEntries, eq(logEntries.id, logEntryPartnerships.logEntryId))
    .where(and(eq(logEntryPartnerships.partnershipId, p.id), gte(logEntries.occurredOn, fromOn), lte(logEntries.occurredOn, toOn)))
    .orderBy(desc(logEntries.occurredOn))
    .limit(100)
    .all();
  const logCount =
    db
      .select({ n: sql<number>`count(*)` })
      .from(logEntryPartnerships)
      .innerJoin(logEntries, eq(logEntries.id, logEntryPartnerships.logEntryId))
      .where(and(eq(logEntryPartnerships.partnershipId, p.id), gte(logEntries.occurredOn, fromOn), lte(logEntries.occurredOn, toOn)))
      .get()?.n ?? 0;
  const followUpsDone = db
    .select({ id: followUps.id, task: followUps.task, dueOn: followUps.dueOn, doneAt: followUps.doneAt })
    .from(followUps)
    .where(and(eq(followUps.partnershipId, p.id), gte(followUps.doneAt, fromOn), lte(followUps.doneAt, `${toOn}T23:59:59.999Z`)))
    .orderBy(desc(followUps.doneAt))
    .limit(100)
    .all();
  const ledger = db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.partnershipId, p.id), gte(ledgerEntries.occurredOn, fromOn), lte(ledgerEntries.occurredOn, toOn)))
    .orderBy(desc(ledgerEntries.occurredOn))
    .limit(200)
    .all();
  return { log, logCount, followUpsDone, ledger, totals: ledgerNet(db, p.id, fromOn, toOn), lastContactOn: lastContactOn(db, p.id) };
}

export interface ScoreLine {
  goalId: number;
  kind: 'goal' | 'principle';
  name: string;
  score: number | null;
  evidence: string;
}

/** The goals linked to the partnership and every principle, with the review's scores so far. */
export function scoreLines(db: Db, reviewId: number, partnershipId: number): ScoreLine[] {
  const linked = db
    .select({ id: goals.id, kind: goals.kind, name: goals.name, position: goals.position })
    .from(partnershipGoals)
    .innerJoin(goals, eq(goals.id, partnershipGoals.goalId))
    .where(and(eq(partnershipGoals.partnershipId, partnershipId), eq(goals.kind, 'goal')))
    .all();
  const principles = db
    .select({ id: goals.id, kind: goals.kind, name: goals.name, position: goals.position })
    .from(goals)
    .where(eq(goals.kind, 'principle'))
    .all();
  const scores = new Map(
    db
      .select()
      .from(reviewScores)
      .where(eq(reviewScores.reviewId, reviewId))
      .all()
      .map((s) => [s.goalId, s]),
  );
  // A signed review keeps the goals it was scored on, even if the links changed since.
  const scoredGoals = db
    .select({ id: goals.id, kind: goals.kind, name: goals.name, position: goals.position })
    .from(reviewScores)
    .innerJoin(goals, eq(goals.id, reviewScores.goalId))
    .where(and(eq(reviewScores.reviewId, reviewId), eq(goals.kind, 'goal')))
    .all();
  const goalRows = [...new Map([...linked, ...scoredGoals].map((g) => [g.id, g])).values()].sort((a, b) => a.position - b.position);
  return [...goalRows, ...principles.sort((a, b) => a.position - b.position)].map((g) => ({
    goalId: g.id,
    kind: g.kind,
    name: g.name,
    score: scores.get(g.id)?.score ?? null,
    evidence: scores.get(g.id)?.evidence ?? '',
  }));
}

export function linkedGoalCount(db: Db, partnershipId: number): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(partnershipGoals)
      .innerJoin(goals, eq(goals.id, partnershipGoals.goalId))
      .where(and(eq(partnershipGoals.partnershipId, partnershipId), eq(goals.kind, 'goal')))
      .get()?.n ?? 0
  );
}

export function previousSigned(db: Db, partnershipId: number, beforeId?: number): ReviewRow | undefined {
  const where: SQL[] = [eq(reviews.partnershipId, partnershipId), eq(reviews.state, 'signed')];
  if (beforeId) where.push(sql`${reviews.id} <> ${beforeId}`);
  return db
    .select()
    .from(reviews)
    .where(and(...where))
    .orderBy(desc(reviews.periodEndOn), desc(reviews.id))
    .get();
}

export function openReview(db: Db, partnershipId: number): ReviewRow | undefined {
  return db
    .select()
    .from(reviews)
    .where(and(eq(reviews.partnershipId, partnershipId), inArray(reviews.state, ['draft', 'proposed', 'returned'])))
    .get();
}

// ---------------------------------------------------------------- the assessment

export interface Assessment {
  valueIndex: number | null;
  investmentNetMinor: number;
  investmentAnnualisedMinor: number;
  investmentLevelComputed: number;
  level: number;
  recommendation: Recommendation;
  reasons: Reason[];
}

/** Value, investment and Odense's rule for a review's period and scores, as of `today`. */
export function assess(
  db: Db,
  org: Organisation,
  p: PartnershipHead,
  review: Pick<ReviewRow, 'id' | 'periodStartOn' | 'periodEndOn'>,
  scores: { goalId: number; kind: 'goal' | 'principle'; score: number | null }[],
  adjustment: number,
  today: string,
): Assessment {
  const goalScores = scores.filter((s) => s.kind === 'goal' && s.score !== null).map((s) => s.score!);
  const principleScores = scores.filter((s) => s.kind === 'principle' && s.score !== null).map((s) => s.score!);
  const v = valueIndex(goalScores, principleScores);
  const { net } = ledgerNet(db, p.id, review.periodStartOn, review.periodEndOn);
  const annualised = annualise(net, review.periodStartOn, review.periodEndOn);
  const bands = bandsFor(db, Number(review.periodEndOn.slice(0, 4)), org.currency);
  const computed = investmentLevel(annualised, bands);
  const adj = adjustedLevel(computed, adjustment, adjustment === 0 ? '' : 'given');
  const level = adj.ok ? adj.level : computed;
  const contact = lastContactOn(db, p.id);
  const previous = previousSigned(db, p.id, review.id);
  const rule = recommend({
    valueIndex: v,
    investmentLevel: level,
    goalScores,
    linkedGoalCount: linkedGoalCount(db, p.id),
    lostTouch: hasLostTouch(contact, p.activeSinceOn, org.losingTouchMonths, today),
    lastContactOn: contact,
    previousValueIndex: previous?.valueIndex ?? null,
    annualisedMinor: annualised,
    currency: org.currency,
    months: Math.min(12, Math.max(1, Math.round(periodMonths(review.periodStartOn, review.periodEndOn)))),
  });
  return {
    valueIndex: v,
    investmentNetMinor: net,
    investmentAnnualisedMinor: annualised,
    investmentLevelComputed: computed,
    level,
    ...rule,
  };
}

// ---------------------------------------------------------------- writing

export type Refusal = { ok: false; error: string; status: number; params?: Record<string, string> };

/** Start a review, or return the one already open. Refused for partnerships being ended or ended. */
export function startReview(
  db: Db,
  actor: AuditActor,
  org: Organisation,
  p: PartnershipHead,
  today: string,
): { ok: true; id: number; existing: boolean } | Refusal {
  return inTransaction(db, () => {
    const current = db.select({ status: partnerships.status }).from(partnerships).where(eq(partnerships.id, p.id)).get();
    if (!current || current.status === 'ended' || current.status === 'ending')
      return { ok: false as const, error: 'reviews.error.partnershipEnded', status: 422 };
    const open = openReview(db, p.id);
    if (open) return { ok: true as const, id: open.id, existing: true };
    const previous = previousSigned(db, p.id);
    const period = reviewPeriod(previous?.periodEndOn ?? null, p.activeSinceOn ?? p.startOn ?? p.createdAt.slice(0, 10), today);
    const a = assess(db, org, p, { id: 0, periodStartOn: period.startOn, periodEndOn: period.endOn }, [], 0, today);
    const values = {
      partnershipId: p.id,
      periodStartOn: period.startOn,
      periodEndOn: period.endOn,
      state: 'draft' as const,
      reviewerId: actor.userId,
      valueIndex: null,
      investmentNetMinor: a.investmentNetMinor,
      investmentAnnualisedMinor: a.investmentAnnualisedMinor,
      investmentLevelComputed: a.investmentLevelComputed,
      recommendation: a.recommendation,
      reasons: JSON.stringify(a.reasons),
    };
    const row = db.insert(reviews).values(values).returning({ id: reviews.id }).get();
    recordAudit(db, actor, 'create', 'review', row.id, created(values));
    return { ok: true as const, id: row.id, existing: false };
  });
}

export interface AssessmentInput {
  scores: { goalId: number; score: number | null; evidence: string }[];
  adjustment: number;
  adjustmentReason: string;
}

const EDITABLE: ReviewState[] = ['draft', 'returned'];

/** Save the scores and the level adjustment of a draft or returned review, recomputing the rule. */
export function saveAssessment(
  db: Db,
  actor: AuditActor,
  org: Organisation,
  p: PartnershipHead,
  reviewId: number,
  input: AssessmentInput,
  today: string,
): { ok: true } | Refusal {
  return inTransaction(db, () => {
    const review = findReview(db, reviewId);
    if (!review || !EDITABLE.includes(review.state)) return { ok: false as const, error: 'reviews.error.notEditable', status: 409 };
    const lines = scoreLines(db, review.id, p.id);
    const kindOf = new Map(lines.map((l) => [l.goalId, l.kind]));
    db.delete(reviewScores).where(eq(reviewScores.reviewId, review.id)).run();
    for (const s of input.scores) {
      if (s.score === null || !kindOf.has(s.goalId)) continue;
      db.insert(reviewScores).values({ reviewId: review.id, goalId: s.goalId, score: s.score, evidence: s.evidence }).run();
    }
    const scores = input.scores.filter((s) => kindOf.has(s.goalId)).map((s) => ({ ...s, kind: kindOf.get(s.goalId)! }));
    const a = assess(db, org, p, review, scores, input.adjustment, today);
    const after = {
      valueIndex: a.valueIndex,
      investmentNetMinor: a.investmentNetMinor,
      investmentAnnualisedMinor: a.investmentAnnualisedMinor,
      investmentLevelComputed: a.investmentLevelComputed,
      investmentLevelAdjustment: input.adjustment,
      adjustmentReason: input.adjustment === 0 ? '' : input.adjustmentReason,
      recommendation: a.recommendation,
      reasons: JSON.stringify(a.reasons),
    };
    db.update(reviews).set(after).where(eq(reviews.id, review.id)).run();
    recordAudit(db, actor, 'update', 'review', review.id, {
      ...diff(review, after),
      scores: [null, scores.map((s) => [s.goalId, s.score])],
    });
    return { ok: true as const };
  });
}

/** The reviewer proposes a decision. Only a draft or returned review can be proposed. */
export function proposeDecision(
  db: Db,
  actor: AuditActor,
  reviewId: number,
  input: { decision: Decision; comment: string; revisionNote: string },
): { ok: true } | Refusal {
  return inTransaction(db, () => {
    const now = actor.now.toISOString();
    const changes = {
      decision: input.decision,
      decisionComment: input.comment,
      revisionNote: input.decision === 'revise' ? input.revisionNote : '',
      state: 'proposed' as const,
      proposedAt: now,
      reviewerId: actor.userId,
    };
    const result = db
      .update(reviews)
      .set(changes)
      .where(and(eq(reviews.id, reviewId), inArray(reviews.state, EDITABLE)))
      .run();
    if (result.changes !== 1) return { ok: false as const, error: 'reviews.error.notEditable', status: 409 };
    recordAudit(db, actor, 'status', 'review', reviewId, {
      state: ['draft', 'proposed'],
      decision: [null, input.decision],
      decisionComment: [null, input.comment],
    });
    return { ok: true as const };
  });
}

/**
 * An admin signs a proposed review. Race-safe: the state moves only if it is still 'proposed', so
 * of two people signing at once exactly one succeeds. Signing "end" moves the partnership to
 * ending and opens an end plan.
 */
export function signReview(
  db: Db,
  actor: AuditActor,
  reviewId: number,
  today: string,
  councilReference = '',
): { ok: true; ended: boolean } | Refusal {
  return inTransaction(db, () => {
    const now = actor.now.toISOString();
    const proposal = findReview(db, reviewId);
    if (proposal?.state === 'proposed' && actor.userId !== null) {
      const rule = signOffRule(proposal.reviewerId, actor.userId, activeAdministrators(db));
      if (!rule.ok) return { ok: false as const, error: rule.error, status: 403 };
    }
    const result = db
      .update(reviews)
      .set({ state: 'signed', signedById: actor.userId, signedAt: now, councilReference })
      .where(and(eq(reviews.id, reviewId), eq(reviews.state, 'proposed')))
      .run();
    if (result.changes !== 1) return { ok: false as const, error: 'reviews.error.alreadySigned', status: 409 };
    const review = findReview(db, reviewId)!;
    recordAudit(db, actor, 'status', 'review', reviewId, {
      state: ['proposed', 'signed'],
      signedById: [null, actor.userId],
      councilReference: [null, councilReference],
    });
    if (review.decision !== 'end') return { ok: true as const, ended: false };
    const p = db.select().from(partnerships).where(eq(partnerships.id, review.partnershipId)).get()!;
    // Through the lifecycle table: an active or dormant partnership goes to ending; one that is
    // only being explored stays as it is until its end plan is completed.
    if (nextStatuses(p.status).includes('ending')) {
      transitionPartnership(
        db,
        actor,
        p.id,
        { status: 'ending', changedOn: today, reason: review.decisionComment, reference: `review:${review.id}` },
        today,
      );
    }
    const plan = db.insert(endPlans).values({ partnershipId: p.id, reviewId: review.id }).returning({ id: endPlans.id }).get();
    recordAudit(db, actor, 'create', 'end_plan', plan.id, { partnershipId: [null, p.id], reviewId: [null, review.id] });
    return { ok: true as const, ended: true };
  });
}

/** An admin sends a proposal back to the reviewer with a comment. */
export function returnReview(db: Db, actor: AuditActor, reviewId: number, comment: string): { ok: true } | Refusal {
  return inTransaction(db, () => {
    const result = db
      .update(reviews)
      .set({ state: 'returned', returnComment: comment })
      .where(and(eq(reviews.id, reviewId), eq(reviews.state, 'proposed')))
      .run();
    if (result.changes !== 1) return { ok: false as const, error: 'reviews.error.notProposed', status: 409 };
    recordAudit(db, actor, 'status', 'review', reviewId, { state: ['proposed', 'returned'], returnComment: [null, comment] });
    return { ok: true as const };
  });
}

// ---------------------------------------------------------------- end plans

export type EndPlanRow = typeof endPlans.$inferSelect;

export function openEndPlan(db: Db, partnershipId: number): EndPlanRow | undefined {
  return db
    .select()
    .from(endPlans)
    .where(and(eq(endPlans.partnershipId, partnershipId), isNull(endPlans.completedAt)))
    .orderBy(desc(endPlans.id))
    .get();
}

export function findEndPlan(db: Db, id: number): EndPlanRow | undefined {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return db.select().from(endPlans).where(eq(endPlans.id, id)).get();
}

export function endPlansOf(db: Db, partnershipId: number): EndPlanRow[] {
  return db.select().from(endPlans).where(eq(endPlans.partnershipId, partnershipId)).orderBy(desc(endPlans.id)).all();
}

export function updateEndPlan(
  db: Db,
  actor: AuditActor,
  planId: number,
  input: { partnerInformedOn: string | null; councilReference: string; endOn: string | null },
): { ok: true } | Refusal {
  return inTransaction(db, () => {
    const before = findEndPlan(db, planId);
    if (!before || before.completedAt) return { ok: false as const, error: 'reviews.error.planCompleted', status: 409 };
    db.update(endPlans).set(input).where(eq(endPlans.id, planId)).run();
    recordAudit(db, actor, 'update', 'end_plan', planId, diff(before, input));
    return { ok: true as const };
  });
}

/** Completing the plan ends the partnership on the plan's end date. */
export function completeEndPlan(db: Db, actor: AuditActor, planId: number, today: string): { ok: true; partnershipId: number } | Refusal {
  return inTransaction(db, () => {
    const plan = findEndPlan(db, planId);
    if (!plan || plan.completedAt) return { ok: false as const, error: 'reviews.error.planCompleted', status: 409 };
    if (!plan.partnerInformedOn || !plan.endOn || !plan.councilReference)
      return { ok: false as const, error: 'reviews.error.planIncomplete', status: 422 };
    const now = actor.now.toISOString();
    const p = db.select().from(partnerships).where(eq(partnerships.id, plan.partnershipId)).get()!;
    if (p.status !== 'ended') {
      // Refused by the lifecycle (an end date in the future, or before the last change): nothing is written.
      const ended = transitionPartnership(
        db,
        actor,
        p.id,
        { status: 'ended', changedOn: plan.endOn, reason: '', reference: plan.councilReference },
        today,
      );
      if (!ended.ok && ended.reason === 'changed') return { ok: false as const, error: 'reviews.error.planCompleted', status: 409 };
      if (!ended.ok && ended.reason === 'partnerships.status.refused.future')
        return { ok: false as const, error: 'reviews.error.planNotYet', params: { date: plan.endOn }, status: 422 };
      if (!ended.ok) return { ok: false as const, error: ended.reason, params: ended.params, status: 422 };
    }
    db.update(endPlans)
      .set({ completedAt: now })
      .where(and(eq(endPlans.id, planId), isNull(endPlans.completedAt)))
      .run();
    recordAudit(db, actor, 'update', 'end_plan', planId, { completedAt: [null, now] });
    return { ok: true as const, partnershipId: p.id };
  });
}

// ---------------------------------------------------------------- lists

/** A partnership's reviews, newest first: the history with its trend. */
export function reviewHistory(db: Db, partnershipId: number) {
  return db
    .select({
      id: reviews.id,
      periodStartOn: reviews.periodStartOn,
      periodEndOn: reviews.periodEndOn,
      state: reviews.state,
      valueIndex: reviews.valueIndex,
      investmentNetMinor: reviews.investmentNetMinor,
      investmentAnnualisedMinor: reviews.investmentAnnualisedMinor,
      level: sql<number | null>`${reviews.investmentLevelComputed} + ${reviews.investmentLevelAdjustment}`,
      recommendation: reviews.recommendation,
      reasons: reviews.reasons,
      decision: reviews.decision,
      decisionComment: reviews.decisionComment,
      signedAt: reviews.signedAt,
      reviewerName: users.name,
    })
    .from(reviews)
    .leftJoin(users, eq(users.id, reviews.reviewerId))
    .where(eq(reviews.partnershipId, partnershipId))
    .orderBy(desc(reviews.periodEndOn), desc(reviews.id))
    .all();
}

export interface DueItem {
  partnershipId: number;
  title: string;
  partnerName: string;
  ownerId: number | null;
  ownerName: string | null;
  dueOn: string;
  lastReviewOn: string | null;
  openReviewId: number | null;
  openReviewState: ReviewState | null;
}

/** Active and dormant partnerships with their next review date, soonest first (one query). */
export function dueReviews(db: Db, org: Organisation, options: { ownerId?: number; until: string }): DueItem[] {
  const rows = db.all<{
    id: number;
    title: string;
    partnerName: string;
    status: 'active' | 'dormant';
    agreementType: string;
    activeSinceOn: string | null;
    reviewCadenceMonths: number;
    ownerId: number | null;
    ownerName: string | null;
    lastReviewOn: string | null;
    openId: number | null;
    openState: ReviewState | null;
  }>(sql`
    select p.id, p.title, pa.name as partnerName, p.status, p.agreement_type as agreementType, p.active_since_on as activeSinceOn,
      p.review_cadence_months as reviewCadenceMonths, p.owner_id as ownerId, u.name as ownerName,
      (select max(r.period_end_on) from reviews r where r.partnership_id = p.id and r.state = 'signed') as lastReviewOn,
      (select r.id from reviews r where r.partnership_id = p.id and r.state in ('draft','proposed','returned') order by r.id desc limit 1) as openId,
      (select r.state from reviews r where r.partnership_id = p.id and r.state in ('draft','proposed','returned') order by r.id desc limit 1) as openState
    from partnerships p join partners pa on pa.id = p.partner_id left join users u on u.id = p.owner_id
    where p.status in ('active', 'dormant') ${options.ownerId !== undefined ? sql`and p.owner_id = ${options.ownerId}` : sql``}`);
  const out: DueItem[] = [];
  for (const r of rows) {
    const dueOn = reviewDueOn(
      { status: r.status, agreementType: r.agreementType, activeSinceOn: r.activeSinceOn, reviewCadenceMonths: r.reviewCadenceMonths },
      r.lastReviewOn,
      org.councilPeriodEndOn,
    );
    if (!dueOn || dueOn > options.until) continue;
    out.push({
      partnershipId: r.id,
      title: r.title,
      partnerName: r.partnerName,
      ownerId: r.ownerId,
      ownerName: r.ownerName,
      dueOn,
      lastReviewOn: r.lastReviewOn,
      openReviewId: r.openId,
      openReviewState: r.openState,
    });
  }
  return out.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.title.localeCompare(b.title));
}

/** Reviews in progress (draft, proposed, returned), the oldest first. */
export function reviewsInProgress(db: Db, options: { states?: ReviewState[]; reviewerId?: number } = {}) {
  const where: SQL[] = [inArray(reviews.state, options.states ?? ['draft', 'proposed', 'returned'])];
  if (options.reviewerId !== undefined) where.push(eq(reviews.reviewerId, options.reviewerId));
  return db
    .select({
      id: reviews.id,
      state: reviews.state,
      partnershipId: reviews.partnershipId,
      title: partnerships.title,
      recommendation: reviews.recommendation,
      decision: reviews.decision,
      reviewerName: users.name,
      proposedAt: reviews.proposedAt,
      createdAt: reviews.createdAt,
    })
    .from(reviews)
    .innerJoin(partnerships, eq(partnerships.id, reviews.partnershipId))
    .leftJoin(users, eq(users.id, reviews.reviewerId))
    .where(and(...where))
    .orderBy(asc(reviews.id))
    .limit(200)
    .all();
}

export const REVIEW_SORTS = ['periodEndOn', 'partnership', 'valueIndex', 'recommendation', 'signedAt'] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];
const STATES = ['draft', 'proposed', 'returned', 'signed'] as const;

export interface ReviewFilters {
  state: ReviewState | null;
  recommendation: Recommendation | null;
  decision: Decision | null;
  year: number | null;
  partnershipId: number | null;
  sort: ReviewSort;
  dir: 'asc' | 'desc';
}

/** The reviews list's filters from a query string; the done list shows signed reviews unless told otherwise. */
export function reviewFilters(query: Record<string, unknown>): ReviewFilters {
  const year = Number(query.year);
  const pid = Number(query.partnershipId);
  const state =
    query.state === 'any' ? null : (STATES as readonly string[]).includes(String(query.state)) ? (query.state as ReviewState) : 'signed';
  return {
    state,
    recommendation: (RECOMMENDATIONS as readonly string[]).includes(String(query.recommendation))
      ? (query.recommendation as Recommendation)
      : null,
    decision: (DECISIONS as readonly string[]).includes(String(query.decision)) ? (query.decision as Decision) : null,
    year: Number.isInteger(year) && year >= 1900 && year <= 2999 ? year : null,
    partnershipId: Number.isSafeInteger(pid) && pid > 0 ? pid : null,
    sort: (REVIEW_SORTS as readonly string[]).includes(String(query.sort)) ? (query.sort as ReviewSort) : 'periodEndOn',
    dir: query.dir === 'asc' ? 'asc' : 'desc',
  };
}

function reviewWhere(f: ReviewFilters): SQL | undefined {
  const where: SQL[] = [];
  if (f.state) where.push(eq(reviews.state, f.state));
  if (f.recommendation) where.push(eq(reviews.recommendation, f.recommendation));
  if (f.decision) where.push(eq(reviews.decision, f.decision));
  if (f.year !== null) where.push(gte(reviews.periodEndOn, `${f.year}-01-01`), lte(reviews.periodEndOn, `${f.year}-12-31`));
  if (f.partnershipId !== null) where.push(eq(reviews.partnershipId, f.partnershipId));
  return where.length ? and(...where) : undefined;
}

/** The reviews list as a query not yet executed, with names rather than ids. */
export function reviewsQuery(db: Db, f: ReviewFilters) {
  const reviewer = sql<string | null>`(select name from users where users.id = ${reviews.reviewerId})`;
  const signer = sql<string | null>`(select name from users where users.id = ${reviews.signedById})`;
  const column = {
    periodEndOn: reviews.periodEndOn,
    partnership: partnerships.title,
    valueIndex: reviews.valueIndex,
    recommendation: reviews.recommendation,
    signedAt: reviews.signedAt,
  }[f.sort];
  const order = f.dir === 'asc' ? asc : desc;
  return db
    .select({
      id: reviews.id,
      partnershipId: reviews.partnershipId,
      partnershipTitle: partnerships.title,
      partnerName: partners.name,
      periodStartOn: reviews.periodStartOn,
      periodEndOn: reviews.periodEndOn,
      state: reviews.state,
      valueIndex: reviews.valueIndex,
      investmentNetMinor: reviews.investmentNetMinor,
      investmentAnnualisedMinor: reviews.investmentAnnualisedMinor,
      investmentLevel: sql<number | null>`${reviews.investmentLevelComputed} + ${reviews.investmentLevelAdjustment}`,
      recommendation: reviews.recommendation,
      reasons: reviews.reasons,
      decision: reviews.decision,
      decisionComment: reviews.decisionComment,
      reviewerName: reviewer,
      signedByName: signer,
      signedAt: reviews.signedAt,
    })
    .from(reviews)
    .innerJoin(partnerships, eq(partnerships.id, reviews.partnershipId))
    .innerJoin(partners, eq(partners.id, partnerships.partnerId))
    .where(reviewWhere(f))
    .orderBy(order(column), order(reviews.id));
}

export function countReviews(db: Db, f: ReviewFilters): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(reviews)
      .where(reviewWhere(f))
      .get()?.n ?? 0
  );
}

/** Today plus the look-ahead of the due list. */
export const dueHorizon = (today: string) => addDays(today, 30);
