// The council report's shape, from its rows: partnerships grouped by the goal they serve (title order
// and "most in need" order), those serving none, the ones up for ending, and the counts. Pure: the
// reads are in queries.ts, the words in the route.
import type { ReportRow } from './queries.js';

export interface Ending {
  partnershipId: number;
  toStatus: string;
  changedOn: string;
  reason: string | null;
  reference: string | null;
}

export interface ReportSection<G> {
  goal: G;
  /** By title. */
  rows: readonly ReportRow[];
  /** Most in need of the council's attention first. */
  byNeed: readonly ReportRow[];
  recommendations: Record<string, number>;
}

export interface Report<G> {
  rows: readonly ReportRow[];
  sections: ReportSection<G>[];
  unlinked: ReportSection<null>;
  /** Ended or moved to ending in the period, or recommended or decided to end: most in need first. */
  forEnding: readonly ReportRow[];
  endingsOf: Map<number, Ending[]>;
  statusCounts: Record<string, number>;
  recommendationCounts: Record<string, number>;
}

const NEED: Record<string, number> = { end: 0, watch: 1, continue: 2 };
/** Most in need of the council's attention first: the rule says end, then watch, then the lowest value against investment. */
export function byNeed(a: ReportRow, b: ReportRow): number {
  return (
    (NEED[a.recommendation ?? ''] ?? 3) - (NEED[b.recommendation ?? ''] ?? 3) ||
    (a.valueIndex ?? 99) - (a.level ?? 0) - ((b.valueIndex ?? 99) - (b.level ?? 0)) ||
    byTitle(a, b)
  );
}

// By the stored sort key, the organisation's alphabet (Danish Å and Aarhus last), as every list sorts.
const byTitle = (a: ReportRow, b: ReportRow) =>
  a.titleKey < b.titleKey ? -1 : a.titleKey > b.titleKey ? 1 : a.partnershipId - b.partnershipId;

function tally(rows: readonly { recommendation: string | null }[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const r of rows) if (r.recommendation) t[r.recommendation] = (t[r.recommendation] ?? 0) + 1;
  return t;
}

function section<G>(goal: G, members: ReportRow[]): ReportSection<G> {
  return { goal, rows: members.sort(byTitle), byNeed: members.slice().sort(byNeed), recommendations: tally(members) };
}

export function buildReport<G extends { id: number }>(
  rows: readonly ReportRow[],
  goals: readonly G[],
  links: readonly { partnershipId: number; goalId: number }[],
  endings: readonly Ending[],
): Report<G> {
  const byId = new Map(rows.map((r) => [r.partnershipId, r]));
  const membersOf = new Map<number, ReportRow[]>(goals.map((g) => [g.id, []]));
  const linked = new Set<number>();
  for (const l of links) {
    const row = byId.get(l.partnershipId);
    const members = membersOf.get(l.goalId);
    if (!row || !members) continue;
    members.push(row);
    linked.add(row.partnershipId);
  }
  const endingsOf = new Map<number, Ending[]>();
  for (const e of endings) endingsOf.set(e.partnershipId, [...(endingsOf.get(e.partnershipId) ?? []), e]);
  const statusCounts: Record<string, number> = {};
  for (const r of rows) statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1;
  return {
    rows,
    sections: goals.map((g) => section(g, membersOf.get(g.id)!)),
    unlinked: section(
      null,
      rows.filter((r) => !linked.has(r.partnershipId)),
    ),
    forEnding: rows
      .filter((r) => endingsOf.has(r.partnershipId) || r.recommendation === 'end' || r.decision === 'end' || r.status === 'ending')
      .sort(byNeed),
    endingsOf,
    statusCounts,
    recommendationCounts: tally(rows),
  };
}
