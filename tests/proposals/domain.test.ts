// The ex-ante verdict is the review's own rule on expected values: same value index, same bands,
// same recommend(), same reasons.
import { describe, it, expect } from 'vitest';
import { exAnteVerdict, expectedYearlyMinor, approvalRule } from '../../src/proposals/domain.js';
import { defaultBands, investmentLevel, recommend, valueIndex } from '../../src/reviews/domain.js';

const DKK = defaultBands('DKK'); // levels from 10k, 50k, 150k, 400k DKK
const k = (major: number) => major * 100_000; // thousands of DKK in minor units

describe('the ex-ante verdict', () => {
  const cases = [
    {
      name: 'value well above the investment',
      goals: [4, 4],
      principles: [3, 3],
      money: k(60),
      hours: null,
      rate: null,
      vi: 3.5,
      level: 2,
      rec: 'continue',
      codes: ['valueCoversInvestment'],
    },
    {
      name: 'value only just covering it',
      goals: [2],
      principles: [],
      money: k(60),
      hours: null,
      rate: null,
      vi: 2,
      level: 2,
      rec: 'watch',
      codes: ['smallMargin'],
    },
    {
      name: 'value below the investment',
      goals: [1],
      principles: [1],
      money: k(200),
      hours: null,
      rate: null,
      vi: 1,
      level: 3,
      rec: 'end',
      codes: ['valueBelowInvestment'],
    },
    {
      name: 'no goal supported',
      goals: [0, 0],
      principles: [3],
      money: 0,
      hours: null,
      rate: null,
      vi: 1.5,
      level: 0,
      rec: 'end',
      codes: ['noGoalSupported'],
    },
    {
      name: 'hours valued at the hourly rate',
      goals: [2],
      principles: [],
      money: k(40),
      hours: 200,
      rate: 50_000,
      vi: 2,
      level: 2,
      rec: 'watch',
      codes: ['smallMargin'],
    },
    {
      name: 'hours without an hourly rate',
      goals: [2],
      principles: [],
      money: k(40),
      hours: 200,
      rate: null,
      vi: 2,
      level: 1,
      rec: 'continue',
      codes: ['valueCoversInvestment'],
    },
  ] as const;

  it.each(cases)('$name: $rec', (c) => {
    const v = exAnteVerdict(
      {
        goalScores: c.goals,
        principleScores: c.principles,
        investmentMinor: c.money,
        hours: c.hours,
        hourlyRateMinor: c.rate,
        currency: 'DKK',
      },
      DKK,
    );
    expect(v.valueIndex).toBe(c.vi);
    expect(v.investmentLevel).toBe(c.level);
    expect(v.recommendation).toBe(c.rec);
    expect(v.reasons.map((r) => r.code)).toEqual(c.codes);
    // The very rule a review applies, on the same numbers, gives the same verdict and reasons.
    const yearly = expectedYearlyMinor({ investmentMinor: c.money, hours: c.hours, hourlyRateMinor: c.rate });
    const same = recommend({
      valueIndex: valueIndex(c.goals, c.principles),
      investmentLevel: investmentLevel(yearly, DKK),
      goalScores: c.goals,
      linkedGoalCount: c.goals.length,
      lostTouch: false,
      lastContactOn: null,
      previousValueIndex: null,
      annualisedMinor: yearly,
      currency: 'DKK',
      months: 12,
    });
    expect({ recommendation: v.recommendation, reasons: v.reasons }).toEqual(same);
  });
});

describe('who may decide', () => {
  it.each([
    { who: 'another administrator approves', proposer: 1, decider: 2, admins: 2, approve: true, ok: true },
    { who: 'the proposer approves while another administrator exists', proposer: 1, decider: 1, admins: 2, approve: true, ok: false },
    { who: 'the proposer approves as the only administrator', proposer: 1, decider: 1, admins: 1, approve: true, ok: true },
    { who: 'the proposer rejects their own proposal', proposer: 1, decider: 1, admins: 2, approve: false, ok: true },
  ])('$who: allowed $ok', ({ proposer, decider, admins, approve, ok }) => {
    expect(approvalRule('proposed', proposer, decider, admins, approve).ok).toBe(ok);
  });

  it('refuses a decision on a proposal already decided', () => {
    expect(approvalRule('approved', 1, 2, 2, true)).toEqual({ ok: false, error: 'proposals.error.notProposed' });
  });
});
