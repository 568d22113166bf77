// The reminder job: decides what is owed to whom and records it in the outbox (and the in-app
// notifications) in one immediate transaction, then delivers the pending emails.
// Used by the in-server scheduler and by `npm run cli -- send-reminders`.
import { eq } from 'drizzle-orm';
import type { Config } from '../config.js';
import { inTransaction, type Db } from '../db/client.js';
import { notifications, organisation, outbox } from '../db/schema.js';
import { createI18n, isLocale, type I18n, type Locale } from '../i18n/index.js';
import { addDays, daysBetween, isValidTimeZone, todayIn } from '../lib/dates.js';
import { composeEmail, longDay } from '../mail/compose.js';
import { deliverOutbox, type DeliveryResult } from '../mail/delivery.js';
import { createMailer, type Mailer } from '../mail/mailer.js';
import { channelsFor, parsePrefs, type NotificationKind, type NotificationPrefs } from '../notifications/prefs.js';
import {
  DIGEST_HORIZON_DAYS, digestWeek, escalationOccasion, followUpOccasion, membershipFeeOccasion, nextAnniversary,
  parseReminderDays, reminderKey, renewalOccasion, reviewOccasion, type Occasion,
} from './domain.js';
import { activeRecipients, membershipFees, openFollowUps, renewals, reviewsDue, type Recipient } from './queries.js';

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

/** Records every reminder owed at `now` that is not yet recorded. Returns how many rows are new. */
export function decideReminders(db: Db, now: Date, baseUrl: string): { email: number; inApp: number } {
  return inTransaction(db, () => {
    const counts = { email: 0, inApp: 0 };
    const org = db.select().from(organisation).where(eq(organisation.id, 1)).get();
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
    const emit = (person: Person, prefKind: NotificationKind | null, kind: string, entityId: number | string, occasion: Occasion | string, build: (i18n: I18n) => Content) => {
      const code = typeof occasion === 'string' ? occasion : occasion.code;
      const channels = prefKind ? channelsFor(person.prefs[prefKind], person.hasEmail) : [person.hasEmail ? 'email' as const : 'in_app' as const];
      let content: Content | undefined;
      for (const channel of channels) {
        const inserted = db.insert(outbox).values({
          key: reminderKey(kind, entityId, person.id, code, channel),
          userId: person.id, channel, kind,
          recipient: channel === 'email' ? person.email : '',
          status: channel === 'email' ? 'pending' : 'sent',
          nextAttemptAt: channel === 'email' ? nowIso : null,
          sentAt: channel === 'in_app' ? nowIso : null,
        }).onConflictDoNothing({ target: outbox.key }).returning({ id: outbox.id }).get();
        if (!inserted) continue;
        const i18n = i18nFor(person);
        content ??= build(i18n);
        if (channel === 'email') {
          const mail = composeEmail(i18n, {
            greetingName: person.name, subject: content.subject, paragraphs: content.paragraphs,
            items: content.items?.map((i) => ({ text: i.text, url: baseUrl + i.path })),
            url: baseUrl + content.path, settingsUrl: `${baseUrl}/profile/notifications`,
          });
          db.update(outbox).set({ subject: mail.subject, bodyText: mail.text, bodyHtml: mail.html }).where(eq(outbox.id, inserted.id)).run();
          counts.email += 1;
        } else {
          const body = [...content.paragraphs, ...(content.items ?? []).map((i) => `• ${i.text}`)].join('\n');
          db.update(outbox).set({ subject: content.subject, bodyText: body }).where(eq(outbox.id, inserted.id)).run();
          db.insert(notifications).values({ userId: person.id, kind, title: content.subject, body, link: content.path, createdAt: nowIso }).run();
          counts.inApp += 1;
        }
      }
    };

    const daysText = (i18n: I18n, n: number) => i18n.tn('reminder.days', Math.abs(n));

    // Reviews: the owner before, on and after the due date; the admins once, 30 days overdue.
    const due = reviewsDue(db);
    for (const r of due) {
      const owner = r.ownerId !== null ? people.get(r.ownerId) : undefined;
      const occasion = owner && reviewOccasion(r.dueOn, owner.today, reminderDays);
      if (owner && occasion) {
        emit(owner, 'review', 'review', r.partnershipId, occasion, (i18n) => {
          const p = { title: r.title, date: longDay(i18n, r.dueOn), shortDate: i18n.date(r.dueOn), days: daysText(i18n, daysBetween(owner.today, r.dueOn)) };
          return { subject: i18n.t(`reminder.review.subject.${occasion.phase}`, p), paragraphs: [i18n.t(`reminder.review.body.${occasion.phase}`, p)], path: `/partnerships/${r.partnershipId}/reviews` };
        });
      }
      for (const admin of admins) {
        const escalation = escalationOccasion(r.dueOn, admin.today);
        if (!escalation) continue;
        emit(admin, 'review', 'review_escalation', r.partnershipId, escalation, (i18n) => {
          const p = { title: r.title, date: longDay(i18n, r.dueOn), days: daysText(i18n, daysBetween(r.dueOn, admin.today)), owner: owner?.name ?? i18n.t('reminder.noOwner') };
          return { subject: i18n.t('reminder.escalation.subject', p), paragraphs: [i18n.t('reminder.escalation.body', p)], path: `/partnerships/${r.partnershipId}/reviews` };
        });
      }
    }

    // Follow-ups: the assignee on the day and weekly while open.
    const tasks = openFollowUps(db);
    for (const f of tasks) {
      const assignee = people.get(f.assigneeId);
      const occasion = assignee && followUpOccasion(f.dueOn, assignee.today);
      if (!assignee || !occasion) continue;
      emit(assignee, 'follow_up', 'follow_up', f.id, occasion, (i18n) => {
        const about = f.partnershipTitle ?? f.partnerName;
        const p = { task: f.task, date: longDay(i18n, f.dueOn), days: daysText(i18n, daysBetween(f.dueOn, assignee.today)), about: about ?? '' };
        const paragraphs = [i18n.t(`reminder.followUp.body.${occasion.phase}`, p)];
        if (about) paragraphs.push(i18n.t('reminder.followUp.about', p));
        return { subject: i18n.t(`reminder.followUp.subject.${occasion.phase}`, p), paragraphs, path: '/follow-ups' };
      });
    }

    // Agreements and memberships approaching renewal or expiry.
    const renewing = renewals(db);
    for (const r of renewing) {
      const owner = r.ownerId !== null ? people.get(r.ownerId) : undefined;
      const occasion = owner && renewalOccasion(r.renewalOn, owner.today);
      if (!owner || !occasion) continue;
      emit(owner, 'renewal', 'renewal', r.partnershipId, occasion, (i18n) => {
        const p = { title: r.title, date: longDay(i18n, r.renewalOn), days: daysText(i18n, daysBetween(owner.today, r.renewalOn)) };
        return { subject: i18n.t(`reminder.renewal.subject.${occasion.phase}`, p), paragraphs: [i18n.t(`reminder.renewal.body.${occasion.phase}`, p)], path: `/partnerships/${r.partnershipId}` };
      });
    }

    // Network membership fees: a month before each anniversary of the membership.
    const fees = membershipFees(db);
    for (const m of fees) {
      const owner = m.ownerId !== null ? people.get(m.ownerId) : undefined;
      const occasion = owner && membershipFeeOccasion(m.startOn, owner.today);
      if (!owner || !occasion) continue;
      const anniversary = occasion.code.slice(0, 10);
      emit(owner, 'membership_fee', 'membership_fee', m.partnershipId, occasion, (i18n) => {
        const p = { title: m.title, date: longDay(i18n, anniversary), amount: i18n.money(m.feeMinor) };
        return { subject: i18n.t('reminder.fee.subject', p), paragraphs: [i18n.t('reminder.fee.body', p)], path: `/partnerships/${m.partnershipId}/costs` };
      });
    }

    // The weekly digest: what is due for this person up to two weeks ahead (overdue included).
    for (const person of people.values()) {
      if (!person.weeklyDigest) continue;
      const until = addDays(person.today, DIGEST_HORIZON_DAYS);
      const entries: { on: string; key: string; params: Record<string, string>; path: string }[] = [];
      for (const r of due) if (r.ownerId === person.id && r.dueOn <= until) entries.push({ on: r.dueOn, key: 'reminder.digest.review', params: { title: r.title }, path: `/partnerships/${r.partnershipId}/reviews` });
      for (const f of tasks) if (f.assigneeId === person.id && f.dueOn <= until) entries.push({ on: f.dueOn, key: 'reminder.digest.followUp', params: { title: f.task }, path: '/follow-ups' });
      for (const r of renewing) if (r.ownerId === person.id && r.renewalOn >= person.today && r.renewalOn <= until) entries.push({ on: r.renewalOn, key: 'reminder.digest.renewal', params: { title: r.title }, path: `/partnerships/${r.partnershipId}` });
      for (const m of fees) {
        const a = m.ownerId === person.id ? nextAnniversary(m.startOn, person.today) : null;
        if (a && a <= until) entries.push({ on: a, key: 'reminder.digest.fee', params: { title: m.title }, path: `/partnerships/${m.partnershipId}/costs` });
      }
      if (entries.length === 0) continue;
      entries.sort((a, b) => a.on.localeCompare(b.on));
      emit(person, null, 'digest', person.id, digestWeek(person.today), (i18n) => ({
        subject: i18n.tn('reminder.digest.subject', entries.length),
        paragraphs: [i18n.t('reminder.digest.intro', { date: longDay(i18n, until) })],
        items: entries.map((e) => ({ text: i18n.t(e.key, { ...e.params, date: i18n.date(e.on) }) + (e.on < person.today ? ` (${i18n.t('reminder.digest.overdue')})` : ''), path: e.path })),
        path: '/',
      }));
    }
    return counts;
  });
}
