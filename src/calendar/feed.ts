// A user's calendar feed (ICS): reviews due, follow-ups, renewals and membership fees as all-day events.
import ical, { escape } from 'ical-generator';
import type { Db } from '../db/client.js';
import type { I18n } from '../i18n/index.js';
import { addDays, todayIn } from '../lib/dates.js';
import { upcomingDelegationsOf } from '../delegations/queries.js';
import { nextAnniversary } from '../reminders/domain.js';
import { membershipFees, openFollowUps, renewals, reviewsDue } from '../reminders/queries.js';

/** An all-day date for ical-generator: midnight UTC with no calendar zone is written as VALUE=DATE of that day. */
function day(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

export function userFeed(
  db: Db,
  options: { userId: number; i18n: I18n; orgName: string; orgTimeZone: string; baseUrl: string; now: Date },
): string {
  const { userId, i18n, baseUrl } = options;
  const host = new URL(baseUrl).host;
  // ical-generator escapes event TEXT values but writes the calendar's NAME and X-WR-CALNAME as
  // given: escape them here (RFC 5545 3.3.11), or a comma, semicolon, backslash or newline in the
  // organisation's name would corrupt, or add lines to, every subscriber's feed.
  const name = escape(i18n.t('calendar.feedName', { org: options.orgName }), false);
  const calendar = ical({
    name,
    prodId: { company: 'partnerships', product: 'reminders', language: i18n.locale.toUpperCase() },
    ttl: 60 * 60,
  });
  const add = (id: string, on: string, summary: string, path: string, description = '') =>
    calendar.createEvent({
      id: `${id}@${host}`,
      start: day(on),
      allDay: true,
      summary,
      url: baseUrl + path,
      description: description ? `${description}\n${baseUrl + path}` : baseUrl + path,
      stamp: options.now,
    });

  for (const r of reviewsDue(db, { ownerId: userId })) {
    add(
      `review-${r.partnershipId}-${r.dueOn}`,
      r.dueOn,
      i18n.t('calendar.event.review', { title: r.title }),
      `/partnerships/${r.partnershipId}/reviews`,
    );
  }
  for (const f of openFollowUps(db, { assigneeId: userId })) {
    add(
      `follow-up-${f.id}`,
      f.dueOn,
      i18n.t('calendar.event.followUp', { task: f.task }),
      '/follow-ups',
      f.partnershipTitle ?? f.partnerName ?? '',
    );
  }
  const today = todayIn(options.orgTimeZone, options.now);
  for (const r of renewals(db, { ownerId: userId })) {
    add(
      `renewal-${r.partnershipId}-${r.renewalOn}`,
      r.renewalOn,
      i18n.t('calendar.event.renewal', { title: r.title }),
      `/partnerships/${r.partnershipId}`,
    );
  }
  for (const m of membershipFees(db, { ownerId: userId })) {
    const on = nextAnniversary(m.startOn, today);
    if (on)
      add(
        `fee-${m.partnershipId}-${on}`,
        on,
        i18n.t('calendar.event.fee', { title: m.title }),
        `/partnerships/${m.partnershipId}/costs`,
        i18n.money(m.feeMinor),
      );
  }
  // The visits this person takes part in or hosts: all-day events over the visit's days.
  for (const d of upcomingDelegationsOf(db, userId, today)) {
    calendar.createEvent({
      id: `delegation-${d.id}@${host}`,
      start: day(d.startsOn),
      end: day(addDays(d.endsOn, 1)),
      allDay: true,
      summary: i18n.t('calendar.event.delegation', { title: d.title }),
      url: `${baseUrl}/delegations/${d.id}`,
      description: `${i18n.t(`delegations.direction.${d.direction}`)}\n${baseUrl}/delegations/${d.id}`,
      stamp: options.now,
    });
  }
  // Every content line ends with CRLF (RFC 5545 3.1), the last one too.
  return `${calendar.toString()}\r\n`;
}
