// Numbers are read in the user's own locale; what could be read two ways is refused, never guessed.
import { describe, expect, it } from 'vitest';
import { moneyInputValue, numberExamples, parseLocaleNumber } from '../../src/lib/numbers.js';
import type { Locale } from '../../src/i18n/index.js';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

// [locale, typed, expected value | 'ambiguous' | 'invalid']
const cases: [Locale, string, number | 'ambiguous' | 'invalid'][] = [
  // Danish: '.' groups thousands, ',' is the decimal mark.
  ['da', '2.800', 2800],
  ['da', '1.500', 1500],
  ['da', '1.500,50', 1500.5],
  ['da', '1500,50', 1500.5],
  ['da', '1.234.567,8', 1234567.8],
  ['da', '2,8', 2.8],
  ['da', '2.800 kr.', 2800],
  ['da', 'DKK 1.500', 1500],
  ['da', '1,500', 'ambiguous'],
  ['da', '2.80', 'ambiguous'],
  ['da', '1500.50', 'ambiguous'],
  ['da', '1.50.000', 'invalid'],
  ['da', '12a', 'invalid'],
  ['da', '1 500', 'invalid'],
  ['da', '1,5,0', 'invalid'],
  // Norwegian and Swedish: a space (plain, no-break or narrow) groups, ',' is the decimal mark.
  ['nb', '1 500,50', 1500.5],
  ['nb', `1${NBSP}500,50`, 1500.5],
  ['nb', `1${NNBSP}500`, 1500],
  ['nb', '1500,50', 1500.5],
  ['nb', '1.500', 'ambiguous'],
  ['nb', '1,500', 'ambiguous'],
  ['nb', '15 00', 'ambiguous'],
  ['sv', '1 500,50', 1500.5],
  ['sv', `12${NBSP}345`, 12345],
  ['sv', '1500,5', 1500.5],
  ['sv', '1500.50', 'ambiguous'],
  ['sv', '2,800', 'ambiguous'],
  // English: ',' groups thousands, '.' is the decimal mark.
  ['en', '1,500.50', 1500.5],
  ['en', '1500.50', 1500.5],
  ['en', '2,800', 2800],
  ['en', '£1,500', 1500],
  ['en', '1.500', 'ambiguous'],
  ['en', '1,50', 'ambiguous'],
  ['en', '1.500,50', 'ambiguous'],
  ['en', '', 'invalid'],
  ['en', '-', 'invalid'],
  ['en', '-12.5', -12.5],
];

describe('parseLocaleNumber', () => {
  it.each(cases)('in %s reads %j as %s', (locale, typed, expected) => {
    const parsed = parseLocaleNumber(typed, locale);
    if (typeof expected === 'number') expect(parsed).toMatchObject({ ok: true, value: expected });
    else expect(parsed).toEqual({ ok: false, reason: expected });
  });

  it('reads back every amount it writes for the form, in every locale', () => {
    for (const locale of ['en', 'da', 'nb', 'sv'] as const) {
      for (const minor of [0, 5, 250, 280000, 150050, 123456789]) {
        const typed = moneyInputValue(minor, locale);
        const parsed = parseLocaleNumber(typed, locale);
        expect(parsed.ok && Math.round(parsed.value * 100)).toBe(minor);
      }
    }
  });

  it("shows how to write a number in the locale's own style", () => {
    expect(numberExamples('da')).toEqual({ grouped: '1.500,50', plain: '1500,50' });
    expect(numberExamples('en')).toEqual({ grouped: '1,500.50', plain: '1500.50' });
    expect(numberExamples('sv').plain).toBe('1500,50');
    expect(numberExamples('nb').grouped.replace(/\s/g, ' ')).toBe('1 500,50');
  });
});
