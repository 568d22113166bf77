// The reminder job: decides what is owed to whom and records it in the outbox (and the in-app
// notifications) in one immediate transaction, then delivers the pending emails.
// Used by the in-server scheduler and by `npm run cli -- send-reminders`.
import { eq } from 'drizzle-orm';
import type { Config } from '../config.js';
import { inTransaction, type Db } from '../db/client.js';
import { notifications, outbox } from '../db/schema.js';
import { loadOrganisation } from '../settings/queries.js';
import { createI18n, isLocale, LOCALES, type I18n, type Locale } from '../i18n/index.js';
import { addDays, daysBetween, isValidTimeZone, todayIn } from '../lib/dates.js';
import { composeEmail, longDay } from '../mail/compose.js';
import { deliverOutbox, type DeliveryResult } from '../mail/delivery.js';
import { createMailer, type Mailer } from '../mail/mailer.js';
import { channelsFor, parsePrefs, type NotificationKind, type NotificationPrefs } from '../notifications/prefs.js';
import type { NotificationText } from '../notifications/queries.js';
import {
  DIGEST_HORIZON_DAYS,
  digestWeek,
  escalationOccasion,
  followUpOccasion,
  membershipFeeOccasion,
  nextAnniversary,
  parseReminderDays,
  reminderKey,
  renewalOccasion,
  reviewOccasion,
  type Occasion,
} from './domain.js';
import { activeRecipients, membershipFees, openFollowUps, renewals, reviewsDue, type Recipient } from './queries.js';
import { openReportingDates } from '../projects/queries.js';
import { membershipRenewals, type MembershipRenewal } from '../networks/queries.js';
import { upcomingHostings } from '../delegations/queries.js';
import { hostingOccasion } from '../delegations/domain.js';

type Hosting = ReturnType<typeof upcomingHostings>[number];

export interface RunOptions {
  now: Date;
  config: Pick<Config, 'baseUrl' | 'smtp'>;
  /** The mailer to deliver with; omitted = made from config.smtp; null = do not deliver now. */
  mailer?: Mailer | null;
}

export interface RunResult {
  /** New outbox rows this run decided, by channel. */
  decided: { email: number; inApp: number };
  /** What delivery did; null when there was no mailer (SMTP not configured). */
  delivery: DeliveryResult | null;
}

export async function runReminders(db: Db, options: RunOptions): Promise<RunResult> {
  const decided = decideReminders(db, options.now, options.config.baseUrl);
  const mailer = options.mailer === undefined ? createMailer(options.config.smtp) : options.mailer;
  if (!mailer) return { decided, delivery: null };
  try {
    return { decided, delivery: await deliverOutbox(db, mailer, options.now) };
  } finally {
    if (options.mailer === undefined) mailer.close();
  }
}

interface Person extends Recipient {
  lang: Locale;
  zone: string;
  today: string;
  prefs: NotificationPrefs;
  hasEmail: boolean;
}

interface Content {
  subject: string;
  paragraphs: string[];
  items?: { text: string; path: string }[];
  path: string;
}

/** How a reminder reads in the app: its subject, then its paragraphs and items a line each. */
function inAppText(content: Content): NotificationText {
  return { title: content.subject, body: [...content.paragraphs, ...(content.items ?? []).map((i) => `• ${i.text}`)].join('\n') };
}

/** Records every reminder owed at `now` that is not yet recorded. Returns how many rows are new. */
export function decideReminders(db: Db, now: Date, baseUrl: string): { email: number; inApp: number } {
  return inTransaction(db, () => {
    const counts = { email: 0, inApp: 0 };
    const org = loadOrganisation(db);
    if (!org) return counts;
    const nowIso = now.toISOString();
    const reminderDays = parseReminderDays(org.reviewReminderDays);
    const i18ns = new Map<string, I18n>();
    const i18nFor = (p: Person) => {
      const k = `${p.lang}|${p.zone}`;
      let i = i18ns.get(k);
      if (!i) i18ns.set(k, (i = createI18n(p.lang, p.zone, org.currency)));
      return i;
    };

    const people = new Map<number, Person>();
    for (const r of activeRecipients(db)) {
      const zone = r.timeZone && isValidTimeZone(r.timeZone) ? r.timeZone : org.timeZone;
      people.set(r.id, {
        ...r,
        lang: r.locale && isLocale(r.locale) ? r.locale : isLocale(org.locale) ? org.locale : 'en',
        zone,
        // Each person's own calendar day decides: a reminder "on the day" arrives on their day.
        today: todayIn(zone, now),
        prefs: parsePrefs(r.notificationPrefs),
        hasEmail: r.email.includes('@'),
      });
    }
    const admins = [...people.values()].filter((p) => p.role === 'admin');

    /** Record one reminder on the channels the person chose; compose it only when it is new. */
    const emit = (
      person: Person,
      prefKind: NotificationKind | null,
      kind: string,
      entityId: number | string,
      occasion: Occasion | string,
      build: (i18n: I18n) => Content,
    ) => {
      const code = typeof occasion === 'string' ? occasion : occasion.code;
      const channels = prefKind
        ? channelsFor(person.prefs[prefKind], person.hasEmail)
        : [person.hasEmail ? ('email' as const) : ('in_app' as const)];
      let content: Content | undefined;
      for (const channel of channels) {
        const inserted = db
          .insert(outbox)
          .values({
            key: reminderKey(kind, entityId, person.id, code, channel),
            userId: person.id,
            channel,
            kind,
            recipient: channel === 'email' ? person.email : '',
            status: channel === 'email' ? 'pending' : 'sent',
            nextAttemptAt: channel === 'email' ? nowIso : null,
            sentAt: channel === 'in_app' ? nowIso : null,
          })
          .onConflictDoNothing({ target: outbox.key })
          .returning({ id: outbox.id })
          .get();
        if (!inserted) continue;
        const i18n = i18nFor(person);
        content ??= build(i18n);
        if (channel === 'email') {
          const mail = composeEmail(i18n, {
            greetingName: person.name,
            subject: content.subject,
            paragraphs: content.paragraphs,
            items: content.items?.map((i) => ({ text: i.text, url: baseUrl + i.path })),
            url: baseUrl + content.path,
            settingsUrl: `${baseUrl}/profile/notifications`,
          });
          db.update(outbox)
            .set({ subject: mail.subject, bodyText: mail.text, bodyHtml: mail.html })
            .where(eq(outbox.id, inserted.id))
            .run();
          counts.email += 1;
        } else {
          const { title, body } = inAppText(content);
          db.update(outbox).set({ subject: title, bodyText: body }).where(eq(outbox.id, inserted.id)).run();
          // Written in every language: the person may switch theirs before they read it.
          const texts = Object.fromEntries(
            LOCALES.map((lang) => [lang, lang === person.lang ? { title, body } : inAppText(build(i18nFor({ ...person, lang })))]),
          );
          db.insert(notifications)
            .values({ userId: person.id, kind, title, body, texts: JSON.stringify(texts), link: content.path, createdAt: nowIso })
            .run();
          counts.inApp += 1;
        }
      }
    };

    // One loop over the table of reminder kinds: each says who is owed what today, and how it reads.
    const context: KindContext = { people, admins, reminderDays };
    const digestEntries = new Map<number, DigestEntry[]>();
    for (const reminder of REMINDER_KINDS) {
      for (const row of reminder.rows(db)) {
        for (const { person, occasion } of reminder.owed(row, context)) {
          emit(person, reminder.preference, reminder.kind, reminder.entityId(row), occasion, (i18n) =>
            reminder.content(i18n, row, person, occasion, context),
          );
        }
        if (!reminder.digest) continue;
        for (const person of people.values()) {
          if (!person.weeklyDigest) continue;
          const entry = reminder.digest(row, person, addDays(person.today, DIGEST_HORIZON_DAYS));
          if (entry) digestEntries.set(person.id, [...(digestEntries.get(person.id) ?? []), entry]);
        }
      }
    }

    // The weekly digest: what is due for this person up to two weeks ahead (overdue included).
    for (const person of people.values()) {
      const entries = digestEntries.get(person.id);
      if (!person.weeklyDigest || !entries || entries.length === 0) continue;
      const until = addDays(person.today, DIGEST_HORIZON_DAYS);
      entries.sort((a, b) => a.on.localeCompare(b.on));
      emit(person, null, 'digest', person.id, digestWeek(person.today), (i18n) => ({
        subject: i18n.tn('reminder.digest.subject', entries.length),
        paragraphs: [i18n.t('reminder.digest.intro', { date: longDay(i18n, until) })],
        items: entries.map((e) => ({
          text:
            i18n.t(e.key, { ...e.params, date: i18n.date(e.on) }) + (e.on < person.today ? ` (${i18n.t('reminder.digest.overdue')})` : ''),
          path: e.path,
        })),
        path: '/',
      }));
    }
    return counts;
  });
}

// ---------------------------------------------------------------- the reminder kinds

interface KindContext {
  people: Map<number, Person>;
  admins: Person[];
  reminderDays: number[];
}

interface DigestEntry {
  on: string;
  key: string;
  params: Record<string, string>;
  path: string;
}

/**
 * A kind of reminder: the rows it is about, who is owed a reminder of a row today (and on which
 * occasion: the occasion is part of the outbox key, so each is sent once), how it reads, and the
 * row's line in the weekly digest.
 */
interface ReminderKind<Row> {
  kind: string;
  preference: NotificationKind;
  rows: (db: Db) => Row[];
  entityId: (row: Row) => number;
  owed: (row: Row, context: KindContext) => { person: Person; occasion: Occasion }[];
  content: (i18n: I18n, row: Row, person: Person, occasion: Occasion, context: KindContext) => Content;
  digest?: (row: Row, person: Person, until: string) => DigestEntry | null;
}

const daysText = (i18n: I18n, n: number) => i18n.tn('reminder.days', Math.abs(n));

/** The owner of a row, when they are an active recipient. */
const ownerOf = (row: { ownerId: number | null }, context: KindContext) =>
  row.ownerId !== null ? context.people.get(row.ownerId) : undefined;

/** One person owed one occasion, or nobody. */
const owedTo = (person: Person | undefined, occasion: Occasion | null | undefined) => (person && occasion ? [{ person, occasion }] : []);

type ReviewDue = ReturnType<typeof reviewsDue>[number];
type FollowUp = ReturnType<typeof openFollowUps>[number];
type Renewal = ReturnType<typeof renewals>[number];
type MembershipFee = ReturnType<typeof membershipFees>[number];

/**
 * Reminded like a review: the row's owner the organisation's reminder days before the due date, on
 * the day and weekly while overdue; `messages` holds `.subject.<phase>` and `.body.<phase>`.
 */
function likeReview<Row extends { ownerId: number | null; dueOn: string; title: string }>(spec: {
  kind: string;
  rows: (db: Db) => Row[];
  entityId: (row: Row) => number;
  messages: string;
  digestKey: string;
  path: (row: Row) => string;
  params?: (row: Row) => Record<string, string>;
}): ReminderKind<Row> {
  return {
    kind: spec.kind,
    preference: 'review',
    rows: spec.rows,
    entityId: spec.entityId,
    owed: (r, c) => {
      const owner = ownerOf(r, c);
      return owedTo(owner, owner && reviewOccasion(r.dueOn, owner.today, c.reminderDays));
    },
    content: (i18n, r, owner, occasion) => {
      const p = {
        ...spec.params?.(r),
        title: r.title,
        date: longDay(i18n, r.dueOn),
        shortDate: i18n.date(r.dueOn),
        days: daysText(i18n, daysBetween(owner.today, r.dueOn)),
      };
      return {
        subject: i18n.t(`${spec.messages}.subject.${occasion.phase}`, p),
        paragraphs: [i18n.t(`${spec.messages}.body.${occasion.phase}`, p)],
        path: spec.path(r),
      };
    },
    digest: (r, person, until) =>
      r.ownerId === person.id && r.dueOn <= until
        ? { on: r.dueOn, key: spec.digestKey, params: { title: r.title }, path: spec.path(r) }
        : null,
  };
}

// Reviews: the owner before, on and after the due date.
const reviewReminder = likeReview<ReviewDue>({
  kind: 'review',
  rows: reviewsDue,
  entityId: (r) => r.partnershipId,
  messages: 'reminder.review',
  digestKey: 'reminder.digest.review',
  path: (r) => `/partnerships/${r.partnershipId}/reviews`,
});

// Reviews 30 days overdue: every administrator, once.
const escalationReminder: ReminderKind<ReviewDue> = {
  kind: 'review_escalation',
  preference: 'review',
  rows: reviewsDue,
  entityId: (r) => r.partnershipId,
  owed: (r, c) => c.admins.flatMap((admin) => owedTo(admin, escalationOccasion(r.dueOn, admin.today))),
  content: (i18n, r, admin, _occasion, c) => {
    const p = {
      title: r.title,
      date: longDay(i18n, r.dueOn),
      days: daysText(i18n, daysBetween(r.dueOn, admin.today)),
      owner: ownerOf(r, c)?.name ?? i18n.t('reminder.noOwner'),
    };
    return {
      subject: i18n.t('reminder.escalation.subject', p),
      paragraphs: [i18n.t('reminder.escalation.body', p)],
      path: `/partnerships/${r.partnershipId}/reviews`,
    };
  },
};

// Follow-ups: the assignee on the day and weekly while open.
const followUpReminder: ReminderKind<FollowUp> = {
  kind: 'follow_up',
  preference: 'follow_up',
  rows: openFollowUps,
  entityId: (f) => f.id,
  owed: (f, c) => {
    const assignee = c.people.get(f.assigneeId);
    return owedTo(assignee, assignee && followUpOccasion(f.dueOn, assignee.today));
  },
  content: (i18n, f, assignee, occasion) => {
    const about = f.partnershipTitle ?? f.partnerName;
    const p = {
      task: f.task,
      date: longDay(i18n, f.dueOn),
      days: daysText(i18n, daysBetween(f.dueOn, assignee.today)),
      about: about ?? '',
    };
    const paragraphs = [i18n.t(`reminder.followUp.body.${occasion.phase}`, p)];
    if (about) paragraphs.push(i18n.t('reminder.followUp.about', p));
    return { subject: i18n.t(`reminder.followUp.subject.${occasion.phase}`, p), paragraphs, path: '/follow-ups' };
  },
  digest: (f, person, until) =>
    f.assigneeId === person.id && f.dueOn <= until
      ? { on: f.dueOn, key: 'reminder.digest.followUp', params: { title: f.task }, path: '/follow-ups' }
      : null,
};

// Agreements and memberships approaching renewal or expiry.
const renewalReminder: ReminderKind<Renewal> = {
  kind: 'renewal',
  preference: 'renewal',
  rows: renewals,
  entityId: (r) => r.partnershipId,
  owed: (r, c) => {
    const owner = ownerOf(r, c);
    return owedTo(owner, owner && renewalOccasion(r.renewalOn, owner.today));
  },
  content: (i18n, r, owner, occasion) => {
    const p = { title: r.title, date: longDay(i18n, r.renewalOn), days: daysText(i18n, daysBetween(owner.today, r.renewalOn)) };
    return {
      subject: i18n.t(`reminder.renewal.subject.${occasion.phase}`, p),
      paragraphs: [i18n.t(`reminder.renewal.body.${occasion.phase}`, p)],
      path: `/partnerships/${r.partnershipId}`,
    };
  },
  digest: (r, person, until) =>
    r.ownerId === person.id && r.renewalOn >= person.today && r.renewalOn <= until
      ? { on: r.renewalOn, key: 'reminder.digest.renewal', params: { title: r.title }, path: `/partnerships/${r.partnershipId}` }
      : null,
};

// Network membership fees: a month before each anniversary of the membership.
const membershipFeeReminder: ReminderKind<MembershipFee> = {
  kind: 'membership_fee',
  preference: 'membership_fee',
  rows: membershipFees,
  entityId: (m) => m.partnershipId,
  owed: (m, c) => {
    const owner = ownerOf(m, c);
    return owedTo(owner, owner && membershipFeeOccasion(m.startOn, owner.today));
  },
  content: (i18n, m, _owner, occasion) => {
    const p = { title: m.title, date: longDay(i18n, occasion.code.slice(0, 10)), amount: i18n.money(m.feeMinor) };
    return {
      subject: i18n.t('reminder.fee.subject', p),
      paragraphs: [i18n.t('reminder.fee.body', p)],
      path: `/partnerships/${m.partnershipId}/costs`,
    };
  },
  digest: (m, person, until) => {
    const anniversary = m.ownerId === person.id ? nextAnniversary(m.startOn, person.today) : null;
    return anniversary && anniversary <= until
      ? { on: anniversary, key: 'reminder.digest.fee', params: { title: m.title }, path: `/partnerships/${m.partnershipId}/costs` }
      : null;
  },
};

// Network memberships ending: the agreement's owner and our representatives, 60 and 14 days before and on the day.
const networkRenewalReminder: ReminderKind<MembershipRenewal> = {
  kind: 'network_renewal',
  preference: 'renewal',
  rows: membershipRenewals,
  entityId: (m) => m.membershipId,
  owed: (m, c) =>
    m.recipientIds.flatMap((id) => {
      const person = c.people.get(id);
      return owedTo(person, person && renewalOccasion(m.endsOn, person.today));
    }),
  content: (i18n, m, person, occasion) => {
    const p = {
      name: m.networkName,
      date: longDay(i18n, m.endsOn),
      days: daysText(i18n, daysBetween(person.today, m.endsOn)),
      amount: `${i18n.amount(m.feeMinor, m.currency)} ${m.currency}`,
    };
    return {
      subject: i18n.t(`reminder.networkRenewal.subject.${occasion.phase}`, p),
      paragraphs: [i18n.t(`reminder.networkRenewal.body.${occasion.phase}`, p)],
      path: `/partners/${m.partnerId}/network`,
    };
  },
};

type ReportingDue = ReturnType<typeof openReportingDates>[number];

// A project's reports to its funder: reminded to the owner like a review until sent.
const reportingReminder = likeReview<ReportingDue>({
  kind: 'project_reporting',
  rows: openReportingDates,
  entityId: (r) => r.id,
  messages: 'projects.reminder',
  digestKey: 'projects.reminder.digest',
  path: (r) => `/partnerships/${r.partnershipId}/project#reporting`,
  params: (r) => ({ label: r.label }),
});

// Visits: each host of a programme item, a week before and the day before the visit starts.
const delegationHostReminder: ReminderKind<Hosting> = {
  kind: 'delegation_host',
  preference: 'delegation',
  rows: (db) => upcomingHostings(db),
  entityId: (h) => h.delegationId,
  owed: (h, c) => {
    const host = c.people.get(h.hostUserId);
    return owedTo(host, host && hostingOccasion(h.startsOn, host.today));
  },
  content: (i18n, h, host) => {
    const p = { title: h.title, date: longDay(i18n, h.startsOn), days: daysText(i18n, daysBetween(host.today, h.startsOn)) };
    return {
      subject: i18n.t('reminder.delegationHost.subject', p),
      paragraphs: [i18n.t('reminder.delegationHost.body', p)],
      path: `/delegations/${h.delegationId}`,
    };
  },
  digest: (h, person, until) =>
    h.hostUserId === person.id && h.startsOn >= person.today && h.startsOn <= until
      ? { on: h.startsOn, key: 'reminder.digest.delegation', params: { title: h.title }, path: `/delegations/${h.delegationId}` }
      : null,
};

/** Every kind of reminder the job decides, in the order they are recorded. */
// Each kind is typed by its own rows; the loop only passes a kind's rows back to the same kind.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const REMINDER_KINDS: ReminderKind<any>[] = [
  reviewReminder,
  escalationReminder,
  followUpReminder,
  renewalReminder,
  membershipFeeReminder,
  networkRenewalReminder,
  reportingReminder,
  delegationHostReminder,
];

/** The kinds of reminder the job decides, as the outbox records them (each has a label in every catalog). */
export const REMINDER_KIND_NAMES: readonly string[] = REMINDER_KINDS.map((k) => k.kind);
