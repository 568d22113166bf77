import { describe, it, expect } from 'vitest';
import {
  adjustedLevel,
  allowedActions,
  annualise,
  bandsAreValid,
  canDo,
  checkProposal,
  defaultBands,
  investmentLevel,
  recommend,
  reviewPeriod,
  valueIndex,
  type RuleInput,
} from '../../src/reviews/domain.js';
import { reviewDueOn } from '../../src/reviews/schedule.js';
import { describeReason } from '../../src/reviews/reasons.js';
import { createI18n } from '../../src/i18n/index.js';

const base: RuleInput = {
  valueIndex: 3,
  investmentLevel: 2,
  goalScores: [3, 3],
  linkedGoalCount: 2,
  lostTouch: false,
  lastContactOn: '2026-10-01',
  previousValueIndex: null,
};

describe("Odense's rule", () => {
  const cases: [string, Partial<RuleInput>, 'continue' | 'watch' | 'end', string[]][] = [
    ['continues when value clearly covers investment', { valueIndex: 3, investmentLevel: 2 }, 'continue', ['valueCoversInvestment']],
    ['watches when value equals investment (not ended)', { valueIndex: 2, investmentLevel: 2 }, 'watch', ['smallMargin']],
    ['watches when value is 0.49 above investment', { valueIndex: 2.49, investmentLevel: 2 }, 'watch', ['smallMargin']],
    ['continues when value is 0.5 above investment', { valueIndex: 2.5, investmentLevel: 2 }, 'continue', ['valueCoversInvestment']],
    ['ends when value is 0.1 below investment', { valueIndex: 1.9, investmentLevel: 2 }, 'end', ['valueBelowInvestment']],
    ['ends when value is below a high investment', { valueIndex: 1.4, investmentLevel: 3 }, 'end', ['valueBelowInvestment']],
    ['continues a free partnership of modest value', { valueIndex: 0.5, investmentLevel: 0 }, 'continue', ['valueCoversInvestment']],
    ['ends when no goal is linked', { linkedGoalCount: 0, goalScores: [] }, 'end', ['noGoalLinked']],
    ['ends when every goal score is 0', { goalScores: [0, 0] }, 'end', ['noGoalSupported']],
    ['does not end when one goal score is above 0', { goalScores: [0, 1] }, 'continue', ['valueCoversInvestment']],
    ['ends when the partnership has lost touch', { lostTouch: true, lastContactOn: '2025-03-14' }, 'end', ['lostTouch']],
    ['ends when the partnership was never contacted', { lostTouch: true, lastContactOn: null }, 'end', ['neverContacted']],
    ['watches when value fell by 1 since the previous review', { valueIndex: 3, previousValueIndex: 4 }, 'watch', ['valueFell']],
    ['watches when value fell by more than 1', { valueIndex: 3, previousValueIndex: 4 }, 'watch', ['valueFell']],
    ['continues when value fell by less than 1', { valueIndex: 3.1, previousValueIndex: 4 }, 'continue', ['valueCoversInvestment']],
    ['continues when value rose', { valueIndex: 3.5, previousValueIndex: 2 }, 'continue', ['valueCoversInvestment']],
    [
      'gives every reason that applies, ending ones first',
      { valueIndex: 1, investmentLevel: 2, lostTouch: true, previousValueIndex: 3 },
      'end',
      ['valueBelowInvestment', 'lostTouch', 'valueFell'],
    ],
    ['watches an unscored review', { valueIndex: null }, 'watch', ['notScored']],
  ];
  it.each(cases)('%s', (_name, change, recommendation, codes) => {
    const result = recommend({ ...base, ...change });
    expect(result.recommendation).toBe(recommendation);
    expect(result.reasons.map((r) => r.code)).toEqual(codes);
  });
});

describe('reasons in words', () => {
  it('says value, level and money in the reader language', () => {
    const r = recommend({ ...base, valueIndex: 1.4, investmentLevel: 3, annualisedMinor: 21_200_000, currency: 'DKK', months: 12 });
    const en = createI18n('en', 'Europe/Copenhagen', 'DKK');
    expect(describeReason(r.reasons[0]!, en).replace(/\s/g, ' ')).toBe('Value 1.4 is below investment level 3: DKK 212,000 in 12 months');
    const da = createI18n('da', 'Europe/Copenhagen', 'DKK');
    expect(describeReason(r.reasons[0]!, da)).toContain('1,4');
  });
  it('names the date of the last contact', () => {
    const r = recommend({ ...base, lostTouch: true, lastContactOn: '2025-03-14' });
    expect(describeReason(r.reasons[0]!, createI18n('en', 'UTC', 'DKK'))).toBe('No contact since 14 March 2025');
  });
});

describe('value index', () => {
  it.each([
    [[4, 2], [2, 2, 2, 2, 2], 2.5],
    [[3], [1, 2], 2.3], // (3 + 1.5) / 2 = 2.25 -> 2.3
    [[], [2, 3], 2.5],
    [[1, 2], [], 1.5],
    [[0, 0], [0], 0],
  ] as [number[], number[], number][])('goals %j and principles %j give %s', (g, p, v) => {
    expect(valueIndex(g, p)).toBe(v);
  });
  it('is null with no scores at all', () => expect(valueIndex([], [])).toBeNull());
});

describe('annualising and banding', () => {
  it('keeps a twelve-month period as it is', () => expect(annualise(1_200_000, '2025-01-01', '2025-12-31')).toBe(1_200_000));
  it('scales a two-year period down to one year', () => expect(annualise(2_400_000, '2024-01-01', '2025-12-31')).toBe(1_200_000));
  it('scales eighteen months down', () => expect(annualise(1_800_000, '2024-07-01', '2025-12-31')).toBe(1_200_000));
  it('counts a short period as a whole year', () => expect(annualise(500_000, '2025-10-01', '2025-12-31')).toBe(500_000));
  it('keeps funding above costs negative', () => expect(annualise(-300_000, '2025-01-01', '2025-12-31')).toBe(-300_000));

  const dkk = defaultBands('DKK');
  it.each([
    [-100, 0],
    [0, 0],
    [999_999, 0],
    [1_000_000, 1],
    [4_999_999, 1],
    [5_000_000, 2],
    [15_000_000, 3],
    [39_999_999, 3],
    [40_000_000, 4],
    [900_000_000, 4],
  ])('DKK %i minor is level %i', (amount, level) => expect(investmentLevel(amount, dkk)).toBe(level));
  it('has default bands for every offered currency, rising', () => {
    for (const c of ['DKK', 'NOK', 'SEK', 'EUR', 'ISK', 'GBP', 'USD', 'XXX']) expect(bandsAreValid(defaultBands(c))).toBe(true);
  });
  it('refuses bands that do not rise', () => {
    expect(bandsAreValid({ level1FromMinor: 10, level2FromMinor: 10, level3FromMinor: 30, level4FromMinor: 40 })).toBe(false);
  });
  it('lets the reviewer move the level one step with a reason', () => {
    expect(adjustedLevel(2, 1, 'unlogged time')).toEqual({ ok: true, level: 3 });
    expect(adjustedLevel(0, -1, 'fee waived')).toEqual({ ok: true, level: 0 });
    expect(adjustedLevel(4, 1, 'x')).toEqual({ ok: true, level: 4 });
    expect(adjustedLevel(2, 1, '  ')).toEqual({ ok: false, error: 'adjustmentReason' });
    expect(adjustedLevel(2, 2, 'much')).toEqual({ ok: false, error: 'adjustmentRange' });
  });
});

describe('review schedule', () => {
  const active = { status: 'active' as const, agreementType: 'network_membership', activeSinceOn: '2024-03-15', reviewCadenceMonths: 12 };
  it('is due a cadence after becoming active', () => expect(reviewDueOn(active, null, null)).toBe('2025-03-15'));
  it('resets with each review', () => expect(reviewDueOn(active, '2025-06-01', null)).toBe('2026-06-01'));
  it('follows the cadence', () => expect(reviewDueOn({ ...active, reviewCadenceMonths: 6 }, '2025-06-01', null)).toBe('2025-12-01'));
  it('brings a twin city forward to the end of the council period', () => {
    const twin = { ...active, agreementType: 'twin_city_agreement' };
    expect(reviewDueOn(twin, '2025-06-01', '2025-12-31')).toBe('2025-12-31');
    expect(reviewDueOn(twin, '2026-01-10', '2025-12-31')).toBe('2027-01-10');
  });
  it('does not bring other agreements forward', () => expect(reviewDueOn(active, '2025-06-01', '2025-12-31')).toBe('2026-06-01'));
  it('has nothing due for partnerships being ended or not yet active', () => {
    expect(reviewDueOn({ ...active, status: 'ending' }, null, null)).toBeNull();
    expect(reviewDueOn({ ...active, status: 'exploring', activeSinceOn: null }, null, null)).toBeNull();
  });
  it('starts a period the day after the previous review', () => {
    expect(reviewPeriod('2025-06-01', '2024-01-01', '2026-06-03')).toEqual({ startOn: '2025-06-02', endOn: '2026-06-03' });
    expect(reviewPeriod(null, '2024-01-01', '2026-06-03')).toEqual({ startOn: '2024-01-01', endOn: '2026-06-03' });
    expect(reviewPeriod(null, null, '2026-06-03')).toEqual({ startOn: '2026-06-03', endOn: '2026-06-03' });
  });
});

describe('decision flow', () => {
  it('lets a draft or returned review be edited and proposed, a proposed one signed or returned', () => {
    expect(allowedActions('draft')).toEqual(['edit', 'propose']);
    expect(allowedActions('returned')).toEqual(['edit', 'propose']);
    expect(allowedActions('proposed')).toEqual(['sign', 'return']);
  });
  it('makes a signed review immutable', () => {
    expect(allowedActions('signed')).toEqual([]);
    for (const a of ['edit', 'propose', 'sign', 'return'] as const) expect(canDo('signed', a)).toBe(false);
  });
  it('cannot sign a draft', () => expect(canDo('draft', 'sign')).toBe(false));
  it('requires a comment, the changes of a revision and a scored review', () => {
    expect(checkProposal({ decision: 'end', comment: ' ', revisionNote: '' }, 2)).toMatchObject({ ok: false, field: 'comment' });
    expect(checkProposal({ decision: 'revise', comment: 'ok', revisionNote: '' }, 2)).toMatchObject({ ok: false, field: 'revisionNote' });
    expect(checkProposal({ decision: 'continue', comment: 'ok', revisionNote: '' }, null)).toMatchObject({
      ok: false,
      field: 'valueIndex',
    });
    expect(checkProposal({ decision: 'continue', comment: 'ok', revisionNote: '' }, 2)).toEqual({ ok: true });
  });
});
