// What the reviewer sees, gathered rather than typed: contacts, follow-ups, costs and funding in the
// period, and the goals and principles to score.
import { and, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { followUps, goals, ledgerEntries, logEntries, logEntryPartnerships, partnershipGoals, reviewScores } from '../db/schema.js';
import { recordAudit, type AuditActor } from '../audit/record.js';
import { lastContactOn } from '../log/last-contact.js';
import type { PartnershipHead } from '../partnerships/queries.js';

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

const goalColumns = { id: goals.id, kind: goals.kind, name: goals.name, position: goals.position };

/** The goals linked to the partnership and every principle, with the review's scores so far. */
export function scoreLines(db: Db, reviewId: number, partnershipId: number): ScoreLine[] {
  const linked = db
    .select(goalColumns)
    .from(partnershipGoals)
    .innerJoin(goals, eq(goals.id, partnershipGoals.goalId))
    .where(and(eq(partnershipGoals.partnershipId, partnershipId), eq(goals.kind, 'goal')))
    .all();
  const principles = db.select(goalColumns).from(goals).where(eq(goals.kind, 'principle')).all();
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
    .select(goalColumns)
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
