import { describe, it, expect } from 'vitest';
import {
  carryOver,
  carriedOver,
  checkIndicator,
  checkMeasureDates,
  hasNoProgress,
  indicatorMet,
  indicatorProgress,
  isOverdue,
  nextYearDate,
  planTotals,
  type MeasureFacts,
} from '../../src/plans/domain.js';

const m = (over: Partial<MeasureFacts> & { id: number }): MeasureFacts => ({
  goalId: 1,
  costMinor: null,
  status: 'planned',
  startsOn: null,
  endsOn: null,
  ...over,
});

describe('plan totals', () => {
  it('sums the estimated cost per goal and for the plan, leaving dropped measures out of the cost', () => {
    const { byGoal, plan } = planTotals([
      m({ id: 1, goalId: 1, costMinor: 100_00, status: 'done' }),
      m({ id: 2, goalId: 1, costMinor: 250_50, status: 'in_progress' }),
      m({ id: 3, goalId: 2, costMinor: 40_00 }),
      m({ id: 4, goalId: 2, costMinor: 999_00, status: 'dropped' }),
      m({ id: 5, goalId: 2, costMinor: null }),
    ]);
    expect(byGoal.get(1)).toMatchObject({ costMinor: 350_50, measures: 2 });
    expect(byGoal.get(2)).toMatchObject({ costMinor: 40_00, measures: 3, byStatus: { dropped: 1, planned: 2 } });
    expect(plan).toMatchObject({ costMinor: 390_50, measures: 5, byStatus: { done: 1, in_progress: 1, planned: 2, dropped: 1 } });
  });
});

describe('follow-up of measures', () => {
  const today = '2026-06-15';
  it.each([
    ['open and past its end', { status: 'in_progress', endsOn: '2026-06-14' }, true],
    ['ending today', { status: 'planned', endsOn: '2026-06-15' }, false],
    ['done after its end', { status: 'done', endsOn: '2026-01-01' }, false],
    ['dropped after its end', { status: 'dropped', endsOn: '2026-01-01' }, false],
    ['without an end date', { status: 'planned', endsOn: null }, false],
  ] as const)('overdue: %s -> %s', (_name, over, expected) => {
    expect(isOverdue(m({ id: 1, ...over }), today)).toBe(expected);
  });

  it.each([
    ['still planned after its start', { status: 'planned', startsOn: '2026-03-01' }, [], true],
    ['planned, starting later', { status: 'planned', startsOn: '2026-09-01' }, [], false],
    ['in progress, no indicator has an actual', { status: 'in_progress' }, [{ measureId: 1, target: 5, actual: null }], true],
    ['in progress, an indicator has an actual', { status: 'in_progress' }, [{ measureId: 1, target: 5, actual: 2 }], false],
    ['in progress without indicators', { status: 'in_progress' }, [], false],
    ['overdue is listed as overdue only', { status: 'planned', startsOn: '2026-01-01', endsOn: '2026-02-01' }, [], false],
  ] as const)('no progress: %s -> %s', (_name, over, indicators, expected) => {
    expect(hasNoProgress(m({ id: 1, ...over }), indicators, today)).toBe(expected);
  });
});

describe('indicators', () => {
  it.each([
    [{ target: 10, actual: 5 }, 50, false],
    [{ target: 4, actual: 5 }, 125, true],
    [{ target: 3, actual: 1 }, 33, false],
    [{ target: null, actual: 5 }, null, false],
    [{ target: 10, actual: null }, null, false],
    [{ target: 0, actual: 2 }, null, true],
  ])('progress of %o is %s %%', (i, progress, met) => {
    expect(indicatorProgress(i)).toBe(progress);
    expect(indicatorMet(i)).toBe(met);
  });

  it('asks for the unit when a figure is given without one', () => {
    expect(checkIndicator({ target: null, actual: 3, unit: ' ' })).toEqual({ field: 'unit', error: 'plans.error.unitRequired' });
    expect(checkIndicator({ target: 3, actual: null, unit: '' })).toEqual({ field: 'unit', error: 'plans.error.unitRequired' });
    expect(checkIndicator({ target: 3, actual: 3, unit: 'visits' })).toBeNull();
    expect(checkIndicator({ target: null, actual: null, unit: '' })).toBeNull();
  });
});

describe('measure dates', () => {
  const plan = { startsOn: '2026-01-01', endsOn: '2026-12-31' };
  it.each([
    [
      { startsOn: '2025-12-31', endsOn: null },
      { field: 'startsOn', error: 'plans.error.outsidePeriod' },
    ],
    [
      { startsOn: '2026-02-01', endsOn: '2027-01-01' },
      { field: 'endsOn', error: 'plans.error.outsidePeriod' },
    ],
    [
      { startsOn: '2026-05-01', endsOn: '2026-04-01' },
      { field: 'endsOn', error: 'plans.error.endBeforeStart' },
    ],
    [{ startsOn: '2026-01-01', endsOn: '2026-12-31' }, null],
    [{ startsOn: null, endsOn: null }, null],
  ])('%o -> %o', (dates, expected) => {
    expect(checkMeasureDates(plan, dates)).toEqual(expected);
  });
});

describe('copy to the next year', () => {
  it('carries over what is neither done nor dropped, a year on, remembering where it came from', () => {
    const all = [
      { id: 1, status: 'planned', startsOn: '2026-03-01', endsOn: '2026-06-30' },
      { id: 2, status: 'in_progress', startsOn: '2024-02-29', endsOn: null },
      { id: 3, status: 'done', startsOn: null, endsOn: null },
      { id: 4, status: 'dropped', startsOn: null, endsOn: null },
    ] as const;
    const kept = carriedOver(all);
    expect(kept.map((x) => x.id)).toEqual([1, 2]);
    expect(kept.map(carryOver)).toEqual([
      { status: 'planned', startsOn: '2027-03-01', endsOn: '2027-06-30', carriedFromId: 1 },
      { status: 'in_progress', startsOn: '2025-02-28', endsOn: null, carriedFromId: 2 },
    ]);
    expect(nextYearDate('2027-02-28')).toBe('2028-02-28');
  });
});
