// Delegations' rules as pure functions of plain data: the status lifecycle, overlapping visits,
// date checks of a visit and its programme, "report missing", EU CERV town-twinning counts and
// the language a reply to a visit request is written in. No I/O; `today` is passed in.
import { DELEGATION_DIRECTIONS, DELEGATION_STATUSES, PARTICIPANT_SIDES, VISIT_REQUEST_STATUSES } from '../lib/words.js';
import type { Locale } from '../i18n/index.js';
import { addDays } from '../lib/dates.js';

export { DELEGATION_DIRECTIONS, DELEGATION_STATUSES, PARTICIPANT_SIDES, VISIT_REQUEST_STATUSES };
export type DelegationStatus = (typeof DELEGATION_STATUSES)[number];
export type Direction = (typeof DELEGATION_DIRECTIONS)[number];
export type Side = (typeof PARTICIPANT_SIDES)[number];
export type VisitRequestStatus = (typeof VISIT_REQUEST_STATUSES)[number];

/** A new delegation is registered as asked for, or as already being planned. */
export const INITIAL_DELEGATION_STATUSES = ['requested', 'planned'] as const satisfies readonly DelegationStatus[];

/**
 * requested -> planned -> confirmed -> completed -> reported; a request may be declined, and
 * anything not yet completed may be cancelled. declined, cancelled and reported are final.
 */
const TRANSITIONS: Record<DelegationStatus, readonly DelegationStatus[]> = {
  requested: ['planned', 'declined', 'cancelled'],
  planned: ['confirmed', 'cancelled'],
  confirmed: ['completed', 'cancelled'],
  completed: ['reported'],
  reported: [],
  declined: [],
  cancelled: [],
};

export function nextDelegationStatuses(from: DelegationStatus): readonly DelegationStatus[] {
  return TRANSITIONS[from];
}

export type DelegationRefusal =
  | 'delegations.refused.same'
  | 'delegations.refused.final'
  | 'delegations.refused.notAllowed'
  | 'delegations.refused.notOver'
  | 'delegations.refused.noReport';

export type DelegationCheck = { ok: true } | { ok: false; reason: DelegationRefusal };

/** May the delegation go from `from` to `to` today? A visit is completed only once it is over; reported only with a report. */
export function checkDelegationTransition(input: {
  from: DelegationStatus;
  to: DelegationStatus;
  endsOn: string;
  report: string;
  today: string;
}): DelegationCheck {
  const { from, to, endsOn, report, today } = input;
  if (from === to) return { ok: false, reason: 'delegations.refused.same' };
  if (TRANSITIONS[from].length === 0) return { ok: false, reason: 'delegations.refused.final' };
  if (!TRANSITIONS[from].includes(to)) return { ok: false, reason: 'delegations.refused.notAllowed' };
  if (to === 'completed' && endsOn > today) return { ok: false, reason: 'delegations.refused.notOver' };
  if (to === 'reported' && report.trim() === '') return { ok: false, reason: 'delegations.refused.noReport' };
  return { ok: true };
}

/** Completed but nobody wrote down what came of it. */
export function reportMissing(d: { status: DelegationStatus; report: string }): boolean {
  return d.status === 'completed' && d.report.trim() === '';
}

/** Statuses that no longer occupy anyone's calendar. */
export const INACTIVE_STATUSES = ['declined', 'cancelled'] as const satisfies readonly DelegationStatus[];

// ---------------------------------------------------------------- dates

export type DateErrors = Partial<Record<'endsOn' | 'onDate' | 'endTime' | 'groupSize', DateRefusal>>;
export type DateRefusal =
  | 'delegations.invalid.endBeforeStart'
  | 'delegations.invalid.outsideVisit'
  | 'delegations.invalid.endTimeBeforeStart'
  | 'delegations.invalid.negativeCount';

/** A visit ends on or after the day it starts. */
export function checkVisitDates(startsOn: string, endsOn: string): DateErrors {
  return endsOn < startsOn ? { endsOn: 'delegations.invalid.endBeforeStart' } : {};
}

/** A programme item lies within the visit's days, and ends after it starts. */
export function checkProgrammeItem(
  item: { onDate: string; startTime: string | null; endTime: string | null },
  visit: { startsOn: string; endsOn: string },
): DateErrors {
  const errors: DateErrors = {};
  if (item.onDate < visit.startsOn || item.onDate > visit.endsOn) errors.onDate = 'delegations.invalid.outsideVisit';
  if (item.startTime && item.endTime && item.endTime < item.startTime) errors.endTime = 'delegations.invalid.endTimeBeforeStart';
  return errors;
}

/** A number of participants (a group size) is a whole number of at least one person: never zero or negative. */
export function checkParticipantCount(n: number): DateErrors {
  return n < 1 || !Number.isInteger(n) ? { groupSize: 'delegations.invalid.negativeCount' } : {};
}

/** Two date ranges (inclusive, YYYY-MM-DD) share at least one day. */
export function rangesOverlap(a: { startsOn: string; endsOn: string }, b: { startsOn: string; endsOn: string }): boolean {
  return a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;
}

export interface OverlapCandidate {
  id: number;
  title: string;
  startsOn: string;
  endsOn: string;
  status: DelegationStatus;
  hostDepartment: string;
  /** Staff hosting any of its programme items. */
  hostUserIds: readonly number[];
}

export interface Overlap {
  id: number;
  title: string;
  startsOn: string;
  endsOn: string;
  /** What they share: the host department, host people (ids), or both. */
  sameDepartment: boolean;
  sharedHosts: number[];
}

const norm = (s: string) => s.trim().toLocaleLowerCase();

/**
 * The other delegations on the same days as `visit` that lean on the same host department or the
 * same host person. Declined and cancelled visits occupy nobody.
 */
export function findOverlaps(
  visit: { id: number | null; startsOn: string; endsOn: string; hostDepartment: string; hostUserIds: readonly number[] },
  others: readonly OverlapCandidate[],
): Overlap[] {
  const dept = norm(visit.hostDepartment);
  const hosts = new Set(visit.hostUserIds);
  const found: Overlap[] = [];
  for (const o of others) {
    if (o.id === visit.id || (INACTIVE_STATUSES as readonly string[]).includes(o.status)) continue;
    if (!rangesOverlap(visit, o)) continue;
    const sameDepartment = dept !== '' && norm(o.hostDepartment) === dept;
    const sharedHosts = [...new Set(o.hostUserIds)].filter((h) => hosts.has(h));
    if (sameDepartment || sharedHosts.length > 0)
      found.push({ id: o.id, title: o.title, startsOn: o.startsOn, endsOn: o.endsOn, sameDepartment, sharedHosts });
  }
  return found.sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.id - b.id);
}

/** The calendar quarter a day falls in, as its first and last day. */
export function quarterOf(day: string): { startsOn: string; endsOn: string } {
  const year = day.slice(0, 4);
  const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3);
  const ends = ['03-31', '06-30', '09-30', '12-31'][q]!;
  return { startsOn: `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`, endsOn: `${year}-${ends}` };
}

// ---------------------------------------------------------------- participants

export interface ParticipantFacts {
  side: Side;
  country: string;
  invitedInternational: boolean;
}

export function countBySide(participants: readonly { side: Side }[]): Record<Side, number> {
  const counts: Record<Side, number> = { ours: 0, theirs: 0 };
  for (const p of participants) counts[p.side] += 1;
  return counts;
}

/** EU CERV town twinning: at least this many direct participants and invited international ones. */
export const CERV_MIN_DIRECT = 50;
export const CERV_MIN_INVITED = 25;

export interface CervCounts {
  byCountry: { country: string; direct: number; invited: number }[];
  direct: number;
  invited: number;
  eligible: boolean;
}

/** Participants by country, direct versus invited international, and whether the thresholds are met. */
export function cervCounts(participants: readonly ParticipantFacts[]): CervCounts {
  const byCountry = new Map<string, { direct: number; invited: number }>();
  let direct = 0;
  let invited = 0;
  for (const p of participants) {
    const row = byCountry.get(p.country) ?? { direct: 0, invited: 0 };
    if (p.invitedInternational) {
      row.invited += 1;
      invited += 1;
    } else {
      row.direct += 1;
      direct += 1;
    }
    byCountry.set(p.country, row);
  }
  return {
    byCountry: [...byCountry].map(([country, c]) => ({ country, ...c })).sort((a, b) => a.country.localeCompare(b.country)),
    direct,
    invited,
    eligible: direct >= CERV_MIN_DIRECT && invited >= CERV_MIN_INVITED,
  };
}

// ---------------------------------------------------------------- visit requests

/** The language of a reply to a requester, chosen by their country. */
export function replyLocaleForCountry(country: string): Locale {
  switch (country.trim().toUpperCase()) {
    case 'DK':
      return 'da';
    case 'NO':
      return 'nb';
    case 'SE':
      return 'sv';
    default:
      return 'en';
  }
}

/** A request is decided once: only an open one may be accepted, declined or redirected. */
export function mayDecide(status: VisitRequestStatus): boolean {
  return status === 'open';
}

/** Days before a visit when each host of its programme is reminded. */
export const HOST_REMINDER_DAYS = [7, 1];

/**
 * A host's reminder of a visit: a week before and the day before it starts (the latest occasion
 * that has come); nothing once the visit has begun.
 */
export function hostingOccasion(startsOn: string, today: string): { on: string; code: string; phase: 'upcoming' } | null {
  if (today >= startsOn) return null;
  let found: { on: string; code: string; phase: 'upcoming' } | null = null;
  for (const d of HOST_REMINDER_DAYS) {
    const on = addDays(startsOn, -d);
    if (on <= today && (!found || on > found.on)) found = { on, code: `${startsOn}:before${d}`, phase: 'upcoming' };
  }
  return found;
}
