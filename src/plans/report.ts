// The annual report's figures for one year, each an aggregate in SQL over an indexed date range:
// the plan's measures and indicators per goal, partnerships active, started and ended, delegations
// received and sent (themes, countries), network work, spend by type against the plan's estimate,
// reviews signed and their decisions; and the coordinator's introduction and comments per goal.
import { and, asc, count, countDistinct, eq, gte, lt, lte, ne, notInArray, sql } from 'drizzle-orm';
import { countRows } from '../db/aggregates.js';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import {
  annualReportTexts,
  delegations,
  ledgerEntries,
  logEntries,
  logEntryPartners,
  partners,
  partnerships,
  reviews,
  statusChanges,
} from '../db/schema.js';
import { recordAudit, type AuditActor } from '../audit/record.js';
import { planTotals } from './domain.js';
import { findPlanByYear, indicatorsOf, measuresOf, planGoals } from './queries.js';

export interface YearRange {
  /** First day of the year, YYYY-MM-DD. */
  from: string;
  /** Last day of the year. */
  to: string;
  /** First day of the next year: instants (…At columns) are compared against it. */
  next: string;
}

export function yearRange(year: number): YearRange {
  return { from: `${year}-01-01`, to: `${year}-12-31`, next: `${year + 1}-01-01` };
}

/** A delegation that was declined or cancelled did not take place. */
const NOT_HELD = ['declined', 'cancelled'] as const;

/** The day a partnership began: its start, else its agreement, else the day it became active. */
const began = sql<string | null>`coalesce(${partnerships.startOn}, ${partnerships.agreementOn}, ${partnerships.activeSinceOn})`;

export function partnershipFigures(db: Db, r: YearRange) {
  const endedBefore = sql`exists (select 1 from ${statusChanges} sc where sc.partnership_id = ${partnerships.id} and sc.to_status = 'ended' and sc.changed_on < ${r.from})`;
  const active = countRows(db, partnerships, and(ne(partnerships.status, 'exploring'), sql`${began} <= ${r.to}`, sql`not ${endedBefore}`));
  const started = db
    .select({ id: partnerships.id, title: partnerships.title })
    .from(partnerships)
    .where(and(ne(partnerships.status, 'exploring'), sql`${began} between ${r.from} and ${r.to}`))
    .orderBy(asc(partnerships.titleKey))
    .all();
  const ended = db
    .selectDistinct({ id: partnerships.id, title: partnerships.title })
    .from(statusChanges)
    .innerJoin(partnerships, eq(partnerships.id, statusChanges.partnershipId))
    .where(and(eq(statusChanges.toStatus, 'ended'), gte(statusChanges.changedOn, r.from), lte(statusChanges.changedOn, r.to)))
    .orderBy(asc(partnerships.titleKey))
    .all();
  return { active, started, ended };
}

export function delegationFigures(db: Db, r: YearRange) {
  const inYear = and(gte(delegations.startsOn, r.from), lte(delegations.startsOn, r.to), notInArray(delegations.status, [...NOT_HELD]));
  const byDirection = db
    .select({ direction: delegations.direction, n: count() })
    .from(delegations)
    .where(inYear)
    .groupBy(delegations.direction)
    .all();
  const themes = db
    .select({ direction: delegations.direction, theme: delegations.theme, n: count() })
    .from(delegations)
    .where(inYear)
    .groupBy(delegations.direction, delegations.theme)
    .orderBy(asc(delegations.direction), sql`count(*) desc`, asc(delegations.theme))
    .all();
  const countries = db
    .select({ direction: delegations.direction, country: sql<string>`coalesce(${partners.country}, '')`, n: count() })
    .from(delegations)
    .leftJoin(partners, eq(partners.id, delegations.partnerId))
    .where(inYear)
    .groupBy(delegations.direction, sql`coalesce(${partners.country}, '')`)
    .orderBy(asc(delegations.direction), sql`count(*) desc`)
    .all();
  const n = (d: string) => byDirection.find((x) => x.direction === d)?.n ?? 0;
  return {
    received: n('incoming'),
    sent: n('outgoing'),
    themes: (d: string) => themes.filter((x) => x.direction === d),
    countries: (d: string) => countries.filter((x) => x.direction === d),
  };
}

/** Contact-log entries of the year with each network we belong to. */
export function networkFigures(db: Db, r: YearRange) {
  return db
    .select({ id: partners.id, name: partners.name, n: countDistinct(logEntries.id) })
    .from(logEntries)
    .innerJoin(logEntryPartners, eq(logEntryPartners.logEntryId, logEntries.id))
    .innerJoin(partners, eq(partners.id, logEntryPartners.partnerId))
    .where(and(eq(partners.kind, 'network'), gte(logEntries.occurredOn, r.from), lte(logEntries.occurredOn, r.to)))
    .groupBy(partners.id)
    .orderBy(sql`count(distinct ${logEntries.id}) desc`, asc(partners.nameKey))
    .all();
}

/** Costs by type and funding received in the year, in the organisation's currency. */
export function spendFigures(db: Db, r: YearRange, currency: string) {
  const rows = db
    .select({ direction: ledgerEntries.direction, type: ledgerEntries.type, amountMinor: sql<number>`sum(${ledgerEntries.amountMinor})` })
    .from(ledgerEntries)
    .where(and(gte(ledgerEntries.occurredOn, r.from), lte(ledgerEntries.occurredOn, r.to), eq(ledgerEntries.currency, currency)))
    .groupBy(ledgerEntries.direction, ledgerEntries.type)
    .orderBy(asc(ledgerEntries.direction), sql`sum(${ledgerEntries.amountMinor}) desc`)
    .all();
  const costs = rows.filter((x) => x.direction === 'cost');
  return {
    costs,
    totalCostMinor: costs.reduce((s, x) => s + x.amountMinor, 0),
    fundingMinor: rows.filter((x) => x.direction === 'funding').reduce((s, x) => s + x.amountMinor, 0),
  };
}

/** Reviews signed in the year, by decision. */
export function reviewFigures(db: Db, r: YearRange) {
  const byDecision = db
    .select({ decision: reviews.decision, n: count() })
    .from(reviews)
    .where(and(eq(reviews.state, 'signed'), gte(reviews.signedAt, r.from), lt(reviews.signedAt, r.next)))
    .groupBy(reviews.decision)
    .orderBy(sql`count(*) desc`)
    .all();
  return { signed: byDecision.reduce((s, x) => s + x.n, 0), byDecision };
}

/** The coordinator's texts for a year: the introduction (goal 0) and a comment per goal. */
export function reportTexts(db: Db, year: number): { introduction: string; comments: Map<number, string> } {
  const rows = db.select().from(annualReportTexts).where(eq(annualReportTexts.year, year)).all();
  return {
    introduction: rows.find((x) => x.goalId === 0)?.body ?? '',
    comments: new Map(rows.filter((x) => x.goalId !== 0).map((x) => [x.goalId, x.body])),
  };
}

export function saveReportTexts(db: Db, actor: AuditActor, year: number, texts: { introduction: string; comments: Map<number, string> }) {
  inTransaction(db, () => {
    const entries: [number, string][] = [[0, texts.introduction], ...texts.comments];
    const now = actor.now.toISOString();
    for (const [goalId, body] of entries) {
      if (body === '') {
        db.delete(annualReportTexts)
          .where(and(eq(annualReportTexts.year, year), eq(annualReportTexts.goalId, goalId)))
          .run();
      } else {
        db.insert(annualReportTexts)
          .values({ year, goalId, body, updatedAt: now })
          .onConflictDoUpdate({ target: [annualReportTexts.year, annualReportTexts.goalId], set: { body, updatedAt: now } })
          .run();
      }
    }
    recordAudit(db, actor, 'update', 'annual_report', year, { texts: [null, entries.filter(([, b]) => b !== '').length] });
  });
}

/** Everything the annual report shows for a year. */
export function annualReport(db: Db, year: number, currency: string) {
  const r = yearRange(year);
  const plan = findPlanByYear(db, year);
  const measures = plan ? measuresOf(db, plan.id) : [];
  const indicators = plan ? indicatorsOf(db, plan.id) : [];
  const totals = planTotals(measures);
  const goals = planGoals(db).map((g) => ({
    ...g,
    measures: measures.filter((m) => m.goalId === g.id).map((m) => ({ ...m, indicators: indicators.filter((i) => i.measureId === m.id) })),
    costMinor: totals.byGoal.get(g.id)?.costMinor ?? 0,
  }));
  return {
    year,
    plan,
    goals,
    estimateMinor: totals.plan.costMinor,
    partnerships: partnershipFigures(db, r),
    delegations: delegationFigures(db, r),
    networks: networkFigures(db, r),
    spend: spendFigures(db, r, currency),
    reviews: reviewFigures(db, r),
    texts: reportTexts(db, year),
  };
}
