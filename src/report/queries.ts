// The council report for a period: every partnership not ended before it, with its latest review
// up to the period's end, grouped under the organisation's goals; partnerships ended or proposed
// for ending; spend by type. A handful of queries whatever the portfolio's size.
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import { untilWrite } from '../db/memo.js';
import { buildReport } from './build.js';
import type { Db } from '../db/client.js';
import { goals, partnershipGoals, statusChanges } from '../db/schema.js';
import { totalsByYearAndType } from '../ledger/queries.js';

export interface ReportRow {
  partnershipId: number;
  title: string;
  /** The title's sort key in the organisation's language (partnerships.title_key). */
  titleKey: string;
  partnerName: string;
  kind: string;
  status: string;
  reviewId: number | null;
  state: string | null;
  periodEndOn: string | null;
  valueIndex: number | null;
  level: number | null;
  annualisedMinor: number | null;
  recommendation: string | null;
  reasons: string | null;
  decision: string | null;
  decisionComment: string | null;
}

/**
 * The report for a period, built from every partnership's latest review in it: kept until the next
 * write (db/memo.ts), as a region's portfolio takes a while to read and group.
 */
export function reportOf(db: Db, fromOn: string, toOn: string) {
  return untilWrite(db, `report:${fromOn}:${toOn}`, () =>
    buildReport(reportRows(db, fromOn, toOn), organisationGoals(db), goalLinks(db), endingsInPeriod(db, fromOn, toOn)),
  );
}

export function reportRows(db: Db, fromOn: string, toOn: string): ReportRow[] {
  return db.all<ReportRow>(sql`
    select p.id as partnershipId, p.title, p.title_key as titleKey, pa.name as partnerName, pa.kind, p.status,
      r.id as reviewId, r.state, r.period_end_on as periodEndOn, r.value_index as valueIndex,
      r.investment_level_computed + r.investment_level_adjustment as level, r.investment_annualised_minor as annualisedMinor,
      r.recommendation, r.reasons, r.decision, r.decision_comment as decisionComment
    from partnerships p
    join partners pa on pa.id = p.partner_id
    -- The latest review per partnership through the index (partnership_id, period_end_on). A join to a
    -- row_number() window was scanned once per partnership: 85 s on the large portfolio.
    left join reviews r on r.id = (select r2.id from reviews r2
      where r2.partnership_id = p.id and r2.state in ('signed', 'proposed') and r2.period_end_on <= ${toOn}
      order by r2.period_end_on desc, r2.id desc limit 1)
    where p.status <> 'ended' or exists (
      select 1 from status_changes sc where sc.partnership_id = p.id and sc.to_status = 'ended' and sc.changed_on >= ${fromOn})
    order by p.title_key`);
}

export function goalLinks(db: Db) {
  return db.select({ partnershipId: partnershipGoals.partnershipId, goalId: partnershipGoals.goalId }).from(partnershipGoals).all();
}

export function organisationGoals(db: Db) {
  return db
    .select({ id: goals.id, name: goals.name, description: goals.description })
    .from(goals)
    .where(eq(goals.kind, 'goal'))
    .orderBy(asc(goals.position))
    .all();
}

/** Moves to ending or ended within the period, with their reason and reference. */
export function endingsInPeriod(db: Db, fromOn: string, toOn: string) {
  return db
    .select({
      partnershipId: statusChanges.partnershipId,
      toStatus: statusChanges.toStatus,
      changedOn: statusChanges.changedOn,
      reason: statusChanges.reason,
      reference: statusChanges.reference,
    })
    .from(statusChanges)
    .where(
      and(gte(statusChanges.changedOn, fromOn), lte(statusChanges.changedOn, toOn), sql`${statusChanges.toStatus} in ('ending', 'ended')`),
    )
    .orderBy(asc(statusChanges.changedOn))
    .all();
}

export function spendInPeriod(db: Db, fromOn: string, toOn: string) {
  const rows = totalsByYearAndType(db, null, fromOn, toOn);
  const costs: Record<string, number> = {};
  const funding: Record<string, number> = {};
  for (const r of rows) {
    const bucket = r.direction === 'cost' ? costs : funding;
    bucket[r.type] = (bucket[r.type] ?? 0) + r.totalMinor;
  }
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  return { costs, funding, costTotal: sum(costs), fundingTotal: sum(funding) };
}

export function reviewsSignedInPeriod(db: Db, fromOn: string, toOn: string): number {
  return (
    db.get<{ n: number }>(
      sql`select count(*) as n from reviews where state = 'signed' and signed_at >= ${fromOn} and signed_at <= ${`${toOn}T23:59:59.999Z`}`,
    )?.n ?? 0
  );
}
