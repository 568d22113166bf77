// The rules of a review, as pure functions of plain data: the value index, annualising and
// banding the investment, Odense's rule (continue / watch / end, with its reasons) and the
// decision flow (draft -> proposed -> signed, or back to returned).
import { DateTime } from 'luxon';

import { DECISIONS, RECOMMENDATIONS, REVIEW_STATES } from '../lib/words.js';

export type Recommendation = (typeof RECOMMENDATIONS)[number];
export type Decision = (typeof DECISIONS)[number];
export type ReviewState = (typeof REVIEW_STATES)[number];

export const SCORE_MIN = 0;
export const SCORE_MAX = 4;

/** Round to one decimal, free of binary noise (2.25 -> 2.3). */
export function oneDecimal(n: number): number {
  return Math.round((n + Number.EPSILON) * 10) / 10;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The value index (0-4, one decimal): the mean of the goal scores and the mean of the principle
 * scores, averaged. When only one group was scored it alone counts; with no scores at all, null.
 */
export function valueIndex(goalScores: readonly number[], principleScores: readonly number[]): number | null {
  const parts = [goalScores, principleScores].filter((g) => g.length > 0).map(mean);
  if (parts.length === 0) return null;
  return oneDecimal(mean(parts));
}

/** Months between two calendar dates, the end day included (2025-01-01..2025-12-31 is 12). */
export function periodMonths(periodStartOn: string, periodEndOn: string): number {
  const start = DateTime.fromISO(periodStartOn, { zone: 'utc' });
  const endExclusive = DateTime.fromISO(periodEndOn, { zone: 'utc' }).plus({ days: 1 });
  return Math.max(0, endExclusive.diff(start, 'months').months);
}

/**
 * The net investment of a period scaled to twelve months. A period shorter than a year counts
 * as a year: most costs (an annual fee, one delegation) come once a year, and scaling a
 * three-month period up four times would overstate them. Longer periods are scaled down.
 */
export function annualise(netMinor: number, periodStartOn: string, periodEndOn: string): number {
  const months = periodMonths(periodStartOn, periodEndOn);
  return Math.round((netMinor * 12) / Math.max(12, months));
}

export interface InvestmentBands {
  level1FromMinor: number;
  level2FromMinor: number;
  level3FromMinor: number;
  level4FromMinor: number;
}

/** Sensible starting bands per currency (e.g. DKK: < 10k, < 50k, < 150k, < 400k, >= 400k), in minor units. */
const DEFAULT_BANDS_MAJOR: Record<string, [number, number, number, number]> = {
  DKK: [10_000, 50_000, 150_000, 400_000],
  NOK: [15_000, 75_000, 225_000, 600_000],
  SEK: [15_000, 75_000, 225_000, 600_000],
  EUR: [1_500, 7_000, 20_000, 55_000],
  ISK: [200_000, 1_000_000, 3_000_000, 8_000_000],
  GBP: [1_200, 6_000, 17_000, 45_000],
  USD: [1_500, 7_500, 22_000, 60_000],
};

export function defaultBands(currency: string): InvestmentBands {
  const [a, b, c, d] = DEFAULT_BANDS_MAJOR[currency] ?? DEFAULT_BANDS_MAJOR.EUR!;
  return { level1FromMinor: a * 100, level2FromMinor: b * 100, level3FromMinor: c * 100, level4FromMinor: d * 100 };
}

/** Bands must rise strictly from level 1 to level 4 and start above zero. */
export function bandsAreValid(b: InvestmentBands): boolean {
  return (
    b.level1FromMinor > 0 &&
    b.level1FromMinor < b.level2FromMinor &&
    b.level2FromMinor < b.level3FromMinor &&
    b.level3FromMinor < b.level4FromMinor
  );
}

/** The investment level 0-4 of an annualised net investment: how many band thresholds it reaches. */
export function investmentLevel(annualisedMinor: number, bands: InvestmentBands): number {
  const thresholds = [bands.level1FromMinor, bands.level2FromMinor, bands.level3FromMinor, bands.level4FromMinor];
  return thresholds.filter((t) => annualisedMinor >= t).length;
}

export type AdjustmentResult = { ok: true; level: number } | { ok: false; error: 'adjustmentRange' | 'adjustmentReason' };

/**
 * The reviewer may raise or lower the computed level by one step (unlogged time is real), but
 * only with a stated reason; the result stays within 0-4.
 */
export function adjustedLevel(computed: number, adjustment: number, reason: string): AdjustmentResult {
  if (![-1, 0, 1].includes(adjustment)) return { ok: false, error: 'adjustmentRange' };
  if (adjustment !== 0 && reason.trim() === '') return { ok: false, error: 'adjustmentReason' };
  return { ok: true, level: Math.min(SCORE_MAX, Math.max(SCORE_MIN, computed + adjustment)) };
}

export function isValidScore(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= SCORE_MIN && n <= SCORE_MAX;
}

// ---------------------------------------------------------------- Odense's rule

export type ReasonCode =
  | 'valueBelowInvestment'
  | 'noGoalLinked'
  | 'noGoalSupported'
  | 'lostTouch'
  | 'neverContacted'
  | 'smallMargin'
  | 'valueFell'
  | 'valueCoversInvestment'
  | 'notScored';

/** A reason with raw parameters (numbers, minor units, ISO dates); words come at rendering time. */
export interface Reason {
  code: ReasonCode;
  params: Record<string, string | number>;
}

export interface RuleInput {
  valueIndex: number | null;
  investmentLevel: number;
  goalScores: readonly number[];
  linkedGoalCount: number;
  lostTouch: boolean;
  lastContactOn: string | null;
  previousValueIndex: number | null;
  /** For the words of the reasons only. */
  annualisedMinor?: number;
  currency?: string;
  months?: number;
}

export interface RuleResult {
  recommendation: Recommendation;
  reasons: Reason[];
}

/** The margin under which value only just covers investment. */
export const WATCH_MARGIN = 0.5;
/** A fall in value index this large since the previous review is a warning. */
export const FALL_THRESHOLD = 1;

// Differences of one-decimal numbers, compared in hundredths so 2.5 - 2 is exactly 0.5.
const hundredths = (n: number) => Math.round(n * 100);

/**
 * Odense's rule: a partnership must give back at least as much as is invested, support at least
 * one of the city's goals, and stay in touch.
 * - end: value below the investment level; no goal linked or every goal score 0; lost touch.
 * - watch: value above investment by less than 0.5; value fell by 1 or more since the previous review.
 * - continue otherwise.
 * Every reason that applies is returned, the deciding ones first.
 */
export function recommend(input: RuleInput): RuleResult {
  const ends: Reason[] = [];
  const watches: Reason[] = [];
  const v = input.valueIndex;
  const level = input.investmentLevel;
  const money = { amountMinor: input.annualisedMinor ?? 0, currency: input.currency ?? '', months: input.months ?? 12 };

  if (v !== null && hundredths(v) < hundredths(level)) {
    ends.push({ code: 'valueBelowInvestment', params: { value: v, level, ...money } });
  }
  if (input.linkedGoalCount === 0) {
    ends.push({ code: 'noGoalLinked', params: {} });
  } else if (input.goalScores.length > 0 && input.goalScores.every((s) => s === 0)) {
    ends.push({ code: 'noGoalSupported', params: {} });
  }
  if (input.lostTouch) {
    ends.push(
      input.lastContactOn ? { code: 'lostTouch', params: { lastContactOn: input.lastContactOn } } : { code: 'neverContacted', params: {} },
    );
  }
  if (v !== null && hundredths(v) >= hundredths(level) && hundredths(v) - hundredths(level) < hundredths(WATCH_MARGIN)) {
    watches.push({ code: 'smallMargin', params: { value: v, level, ...money } });
  }
  if (
    v !== null &&
    input.previousValueIndex !== null &&
    hundredths(input.previousValueIndex) - hundredths(v) >= hundredths(FALL_THRESHOLD)
  ) {
    watches.push({ code: 'valueFell', params: { value: v, previous: input.previousValueIndex } });
  }
  if (v === null && ends.length === 0) watches.push({ code: 'notScored', params: {} });

  if (ends.length > 0) return { recommendation: 'end', reasons: [...ends, ...watches] };
  if (watches.length > 0) return { recommendation: 'watch', reasons: watches };
  return { recommendation: 'continue', reasons: [{ code: 'valueCoversInvestment', params: { value: v ?? 0, level, ...money } }] };
}

// ---------------------------------------------------------------- the decision flow

export type ReviewAction = 'edit' | 'propose' | 'sign' | 'return';

/** Which actions a review's state allows. A signed review allows none: it is immutable. */
export function allowedActions(state: ReviewState): ReviewAction[] {
  switch (state) {
    case 'draft':
    case 'returned':
      return ['edit', 'propose'];
    case 'proposed':
      return ['sign', 'return'];
    case 'signed':
      return [];
  }
}

export function canDo(state: ReviewState, action: ReviewAction): boolean {
  return allowedActions(state).includes(action);
}

export type SignOffRule = { ok: true; soleAdmin: boolean } | { ok: false; error: 'reviews.error.ownProposal' };

/**
 * Four eyes: whoever proposed a decision does not also sign it, unless they are the
 * organisation's only administrator (then they may, and the page says why).
 */
export function signOffRule(proposerId: number | null, signerId: number, activeAdministrators: number): SignOffRule {
  if (proposerId !== signerId) return { ok: true, soleAdmin: false };
  if (activeAdministrators <= 1) return { ok: true, soleAdmin: true };
  return { ok: false, error: 'reviews.error.ownProposal' };
}

export interface ProposalInput {
  decision: Decision;
  comment: string;
  revisionNote: string;
}

export type ProposalCheck = { ok: true } | { ok: false; field: 'comment' | 'revisionNote' | 'valueIndex'; error: string };

/** A proposal needs a comment, a revise decision needs the changes, and the review must be scored. */
export function checkProposal(p: ProposalInput, valueIndexOfReview: number | null): ProposalCheck {
  if (p.comment.trim() === '') return { ok: false, field: 'comment', error: 'reviews.error.commentRequired' };
  if (p.decision === 'revise' && p.revisionNote.trim() === '')
    return { ok: false, field: 'revisionNote', error: 'reviews.error.revisionRequired' };
  if (valueIndexOfReview === null) return { ok: false, field: 'valueIndex', error: 'reviews.error.notScored' };
  return { ok: true };
}

/** The period a new review covers: from the day after the previous one ended (or the start) to today. */
export function reviewPeriod(previousEndOn: string | null, startOn: string | null, today: string): { startOn: string; endOn: string } {
  if (previousEndOn) {
    const next = DateTime.fromISO(previousEndOn, { zone: 'utc' }).plus({ days: 1 }).toISODate()!;
    return { startOn: next <= today ? next : today, endOn: today };
  }
  return { startOn: startOn && startOn <= today ? startOn : today, endOn: today };
}
