// Losing touch: an active partnership whose newest contact-log entry is older than the
// organisation's losing-touch period. The one place for this rule; reviews use it too.
import { addMonths } from '../lib/dates.js';

/**
 * @param lastContactOn date of the newest log entry for the partnership, or null when none
 * @param activeSinceOn when the partnership became active: with no contact yet, the clock starts here
 * @param months the organisation's losing-touch period (default 12)
 * @param today the organisation's today (YYYY-MM-DD)
 */
export function hasLostTouch(lastContactOn: string | null, activeSinceOn: string | null, months: number, today: string): boolean {
  const reference = lastContactOn ?? activeSinceOn;
  if (!reference) return true; // no contact and no start: nothing shows the partnership is alive
  return addMonths(reference, months) <= today;
}
