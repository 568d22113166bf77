// When a partnership's next review is due. Pure; the reminders and the review lists both use it.
import { addMonths } from '../lib/dates.js';

export interface ScheduleInput {
  status: 'exploring' | 'active' | 'dormant' | 'ending' | 'ended';
  agreementType: string;
  activeSinceOn: string | null;
  reviewCadenceMonths: number;
}

/**
 * The date the next review is due, or null when none is (not yet active, or being ended).
 * Every `reviewCadenceMonths` from the last signed review, the first one that many months after the
 * partnership became active. A twin-city agreement not reviewed since before the end of the council
 * period is also due by that end (Odense revises its framework once per council period).
 */
export function reviewDueOn(p: ScheduleInput, lastReviewOn: string | null, councilPeriodEndOn: string | null): string | null {
  if (p.status !== 'active' && p.status !== 'dormant') return null;
  const base = lastReviewOn ?? p.activeSinceOn;
  if (!base) return null;
  let due = addMonths(base, p.reviewCadenceMonths);
  if (p.agreementType === 'twin_city_agreement' && councilPeriodEndOn && councilPeriodEndOn > base && councilPeriodEndOn < due) {
    due = councilPeriodEndOn;
  }
  return due;
}
