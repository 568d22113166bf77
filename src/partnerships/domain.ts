// The partnership lifecycle: which status may follow which, and when a change is refused.
// Pure functions of plain data; the routes and the demo generator both use them.

import { AGREEMENT_TYPES, PARTNERSHIP_STATUSES } from '../lib/words.js';
import { atLeast } from '../plugins/access.js';
import type { CurrentUser } from '../plugins/context.js';

export { AGREEMENT_TYPES };
export const STATUSES = PARTNERSHIP_STATUSES;
export type Status = (typeof STATUSES)[number];
export type AgreementType = (typeof AGREEMENT_TYPES)[number];

/** A new partnership starts here: being explored, or registered as already running (or resting). */
export const INITIAL_STATUSES = ['exploring', 'active', 'dormant'] as const satisfies readonly Status[];

/**
 * exploring -> active -> dormant -> ending -> ended, and dormant -> active.
 * Also: an exploration that leads nowhere may be ended, and an active partnership may go
 * straight to ending (a review decided to end it).
 */
const TRANSITIONS: Record<Status, readonly Status[]> = {
  exploring: ['active', 'ended'],
  active: ['dormant', 'ending'],
  dormant: ['active', 'ending'],
  ending: ['ended'],
  ended: [],
};

export function nextStatuses(from: Status): readonly Status[] {
  return TRANSITIONS[from];
}

export type Refusal =
  | 'partnerships.status.refused.same'
  | 'partnerships.status.refused.ended'
  | 'partnerships.status.refused.notAllowed'
  | 'partnerships.status.refused.future'
  | 'partnerships.status.refused.beforeLast';

export type TransitionCheck = { ok: true } | { ok: false; reason: Refusal; params: Record<string, string> };

export interface StatusChangeInput {
  from: Status;
  to: Status;
  /** The day the change took effect (YYYY-MM-DD). */
  changedOn: string;
  /** The day of the latest recorded change, if any. */
  lastChangedOn: string | null;
  /** The organisation's today (YYYY-MM-DD). */
  today: string;
}

/** May the partnership go from `from` to `to` on `changedOn`? A refusal carries a catalog key. */
export function checkStatusChange(input: StatusChangeInput): TransitionCheck {
  const { from, to, changedOn, lastChangedOn, today } = input;
  if (from === to) return { ok: false, reason: 'partnerships.status.refused.same', params: { from } };
  if (from === 'ended') return { ok: false, reason: 'partnerships.status.refused.ended', params: {} };
  if (!TRANSITIONS[from].includes(to)) return { ok: false, reason: 'partnerships.status.refused.notAllowed', params: { from, to } };
  if (changedOn > today) return { ok: false, reason: 'partnerships.status.refused.future', params: { today } };
  if (lastChangedOn && changedOn < lastChangedOn) {
    return { ok: false, reason: 'partnerships.status.refused.beforeLast', params: { last: lastChangedOn } };
  }
  return { ok: true };
}

/** Becoming active (again) restarts the review clock on the day of the change. */
export function activeSinceAfter(to: Status, changedOn: string, current: string | null): string | null {
  return to === 'active' ? changedOn : current;
}

/** The agreement type that usually goes with a partner kind. */
export function agreementTypeForKind(kind: string): AgreementType {
  switch (kind) {
    case 'twin_city':
      return 'twin_city_agreement';
    case 'network':
    case 'regional_office':
      return 'network_membership';
    case 'project':
      return 'project_participation';
    default:
      return 'cooperation_agreement';
  }
}

/** Coordinators and admins work on every partnership; a contributor on those they own. */
export function mayEditPartnership(user: CurrentUser | null, partnership: { ownerId: number | null }): boolean {
  if (!user) return false;
  if (atLeast(user.role, 'coordinator')) return true;
  return user.role === 'contributor' && partnership.ownerId === user.id;
}
