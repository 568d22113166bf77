// Calendar arithmetic on plain dates: the integer reckoning agrees with luxon's (the rule it replaced
// for speed) for any date and any number of months or days, the 31st and 29 February included.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { addDays, addMonths, daysBetween, plainDateUtc } from '../../src/lib/dates.js';

const plainDates = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const luxon = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

describe('calendar arithmetic', () => {
  it('adds months as luxon does, the day clamped to the month’s last', () => {
    fc.assert(
      fc.property(plainDates, fc.integer({ min: -600, max: 600 }), (iso, months) => {
        expect(addMonths(iso, months)).toBe(luxon(iso).plus({ months }).toISODate());
      }),
      { numRuns: 2000 },
    );
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
  });

  it('adds days and counts the days between two dates as luxon does', () => {
    fc.assert(
      fc.property(plainDates, fc.integer({ min: -20_000, max: 20_000 }), plainDates, (iso, days, other) => {
        expect(addDays(iso, days)).toBe(luxon(iso).plus({ days }).toISODate());
        expect(daysBetween(iso, other)).toBe(Math.round(luxon(other).diff(luxon(iso), 'days').days));
      }),
      { numRuns: 2000 },
    );
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2); // across a summer-time change elsewhere
  });

  it('reads a plain date as the same instant luxon does (exports write one per row), and nothing else', () => {
    fc.assert(
      fc.property(plainDates, (iso) => {
        expect(plainDateUtc(iso)?.getTime()).toBe(luxon(iso).toMillis());
      }),
      { numRuns: 2000 },
    );
    for (const notPlain of ['2026-02-30', '2026-13-01', '2026-11-30T10:00:00Z', '30.11.2026', '', '=1+1'])
      expect(plainDateUtc(notPlain)).toBeNull();
  });

  it('leaves what is not a plain date to luxon', () => {
    expect(addDays('2026-11-30T10:00:00Z', 1)).toBe('2026-12-01');
    expect(addMonths('2026-02-30', 1)).toBe(luxon('2026-02-30').plus({ months: 1 }).toISODate());
  });
});
