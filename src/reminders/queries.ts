// What may be owed a reminder: reviews due, open follow-ups, renewals and membership fees, read
// straight from the other features' tables. Each is one query whatever the portfolio's size.
import { and, desc, eq, inArray, isNotNull, isNull, lte, ne, sql } from 'drizzle-orm';
import { inTransaction, type Db } from '../db/client.js';
import { countRows } from '../db/aggregates.js';
import { followUps, outbox, partners, partnerships, reviews, users } from '../db/schema.js';
import { loadOrganisation } from '../settings/queries.js';
import { recordAudit, type AuditActor } from '../audit/record.js';
import { reviewDueOn } from '../reviews/schedule.js';

export interface ReviewDue {
  partnershipId: number;
  title: string;
  ownerId: number | null;
  dueOn: string;
}

/**
 * Every partnership with a review due (at any date), from its last signed review.
 * The review clock counts from the end of the period the last signed review covered.
 */
export function reviewsDue(db: Db, options: { ownerId?: number } = {}): ReviewDue[] {
  const org = loadOrganisation(db);
  const lastSigned = sql<
    string | null
  >`(select max(${reviews.periodEndOn}) from ${reviews} where ${reviews.partnershipId} = ${partnerships.id} and ${reviews.state} = 'signed')`;
  const rows = db
    .select({
      id: partnerships.id,
      title: partnerships.title,
      ownerId: partnerships.ownerId,
      status: partnerships.status,
      agreementType: partnerships.agreementType,
      activeSinceOn: partnerships.activeSinceOn,
      reviewCadenceMonths: partnerships.reviewCadenceMonths,
      lastSignedOn: lastSigned,
    })
    .from(partnerships)
    .where(
      and(
        inArray(partnerships.status, ['active', 'dormant']),
        options.ownerId !== undefined ? eq(partnerships.ownerId, options.ownerId) : undefined,
      ),
    )
    .all();
  const out: ReviewDue[] = [];
  for (const r of rows) {
    const dueOn = reviewDueOn(r, r.lastSignedOn, org?.councilPeriodEndOn ?? null);
    if (dueOn) out.push({ partnershipId: r.id, title: r.title, ownerId: r.ownerId, dueOn });
  }
  return out;
}

export interface FollowUpDue {
  id: number;
  task: string;
  dueOn: string;
  assigneeId: number;
  partnershipId: number | null;
  partnerId: number | null;
  partnershipTitle: string | null;
  partnerName: string | null;
}

/** Open follow-ups with an assignee, due on or before `untilOn` (all when omitted). */
export function openFollowUps(db: Db, options: { assigneeId?: number; untilOn?: string } = {}): FollowUpDue[] {
  return db
    .select({
      id: followUps.id,
      task: followUps.task,
      dueOn: followUps.dueOn,
      assigneeId: sql<number>`${followUps.assigneeId}`,
      partnershipId: followUps.partnershipId,
      partnerId: followUps.partnerId,
      partnershipTitle: partnerships.title,
      partnerName: partners.name,
    })
    .from(followUps)
    .leftJoin(partnerships, eq(partnerships.id, followUps.partnershipId))
    .leftJoin(partners, eq(partners.id, followUps.partnerId))
    .where(
      and(
        isNull(followUps.doneAt),
        options.assigneeId !== undefined ? eq(followUps.assigneeId, options.assigneeId) : isNotNull(followUps.assigneeId),
        options.untilOn ? lte(followUps.dueOn, options.untilOn) : undefined,
      ),
    )
    .all();
}

export interface RenewalDue {
  partnershipId: number;
  title: string;
  ownerId: number | null;
  agreementType: string;
  renewalOn: string;
}

/** Partnerships not ended that have a renewal or expiry date. */
export function renewals(db: Db, options: { ownerId?: number } = {}): RenewalDue[] {
  return db
    .select({
      partnershipId: partnerships.id,
      title: partnerships.title,
      ownerId: partnerships.ownerId,
      agreementType: partnerships.agreementType,
      renewalOn: sql<string>`${partnerships.renewalOn}`,
    })
    .from(partnerships)
    .where(
      and(
        ne(partnerships.status, 'ended'),
        isNotNull(partnerships.renewalOn),
        options.ownerId !== undefined ? eq(partnerships.ownerId, options.ownerId) : undefined,
      ),
    )
    .all();
}

export interface MembershipFee {
  partnershipId: number;
  title: string;
  ownerId: number | null;
  /** The membership's start: agreement date, else start date, else the day it became active. */
  startOn: string;
  feeMinor: number;
}

/** Active network memberships whose partner has an annual fee. */
export function membershipFees(db: Db, options: { ownerId?: number } = {}): MembershipFee[] {
  return db
    .select({
      partnershipId: partnerships.id,
      title: partnerships.title,
      ownerId: partnerships.ownerId,
      startOn: sql<string>`coalesce(${partnerships.agreementOn}, ${partnerships.startOn}, ${partnerships.activeSinceOn})`,
      feeMinor: sql<number>`${partners.annualFeeMinor}`,
    })
    .from(partnerships)
    .innerJoin(partners, eq(partners.id, partnerships.partnerId))
    .where(
      and(
        eq(partnerships.agreementType, 'network_membership'),
        inArray(partnerships.status, ['active', 'dormant']),
        isNotNull(partners.annualFeeMinor),
        sql`coalesce(${partnerships.agreementOn}, ${partnerships.startOn}, ${partnerships.activeSinceOn}) is not null`,
        options.ownerId !== undefined ? eq(partnerships.ownerId, options.ownerId) : undefined,
      ),
    )
    .all()
    .filter((m) => m.feeMinor > 0);
}

export type Recipient = Pick<
  typeof users.$inferSelect,
  'id' | 'email' | 'name' | 'role' | 'locale' | 'timeZone' | 'notificationPrefs' | 'weeklyDigest'
>;

/** Everyone who may receive something: active users only. */
export function activeRecipients(db: Db): Recipient[] {
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      locale: users.locale,
      timeZone: users.timeZone,
      notificationPrefs: users.notificationPrefs,
      weeklyDigest: users.weeklyDigest,
    })
    .from(users)
    .where(eq(users.active, true))
    .all();
}

// ---------------------------------------------------------------- the outbox, for the admin

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export const OUTBOX_CHANNELS = ['email', 'in_app'] as const;

export type OutboxRow = Omit<typeof outbox.$inferSelect, 'bodyText' | 'bodyHtml'>;

/** One page of the outbox, newest first, optionally by status and channel. */
export function listOutbox(
  db: Db,
  filter: { status?: string | null; channel?: string | null },
  page: { offset: number; perPage: number },
): { rows: OutboxRow[]; total: number } {
  const where = and(
    filter.status ? eq(outbox.status, filter.status as (typeof OUTBOX_STATUSES)[number]) : undefined,
    filter.channel ? eq(outbox.channel, filter.channel as (typeof OUTBOX_CHANNELS)[number]) : undefined,
  );
  const rows = db
    .select({
      id: outbox.id,
      key: outbox.key,
      userId: outbox.userId,
      channel: outbox.channel,
      kind: outbox.kind,
      recipient: outbox.recipient,
      subject: outbox.subject,
      status: outbox.status,
      attempts: outbox.attempts,
      nextAttemptAt: outbox.nextAttemptAt,
      lastError: outbox.lastError,
      sentAt: outbox.sentAt,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .where(where)
    .orderBy(desc(outbox.id))
    .limit(page.perPage)
    .offset(page.offset)
    .all();
  const total = countRows(db, outbox, where);
  return { rows, total };
}

/** Give a failed email another round of attempts, starting now. False when it is not a failed email. */
export function retryOutboxRow(db: Db, actor: AuditActor, id: number): boolean {
  return inTransaction(db, () => {
    const row = db
      .select({ status: outbox.status, channel: outbox.channel, attempts: outbox.attempts })
      .from(outbox)
      .where(eq(outbox.id, id))
      .get();
    if (!row || row.status !== 'failed' || row.channel !== 'email') return false;
    db.update(outbox).set({ status: 'pending', attempts: 0, nextAttemptAt: actor.now.toISOString() }).where(eq(outbox.id, id)).run();
    recordAudit(db, actor, 'retry', 'outbox', id, { status: ['failed', 'pending'], attempts: [row.attempts, 0] });
    return true;
  });
}
