// End plans: how a partnership flagged for ending is wound down; completing one ends it.
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { endPlans, partnerships } from '../db/schema.js';
import { diff, recordAudit, type AuditActor } from '../audit/record.js';
import { transitionPartnership } from '../partnerships/queries.js';
import { type Refusal } from './decision.js';

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
