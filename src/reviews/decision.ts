// The assessment and the decision flow: start a review, save scores, propose, sign (race-safe, four
// eyes where two administrators exist) or return.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { endPlans, partnerships, reviewScores, reviews } from '../db/schema.js';
import { created, diff, recordAudit, type AuditActor } from '../audit/record.js';
import type { Organisation } from '../plugins/context.js';
import { hasLostTouch } from '../log/losing-touch.js';
import { lastContactOn } from '../log/last-contact.js';
import { transitionPartnership } from '../partnerships/queries.js';
import { nextStatuses } from '../partnerships/domain.js';
import {
  adjustedLevel,
  annualise,
  investmentLevel,
  periodMonths,
  recommend,
  reviewPeriod,
  signOffRule,
  valueIndex,
  type Decision,
  type Reason,
  type Recommendation,
  type ReviewState,
} from './domain.js';
import type { PartnershipHead } from '../partnerships/queries.js';
import { type ReviewRow, findReview, previousSigned, openReview, activeAdministrators } from './queries.js';
import { ledgerNet, scoreLines, linkedGoalCount } from './evidence.js';
import { bandsFor } from './bands.js';

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
