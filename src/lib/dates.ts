// Calendar arithmetic on ISO dates, in the organisation's time zone. Pure: `now` is passed in.
import { DateTime } from 'luxon';

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now: Date): string {
  return DateTime.fromJSDate(now).setZone(timeZone).toISODate()!;
}

/** Add calendar months; the 31st becomes the month's last day when needed (luxon's rule). */
export function addMonths(isoDate: string, months: number): string {
  const d = plainDate(isoDate);
  if (!d) return DateTime.fromISO(isoDate, { zone: 'utc' }).plus({ months }).toISODate()!;
  const total = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return isoOf(year, month, Math.min(d.day, daysInMonth(year, month)));
}

export function addDays(isoDate: string, days: number): string {
  const d = plainDate(isoDate);
  if (!d) return DateTime.fromISO(isoDate, { zone: 'utc' }).plus({ days }).toISODate()!;
  const at = utcDate(d.year, d.month, d.day + days);
  return isoOf(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate());
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  const from = plainDate(a);
  const to = plainDate(b);
  if (!from || !to) return Math.round(DateTime.fromISO(b, { zone: 'utc' }).diff(DateTime.fromISO(a, { zone: 'utc' }), 'days').days);
  return Math.round((utcDate(to.year, to.month, to.day).getTime() - utcDate(from.year, from.month, from.day).getTime()) / 86_400_000);
}

// The three above run for every partnership of a list (review due dates), so plain YYYY-MM-DD dates are
// reckoned with integers and Date.UTC rather than a luxon DateTime each (a tenth of the time); anything
// else goes to luxon. tests/lib/dates.test.ts checks both agree.
function plainDate(iso: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) ? { year, month, day } : null;
}

/** A plain YYYY-MM-DD calendar date at midnight UTC, or null for anything else (exports write thousands). */
export function plainDateUtc(iso: string): Date | null {
  const d = plainDate(iso);
  return d ? utcDate(d.year, d.month, d.day) : null;
}

function utcDate(year: number, month: number, day: number): Date {
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, years 0-99 stay themselves
  return at;
}

function daysInMonth(year: number, month: number): number {
  return utcDate(year, month + 1, 0).getUTCDate();
}

function isoOf(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The instant now as an ISO string in UTC, for `...At` columns. */
export function isoInstant(now: Date): string {
  return now.toISOString();
}

export function isValidTimeZone(tz: string): boolean {
  return DateTime.local().setZone(tz).isValid;
}
