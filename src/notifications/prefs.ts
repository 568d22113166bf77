// What each user wants to be told, and how: one delivery choice per kind of reminder.
import { z } from 'zod';

/** The kinds of reminder a user can choose a channel for. */
export const NOTIFICATION_KINDS = ['review', 'follow_up', 'renewal', 'membership_fee', 'delegation'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DELIVERY_CHOICES = ['both', 'email', 'in_app', 'none'] as const;
export type DeliveryChoice = (typeof DELIVERY_CHOICES)[number];

export type NotificationPrefs = Record<NotificationKind, DeliveryChoice>;

/** Everything on by default: a reminder nobody sees is worse than one too many. */
export const DEFAULT_PREFS: NotificationPrefs = {
  review: 'both',
  follow_up: 'both',
  renewal: 'both',
  membership_fee: 'both',
  delegation: 'both',
};

const stored = z.record(z.string(), z.unknown());

/** users.notification_prefs (JSON) -> a complete set of choices; unknown or broken values fall back to the default. */
export function parsePrefs(json: string | null | undefined): NotificationPrefs {
  let raw: Record<string, unknown> = {};
  try {
    const parsed = stored.safeParse(JSON.parse(json ?? '{}'));
    if (parsed.success) raw = parsed.data;
  } catch {
    // A broken value is treated as "no choices made".
  }
  const prefs = { ...DEFAULT_PREFS };
  for (const kind of NOTIFICATION_KINDS) {
    const v = raw[kind];
    if (typeof v === 'string' && (DELIVERY_CHOICES as readonly string[]).includes(v)) prefs[kind] = v as DeliveryChoice;
  }
  return prefs;
}

export type Channel = 'email' | 'in_app';

/**
 * The channels a reminder goes out on for one user. A user without an email address gets
 * in-app only (an email choice becomes in-app rather than nothing).
 */
export function channelsFor(choice: DeliveryChoice, hasEmail: boolean): Channel[] {
  if (choice === 'none') return [];
  if (!hasEmail) return ['in_app'];
  if (choice === 'both') return ['email', 'in_app'];
  return [choice];
}
