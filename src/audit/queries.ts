// Reading the audit trail: the global filtered log (newest first, paged in SQL on the audit_at /
// audit_user_at / audit_entity indexes), one record's history (a partnership's with its reviews,
// costs and end plans), and the records' current values that the sentences name them by.
import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { countRows } from '../db/aggregates.js';
import type { Db } from '../db/client.js';
import {
  auditLog,
  contacts,
  endPlans,
  followUps,
  goals,
  ledgerEntries,
  logEntries,
  organisation,
  partners,
  partnerships,
  reviews,
  users,
} from '../db/schema.js';
import { parseChanges, parseRawChanges, type FieldChange } from './domain.js';

export interface AuditFilters {
  userId: number | null;
  action: string;
  entityType: string;
  fromAt: string | null; // inclusive, ISO UTC
  toAt: string | null; // exclusive, ISO UTC
}

export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  userName: string | null;
  action: string;
  entityType: string;
  entityId: number | null;
  ip: string | null;
  changes: FieldChange[];
  /** The stored changes with their own types, for putting them into words. */
  raw: Record<string, [unknown, unknown]>;
}

const columns = {
  id: auditLog.id,
  at: auditLog.at,
  userId: auditLog.userId,
  userName: users.name,
  action: auditLog.action,
  entityType: auditLog.entityType,
  entityId: auditLog.entityId,
  ip: auditLog.ip,
  changes: auditLog.changes,
};

function toEntry(row: { changes: string } & Omit<AuditEntry, 'changes' | 'raw'>): AuditEntry {
  return { ...row, changes: parseChanges(row.changes), raw: parseRawChanges(row.changes) };
}

export function listAudit(db: Db, filters: AuditFilters, limit: number, offset: number): { rows: AuditEntry[]; total: number } {
  const where: SQL[] = [];
  if (filters.userId !== null) where.push(eq(auditLog.userId, filters.userId));
  if (filters.action) where.push(eq(auditLog.action, filters.action));
  if (filters.entityType) where.push(eq(auditLog.entityType, filters.entityType));
  if (filters.fromAt) where.push(gte(auditLog.at, filters.fromAt));
  if (filters.toAt) where.push(lt(auditLog.at, filters.toAt));
  return auditPage(db, where.length ? and(...where) : undefined, limit, offset);
}

/** One page of audit rows, newest first, with the count of all that match. */
function auditPage(db: Db, condition: SQL | undefined, limit: number, offset: number): { rows: AuditEntry[]; total: number } {
  const rows = db
    .select(columns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(condition)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
    .offset(offset)
    .all();
  const total = countRows(db, auditLog, condition);
  return { rows: rows.map(toEntry), total };
}

/**
 * The audit rows of one record. A partnership's history also holds its reviews, its end plans and
 * its ledger entries, those deleted since included (their delete row names the partnership).
 */
function historyCondition(entityType: string, id: number): SQL | undefined {
  const own = and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, id));
  if (entityType !== 'partnership') return own;
  const ofType = (type: string, ids: SQL) => and(eq(auditLog.entityType, type), sql`${auditLog.entityId} IN (${ids})`);
  return or(
    own,
    ofType('review', sql`SELECT id FROM reviews WHERE partnership_id = ${id}`),
    ofType('end_plan', sql`SELECT id FROM end_plans WHERE partnership_id = ${id}`),
    ofType(
      'ledger_entry',
      sql`SELECT id FROM ledger_entries WHERE partnership_id = ${id}
      UNION SELECT a.entity_id FROM audit_log a WHERE a.entity_type = 'ledger_entry' AND a.action = 'delete'
        AND json_extract(a.changes, '$.partnershipId[0]') = ${id}`,
    ),
  );
}

export function entityHistory(
  db: Db,
  entityType: string,
  entityId: number,
  limit: number,
  offset: number,
): { rows: AuditEntry[]; total: number } {
  return auditPage(db, historyCondition(entityType, entityId), limit, offset);
}

/** Everyone who can appear as the actor, for the filter. */
export function userOptions(db: Db): { id: number; name: string }[] {
  return db.select({ id: users.id, name: users.name }).from(users).orderBy(asc(users.name), asc(users.id)).all();
}

/** The record a history belongs to: its title, and the row for the record's tabs. Undefined when unknown. */
export function entityTitle(db: Db, entityType: string, id: number): { title: string; row: Record<string, unknown> } | undefined {
  const one = <T extends Record<string, unknown>>(row: T | undefined, title: (r: T) => string) =>
    row ? { title: title(row), row } : undefined;
  switch (entityType) {
    case 'partner':
      return one(db.select().from(partners).where(eq(partners.id, id)).get(), (r) => r.name);
    case 'partnership':
      return one(db.select().from(partnerships).where(eq(partnerships.id, id)).get(), (r) => r.title);
    case 'contact':
      return one(db.select({ id: contacts.id, name: contacts.name }).from(contacts).where(eq(contacts.id, id)).get(), (r) => r.name);
    case 'user':
      return one(db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, id)).get(), (r) => r.name);
    case 'log_entry':
      return one(
        db.select({ id: logEntries.id, summary: logEntries.summary }).from(logEntries).where(eq(logEntries.id, id)).get(),
        (r) => r.summary,
      );
    case 'follow_up':
      return one(db.select({ id: followUps.id, task: followUps.task }).from(followUps).where(eq(followUps.id, id)).get(), (r) => r.task);
    case 'goal':
      return one(db.select({ id: goals.id, name: goals.name }).from(goals).where(eq(goals.id, id)).get(), (r) => r.name);
    case 'organisation':
      return one(
        db.select({ id: organisation.id, name: organisation.name }).from(organisation).where(eq(organisation.id, id)).get(),
        (r) => r.name,
      );
    default:
      return undefined;
  }
}

/** The current values of the records a page of audit rows is about, keyed "type:id" (gone ones are absent). */
export function recordValues(db: Db, rows: Pick<AuditEntry, 'entityType' | 'entityId'>[]): Map<string, Record<string, unknown>> {
  const idsOf = (type: string) => [...new Set(rows.filter((r) => r.entityType === type && r.entityId !== null).map((r) => r.entityId!))];
  const result = new Map<string, Record<string, unknown>>();
  const put = (type: string, found: { id: number }[]) => {
    for (const r of found) result.set(`${type}:${r.id}`, r);
  };
  const load = (type: string, read: (ids: number[]) => { id: number }[]) => {
    const ids = idsOf(type);
    if (ids.length > 0) put(type, read(ids));
  };
  load('partner', (ids) => db.select({ id: partners.id, name: partners.name }).from(partners).where(inArray(partners.id, ids)).all());
  load('partnership', (ids) =>
    db.select({ id: partnerships.id, title: partnerships.title }).from(partnerships).where(inArray(partnerships.id, ids)).all(),
  );
  load('contact', (ids) => db.select({ id: contacts.id, name: contacts.name }).from(contacts).where(inArray(contacts.id, ids)).all());
  load('user', (ids) => db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)).all());
  load('goal', (ids) => db.select({ id: goals.id, name: goals.name }).from(goals).where(inArray(goals.id, ids)).all());
  load('organisation', (ids) =>
    db.select({ id: organisation.id, name: organisation.name }).from(organisation).where(inArray(organisation.id, ids)).all(),
  );
  load('log_entry', (ids) =>
    db.select({ id: logEntries.id, summary: logEntries.summary }).from(logEntries).where(inArray(logEntries.id, ids)).all(),
  );
  load('follow_up', (ids) => db.select({ id: followUps.id, task: followUps.task }).from(followUps).where(inArray(followUps.id, ids)).all());
  load('ledger_entry', (ids) =>
    db
      .select({
        id: ledgerEntries.id,
        direction: ledgerEntries.direction,
        type: ledgerEntries.type,
        amountMinor: ledgerEntries.amountMinor,
        currency: ledgerEntries.currency,
        occurredOn: ledgerEntries.occurredOn,
        partnershipTitle: partnerships.title,
      })
      .from(ledgerEntries)
      .innerJoin(partnerships, eq(partnerships.id, ledgerEntries.partnershipId))
      .where(inArray(ledgerEntries.id, ids))
      .all(),
  );
  load('review', (ids) =>
    db
      .select({
        id: reviews.id,
        partnershipTitle: partnerships.title,
        periodStartOn: reviews.periodStartOn,
        periodEndOn: reviews.periodEndOn,
      })
      .from(reviews)
      .innerJoin(partnerships, eq(partnerships.id, reviews.partnershipId))
      .where(inArray(reviews.id, ids))
      .all(),
  );
  load('end_plan', (ids) =>
    db
      .select({ id: endPlans.id, partnershipTitle: partnerships.title })
      .from(endPlans)
      .innerJoin(partnerships, eq(partnerships.id, endPlans.partnershipId))
      .where(inArray(endPlans.id, ids))
      .all(),
  );
  return result;
}

/** Names of records that audit values point at by id (a log entry's partners, a partnership's goals), keyed "type:id". */
export function referencedNames(db: Db, ids: Map<string, Set<number>>): Map<string, string> {
  const names = new Map<string, string>();
  const load = (type: string, read: (ids: number[]) => { id: number; name: string }[]) => {
    const wanted = [...(ids.get(type) ?? [])];
    if (wanted.length > 0) for (const r of read(wanted)) names.set(`${type}:${r.id}`, r.name);
  };
  load('partner', (w) => db.select({ id: partners.id, name: partners.name }).from(partners).where(inArray(partners.id, w)).all());
  load('partnership', (w) =>
    db.select({ id: partnerships.id, name: partnerships.title }).from(partnerships).where(inArray(partnerships.id, w)).all(),
  );
  load('contact', (w) => db.select({ id: contacts.id, name: contacts.name }).from(contacts).where(inArray(contacts.id, w)).all());
  load('goal', (w) => db.select({ id: goals.id, name: goals.name }).from(goals).where(inArray(goals.id, w)).all());
  return names;
}
