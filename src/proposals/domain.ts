// Entering a partnership: the ex-ante verdict is Odense's rule itself (reviews/domain.ts) applied to
// the values a proposal expects, and the rules of who may decide on a proposal.
import { investmentLevel, recommend, signOffRule, valueIndex, type InvestmentBands, type RuleResult } from '../reviews/domain.js';
import { PROPOSAL_STATES } from '../lib/words.js';

export type ProposalState = (typeof PROPOSAL_STATES)[number];

export interface ExpectedValues {
  /** Expected scores 0-4 of the goals the proposal scores. */
  goalScores: readonly number[];
  /** Expected scores 0-4 of the principles (or result dimensions) it scores. */
  principleScores: readonly number[];
  /** Expected yearly money, minor units. */
  investmentMinor: number;
  /** Expected yearly staff hours, valued at the organisation's hourly rate when it has one. */
  hours: number | null;
  hourlyRateMinor: number | null;
  currency: string;
}

export interface ExAnteVerdict extends RuleResult {
  valueIndex: number | null;
  investmentLevel: number;
  /** The yearly investment the level was computed from: money plus valued hours. */
  yearlyMinor: number;
}

/** The yearly investment a proposal expects: money plus the hours at the hourly rate (when one is set). */
export function expectedYearlyMinor(e: Pick<ExpectedValues, 'investmentMinor' | 'hours' | 'hourlyRateMinor'>): number {
  return e.investmentMinor + Math.round((e.hours ?? 0) * (e.hourlyRateMinor ?? 0));
}

/**
 * The verdict of the review's own rule on expected values: the same value index, the same
 * investment bands and the same recommend(). Nothing is lost touch with before it starts, there
 * is no previous review, and the goals it expects to support are the goals it is linked to.
 */
export function exAnteVerdict(e: ExpectedValues, bands: InvestmentBands): ExAnteVerdict {
  const vi = valueIndex(e.goalScores, e.principleScores);
  const yearlyMinor = expectedYearlyMinor(e);
  const level = investmentLevel(yearlyMinor, bands);
  const result = recommend({
    valueIndex: vi,
    investmentLevel: level,
    goalScores: e.goalScores,
    linkedGoalCount: e.goalScores.length,
    lostTouch: false,
    lastContactOn: null,
    previousValueIndex: null,
    annualisedMinor: yearlyMinor,
    currency: e.currency,
    months: 12,
  });
  return { ...result, valueIndex: vi, investmentLevel: level, yearlyMinor };
}

export type ApprovalRule = { ok: true } | { ok: false; error: 'proposals.error.ownProposal' | 'proposals.error.notProposed' };

/**
 * Four eyes, as for reviews: the proposer does not approve their own proposal unless they are the
 * only administrator. Rejecting (or withdrawing) one's own proposal is always allowed.
 */
export function approvalRule(
  state: ProposalState,
  proposerId: number | null,
  deciderId: number,
  activeAdministrators: number,
  approve: boolean,
): ApprovalRule {
  if (state !== 'proposed') return { ok: false, error: 'proposals.error.notProposed' };
  if (!approve) return { ok: true };
  return signOffRule(proposerId, deciderId, activeAdministrators).ok ? { ok: true } : { ok: false, error: 'proposals.error.ownProposal' };
}
