// "Expected at entry": what the approved proposal expected, line by line beside a review's findings.
import type { Db } from '../db/client.js';
import type { reviews } from '../db/schema.js';
import { approvedProposal, proposalLines, proposalScoreMap } from './queries.js';
import { expectedYearlyMinor } from './domain.js';

interface ReviewLine {
  goalId: number;
  kind: 'goal' | 'principle';
  name: string;
  score: number | null;
}

/**
 * For a review page: the approved proposal's expectations beside the review's scores, or null
 * when the partnership was not entered through a proposal. Goals the proposal scored that the
 * review does not show are listed too, so nothing expected goes missing.
 */
export function expectedAtEntry(
  db: Db,
  review: Pick<
    typeof reviews.$inferSelect,
    | 'partnershipId'
    | 'valueIndex'
    | 'investmentAnnualisedMinor'
    | 'investmentLevelComputed'
    | 'investmentLevelAdjustment'
    | 'recommendation'
  >,
  lines: readonly ReviewLine[],
  hourlyRateMinor: number | null,
) {
  const proposal = approvedProposal(db, review.partnershipId);
  if (!proposal) return null;
  const expected = proposalScoreMap(db, proposal.id);
  const shown = new Set(lines.map((l) => l.goalId));
  const extra = proposalLines(db)
    .filter((g) => expected.has(g.goalId) && !shown.has(g.goalId))
    .map((g) => ({ ...g, score: null }));
  const rows = [...lines, ...extra].map((l) => ({ name: l.name, kind: l.kind, expected: expected.get(l.goalId) ?? null, actual: l.score }));
  return {
    proposal,
    rows,
    expectedYearlyMinor: expectedYearlyMinor({
      investmentMinor: proposal.expectedInvestmentMinor,
      hours: proposal.expectedHours,
      hourlyRateMinor,
    }),
    actualLevel: review.investmentLevelComputed === null ? null : review.investmentLevelComputed + review.investmentLevelAdjustment,
  };
}
