// Reads and writes of partnerships. The list query is built once here and used by the list page
// (with limit/offset) and by the exporter (iterating every row).
import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { byLabel, byName } from '../db/sort-key.js';
import { distinctValues } from '../db/aggregates.js';
import { nameOfUser } from '../users/name.js';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { goals, partners, partnershipGoals, partnerships, statusChanges, users } from '../db/schema.js';
import { recordAudit, created, diff, type AuditActor } from '../audit/record.js';
import { isCountryCode } from '../i18n/index.js';
import { containsText, likePattern, type SortOrder } from '../partners/queries.js';
import { AGREEMENT_TYPES, STATUSES, activeSinceAfter, checkStatusChange, type AgreementType, type Refusal, type Status } from './domain.js';
import type { PartnershipCreateInput, PartnershipEditInput, StatusChangeInput } from './form.js';
import { otherPartnerNames } from '../projects/queries.js';

export const PARTNERSHIP_SORTS = ['title', 'partner', 'status', 'agreementType', 'owner', 'department', 'startOn', 'renewalOn'] as const;
export type PartnershipSort = (typeof PARTNERSHIP_SORTS)[number];

export interface PartnershipFilters {
  status: Status | null;
  agreementType: AgreementType | null;
  goalId: number | null;
  department: string;
  ownerId: number | null;
  country: string | null;
  q: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim() : '');
const id = (v: unknown) => (/^\d{1,15}$/.test(str(v)) ? Number(str(v)) : null);

/** Filters from a list URL's query; unknown or malformed values are ignored, never an error. */
export function partnershipFilters(query: Record<string, unknown>): PartnershipFilters {
  const status = str(query.status);
  const agreementType = str(query.agreementType);
  const country = str(query.country).toUpperCase();
  return {
    status: (STATUSES as readonly string[]).includes(status) ? (status as Status) : null,
    agreementType: (AGREEMENT_TYPES as readonly string[]).includes(agreementType) ? (agreementType as AgreementType) : null,
    goalId: id(query.goal),
    department: str(query.department).slice(0, 200),
    ownerId: id(query.owner),
    country: country && isCountryCode(country) ? country : null,
    q: str(query.q).slice(0, 200),
  };
}

const owner = alias(users, 'owner');

const goalNames = sql<string>`coalesce((select group_concat(g.name, '; ') from (select ${goals.name} as name from ${partnershipGoals} join ${goals} on ${goals.id} = ${partnershipGoals.goalId} where ${partnershipGoals.partnershipId} = ${partnerships.id} order by ${goals.kind}, ${goals.position}) g), '')`;

function partnershipWhere(f: PartnershipFilters, withoutStatus = false): SQL | undefined {
  const c: (SQL | undefined)[] = [];
  if (f.status && !withoutStatus) c.push(eq(partnerships.status, f.status));
  if (f.agreementType) c.push(eq(partnerships.agreementType, f.agreementType));
  if (f.department) c.push(eq(partnerships.department, f.department));
  if (f.ownerId) c.push(eq(partnerships.ownerId, f.ownerId));
  if (f.country) c.push(eq(partners.country, f.country));
  if (f.goalId) {
    // Spelled out: the count query selects from one table, where drizzle drops table prefixes.
    c.push(
      sql`exists (select 1 from "partnership_goals" pg where pg."partnership_id" = "partnerships"."id" and pg."goal_id" = ${f.goalId})`,
    );
  }
  if (f.q) {
    c.push(
      or(
        containsText(f.q, partnerships.title, partners.name, partnerships.description),
        // Spelled out: the count query selects from one table, where drizzle drops table prefixes.
        sql`exists (select 1 from "partnership_partners" pp join "partners" op on op."id" = pp."partner_id" where pp."partnership_id" = "partnerships"."id" and op."name" like ${likePattern(f.q)} escape '\\')`,
      ),
    );
  }
  return and(...c);
}

/**
 * The filtered, sorted partnership list as a query that is NOT executed: the page adds
 * .limit().offset().all(), an exporter reads it row by row (src/exports/iterate.ts). Rows carry names (partner, owner,
 * goals joined with '; '), not ids (the ids are there too, for links).
 */
export function partnershipsQuery(db: Db, filters: PartnershipFilters, order: SortOrder<PartnershipSort>, only?: number[]) {
  const columns = {
    id: partnerships.id,
    title: partnerships.title,
    partnerId: partnerships.partnerId,
    partnerName: partners.name,
    partnerKind: partners.kind,
    country: partners.country,
    agreementType: partnerships.agreementType,
    status: partnerships.status,
    ownerName: sql<string>`coalesce(${owner.name}, '')`,
    department: partnerships.department,
    startOn: partnerships.startOn,
    agreementOn: partnerships.agreementOn,
    renewalOn: partnerships.renewalOn,
    activeSinceOn: partnerships.activeSinceOn,
    reviewCadenceMonths: partnerships.reviewCadenceMonths,
    goalNames,
    otherPartners: otherPartnerNames,
    description: partnerships.description,
    updatedAt: partnerships.updatedAt,
  };
  return db
    .select(columns)
    .from(partnerships)
    .innerJoin(partners, eq(partners.id, partnerships.partnerId))
    .leftJoin(owner, eq(owner.id, partnerships.ownerId))
    .where(only ? inArray(partnerships.id, only) : partnershipWhere(filters))
    .orderBy(...orderOf(order));
}

function orderOf(order: SortOrder<PartnershipSort>): SQL[] {
  const dir = order.dir === 'desc' ? desc : asc;
  const labels = order.labels;
  const title = partnerships.titleKey;
  const column = {
    title,
    partner: partners.nameKey,
    status: byLabel(partnerships.status, STATUSES, labels ? (v) => labels.t(`partnerships.status.${v}`) : null, labels?.intlLocale),
    agreementType: byLabel(
      partnerships.agreementType,
      AGREEMENT_TYPES,
      labels ? (v) => labels.t(`partnerships.agreementType.${v}`) : null,
      labels?.intlLocale,
    ),
    owner: byName(owner.name),
    department: sql`${partnerships.department} collate nocase`,
    startOn: partnerships.startOn,
    renewalOn: partnerships.renewalOn,
  }[order.sort];
  return [...(order.sort === 'title' ? [dir(title)] : [dir(column), asc(title)]), asc(partnerships.id)];
}

/**
 * One page of the list. The page's ids are found first and only those rows then read their goal and
 * other-partner names: SQLite would otherwise run those correlated subqueries for every matching
 * row before sorting (11,000 at a region's size).
 */
export function partnershipsPage(db: Db, filters: PartnershipFilters, order: SortOrder<PartnershipSort>, limit: number, offset: number) {
  const ids = db
    .select({ id: partnerships.id })
    .from(partnerships)
    .innerJoin(partners, eq(partners.id, partnerships.partnerId))
    .leftJoin(owner, eq(owner.id, partnerships.ownerId))
    .where(partnershipWhere(filters))
    .orderBy(...orderOf(order))
    .limit(limit)
    .offset(offset)
    .all();
  return ids.length === 0
    ? []
    : partnershipsQuery(
        db,
        filters,
        order,
        ids.map((r) => r.id),
      ).all();
}

/** The partnerships, joined to their partner only when a filter reads the partner (counts need no more). */
function partnershipsFiltered<T extends Parameters<Db['select']>[0]>(db: Db, columns: T, filters: PartnershipFilters) {
  const q = db.select(columns).from(partnerships);
  return filters.country || filters.q ? q.innerJoin(partners, eq(partners.id, partnerships.partnerId)) : q;
}

export function countPartnerships(db: Db, filters: PartnershipFilters): number {
  return partnershipsFiltered(db, { n: count() }, filters).where(partnershipWhere(filters)).get()?.n ?? 0;
}

/** How many partnerships per status match the other filters. */
export function partnershipStatusCounts(db: Db, filters: PartnershipFilters): Record<string, number> {
  const rows = partnershipsFiltered(db, { status: partnerships.status, n: count() }, filters)
    .where(partnershipWhere(filters, true))
    .groupBy(partnerships.status)
    .all();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export function departments(db: Db): readonly string[] {
  return distinctValues(db, partnerships.department);
}

/** Active users, for the owner select. */
export function activeUsers(db: Db) {
  return db
    .select({ id: users.id, name: users.name, department: users.department })
    .from(users)
    .where(eq(users.active, true))
    .orderBy(byName(users.name))
    .all();
}

export function goalChoices(db: Db) {
  return db.select({ id: goals.id, name: goals.name, kind: goals.kind }).from(goals).orderBy(goals.kind, goals.position, goals.id).all();
}

/** A partnership with its partner's name and kind: what every feature working on one needs. */
export interface PartnershipHead {
  id: number;
  title: string;
  status: 'exploring' | 'active' | 'dormant' | 'ending' | 'ended';
  agreementType: string;
  ownerId: number | null;
  partnerId: number;
  partnerName: string;
  partnerKind: string;
  activeSinceOn: string | null;
  startOn: string | null;
  reviewCadenceMonths: number;
  createdAt: string;
}

/** The partnership a child page works on, with its partner's name; undefined when it does not exist. */
export function loadPartnership(db: Db, id: number): PartnershipHead | undefined {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return db
    .select({
      id: partnerships.id,
      title: partnerships.title,
      status: partnerships.status,
      agreementType: partnerships.agreementType,
      ownerId: partnerships.ownerId,
      partnerId: partnerships.partnerId,
      partnerName: partners.name,
      partnerKind: partners.kind,
      activeSinceOn: partnerships.activeSinceOn,
      startOn: partnerships.startOn,
      reviewCadenceMonths: partnerships.reviewCadenceMonths,
      createdAt: partnerships.createdAt,
    })
    .from(partnerships)
    .innerJoin(partners, eq(partners.id, partnerships.partnerId))
    .where(eq(partnerships.id, id))
    .get();
}

export function findPartnership(db: Db, pid: number) {
  return (
    db
      .select({
        partnership: partnerships,
        partnerName: partners.name,
        partnerKind: partners.kind,
        partnerCountry: partners.country,
        ownerName: owner.name,
      })
      .from(partnerships)
      .innerJoin(partners, eq(partners.id, partnerships.partnerId))
      .leftJoin(owner, eq(owner.id, partnerships.ownerId))
      .where(eq(partnerships.id, pid))
      .get() ?? null
  );
}

export function goalsOfPartnership(db: Db, pid: number) {
  return db
    .select({ id: goals.id, name: goals.name, kind: goals.kind })
    .from(partnershipGoals)
    .innerJoin(goals, eq(goals.id, partnershipGoals.goalId))
    .where(eq(partnershipGoals.partnershipId, pid))
    .orderBy(goals.kind, goals.position)
    .all();
}

export function statusHistory(db: Db, pid: number) {
  return db
    .select({
      id: statusChanges.id,
      fromStatus: statusChanges.fromStatus,
      toStatus: statusChanges.toStatus,
      changedOn: statusChanges.changedOn,
      reason: statusChanges.reason,
      reference: statusChanges.reference,
      userName: nameOfUser(statusChanges.userId),
      createdAt: statusChanges.createdAt,
    })
    .from(statusChanges)
    .where(eq(statusChanges.partnershipId, pid))
    .orderBy(desc(statusChanges.changedOn), desc(statusChanges.id))
    .all();
}

export function lastStatusChangeOn(db: Db, pid: number): string | null {
  return (
    db
      .select({ on: sql<string | null>`max(${statusChanges.changedOn})` })
      .from(statusChanges)
      .where(eq(statusChanges.partnershipId, pid))
      .get()?.on ?? null
  );
}

/** The ids among `ids` that are not existing goals (a stale form). */
function unknownGoals(db: Db, ids: number[]): number[] {
  if (ids.length === 0) return [];
  const found = new Set(
    db
      .select({ id: goals.id })
      .from(goals)
      .where(inArray(goals.id, ids))
      .all()
      .map((r) => r.id),
  );
  return ids.filter((g) => !found.has(g));
}

export function validateReferences(
  db: Db,
  input: { goalIds: number[]; ownerId: number | null; partnerId?: number },
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (unknownGoals(db, input.goalIds).length) errors.goalIds = 'validation.notFound';
  if (
    input.ownerId !== null &&
    !db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, input.ownerId), eq(users.active, true)))
      .get()
  ) {
    errors.ownerId = 'validation.notFound';
  }
  if (input.partnerId !== undefined && !db.select({ id: partners.id }).from(partners).where(eq(partners.id, input.partnerId)).get()) {
    errors.partnerId = 'validation.notFound';
  }
  return errors;
}

function setGoals(db: Db, pid: number, goalIds: number[]) {
  db.delete(partnershipGoals).where(eq(partnershipGoals.partnershipId, pid)).run();
  for (const goalId of goalIds) db.insert(partnershipGoals).values({ partnershipId: pid, goalId }).run();
}

export function createPartnership(db: Db, actor: AuditActor, input: PartnershipCreateInput, today: string): number {
  return inTransaction(db, () => {
    const { goalIds, status, ...fields } = input;
    const changedOn = status === 'exploring' ? today : input.startOn && input.startOn <= today ? input.startOn : today;
    const row = db
      .insert(partnerships)
      .values({
        ...fields,
        status,
        activeSinceOn: status === 'active' ? changedOn : null,
        updatedAt: actor.now.toISOString(),
      })
      .returning({ id: partnerships.id })
      .get();
    setGoals(db, row.id, goalIds);
    recordInitialStatus(db, actor, row.id, status, changedOn);
    recordAudit(db, actor, 'create', 'partnership', row.id, created({ ...fields, status, goalIds: goalIds.length ? goalIds : undefined }));
    return row.id;
  });
}

export function updatePartnership(db: Db, actor: AuditActor, pid: number, input: PartnershipEditInput): boolean {
  return inTransaction(db, () => {
    const before = db.select().from(partnerships).where(eq(partnerships.id, pid)).get();
    if (!before) return false;
    const { goalIds, ...fields } = input;
    const beforeGoals = db
      .select({ id: partnershipGoals.goalId })
      .from(partnershipGoals)
      .where(eq(partnershipGoals.partnershipId, pid))
      .all()
      .map((r) => r.id)
      .sort((a, b) => a - b);
    const afterGoals = [...goalIds].sort((a, b) => a - b);
    const changes = diff({ ...before, goalIds: beforeGoals }, { ...fields, goalIds: afterGoals });
    if (Object.keys(changes).length === 0) return true;
    db.update(partnerships)
      .set({ ...fields, updatedAt: actor.now.toISOString() })
      .where(eq(partnerships.id, pid))
      .run();
    if (changes.goalIds) setGoals(db, pid, afterGoals);
    recordAudit(db, actor, 'update', 'partnership', pid, changes);
    return true;
  });
}

export type TransitionResult =
  { ok: true } | { ok: false; reason: 'changed' } | { ok: false; reason: Refusal; params: Record<string, string> };

/**
 * The one writer of a partnership's status: every feature that moves a partnership (the status
 * form, a signed review, a completed end plan) calls this. It checks the lifecycle table and the
 * dates (checkStatusChange) inside the transaction, against the status as it is now; with
 * `expectedFrom`, a change someone else made meanwhile is refused as 'changed'.
 */
export function transitionPartnership(
  db: Db,
  actor: AuditActor,
  pid: number,
  input: StatusChangeInput,
  today: string,
  expectedFrom?: Status,
): TransitionResult {
  return inTransaction(db, () => {
    const before = db.select().from(partnerships).where(eq(partnerships.id, pid)).get();
    if (!before || (expectedFrom && before.status !== expectedFrom)) return { ok: false as const, reason: 'changed' as const };
    const check = checkStatusChange({
      from: before.status,
      to: input.status,
      changedOn: input.changedOn,
      lastChangedOn: lastStatusChangeOn(db, pid),
      today,
    });
    if (!check.ok) return { ok: false as const, reason: check.reason, params: check.params };
    const activeSinceOn = activeSinceAfter(input.status, input.changedOn, before.activeSinceOn);
    db.update(partnerships)
      .set({ status: input.status, activeSinceOn, updatedAt: actor.now.toISOString() })
      .where(eq(partnerships.id, pid))
      .run();
    db.insert(statusChanges)
      .values({
        partnershipId: pid,
        fromStatus: before.status,
        toStatus: input.status,
        changedOn: input.changedOn,
        reason: input.reason,
        reference: input.reference,
        userId: actor.userId,
      })
      .run();
    const changes = diff({ status: before.status, activeSinceOn: before.activeSinceOn }, { status: input.status, activeSinceOn });
    recordAudit(db, actor, 'status', 'partnership', pid, {
      ...changes,
      changedOn: [null, input.changedOn],
      ...(input.reason ? { reason: [null, input.reason] } : {}),
      ...(input.reference ? { reference: [null, input.reference] } : {}),
    });
    return { ok: true as const };
  });
}

/** A new partnership's first status, as the start of its history (not a transition). */
export function recordInitialStatus(db: Db, actor: AuditActor, pid: number, status: Status, changedOn: string): void {
  db.insert(statusChanges).values({ partnershipId: pid, fromStatus: null, toStatus: status, changedOn, userId: actor.userId }).run();
}
