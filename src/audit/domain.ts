// Turning stored audit rows into what a reader sees: field changes from -> to, and date filters
// given as local calendar days turned into UTC instants.
import { DateTime } from 'luxon';

export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

/** A stored value as text: '' for nothing, JSON for lists and objects. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The `changes` JSON of an audit row as a list of field changes (bad JSON gives none). */
export function parseChanges(json: string): FieldChange[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
  return Object.entries(parsed as Record<string, unknown>).map(([field, pair]) => {
    const [from, to] = Array.isArray(pair) ? pair : [null, pair];
    return { field, from: displayValue(from), to: displayValue(to) };
  });
}

/** The `changes` JSON as stored: { field: [from, to] } with the values' own types ({} for bad JSON). */
export function parseRawChanges(json: string): Record<string, [unknown, unknown]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  return Object.fromEntries(
    Object.entries(parsed as Record<string, unknown>).map(([field, pair]) => {
      const [from, to] = Array.isArray(pair) ? pair : [null, pair];
      return [field, [from ?? null, to ?? null]];
    }),
  );
}

/** The first instant of a local day, as ISO UTC; null for an invalid date. */
export function startOfDayUtc(isoDate: string, timeZone: string): string | null {
  const d = DateTime.fromISO(isoDate, { zone: timeZone });
  return d.isValid && /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? d.startOf('day').toUTC().toISO() : null;
}

/** The first instant after a local day, as ISO UTC (an exclusive upper bound). */
export function endOfDayUtc(isoDate: string, timeZone: string): string | null {
  const d = DateTime.fromISO(isoDate, { zone: timeZone });
  return d.isValid && /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? d.startOf('day').plus({ days: 1 }).toUTC().toISO() : null;
}
