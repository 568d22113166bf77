// When a reminder is owed: pure functions of a due date and the recipient's "today".
// Each returns the latest occasion that has already come (or null). The job records an occasion
// once per recipient and channel, so a missed run catches up with exactly one reminder, never a burst.
import { DateTime } from 'luxon';
import { addDays, addMonths, daysBetween } from '../lib/dates.js';

export interface Occasion {
  /** The day this occasion came (the reminder is owed from then on). */
  on: string;
  /** Part of the outbox key: which occasion of which due date, e.g. "2026-10-25:before7". */
  code: string;
  /** 'upcoming' | 'today' | 'overdue': picks the wording of the message. */
  phase: 'upcoming' | 'today' | 'overdue';
}

export const DEFAULT_REVIEW_REMINDER_DAYS = [30, 7];
/** Days before a renewal or expiry date when the owner is told; also on the day itself. */
export const RENEWAL_REMINDER_DAYS = [60, 14];
/** A renewal that passed longer ago than this is history, not a reminder. */
export const RENEWAL_STALE_DAYS = 30;
/** Days before a membership's anniversary when its fee is announced. */
export const MEMBERSHIP_FEE_NOTICE_DAYS = 30;
/** Days overdue when the admins are copied on a review. */
export const ESCALATION_DAYS = 30;
/** The weekly digest covers what is due up to this many days ahead. */
export const DIGEST_HORIZON_DAYS = 14;

/** organisation.review_reminder_days ("30,7") -> [30, 7]; nonsense falls back to the default. */
export function parseReminderDays(setting: string | null | undefined): number[] {
  const days = String(setting ?? '')
    .split(/[,;\s]+/)
    .filter((s) => /^\d{1,3}$/.test(s))
    .map(Number)
    .filter((d) => d > 0 && d <= 365);
  const unique = [...new Set(days)].sort((a, b) => b - a);
  return unique.length > 0 ? unique : DEFAULT_REVIEW_REMINDER_DAYS;
}

function latest(occasions: Occasion[], today: string): Occasion | null {
  let best: Occasion | null = null;
  for (const o of occasions) if (o.on <= today && (!best || o.on >= best.on)) best = o;
  return best;
}

/** Weekly while overdue: week 1 is seven days after the due date, week 2 fourteen, ... */
function overdueWeek(dueOn: string, today: string): Occasion | null {
  const week = Math.floor(daysBetween(dueOn, today) / 7);
  return week >= 1 ? { on: addDays(dueOn, week * 7), code: `${dueOn}:overdue${week}`, phase: 'overdue' } : null;
}

/** Something due: N days before (each of `daysBefore`), on the day, then weekly while overdue. */
function dueOccasion(dueOn: string, today: string, daysBefore: number[]): Occasion | null {
  const occasions: Occasion[] = daysBefore.map((d) => ({
    on: addDays(dueOn, -d),
    code: `${dueOn}:before${d}`,
    phase: 'upcoming' as const,
  }));
  occasions.push({ on: dueOn, code: `${dueOn}:due`, phase: 'today' });
  const week = overdueWeek(dueOn, today);
  if (week) occasions.push(week);
  const found = latest(occasions, today);
  // A day or two after the due date the "on the day" reminder still stands; say it is overdue.
  if (found?.phase === 'today' && today > dueOn) return { ...found, phase: 'overdue' };
  return found;
}

/** A review: N days before due (each N of the setting), on the day, then weekly while overdue. */
export function reviewOccasion(dueOn: string, today: string, reminderDays: number[]): Occasion | null {
  return dueOccasion(dueOn, today, reminderDays);
}

/** The admins' copy: once, when a review is ESCALATION_DAYS overdue. */
export function escalationOccasion(dueOn: string, today: string): Occasion | null {
  const on = addDays(dueOn, ESCALATION_DAYS);
  return on <= today ? { on, code: `${dueOn}:escalated`, phase: 'overdue' } : null;
}

/** A follow-up: on its due day, then weekly while it stays open. */
export function followUpOccasion(dueOn: string, today: string): Occasion | null {
  return dueOccasion(dueOn, today, []);
}

/** An agreement's renewal or expiry: 60 and 14 days before and on the day; nothing once it is long past. */
export function renewalOccasion(renewalOn: string, today: string): Occasion | null {
  if (daysBetween(renewalOn, today) > RENEWAL_STALE_DAYS) return null;
  const occasions: Occasion[] = RENEWAL_REMINDER_DAYS.map((d) => ({
    on: addDays(renewalOn, -d),
    code: `${renewalOn}:before${d}`,
    phase: 'upcoming' as const,
  }));
  occasions.push({ on: renewalOn, code: `${renewalOn}:due`, phase: today > renewalOn ? 'overdue' : 'today' });
  return latest(occasions, today);
}

/**
 * The next anniversary of a membership on or after today (the day the fee falls due), counted
 * from its start; null before the first anniversary.
 */
export function nextAnniversary(startOn: string, today: string): string | null {
  const start = DateTime.fromISO(startOn, { zone: 'utc' });
  const now = DateTime.fromISO(today, { zone: 'utc' });
  if (!start.isValid || !now.isValid) return null;
  let years = Math.max(1, now.year - start.year);
  let candidate = addMonths(startOn, years * 12);
  while (candidate < today) candidate = addMonths(startOn, ++years * 12);
  return candidate;
}

/** A membership fee: once, MEMBERSHIP_FEE_NOTICE_DAYS before the anniversary it falls due on. */
export function membershipFeeOccasion(startOn: string, today: string): Occasion | null {
  const anniversary = nextAnniversary(startOn, today);
  if (!anniversary) return null;
  const on = addDays(anniversary, -MEMBERSHIP_FEE_NOTICE_DAYS);
  if (on > today) return null;
  return { on, code: `${anniversary}:fee`, phase: anniversary === today ? 'today' : 'upcoming' };
}

/** The weekly digest's occasion: the ISO week of today, e.g. "2026-W48". */
export function digestWeek(today: string): string {
  const d = DateTime.fromISO(today, { zone: 'utc' });
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
}

/** Outbox key: what, which entity, for whom, which occasion, which channel. Unique per reminder. */
export function reminderKey(kind: string, entityId: number | string, userId: number, occasionCode: string, channel: string): string {
  return `${kind}:${entityId}:u${userId}:${occasionCode}:${channel}`;
}

export const RETRY_BACKOFF_MS = [5 * 60_000, 30 * 60_000, 2 * 3_600_000, 12 * 3_600_000];
/** One first try plus one per backoff step. */
export const MAX_ATTEMPTS = RETRY_BACKOFF_MS.length + 1;

/** After a failed attempt (attempts counts it): when to try again, or null when it is given up. */
export function nextRetryAt(attempts: number, now: Date): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const wait = RETRY_BACKOFF_MS[Math.max(0, attempts - 1)]!;
  return new Date(now.getTime() + wait);
}
