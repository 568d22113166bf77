// The investment ledger's rules: which entry types are costs and which are funding, valuing staff
// hours at the organisation's hourly rate, and the limits that keep amounts sane.

export const COST_TYPES = ['membership_fee', 'travel', 'hosting', 'staff_time', 'co_financing', 'other'] as const;
export const FUNDING_TYPES = ['grant', 'partner_paid', 'other'] as const;
export type Direction = 'cost' | 'funding';
export type EntryType = (typeof COST_TYPES)[number] | (typeof FUNDING_TYPES)[number];

/** The one select of the one-line form: "cost:travel", "funding:grant" ... */
export const ENTRY_KINDS = [...COST_TYPES.map((t) => `cost:${t}` as const), ...FUNDING_TYPES.map((t) => `funding:${t}` as const)] as [
  string,
  ...string[],
];

/** One entry above this is a typing mistake, not a partnership (in major units). */
export const MAX_AMOUNT_MAJOR = 10_000_000;
export const MAX_HOURS = 5_000;

export interface EntryInput {
  kind: string;
  occurredOn: string;
  amountMinor: number | null;
  hours: number | null;
  note: string;
}

export interface ResolvedEntry {
  direction: Direction;
  type: EntryType;
  occurredOn: string;
  amountMinor: number;
  hours: number | null;
  note: string;
}

export type ResolveResult = { ok: true; entry: ResolvedEntry } | { ok: false; field: string; error: string };

export function splitKind(kind: string): { direction: Direction; type: EntryType } {
  const [direction, type] = kind.split(':') as [Direction, EntryType];
  return { direction, type };
}

/** Hours valued at the hourly rate, in minor units. */
export function valueHours(hours: number, hourlyRateMinor: number): number {
  return Math.round(hours * hourlyRateMinor);
}

/**
 * An amount or hours (not both); hours only for staff time and only when the organisation has an
 * hourly rate; nothing zero, negative or absurd.
 */
export function resolveEntry(input: EntryInput, hourlyRateMinor: number | null): ResolveResult {
  const { direction, type } = splitKind(input.kind);
  const base = { direction, type, occurredOn: input.occurredOn, note: input.note };
  if (input.hours !== null) {
    if (input.amountMinor !== null) return { ok: false, field: 'amount', error: 'ledger.error.amountOrHours' };
    if (type !== 'staff_time') return { ok: false, field: 'hours', error: 'ledger.error.hoursOnlyStaffTime' };
    if (!hourlyRateMinor) return { ok: false, field: 'hours', error: 'ledger.error.noHourlyRate' };
    if (!(input.hours > 0)) return { ok: false, field: 'hours', error: 'ledger.error.positive' };
    return { ok: true, entry: { ...base, amountMinor: valueHours(input.hours, hourlyRateMinor), hours: input.hours } };
  }
  if (input.amountMinor === null) return { ok: false, field: 'amount', error: 'ledger.error.amountOrHours' };
  if (input.amountMinor <= 0) return { ok: false, field: 'amount', error: 'ledger.error.positive' };
  return { ok: true, entry: { ...base, amountMinor: input.amountMinor, hours: null } };
}
