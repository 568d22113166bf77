// The organisation's goals and principles, with how many partnerships support each.
import { asc, count, eq, sql } from 'drizzle-orm';
import { countRows } from '../db/aggregates.js';
import { insertAudited, updateAudited } from '../audit/rows.js';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { goals, partnershipGoals, planMeasures, reviewScores } from '../db/schema.js';
import { recordAudit, type AuditActor } from '../audit/record.js';
import type { GoalInput } from './form.js';

/** Every goal and principle in order, each with its number of supporting partnerships: one query. */
export function goalsWithSupport(db: Db) {
  return db
    .select({
      id: goals.id,
      kind: goals.kind,
      name: goals.name,
      description: goals.description,
      position: goals.position,
      partnerships: count(partnershipGoals.partnershipId),
    })
    .from(goals)
    .leftJoin(partnershipGoals, eq(partnershipGoals.goalId, goals.id))
    .groupBy(goals.id)
    .orderBy(asc(goals.kind), asc(goals.position), asc(goals.id))
    .all();
}

export function findGoal(db: Db, id: number) {
  return db.select().from(goals).where(eq(goals.id, id)).get() ?? null;
}

export function supportCount(db: Db, id: number): number {
  return countRows(db, partnershipGoals, eq(partnershipGoals.goalId, id));
}

export function reviewScoreCount(db: Db, id: number): number {
  return countRows(db, reviewScores, eq(reviewScores.goalId, id));
}

/** Measures of action plans filed under the goal. */
export function planMeasureCount(db: Db, id: number): number {
  return countRows(db, planMeasures, eq(planMeasures.goalId, id));
}

export function createGoal(db: Db, actor: AuditActor, input: GoalInput): number {
  return inTransaction(db, () => {
    const position =
      (db
        .select({ max: sql<number | null>`max(${goals.position})` })
        .from(goals)
        .where(eq(goals.kind, input.kind))
        .get()?.max ?? 0) + 1;
    return insertAudited(db, actor, goals, 'goal', { ...input, position }, { ...input });
  });
}

export function updateGoal(db: Db, actor: AuditActor, id: number, input: GoalInput): boolean {
  return updateAudited(db, actor, goals, 'goal', id, input);
}

export type DeleteOutcome = 'deleted' | 'missing' | 'usedInReviews' | 'usedInPlans';

/** Deletes the goal and its links to partnerships. A goal that reviews scored against, or that plans file measures under, is kept. */
export function deleteGoal(db: Db, actor: AuditActor, id: number): DeleteOutcome {
  return inTransaction(db, () => {
    const before = findGoal(db, id);
    if (!before) return 'missing';
    if (reviewScoreCount(db, id) > 0) return 'usedInReviews';
    if (planMeasureCount(db, id) > 0) return 'usedInPlans';
    const supported = supportCount(db, id);
    db.delete(partnershipGoals).where(eq(partnershipGoals.goalId, id)).run();
    db.delete(goals).where(eq(goals.id, id)).run();
    recordAudit(db, actor, 'delete', 'goal', id, { kind: [before.kind, null], name: [before.name, null], partnerships: [supported, 0] });
    return 'deleted';
  });
}
