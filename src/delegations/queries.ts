// Reads and writes of delegations and visit requests. A delegation's status has one writer,
// transitionDelegation; accepting a visit request creates its delegation in the same transaction.
import { and, asc, desc, eq, gte, inArray, lte, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { countRows, distinctValues } from '../db/aggregates.js';
import { nameOfUser } from '../users/name.js';
import { liveContact } from '../contacts/live.js';
import { insertAudited } from '../audit/rows.js';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import {
  contacts,
  outbox,
  delegationGifts,
  delegationGoals,
  delegationParticipants,
  delegationProgrammeItems,
  delegations,
  goals,
  ledgerEntries,
  partners,
  partnerships,
  partnershipPartners,
  users,
  visitRequests,
} from '../db/schema.js';
import type { ResolvedEntry } from '../ledger/domain.js';
import { addEntry } from '../ledger/queries.js';
import { escapeHtml } from '../mail/compose.js';
import { addDays } from '../lib/dates.js';
import { created, diff, recordAudit, removed, type AuditActor } from '../audit/record.js';
import { byLabel, byName } from '../db/sort-key.js';
import type { SortOrder } from '../partners/queries.js';
import { ftsQuery } from '../search/fold.js';
import { containsText } from '../partners/queries.js';
import {
  DELEGATION_DIRECTIONS,
  DELEGATION_STATUSES,
  INACTIVE_STATUSES,
  checkDelegationTransition,
  findOverlaps,
  quarterOf,
  type DelegationRefusal,
  type DelegationStatus,
  type Direction,
  type Overlap,
  type OverlapCandidate,
} from './domain.js';
import type { DelegationCreateInput, DelegationEditInput, ParticipantInput, ProgrammeItemInput, VisitRequestInput } from './form.js';
import { partnersNamed } from '../partners/queries.js';

export type Delegation = typeof delegations.$inferSelect;

// ---------------------------------------------------------------- the list

export const DELEGATION_SORTS = ['startsOn', 'title', 'status', 'direction', 'hostDepartment'] as const;
export type DelegationSort = (typeof DELEGATION_SORTS)[number];

export interface DelegationFilters {
  direction: Direction | null;
  status: DelegationStatus | null;
  /** Only visits that have not ended before today. */
  upcoming: boolean;
  /** Completed without a report. */
  reportMissing: boolean;
  q: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim() : '');

/** Filters from a list URL; unknown values are ignored, never an error. */
export function delegationFilters(query: Record<string, unknown>): DelegationFilters {
  const direction = str(query.direction);
  const status = str(query.status);
  return {
    direction: (DELEGATION_DIRECTIONS as readonly string[]).includes(direction) ? (direction as Direction) : null,
    status: (DELEGATION_STATUSES as readonly string[]).includes(status) ? (status as DelegationStatus) : null,
    upcoming: str(query.upcoming) === '1',
    reportMissing: str(query.reportMissing) === '1',
    q: str(query.q).slice(0, 200),
  };
}

function delegationWhere(f: DelegationFilters, today: string): SQL | undefined {
  const c: (SQL | undefined)[] = [];
  if (f.direction) c.push(eq(delegations.direction, f.direction));
  if (f.status) c.push(eq(delegations.status, f.status));
  if (f.upcoming) c.push(gte(delegations.endsOn, today));
  if (f.reportMissing) c.push(and(eq(delegations.status, 'completed'), sql`trim(${delegations.report}) = ''`));
  if (f.q) {
    c.push(containsText(f.q, delegations.title, delegations.theme, delegations.hostDepartment));
  }
  return and(...c);
}

const ourCount = sql<number>`(select count(*) from "delegation_participants" p where p."delegation_id" = "delegations"."id" and p."side" = 'ours')`;
const theirCount = sql<number>`(select count(*) from "delegation_participants" p where p."delegation_id" = "delegations"."id" and p."side" = 'theirs')`;

/** The columns that name a visit in every list of them. */
const visitColumns = {
  id: delegations.id,
  title: delegations.title,
  direction: delegations.direction,
  status: delegations.status,
  startsOn: delegations.startsOn,
  endsOn: delegations.endsOn,
  hostDepartment: delegations.hostDepartment,
};

/** The list filtered and sorted in SQL, with participant counts per side; built, not run (the export iterates it). */
export function delegationsQuery(db: Db, f: DelegationFilters, today: string, order: SortOrder<DelegationSort>) {
  const dir = order.dir === 'desc' ? desc : asc;
  const labels = order.labels;
  const column = {
    startsOn: delegations.startsOn,
    title: byName(delegations.title),
    status: byLabel(
      delegations.status,
      DELEGATION_STATUSES,
      labels ? (s) => labels.t(`delegations.status.${s}`) : null,
      labels?.intlLocale,
    ),
    direction: byLabel(
      delegations.direction,
      DELEGATION_DIRECTIONS,
      labels ? (d) => labels.t(`delegations.direction.${d}`) : null,
      labels?.intlLocale,
    ),
    hostDepartment: sql`${delegations.hostDepartment} collate nocase`,
  }[order.sort];
  return db
    .select({
      ...visitColumns,
      theme: delegations.theme,
      partnerId: delegations.partnerId,
      partnerName: partners.name,
      report: delegations.report,
      ours: ourCount,
      theirs: theirCount,
    })
    .from(delegations)
    .leftJoin(partners, eq(partners.id, delegations.partnerId))
    .where(delegationWhere(f, today))
    .orderBy(dir(column), asc(delegations.startsOn), asc(delegations.id));
}

/** One page of the list. */
export function listDelegations(
  db: Db,
  f: DelegationFilters,
  today: string,
  order: SortOrder<DelegationSort>,
  limit: number,
  offset: number,
) {
  return delegationsQuery(db, f, today, order).limit(limit).offset(offset).all();
}

export function countDelegations(db: Db, f: DelegationFilters, today: string): number {
  return countRows(db, delegations, delegationWhere(f, today));
}

// ---------------------------------------------------------------- one delegation

export function findDelegation(db: Db, id: number) {
  return (
    db
      .select({
        delegation: delegations,
        partnerName: partners.name,
        partnershipTitle: partnerships.title,
        createdByName: nameOfUser(delegations.createdById),
      })
      .from(delegations)
      .leftJoin(partners, eq(partners.id, delegations.partnerId))
      .leftJoin(partnerships, eq(partnerships.id, delegations.partnershipId))
      .where(eq(delegations.id, id))
      .get() ?? null
  );
}

export function programmeOf(db: Db, delegationId: number) {
  return db
    .select({
      id: delegationProgrammeItems.id,
      onDate: delegationProgrammeItems.onDate,
      startTime: delegationProgrammeItems.startTime,
      endTime: delegationProgrammeItems.endTime,
      title: delegationProgrammeItems.title,
      place: delegationProgrammeItems.place,
      hostDepartment: delegationProgrammeItems.hostDepartment,
      hostUserId: delegationProgrammeItems.hostUserId,
      hostName: nameOfUser(delegationProgrammeItems.hostUserId),
    })
    .from(delegationProgrammeItems)
    .where(eq(delegationProgrammeItems.delegationId, delegationId))
    .orderBy(
      asc(delegationProgrammeItems.onDate),
      sql`coalesce(${delegationProgrammeItems.startTime}, '')`,
      asc(delegationProgrammeItems.id),
    )
    .all();
}

/** A delegation's participants, ours first, by name; built, not run (the participants export iterates it). */
export function participantsQuery(db: Db, delegationId: number) {
  return db
    .select({
      id: delegationParticipants.id,
      delegationId: delegationParticipants.delegationId,
      side: delegationParticipants.side,
      userId: delegationParticipants.userId,
      contactId: delegationParticipants.contactId,
      name: delegationParticipants.name,
      organisation: delegationParticipants.organisation,
      country: delegationParticipants.country,
      gender: delegationParticipants.gender,
      invitedInternational: delegationParticipants.invitedInternational,
    })
    .from(delegationParticipants)
    .where(eq(delegationParticipants.delegationId, delegationId))
    .orderBy(asc(delegationParticipants.side), byName(delegationParticipants.name), asc(delegationParticipants.id));
}

export function participantsOf(db: Db, delegationId: number) {
  return participantsQuery(db, delegationId).all();
}

export function goalsOfDelegation(db: Db, delegationId: number) {
  return db
    .select({ id: goals.id, name: goals.name, kind: goals.kind })
    .from(delegationGoals)
    .innerJoin(goals, eq(goals.id, delegationGoals.goalId))
    .where(eq(delegationGoals.delegationId, delegationId))
    .orderBy(goals.kind, goals.position)
    .all();
}

/** The visit request a delegation was accepted from, if any. */
export function requestOfDelegation(db: Db, delegationId: number) {
  return db.select().from(visitRequests).where(eq(visitRequests.delegationId, delegationId)).get() ?? null;
}

/** Departments named on delegations, for the host department suggestions and the triage choice. */
export function hostDepartments(db: Db): readonly string[] {
  return distinctValues(db, delegations.hostDepartment);
}

export function partnershipChoices(db: Db) {
  return db
    .select({ id: partnerships.id, title: partnerships.title, partnerId: partnerships.partnerId })
    .from(partnerships)
    .where(ne(partnerships.status, 'ended'))
    .orderBy(partnerships.titleKey)
    .all();
}

/** Referenced rows that do not exist (a stale form): field -> catalog key. */
/** Whether a partner is the partnership's own partner or one of its other partners (a project's). */
function isPartnerOf(db: Db, partnershipId: number, mainPartnerId: number, partnerId: number): boolean {
  if (mainPartnerId === partnerId) return true;
  return !!db
    .select({ id: partnershipPartners.partnerId })
    .from(partnershipPartners)
    .where(and(eq(partnershipPartners.partnershipId, partnershipId), eq(partnershipPartners.partnerId, partnerId)))
    .get();
}

export function validateReferences(
  db: Db,
  input: {
    partnerId?: number | null;
    partnershipId?: number | null;
    goalIds?: number[];
    hostUserId?: number | null;
    userId?: number | null;
    /** A participant's contact: a live contact of the delegation's partner. */
    contact?: { id: number | null; partnerId: number | null };
  },
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (input.contact?.id && !contactsOfPartner(db, input.contact.partnerId).some((c) => c.id === input.contact!.id))
    errors.contactId = 'validation.notFound';
  if (input.partnerId && !db.select({ id: partners.id }).from(partners).where(eq(partners.id, input.partnerId)).get())
    errors.partnerId = 'validation.notFound';
  const partnership = input.partnershipId
    ? db.select({ partnerId: partnerships.partnerId }).from(partnerships).where(eq(partnerships.id, input.partnershipId)).get()
    : undefined;
  if (input.partnershipId && !partnership) errors.partnershipId = 'validation.notFound';
  // The visit's costs go to the partnership's ledger: it must be one the chosen partner is part of.
  else if (partnership && input.partnerId && !isPartnerOf(db, input.partnershipId!, partnership.partnerId, input.partnerId))
    errors.partnershipId = 'delegations.partnership.otherPartner';
  for (const [field, id] of [
    ['hostUserId', input.hostUserId],
    ['userId', input.userId],
  ] as const) {
    if (id && !db.select({ id: users.id }).from(users).where(eq(users.id, id)).get()) errors[field] = 'validation.notFound';
  }
  if (input.goalIds?.length) {
    const found = db.select({ id: goals.id }).from(goals).where(inArray(goals.id, input.goalIds)).all().length;
    if (found !== input.goalIds.length) errors.goalIds = 'validation.notFound';
  }
  return errors;
}

function setGoals(db: Db, delegationId: number, goalIds: number[]) {
  db.delete(delegationGoals).where(eq(delegationGoals.delegationId, delegationId)).run();
  for (const goalId of goalIds) db.insert(delegationGoals).values({ delegationId, goalId }).run();
}

/** With a partnership chosen and no partner, the partnership's partner is the delegation's. */
function partnerFor(db: Db, input: { partnerId: number | null; partnershipId: number | null }): number | null {
  if (input.partnerId || !input.partnershipId) return input.partnerId;
  return db.select({ p: partnerships.partnerId }).from(partnerships).where(eq(partnerships.id, input.partnershipId)).get()?.p ?? null;
}

function insertDelegation(db: Db, actor: AuditActor, input: DelegationCreateInput): number {
  const { goalIds, ...fields } = input;
  const values = { ...fields, partnerId: partnerFor(db, fields), createdById: actor.userId, updatedAt: actor.now.toISOString() };
  const row = db.insert(delegations).values(values).returning({ id: delegations.id }).get();
  setGoals(db, row.id, goalIds);
  recordAudit(
    db,
    actor,
    'create',
    'delegation',
    row.id,
    created({ ...values, updatedAt: undefined, goalIds: goalIds.length ? goalIds : undefined }),
  );
  return row.id;
}

export function createDelegation(db: Db, actor: AuditActor, input: DelegationCreateInput): number {
  return inTransaction(db, () => insertDelegation(db, actor, input));
}

/**
 * Edit the delegation's facts. A programme already outside the new dates is refused
 * ('programmeOutside'), so a visit and its programme never disagree.
 */
export function updateDelegation(db: Db, actor: AuditActor, id: number, input: DelegationEditInput): 'ok' | 'missing' | 'programmeOutside' {
  return inTransaction(db, () => {
    const before = db.select().from(delegations).where(eq(delegations.id, id)).get();
    if (!before) return 'missing';
    const outside = countRows(
      db,
      delegationProgrammeItems,
      and(
        eq(delegationProgrammeItems.delegationId, id),
        sql`(${delegationProgrammeItems.onDate} < ${input.startsOn} or ${delegationProgrammeItems.onDate} > ${input.endsOn})`,
      ),
    );
    if (outside > 0) return 'programmeOutside';
    const { goalIds, ...rest } = input;
    const fields = { ...rest, partnerId: partnerFor(db, rest) };
    const beforeGoals = db
      .select({ id: delegationGoals.goalId })
      .from(delegationGoals)
      .where(eq(delegationGoals.delegationId, id))
      .all()
      .map((r) => r.id)
      .sort((a, b) => a - b);
    const afterGoals = [...goalIds].sort((a, b) => a - b);
    const changes = diff({ ...before, goalIds: beforeGoals }, { ...fields, goalIds: afterGoals });
    if (Object.keys(changes).length === 0) return 'ok';
    db.update(delegations)
      .set({ ...fields, updatedAt: actor.now.toISOString() })
      .where(eq(delegations.id, id))
      .run();
    if (changes.goalIds) setGoals(db, id, afterGoals);
    recordAudit(db, actor, 'update', 'delegation', id, changes);
    return 'ok';
  });
}

export type DelegationTransitionResult = { ok: true } | { ok: false; reason: 'changed' } | { ok: false; reason: DelegationRefusal };

/**
 * The one writer of a delegation's status: the status form, the report form and anything else
 * that moves a delegation call this. It checks the lifecycle table against the status as it is
 * now, inside the transaction; with `expectedFrom`, a change made meanwhile is refused as 'changed'.
 */
export function transitionDelegation(
  db: Db,
  actor: AuditActor,
  id: number,
  to: DelegationStatus,
  today: string,
  expectedFrom?: DelegationStatus,
): DelegationTransitionResult {
  return inTransaction(db, () => {
    const before = db.select().from(delegations).where(eq(delegations.id, id)).get();
    if (!before || (expectedFrom && before.status !== expectedFrom)) return { ok: false as const, reason: 'changed' as const };
    const check = checkDelegationTransition({ from: before.status, to, endsOn: before.endsOn, report: before.report, today });
    if (!check.ok) return { ok: false as const, reason: check.reason };
    db.update(delegations).set({ status: to, updatedAt: actor.now.toISOString() }).where(eq(delegations.id, id)).run();
    recordAudit(db, actor, 'status', 'delegation', id, { status: [before.status, to] });
    return { ok: true as const };
  });
}

/**
 * Save the report. A completed visit whose report is now written moves on to 'reported' through
 * transitionDelegation, in the same transaction (better-sqlite3 nests it as a savepoint).
 */
export function saveReport(db: Db, actor: AuditActor, id: number, report: string, today: string): boolean {
  return inTransaction(db, () => {
    const before = db.select().from(delegations).where(eq(delegations.id, id)).get();
    if (!before) return false;
    if (before.report !== report) {
      db.update(delegations).set({ report, updatedAt: actor.now.toISOString() }).where(eq(delegations.id, id)).run();
      recordAudit(db, actor, 'update', 'delegation', id, { report: [before.report, report] });
    }
    if (before.status === 'completed' && report.trim() !== '') transitionDelegation(db, actor, id, 'reported', today, 'completed');
    return true;
  });
}

export function addProgrammeItem(db: Db, actor: AuditActor, delegationId: number, input: ProgrammeItemInput): number {
  return insertAudited(db, actor, delegationProgrammeItems, 'delegation_programme_item', { delegationId, ...input });
}

/** The tables of rows that belong to one delegation, with the entity type their audit rows name. */
const delegationChildren = {
  delegation_programme_item: delegationProgrammeItems,
  delegation_participant: delegationParticipants,
  delegation_gift: delegationGifts,
} as const;

/**
 * Remove a row that belongs to this delegation (a programme item, participant or gift), audited with
 * what it held. False when there is no such row on this delegation.
 */
export function removeDelegationChild(
  db: Db,
  actor: AuditActor,
  entityType: keyof typeof delegationChildren,
  delegationId: number,
  id: number,
): boolean {
  const table = delegationChildren[entityType];
  return inTransaction(db, () => {
    const before = db
      .select()
      .from(table)
      .where(and(eq(table.id, id), eq(table.delegationId, delegationId)))
      .get();
    if (!before) return false;
    db.delete(table).where(eq(table.id, id)).run();
    recordAudit(db, actor, 'delete', entityType, id, removed(before));
    return true;
  });
}

/** The live contacts of a partner, to pick a participant from; none without a partner. */
export function contactsOfPartner(db: Db, partnerId: number | null) {
  if (partnerId === null) return [];
  return db
    .select({ id: contacts.id, name: contacts.name, partnerName: partners.name })
    .from(contacts)
    .innerJoin(partners, eq(partners.id, contacts.partnerId))
    .where(and(eq(contacts.partnerId, partnerId), liveContact))
    .orderBy(contacts.nameKey)
    .all();
}

export function addParticipant(db: Db, actor: AuditActor, delegationId: number, input: ParticipantInput): number {
  return inTransaction(db, () => {
    // A contact chosen and no name typed: the contact's name and organisation.
    const contact = input.contactId
      ? db
          .select({ name: contacts.name, organisation: partners.name })
          .from(contacts)
          .leftJoin(partners, eq(partners.id, contacts.partnerId))
          .where(eq(contacts.id, input.contactId))
          .get()
      : undefined;
    // A staff member chosen and no name typed: their name and department.
    const staff =
      input.userId && !input.name
        ? db.select({ name: users.name, department: users.department }).from(users).where(eq(users.id, input.userId)).get()
        : undefined;
    const values = {
      delegationId,
      ...input,
      name: input.name || contact?.name || staff?.name || '',
      organisation: input.organisation || contact?.organisation || staff?.department || '',
    };
    return insertAudited(db, actor, delegationParticipants, 'delegation_participant', values);
  });
}

// ---------------------------------------------------------------- costs

/**
 * A cost (or funding) of the visit, written to the ledger of the delegation's partnership with
 * ledger_entries.delegation_id set, so the partnership's reviews count it and the delegation lists it.
 * Null when the delegation has no partnership: there is no ledger to write to.
 */
export function addDelegationCost(db: Db, actor: AuditActor, delegationId: number, entry: ResolvedEntry, currency: string): number | null {
  return inTransaction(db, () => {
    const d = db.select({ partnershipId: delegations.partnershipId }).from(delegations).where(eq(delegations.id, delegationId)).get();
    return d?.partnershipId ? addEntry(db, actor, d.partnershipId, entry, currency, { delegationId }) : null;
  });
}

export function costsOfDelegation(db: Db, delegationId: number) {
  return db
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.delegationId, delegationId))
    .orderBy(asc(ledgerEntries.occurredOn), asc(ledgerEntries.id))
    .all();
}

// ---------------------------------------------------------------- overlaps

/**
 * The delegations that overlap a visit's days and share its host department or a host person,
 * computed by findOverlaps from the candidates on those days (one query for the rows, one for hosts).
 */
export function overlapsFor(db: Db, visit: { id: number | null; startsOn: string; endsOn: string; hostDepartment: string }): Overlap[] {
  const rows = db
    .select({
      id: delegations.id,
      title: delegations.title,
      startsOn: delegations.startsOn,
      endsOn: delegations.endsOn,
      status: delegations.status,
      hostDepartment: delegations.hostDepartment,
    })
    .from(delegations)
    .where(
      and(
        lte(delegations.startsOn, visit.endsOn),
        gte(delegations.endsOn, visit.startsOn),
        notInArray(delegations.status, [...INACTIVE_STATUSES]),
      ),
    )
    .all();
  const ids = [...rows.map((r) => r.id), ...(visit.id ? [visit.id] : [])];
  const hosts = new Map<number, number[]>();
  if (ids.length) {
    for (const h of db
      .selectDistinct({ d: delegationProgrammeItems.delegationId, u: delegationProgrammeItems.hostUserId })
      .from(delegationProgrammeItems)
      .where(and(inArray(delegationProgrammeItems.delegationId, ids), sql`${delegationProgrammeItems.hostUserId} is not null`))
      .all()) {
      hosts.set(h.d, [...(hosts.get(h.d) ?? []), h.u!]);
    }
  }
  const candidates: OverlapCandidate[] = rows.map((r) => ({ ...r, hostUserIds: hosts.get(r.id) ?? [] }));
  return findOverlaps({ ...visit, hostUserIds: visit.id ? (hosts.get(visit.id) ?? []) : [] }, candidates);
}

/** The delegations (not declined or cancelled) on any day from `from` to `to`, each marked when it shares `department`. */
export function delegationsDuring(db: Db, from: string, to: string, department: string) {
  const dept = department.trim().toLocaleLowerCase();
  return db
    .select({
      id: delegations.id,
      title: delegations.title,
      startsOn: delegations.startsOn,
      endsOn: delegations.endsOn,
      hostDepartment: delegations.hostDepartment,
    })
    .from(delegations)
    .where(and(lte(delegations.startsOn, to), gte(delegations.endsOn, from), notInArray(delegations.status, [...INACTIVE_STATUSES])))
    .orderBy(asc(delegations.startsOn), asc(delegations.id))
    .limit(50)
    .all()
    .map((d) => ({ ...d, sameDepartment: dept !== '' && d.hostDepartment.trim().toLocaleLowerCase() === dept }));
}

/** How many (not declined or cancelled) delegations a department hosts in the quarter of `day`. */
export function hostedInQuarter(db: Db, department: string, day: string): number {
  if (!department.trim()) return 0;
  const q = quarterOf(day);
  return countRows(
    db,
    delegations,
    and(
      sql`${delegations.hostDepartment} = ${department.trim()} collate nocase`,
      gte(delegations.startsOn, q.startsOn),
      lte(delegations.startsOn, q.endsOn),
      notInArray(delegations.status, [...INACTIVE_STATUSES]),
    ),
  );
}

// ---------------------------------------------------------------- visit requests

/** The existing partner whose name is the organisation's, folded (case, accents, å/aa), or null. */
export function partnerMatching(db: Db, organisation: string): { id: number; name: string } | null {
  return partnersNamed(db, organisation)[0] ?? null;
}

/** `confirmation`: the email that tells the requester the request arrived, or null when email is not set up. */
export function createVisitRequest(
  db: Db,
  input: VisitRequestInput,
  now: Date,
  confirmation: { subject: string; text: string } | null = null,
): number {
  return inTransaction(db, () => {
    const partner = partnerMatching(db, input.organisation);
    const row = db
      .insert(visitRequests)
      .values({ ...input, partnerId: partner?.id ?? null, status: 'open', createdAt: now.toISOString() })
      .returning({ id: visitRequests.id })
      .get();
    recordAudit(
      db,
      { userId: null, now },
      'create',
      'visit_request',
      row.id,
      created({ organisation: input.organisation, country: input.country }),
    );
    if (confirmation)
      queueReply(
        db,
        { userId: null, now },
        { id: row.id, email: input.email },
        'visit_request_received',
        confirmation.subject,
        confirmation.text,
      );
    return row.id;
  });
}

export type VisitRequest = typeof visitRequests.$inferSelect;

export function findVisitRequest(db: Db, id: number): VisitRequest | null {
  return db.select().from(visitRequests).where(eq(visitRequests.id, id)).get() ?? null;
}

export function visitRequestsByStatus(db: Db, status: VisitRequest['status'], limit: number, offset: number) {
  return db
    .select({ request: visitRequests, partnerName: partners.name })
    .from(visitRequests)
    .leftJoin(partners, eq(partners.id, visitRequests.partnerId))
    .where(eq(visitRequests.status, status))
    .orderBy(status === 'open' ? asc(visitRequests.createdAt) : desc(visitRequests.createdAt), asc(visitRequests.id))
    .limit(limit)
    .offset(offset)
    .all();
}

export function countVisitRequests(db: Db, status: VisitRequest['status']): number {
  return countRows(db, visitRequests, eq(visitRequests.status, status));
}

type Decision = { ok: true; delegationId?: number } | { ok: false };

/**
 * Decide a request in one transaction, only while it is still open: `{ ok: false }` when it is
 * missing or was decided meanwhile (by someone else, or twice).
 */
function decideOpen(db: Db, id: number, decision: (r: VisitRequest) => Decision): Decision {
  return inTransaction(db, () => {
    const r = db
      .select()
      .from(visitRequests)
      .where(and(eq(visitRequests.id, id), eq(visitRequests.status, 'open')))
      .get();
    return r ? decision(r) : { ok: false as const };
  });
}

/** Accept an open request: its delegation (incoming, planned) is created from the request's data, in the same transaction. */
export function acceptVisitRequest(db: Db, actor: AuditActor, id: number, hostDepartment: string): Decision {
  return decideOpen(db, id, (r) => {
    const delegationId = insertDelegation(db, actor, {
      // A partner registered after the request came in is matched now.
      direction: 'incoming',
      title: r.organisation,
      partnerId: r.partnerId ?? partnerMatching(db, r.organisation)?.id ?? null,
      partnershipId: null,
      startsOn: r.preferredFrom,
      endsOn: r.preferredTo,
      purpose: r.wantsToLearn,
      theme: r.theme,
      hostDepartment,
      status: 'planned',
      goalIds: [],
    });
    decide(db, actor, r, { status: 'accepted', delegationId });
    return { ok: true as const, delegationId };
  });
}

/**
 * The reply to a requester, queued in the outbox (delivered with the reminders' emails) in the
 * decision's transaction: a decision saved is a reply sent, once. Only when email is set up.
 */
function queueReply(db: Db, actor: AuditActor, r: Pick<VisitRequest, 'id' | 'email'>, kind: string, subject: string, text: string) {
  const html = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  db.insert(outbox)
    .values({
      key: `${kind}:${r.id}:email`,
      channel: 'email',
      kind,
      recipient: r.email,
      subject,
      bodyText: text,
      bodyHtml: html,
      status: 'pending',
      nextAttemptAt: actor.now.toISOString(),
    })
    .onConflictDoNothing({ target: outbox.key })
    .run();
}

/** `reply`: the subject of the email to the requester, or null when email is not set up. */
export function declineVisitRequest(
  db: Db,
  actor: AuditActor,
  id: number,
  replyText: string,
  reply: { subject: string } | null = null,
): Decision {
  return decideOpen(db, id, (r) => {
    decide(db, actor, r, { status: 'declined', replyText });
    if (reply) queueReply(db, actor, r, 'visit_request_reply', reply.subject, replyText);
    return { ok: true as const };
  });
}

export function redirectVisitRequest(
  db: Db,
  actor: AuditActor,
  id: number,
  redirectedTo: string,
  replyText: string,
  reply: { subject: string } | null = null,
): Decision {
  return decideOpen(db, id, (r) => {
    decide(db, actor, r, { status: 'redirected', redirectedTo, replyText });
    if (reply && replyText.trim()) queueReply(db, actor, r, 'visit_request_reply', reply.subject, replyText);
    return { ok: true as const };
  });
}

function decide(
  db: Db,
  actor: AuditActor,
  before: VisitRequest,
  change: { status: VisitRequest['status']; replyText?: string; redirectedTo?: string; delegationId?: number },
) {
  db.update(visitRequests)
    .set({ ...change, decidedById: actor.userId, decidedAt: actor.now.toISOString() })
    .where(eq(visitRequests.id, before.id))
    .run();
  recordAudit(db, actor, 'status', 'visit_request', before.id, diff(before, change));
}

// ---------------------------------------------------------------- search

/**
 * Delegations for the search page: the words in the title, theme or purpose, or a partner whose
 * name matches (through the partners' search index). Newest visit first. A city has hundreds of
 * delegations, not hundreds of thousands: a scan of the table is cheap.
 */
export function searchDelegations(db: Db, q: string, limit: number) {
  const text = q.trim();
  const match = ftsQuery(text);
  if (!text || !match) return [];
  return db
    .select({ ...visitColumns, partnerName: partners.name })
    .from(delegations)
    .leftJoin(partners, eq(partners.id, delegations.partnerId))
    .where(
      or(
        containsText(text, delegations.title, delegations.theme, delegations.purpose),
        sql`${delegations.partnerId} in (select rowid from search_partners where search_partners match ${match} order by rank limit 20)`,
      ),
    )
    .orderBy(desc(delegations.startsOn), desc(delegations.id))
    .limit(limit)
    .all();
}

// ---------------------------------------------------------------- a person's upcoming visits

/**
 * The visits a person takes part in that have not ended: as one of ours among the participants,
 * as the host of a programme item, or as the one who registered it. Declined and cancelled ones
 * are left out. For the personal calendar feed and the hosts' reminders.
 */
export function upcomingDelegationsOf(db: Db, userId: number, today: string) {
  return db
    .select(visitColumns)
    .from(delegations)
    .where(
      and(
        gte(delegations.endsOn, today),
        notInArray(delegations.status, [...INACTIVE_STATUSES]),
        sql`(${delegations.createdById} = ${userId}
          or exists (select 1 from "delegation_participants" p where p."delegation_id" = "delegations"."id" and p."user_id" = ${userId})
          or exists (select 1 from "delegation_programme_items" i where i."delegation_id" = "delegations"."id" and i."host_user_id" = ${userId}))`,
      ),
    )
    .orderBy(asc(delegations.startsOn), asc(delegations.id))
    .all();
}

/**
 * Visits with the host of each programme item: for the hosts' reminders (one query; the reminder's
 * occasion, from each host's own day, leaves out the visits that have begun).
 */
export function upcomingHostings(db: Db) {
  return db
    .selectDistinct({
      delegationId: delegations.id,
      title: delegations.title,
      startsOn: delegations.startsOn,
      endsOn: delegations.endsOn,
      hostUserId: sql<number>`${delegationProgrammeItems.hostUserId}`,
    })
    .from(delegationProgrammeItems)
    .innerJoin(delegations, eq(delegations.id, delegationProgrammeItems.delegationId))
    .where(and(notInArray(delegations.status, [...INACTIVE_STATUSES]), sql`${delegationProgrammeItems.hostUserId} is not null`))
    .all();
}

/** The dashboard's line on visits: how many run in the next `days` days, and the next one. Two indexed queries. */
export function upcomingSummary(db: Db, today: string, days = 30) {
  const until = addDays(today, days);
  const where = and(
    lte(delegations.startsOn, until),
    gte(delegations.endsOn, today),
    notInArray(delegations.status, [...INACTIVE_STATUSES]),
  );
  const n = countRows(db, delegations, where);
  const next =
    db
      .select({ id: delegations.id, title: delegations.title, startsOn: delegations.startsOn })
      .from(delegations)
      .where(where)
      .orderBy(asc(delegations.startsOn), asc(delegations.id))
      .limit(1)
      .get() ?? null;
  return { count: n, next, days };
}
