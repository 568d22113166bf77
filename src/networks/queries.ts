// Reads and writes of network memberships: the membership periods of a partner of kind network,
// its fee payments (ledger entries linked to the membership), our representatives, the working
// groups we sit in and their meetings (contact-log entries linked to the group).
import { and, asc, desc, eq, gte, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import { nameOfUser } from '../users/name.js';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import {
  ledgerEntries,
  logEntries,
  logEntryPartners,
  logEntryWorkingGroups,
  networkMemberships,
  networkRepresentatives,
  networkWorkingGroups,
  partners,
  partnerships,
  users,
} from '../db/schema.js';
import { created, recordAudit, removed, type AuditActor } from '../audit/record.js';
import { addEntry } from '../ledger/queries.js';
import { createLogEntry } from '../log/queries.js';
import type { MembershipInput, MeetingInput, WorkingGroupInput } from './form.js';

export type Membership = typeof networkMemberships.$inferSelect;

/** The partnerships a membership may belong to: the network's own agreements. */
export function agreementsOfNetwork(db: Db, partnerId: number) {
  return db
    .select({ id: partnerships.id, title: partnerships.title, ownerId: partnerships.ownerId })
    .from(partnerships)
    .where(eq(partnerships.partnerId, partnerId))
    .orderBy(asc(partnerships.titleKey))
    .all();
}

/** A network's membership periods, newest first, with what was paid against each. */
export function membershipsOf(db: Db, partnerId: number) {
  const paid = sql<number>`coalesce((select sum(l."amount_minor") from "ledger_entries" l where l."membership_id" = "network_memberships"."id" and l."direction" = 'cost'), 0)`;
  return db
    .select({ membership: networkMemberships, partnershipTitle: partnerships.title, paidMinor: paid })
    .from(networkMemberships)
    .innerJoin(partnerships, eq(partnerships.id, networkMemberships.partnershipId))
    .where(eq(networkMemberships.partnerId, partnerId))
    .orderBy(desc(networkMemberships.startsOn), desc(networkMemberships.id))
    .all();
}

export function findMembership(db: Db, partnerId: number, membershipId: number): Membership | null {
  return (
    db
      .select()
      .from(networkMemberships)
      .where(and(eq(networkMemberships.id, membershipId), eq(networkMemberships.partnerId, partnerId)))
      .get() ?? null
  );
}

export function createMembership(db: Db, actor: AuditActor, partnerId: number, input: MembershipInput, currency: string): number {
  return inTransaction(db, () => {
    const values = {
      partnerId,
      partnershipId: input.partnershipId,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      annualFeeMinor: input.annualFee ?? 0,
      currency,
      note: input.note,
      updatedAt: actor.now.toISOString(),
    };
    const row = db.insert(networkMemberships).values(values).returning({ id: networkMemberships.id }).get();
    recordAudit(db, actor, 'create', 'network_membership', row.id, created(values));
    return row.id;
  });
}

/** A fee payment: a membership-fee cost in the agreement's ledger, linked to the membership. */
export function recordFeePayment(
  db: Db,
  actor: AuditActor,
  m: Membership,
  payment: { occurredOn: string; amountMinor: number; note: string },
): number {
  return addEntry(db, actor, m.partnershipId, { direction: 'cost', type: 'membership_fee', hours: null, ...payment }, m.currency, {
    membershipId: m.id,
  });
}

/** The fee payments of a network's memberships, newest first. */
export function feePaymentsOf(db: Db, membershipIds: number[]) {
  if (membershipIds.length === 0) return [];
  return db
    .select()
    .from(ledgerEntries)
    .where(inArray(ledgerEntries.membershipId, membershipIds))
    .orderBy(desc(ledgerEntries.occurredOn), desc(ledgerEntries.id))
    .all();
}

// ---------------------------------------------------------------- people and working groups

export function representativesOf(db: Db, membershipIds: number[]) {
  if (membershipIds.length === 0) return [];
  return db
    .select({ membershipId: networkRepresentatives.membershipId, userId: users.id, name: users.name, role: networkRepresentatives.role })
    .from(networkRepresentatives)
    .innerJoin(users, eq(users.id, networkRepresentatives.userId))
    .where(inArray(networkRepresentatives.membershipId, membershipIds))
    .orderBy(asc(users.name))
    .all();
}

export function addRepresentative(db: Db, actor: AuditActor, membershipId: number, userId: number, role: string): void {
  inTransaction(db, () => {
    db.insert(networkRepresentatives)
      .values({ membershipId, userId, role })
      .onConflictDoUpdate({ target: [networkRepresentatives.membershipId, networkRepresentatives.userId], set: { role } })
      .run();
    recordAudit(db, actor, 'create', 'network_representative', membershipId, created({ userId, role }));
  });
}

export function removeRepresentative(db: Db, actor: AuditActor, membershipId: number, userId: number): boolean {
  return inTransaction(db, () => {
    const gone = db
      .delete(networkRepresentatives)
      .where(and(eq(networkRepresentatives.membershipId, membershipId), eq(networkRepresentatives.userId, userId)))
      .run();
    if (gone.changes === 0) return false;
    recordAudit(db, actor, 'delete', 'network_representative', membershipId, removed({ userId }));
    return true;
  });
}

const meetingCount = sql<number>`(select count(*) from "log_entry_working_groups" g where g."working_group_id" = "network_working_groups"."id")`;

export function workingGroupsOf(db: Db, membershipIds: number[]) {
  if (membershipIds.length === 0) return [];
  return db
    .select({
      id: networkWorkingGroups.id,
      membershipId: networkWorkingGroups.membershipId,
      name: networkWorkingGroups.name,
      memberUserId: networkWorkingGroups.memberUserId,
      memberName: nameOfUser(networkWorkingGroups.memberUserId),
      meetings: meetingCount,
    })
    .from(networkWorkingGroups)
    .where(inArray(networkWorkingGroups.membershipId, membershipIds))
    .orderBy(asc(networkWorkingGroups.name))
    .all();
}

export function addWorkingGroup(db: Db, actor: AuditActor, membershipId: number, input: WorkingGroupInput): number {
  return inTransaction(db, () => {
    const values = { membershipId, name: input.name, memberUserId: input.memberUserId };
    const row = db.insert(networkWorkingGroups).values(values).returning({ id: networkWorkingGroups.id }).get();
    recordAudit(db, actor, 'create', 'network_working_group', row.id, created(values));
    return row.id;
  });
}

/** A working group of this network (through its memberships), with the membership it belongs to. */
export function findWorkingGroup(db: Db, partnerId: number, groupId: number) {
  return (
    db
      .select({ group: networkWorkingGroups, membership: networkMemberships })
      .from(networkWorkingGroups)
      .innerJoin(networkMemberships, eq(networkMemberships.id, networkWorkingGroups.membershipId))
      .where(and(eq(networkWorkingGroups.id, groupId), eq(networkMemberships.partnerId, partnerId)))
      .get() ?? null
  );
}

/**
 * A meeting of a working group: a network-meeting entry in the contact log, on the network and
 * its agreement, with our member as staff, linked to the group. One transaction.
 */
export function logWorkingGroupMeeting(
  db: Db,
  actor: AuditActor,
  found: NonNullable<ReturnType<typeof findWorkingGroup>>,
  input: MeetingInput,
): number {
  return inTransaction(db, () => {
    const id = createLogEntry(db, actor, {
      occurredOn: input.meetingOn,
      occurredTime: null,
      type: 'network_meeting',
      partnerIds: [found.membership.partnerId],
      partnershipIds: [found.membership.partnershipId],
      contactIds: [],
      staffIds: found.group.memberUserId ? [found.group.memberUserId] : [],
      summary: input.summary,
      outcome: input.outcome,
      followUps: [],
    });
    db.insert(logEntryWorkingGroups).values({ logEntryId: id, workingGroupId: found.group.id }).run();
    return id;
  });
}

/** A network's meetings in the contact log (network meetings and anything held in one of its working groups). */
export function networkMeetings(db: Db, partnerId: number, range: { from?: string; to?: string } = {}, limit = 50) {
  const group = sql<
    string | null
  >`(select w."name" from "log_entry_working_groups" g join "network_working_groups" w on w."id" = g."working_group_id" where g."log_entry_id" = "log_entries"."id" limit 1)`;
  return db
    .select({
      id: logEntries.id,
      occurredOn: logEntries.occurredOn,
      summary: logEntries.summary,
      outcome: logEntries.outcome,
      workingGroup: group,
    })
    .from(logEntryPartners)
    .innerJoin(logEntries, eq(logEntries.id, logEntryPartners.logEntryId))
    .where(
      and(
        eq(logEntryPartners.partnerId, partnerId),
        sql`(${logEntries.type} = 'network_meeting' or exists (select 1 from "log_entry_working_groups" g where g."log_entry_id" = "log_entries"."id"))`,
        range.from ? gte(logEntries.occurredOn, range.from) : undefined,
        range.to ? lte(logEntries.occurredOn, range.to) : undefined,
      ),
    )
    .orderBy(desc(logEntries.occurredOn), desc(logEntries.id))
    .limit(limit)
    .all();
}

// ---------------------------------------------------------------- reminders and reviews

export interface MembershipRenewal {
  membershipId: number;
  partnerId: number;
  networkName: string;
  endsOn: string;
  feeMinor: number;
  currency: string;
  /** Who is told: the agreement's owner and our representatives. */
  recipientIds: number[];
}

/**
 * Membership periods that end and have no later period of the same network: each is a renewal to
 * decide. The reminder job's 'network_renewal' kind reads these.
 */
export function membershipRenewals(db: Db): MembershipRenewal[] {
  const rows = db
    .select({
      membershipId: networkMemberships.id,
      partnerId: networkMemberships.partnerId,
      networkName: partners.name,
      endsOn: sql<string>`${networkMemberships.endsOn}`,
      feeMinor: networkMemberships.annualFeeMinor,
      currency: networkMemberships.currency,
      ownerId: partnerships.ownerId,
    })
    .from(networkMemberships)
    .innerJoin(partners, eq(partners.id, networkMemberships.partnerId))
    .innerJoin(partnerships, eq(partnerships.id, networkMemberships.partnershipId))
    .where(
      and(
        isNotNull(networkMemberships.endsOn),
        sql`not exists (select 1 from "network_memberships" later where later."partner_id" = "network_memberships"."partner_id" and later."starts_on" > "network_memberships"."starts_on")`,
      ),
    )
    .all();
  const reps = representativesOf(
    db,
    rows.map((r) => r.membershipId),
  );
  return rows.map(({ ownerId, ...r }) => ({
    ...r,
    recipientIds: [
      ...new Set([...(ownerId === null ? [] : [ownerId]), ...reps.filter((p) => p.membershipId === r.membershipId).map((p) => p.userId)]),
    ],
  }));
}

export interface NetworkEvidence {
  networkName: string;
  partnerId: number;
  /** Fees paid within the review period. */
  paidMinor: number;
  currency: string;
  annualFeeMinor: number;
  representatives: string[];
  workingGroups: { name: string; memberName: string | null; meetings: number }[];
  meetings: ReturnType<typeof networkMeetings>;
}

/**
 * What a network membership brought in a review period: fees paid, who represents us, the working
 * groups and their meetings, and what came of them. Null when the partnership is no network membership.
 */
export function networkEvidence(db: Db, partnershipId: number, fromOn: string, toOn: string): NetworkEvidence | null {
  const ms = db
    .select({ membership: networkMemberships, networkName: partners.name })
    .from(networkMemberships)
    .innerJoin(partners, eq(partners.id, networkMemberships.partnerId))
    .where(eq(networkMemberships.partnershipId, partnershipId))
    .orderBy(desc(networkMemberships.startsOn))
    .all();
  const latest = ms[0];
  if (!latest) return null;
  const ids = ms.map((m) => m.membership.id);
  const paid = db
    .select({ n: sql<number>`coalesce(sum(${ledgerEntries.amountMinor}), 0)` })
    .from(ledgerEntries)
    .where(
      and(
        inArray(ledgerEntries.membershipId, ids),
        eq(ledgerEntries.direction, 'cost'),
        gte(ledgerEntries.occurredOn, fromOn),
        lte(ledgerEntries.occurredOn, toOn),
      ),
    )
    .get();
  const groupMeetings = sql<number>`(select count(*) from "log_entry_working_groups" g join "log_entries" e on e."id" = g."log_entry_id" where g."working_group_id" = "network_working_groups"."id" and e."occurred_on" between ${fromOn} and ${toOn})`;
  return {
    networkName: latest.networkName,
    partnerId: latest.membership.partnerId,
    paidMinor: paid?.n ?? 0,
    currency: latest.membership.currency,
    annualFeeMinor: latest.membership.annualFeeMinor,
    representatives: [...new Set(representativesOf(db, ids).map((r) => r.name))],
    workingGroups: db
      .select({ name: networkWorkingGroups.name, memberName: nameOfUser(networkWorkingGroups.memberUserId), meetings: groupMeetings })
      .from(networkWorkingGroups)
      .where(inArray(networkWorkingGroups.membershipId, ids))
      .orderBy(asc(networkWorkingGroups.name))
      .all(),
    meetings: networkMeetings(db, latest.membership.partnerId, { from: fromOn, to: toOn }, 20),
  };
}
