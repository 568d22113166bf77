// Calendar arithmetic on ISO dates, in the organisation's time zone. Pure: `now` is passed in.
import { DateTime } from 'luxon';

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now: Date): string {
  return DateTime.fromJSDate(now).setZone(timeZone).toISODate()!;
}

/** Add calendar months; the 31st becomes the month's last day when needed (luxon's rule). */
export function addMonths(isoDate: string, months: number): string {
  return DateTime.fromISO(isoDate, { zone: 'utc' }).plus({ months }).toISODate()!;
}

export function addDays(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate, { zone: 'utc' }).plus({ days }).toISODate()!;
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round(DateTime.fromISO(b, { zone: 'utc' }).diff(DateTime.fromISO(a, { zone: 'utc' }), 'days').days);
}

/** The instant now as an ISO string in UTC, for `...At` columns. */
export function isoInstant(now: Date): string {
  return now.toISOString();
}

export function isValidTimeZone(tz: string): boolean {
  return DateTime.local().setZone(tz).isValid;
}
