// The rules of an action plan, as pure functions of plain data and `now`: totals per goal and for the
// plan, which measures are overdue or show no progress, how far an indicator has come, what a measure's
// dates must respect, and what copying a plan to the next year carries over.
import { MEASURE_STATUSES, type MeasureStatus } from '../lib/words.js';

export { MEASURE_STATUSES, type MeasureStatus };

/** One measure as the rules see it. */
export interface MeasureFacts {
  id: number;
  goalId: number;
  costMinor: number | null;
  status: MeasureStatus;
  startsOn: string | null;
  endsOn: string | null;
}

export interface IndicatorFacts {
  measureId: number;
  target: number | null;
  actual: number | null;
}

export interface Totals {
  /** Estimated cost of the measures still counted (dropped ones are not). */
  costMinor: number;
  measures: number;
  byStatus: Record<MeasureStatus, number>;
}

const emptyByStatus = (): Record<MeasureStatus, number> =>
  Object.fromEntries(MEASURE_STATUSES.map((s) => [s, 0])) as Record<MeasureStatus, number>;

function addTo(t: Totals, m: MeasureFacts) {
  t.measures += 1;
  t.byStatus[m.status] += 1;
  if (m.status !== 'dropped') t.costMinor += m.costMinor ?? 0;
}

/** Totals per goal and for the whole plan. A dropped measure is counted but its cost is not. */
export function planTotals(measures: readonly MeasureFacts[]): { byGoal: Map<number, Totals>; plan: Totals } {
  const plan: Totals = { costMinor: 0, measures: 0, byStatus: emptyByStatus() };
  const byGoal = new Map<number, Totals>();
  for (const m of measures) {
    let g = byGoal.get(m.goalId);
    if (!g) byGoal.set(m.goalId, (g = { costMinor: 0, measures: 0, byStatus: emptyByStatus() }));
    addTo(g, m);
    addTo(plan, m);
  }
  return { byGoal, plan };
}

const open = (s: MeasureStatus) => s === 'planned' || s === 'in_progress';

/** Past its end date and neither done nor dropped. */
export function isOverdue(m: MeasureFacts, today: string): boolean {
  return open(m.status) && m.endsOn !== null && m.endsOn < today;
}

/**
 * Without progress: still 'planned' after its start date has passed, or 'in progress' with
 * indicators none of which has an actual figure yet. An overdue measure is listed as overdue instead.
 */
export function hasNoProgress(m: MeasureFacts, indicators: readonly IndicatorFacts[], today: string): boolean {
  if (!open(m.status) || isOverdue(m, today)) return false;
  if (m.status === 'planned') return m.startsOn !== null && m.startsOn < today;
  const own = indicators.filter((i) => i.measureId === m.id);
  return own.length > 0 && own.every((i) => i.actual === null);
}

/** The measures to follow up, for the plan view's "needs attention" list. */
export function needingAttention<M extends MeasureFacts>(measures: readonly M[], indicators: readonly IndicatorFacts[], today: string) {
  return {
    overdue: measures.filter((m) => isOverdue(m, today)),
    noProgress: measures.filter((m) => hasNoProgress(m, indicators, today)),
  };
}

/** How far an indicator has come, in percent of its target (rounded; may exceed 100); null when unknown. */
export function indicatorProgress(i: { target: number | null; actual: number | null }): number | null {
  if (i.target === null || i.actual === null || i.target === 0) return null;
  return Math.round((i.actual / i.target) * 100);
}

/** An indicator's actual reached its target. */
export function indicatorMet(i: { target: number | null; actual: number | null }): boolean {
  return i.target !== null && i.actual !== null && i.actual >= i.target;
}

export type FieldError = { field: string; error: string };

/** A measure's dates lie within the plan's period, the start before the end. */
export function checkMeasureDates(
  plan: { startsOn: string; endsOn: string },
  m: { startsOn: string | null; endsOn: string | null },
): FieldError | null {
  for (const field of ['startsOn', 'endsOn'] as const) {
    const d = m[field];
    if (d !== null && (d < plan.startsOn || d > plan.endsOn)) return { field, error: 'plans.error.outsidePeriod' };
  }
  if (m.startsOn !== null && m.endsOn !== null && m.endsOn < m.startsOn) return { field: 'endsOn', error: 'plans.error.endBeforeStart' };
  return null;
}

/** An actual (or a target) is a figure of something: it needs the unit it is counted in. */
export function checkIndicator(i: { target: number | null; actual: number | null; unit: string }): FieldError | null {
  if ((i.actual !== null || i.target !== null) && i.unit.trim() === '') return { field: 'unit', error: 'plans.error.unitRequired' };
  return null;
}

/** The same day a year later; 29 February becomes 28 February. */
export function nextYearDate(iso: string): string {
  const [y, m, d] = iso.split('-') as [string, string, string];
  const year = Number(y) + 1;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === '02' && d === '29' && !leap ? '28' : d;
  return `${year}-${m}-${day}`;
}

/** The default period of a plan year. */
export function yearPeriod(year: number): { startsOn: string; endsOn: string } {
  return { startsOn: `${year}-01-01`, endsOn: `${year}-12-31` };
}

/** Which measures a copy to the next year carries over: those neither done nor dropped. */
export function carriedOver<M extends { status: MeasureStatus }>(measures: readonly M[]): M[] {
  return measures.filter((m) => open(m.status));
}

/**
 * A carried-over measure in next year's plan: the same what, who and cost, its dates a year on,
 * back to 'planned' unless it was under way, and a link to where it came from (the note).
 */
export function carryOver<M extends { id: number; status: MeasureStatus; startsOn: string | null; endsOn: string | null }>(
  m: M,
): Omit<M, 'id'> & { carriedFromId: number } {
  const { id, ...rest } = m;
  return {
    ...rest,
    startsOn: m.startsOn === null ? null : nextYearDate(m.startsOn),
    endsOn: m.endsOn === null ? null : nextYearDate(m.endsOn),
    carriedFromId: id,
  };
}
