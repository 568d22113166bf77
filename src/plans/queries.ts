// Action plans: the plans, their measures under the framework's goals, indicators, links to
// partnerships and delegations, and copying a plan to the next year.
import { and, asc, count, desc, eq, getTableColumns, inArray, ne, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import {
  actionPlans,
  delegations,
  goals,
  partnerships,
  planIndicators,
  planMeasureDelegations,
  planMeasurePartnerships,
  planMeasures,
} from '../db/schema.js';
import { recordAudit, created, diff, type AuditActor } from '../audit/record.js';
import { carriedOver, carryOver, nextYearDate, type MeasureStatus } from './domain.js';
import type { IndicatorInput, MeasureInput, PlanInput } from './form.js';

export type Plan = typeof actionPlans.$inferSelect;

/** Every plan, newest year first, with its number of measures and estimated cost: one query. */
export function listPlans(db: Db) {
  return db
    .select({
      id: actionPlans.id,
      year: actionPlans.year,
      title: actionPlans.title,
      startsOn: actionPlans.startsOn,
      endsOn: actionPlans.endsOn,
      measures: count(planMeasures.id),
      costMinor: sql<number>`coalesce(sum(case when ${planMeasures.status} <> 'dropped' then ${planMeasures.costMinor} end), 0)`,
    })
    .from(actionPlans)
    .leftJoin(planMeasures, eq(planMeasures.planId, actionPlans.id))
    .groupBy(actionPlans.id)
    .orderBy(desc(actionPlans.year))
    .all();
}

export function findPlan(db: Db, id: number): Plan | null {
  return db.select().from(actionPlans).where(eq(actionPlans.id, id)).get() ?? null;
}

export function findPlanByYear(db: Db, year: number): Plan | null {
  return db.select().from(actionPlans).where(eq(actionPlans.year, year)).get() ?? null;
}

export type PlanOutcome = { ok: true; id: number } | { ok: false; field: string; error: string; existingId?: number };

export function createPlan(db: Db, actor: AuditActor, input: PlanInput): PlanOutcome {
  return inTransaction(db, () => {
    const existing = findPlanByYear(db, input.year);
    if (existing) return { ok: false, field: 'year', error: 'plans.error.yearTaken', existingId: existing.id };
    const row = db
      .insert(actionPlans)
      .values({ ...input, updatedAt: actor.now.toISOString() })
      .returning({ id: actionPlans.id })
      .get();
    recordAudit(db, actor, 'create', 'action_plan', row.id, created({ ...input }));
    return { ok: true, id: row.id };
  });
}

/** The framework's goals (not principles), in their order: the plan's headings. */
export function planGoals(db: Db) {
  return db
    .select({ id: goals.id, name: goals.name, position: goals.position })
    .from(goals)
    .where(eq(goals.kind, 'goal'))
    .orderBy(asc(goals.position), asc(goals.id))
    .all();
}

const measureColumns = {
  id: planMeasures.id,
  planId: planMeasures.planId,
  goalId: planMeasures.goalId,
  title: planMeasures.title,
  description: planMeasures.description,
  department: planMeasures.department,
  responsible: planMeasures.responsible,
  costMinor: planMeasures.costMinor,
  currency: planMeasures.currency,
  startsOn: planMeasures.startsOn,
  endsOn: planMeasures.endsOn,
  status: planMeasures.status,
  carriedFromId: planMeasures.carriedFromId,
  position: planMeasures.position,
};

export type Measure = {
  [K in keyof typeof measureColumns]: (typeof planMeasures.$inferSelect)[K];
};

/** A plan's measures in the order of the goals they serve, then their own order. */
export function measuresOf(db: Db, planId: number): Measure[] {
  return db
    .select(measureColumns)
    .from(planMeasures)
    .innerJoin(goals, eq(goals.id, planMeasures.goalId))
    .where(eq(planMeasures.planId, planId))
    .orderBy(asc(goals.position), asc(goals.id), asc(planMeasures.position), asc(planMeasures.id))
    .all();
}

export function getMeasure(db: Db, planId: number, measureId: number): Measure | null {
  return (
    db
      .select(measureColumns)
      .from(planMeasures)
      .where(and(eq(planMeasures.planId, planId), eq(planMeasures.id, measureId)))
      .get() ?? null
  );
}

export type Indicator = typeof planIndicators.$inferSelect;

/** Every indicator of a plan's measures: one query. */
export function indicatorsOf(db: Db, planId: number): Indicator[] {
  return db
    .select(getTableColumns(planIndicators))
    .from(planIndicators)
    .innerJoin(planMeasures, eq(planMeasures.id, planIndicators.measureId))
    .where(eq(planMeasures.planId, planId))
    .orderBy(asc(planIndicators.id))
    .all();
}

export interface MeasureLink {
  measureId: number;
  id: number;
  title: string;
}

/** The records of one kind a plan's measures are linked to, through the link table's measure and record columns. */
function linkedRecords(
  db: Db,
  planId: number,
  link: { table: SQLiteTable; measureId: SQLiteColumn; recordId: SQLiteColumn },
  record: { table: SQLiteTable; id: SQLiteColumn; title: SQLiteColumn; order: SQLiteColumn },
): MeasureLink[] {
  return db
    .select({ measureId: link.measureId, id: record.id, title: record.title })
    .from(link.table)
    .innerJoin(planMeasures, eq(planMeasures.id, link.measureId))
    .innerJoin(record.table, eq(record.id, link.recordId))
    .where(eq(planMeasures.planId, planId))
    .orderBy(asc(record.order))
    .all() as MeasureLink[];
}

/** The partnerships and delegations a plan's measures are linked to: two queries. */
export function linksOf(db: Db, planId: number): { partnerships: MeasureLink[]; delegations: MeasureLink[] } {
  return {
    partnerships: linkedRecords(
      db,
      planId,
      { table: planMeasurePartnerships, measureId: planMeasurePartnerships.measureId, recordId: planMeasurePartnerships.partnershipId },
      { table: partnerships, id: partnerships.id, title: partnerships.title, order: partnerships.title },
    ),
    delegations: linkedRecords(
      db,
      planId,
      { table: planMeasureDelegations, measureId: planMeasureDelegations.measureId, recordId: planMeasureDelegations.delegationId },
      { table: delegations, id: delegations.id, title: delegations.title, order: delegations.startsOn },
    ),
  };
}

/** What a measure can be linked to: partnerships not ended, and the delegations of the plan's period. */
export function linkChoices(db: Db, plan: Plan) {
  return {
    partnerships: db
      .select({ id: partnerships.id, title: partnerships.title })
      .from(partnerships)
      .where(ne(partnerships.status, 'ended'))
      .orderBy(asc(partnerships.titleKey))
      .all(),
    delegations: db
      .select({ id: delegations.id, title: delegations.title, startsOn: delegations.startsOn })
      .from(delegations)
      .where(and(sql`${delegations.startsOn} <= ${plan.endsOn}`, sql`${delegations.endsOn} >= ${plan.startsOn}`))
      .orderBy(asc(delegations.startsOn))
      .all(),
  };
}

function measureValues(input: MeasureInput) {
  const { partnershipIds: _p, delegationIds: _d, ...values } = input;
  return values;
}

function setLinks(db: Db, measureId: number, input: Pick<MeasureInput, 'partnershipIds' | 'delegationIds'>) {
  db.delete(planMeasurePartnerships).where(eq(planMeasurePartnerships.measureId, measureId)).run();
  db.delete(planMeasureDelegations).where(eq(planMeasureDelegations.measureId, measureId)).run();
  if (input.partnershipIds.length > 0) {
    const known = db.select({ id: partnerships.id }).from(partnerships).where(inArray(partnerships.id, input.partnershipIds)).all();
    if (known.length > 0)
      db.insert(planMeasurePartnerships)
        .values(known.map((p) => ({ measureId, partnershipId: p.id })))
        .run();
  }
  if (input.delegationIds.length > 0) {
    const known = db.select({ id: delegations.id }).from(delegations).where(inArray(delegations.id, input.delegationIds)).all();
    if (known.length > 0)
      db.insert(planMeasureDelegations)
        .values(known.map((d) => ({ measureId, delegationId: d.id })))
        .run();
  }
}

function nextPosition(db: Db, planId: number, goalId: number): number {
  return (
    (db
      .select({ max: sql<number | null>`max(${planMeasures.position})` })
      .from(planMeasures)
      .where(and(eq(planMeasures.planId, planId), eq(planMeasures.goalId, goalId)))
      .get()?.max ?? 0) + 1
  );
}

export function createMeasure(db: Db, actor: AuditActor, planId: number, input: MeasureInput, currency: string): number {
  return inTransaction(db, () => {
    const values = measureValues(input);
    const row = db
      .insert(planMeasures)
      .values({ ...values, planId, currency, position: nextPosition(db, planId, input.goalId), updatedAt: actor.now.toISOString() })
      .returning({ id: planMeasures.id })
      .get();
    setLinks(db, row.id, input);
    recordAudit(db, actor, 'create', 'plan_measure', row.id, created({ ...values, planId }));
    return row.id;
  });
}

/** Saves the measure's fields; its links only when the form carried them (the in-place row does not). */
export function updateMeasure(db: Db, actor: AuditActor, before: Measure, input: MeasureInput, withLinks: boolean): void {
  inTransaction(db, () => {
    const values = measureValues(input);
    const changes = diff(before as unknown as Record<string, unknown>, values);
    if (Object.keys(changes).length > 0) {
      db.update(planMeasures)
        .set({ ...values, updatedAt: actor.now.toISOString() })
        .where(eq(planMeasures.id, before.id))
        .run();
      recordAudit(db, actor, 'update', 'plan_measure', before.id, changes);
    }
    if (withLinks) setLinks(db, before.id, input);
  });
}

export function deleteMeasure(db: Db, actor: AuditActor, m: Measure): void {
  inTransaction(db, () => {
    db.update(planMeasures).set({ carriedFromId: null }).where(eq(planMeasures.carriedFromId, m.id)).run();
    db.delete(planMeasures).where(eq(planMeasures.id, m.id)).run();
    recordAudit(db, actor, 'delete', 'plan_measure', m.id, { title: [m.title, null] });
  });
}

export function indicatorsOfMeasure(db: Db, measureId: number): Indicator[] {
  return db.select().from(planIndicators).where(eq(planIndicators.measureId, measureId)).orderBy(asc(planIndicators.id)).all();
}

export function getIndicator(db: Db, measureId: number, id: number): Indicator | null {
  return (
    db
      .select()
      .from(planIndicators)
      .where(and(eq(planIndicators.measureId, measureId), eq(planIndicators.id, id)))
      .get() ?? null
  );
}

export function addIndicator(db: Db, actor: AuditActor, measureId: number, input: IndicatorInput): number {
  return inTransaction(db, () => {
    const row = db
      .insert(planIndicators)
      .values({ ...input, measureId })
      .returning({ id: planIndicators.id })
      .get();
    recordAudit(db, actor, 'create', 'plan_indicator', row.id, created({ ...input, measureId }));
    return row.id;
  });
}

export function updateIndicator(db: Db, actor: AuditActor, before: Indicator, input: IndicatorInput): void {
  inTransaction(db, () => {
    const changes = diff(before as unknown as Record<string, unknown>, input);
    if (Object.keys(changes).length === 0) return;
    db.update(planIndicators).set(input).where(eq(planIndicators.id, before.id)).run();
    recordAudit(db, actor, 'update', 'plan_indicator', before.id, changes);
  });
}

export function deleteIndicator(db: Db, actor: AuditActor, i: Indicator): void {
  inTransaction(db, () => {
    db.delete(planIndicators).where(eq(planIndicators.id, i.id)).run();
    recordAudit(db, actor, 'delete', 'plan_indicator', i.id, { name: [i.name, null] });
  });
}

/**
 * A copy of the plan for the year after: its period a year on, and every measure that is neither done
 * nor dropped carried over (with its indicators' names, targets and units, actuals cleared, and its
 * links). Refused when the next year already has a plan: nothing is overwritten.
 */
export function copyToNextYear(db: Db, actor: AuditActor, plan: Plan, title: string): PlanOutcome {
  return inTransaction(db, () => {
    const year = plan.year + 1;
    const existing = findPlanByYear(db, year);
    if (existing) return { ok: false, field: '_form', error: 'plans.error.nextYearExists', existingId: existing.id };
    const now = actor.now.toISOString();
    const copy = db
      .insert(actionPlans)
      .values({
        year,
        title,
        startsOn: nextYearDate(plan.startsOn),
        endsOn: nextYearDate(plan.endsOn),
        copiedFromId: plan.id,
        updatedAt: now,
      })
      .returning({ id: actionPlans.id })
      .get();
    const measures = carriedOver(measuresOf(db, plan.id));
    const indicators = indicatorsOf(db, plan.id);
    const links = linksOf(db, plan.id);
    for (const m of measures) {
      const { planId: _planId, ...next } = carryOver(m);
      const status: MeasureStatus = m.status === 'in_progress' ? 'in_progress' : 'planned';
      const row = db
        .insert(planMeasures)
        .values({ ...next, status, planId: copy.id, updatedAt: now })
        .returning({ id: planMeasures.id })
        .get();
      const own = indicators.filter((i) => i.measureId === m.id);
      if (own.length > 0)
        db.insert(planIndicators)
          .values(own.map((i) => ({ measureId: row.id, name: i.name, target: i.target, unit: i.unit, actual: null })))
          .run();
      setLinks(db, row.id, {
        partnershipIds: links.partnerships.filter((l) => l.measureId === m.id).map((l) => l.id),
        delegationIds: [],
      });
    }
    recordAudit(db, actor, 'create', 'action_plan', copy.id, {
      year: [null, year],
      copiedFromId: [null, plan.id],
      measures: [null, measures.length],
    });
    return { ok: true, id: copy.id };
  });
}

/** The years the carried-over measures came from, by the id of the measure carried: one query. */
export function carriedFromYears(db: Db, measureIds: number[]): Map<number, number> {
  if (measureIds.length === 0) return new Map();
  const rows = db
    .select({ id: planMeasures.id, year: actionPlans.year })
    .from(planMeasures)
    .innerJoin(actionPlans, eq(actionPlans.id, planMeasures.planId))
    .where(inArray(planMeasures.id, measureIds))
    .all();
  return new Map(rows.map((r) => [r.id, r.year]));
}
