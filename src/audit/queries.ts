// Reading the audit trail: the global filtered log (newest first, paged in SQL on the audit_at /
// audit_user_at / audit_entity indexes) and one record's history.
import { and, asc, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  auditLog, contacts, followUps, goals, logEntries, organisation, partners, partnerships, users,
} from '../db/schema.js';
import { parseChanges, type FieldChange } from './domain.js';

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
}

const columns = {
  id: auditLog.id, at: auditLog.at, userId: auditLog.userId, userName: users.name, action: auditLog.action,
  entityType: auditLog.entityType, entityId: auditLog.entityId, ip: auditLog.ip, changes: auditLog.changes,
};

function toEntry(row: { changes: string } & Omit<AuditEntry, 'changes'>): AuditEntry {
  return { ...row, changes: parseChanges(row.changes) };
}

export function listAudit(db: Db, filters: AuditFilters, limit: number, offset: number): { rows: AuditEntry[]; total: number } {
  const where: SQL[] = [];
  if (filters.userId !== null) where.push(eq(auditLog.userId, filters.userId));
  if (filters.action) where.push(eq(auditLog.action, filters.action));
  if (filters.entityType) where.push(eq(auditLog.entityType, filters.entityType));
  if (filters.fromAt) where.push(gte(auditLog.at, filters.fromAt));
  if (filters.toAt) where.push(lt(auditLog.at, filters.toAt));
  const condition = where.length ? and(...where) : undefined;
  const rows = db.select(columns).from(auditLog).leftJoin(users, eq(users.id, auditLog.userId)).where(condition)
    .orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit).offset(offset).all();
  const total = db.select({ n: count() }).from(auditLog).where(condition).get()?.n ?? 0;
  return { rows: rows.map(toEntry), total };
}

export function entityHistory(db: Db, entityType: string, entityId: number, limit: number, offset: number): { rows: AuditEntry[]; total: number } {
  const condition = and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId));
  const rows = db.select(columns).from(auditLog).leftJoin(users, eq(users.id, auditLog.userId)).where(condition)
    .orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit).offset(offset).all();
  const total = db.select({ n: count() }).from(auditLog).where(condition).get()?.n ?? 0;
  return { rows: rows.map(toEntry), total };
}

/** Everyone who can appear as the actor, for the filter. */
export function userOptions(db: Db): { id: number; name: string }[] {
  return db.select({ id: users.id, name: users.name }).from(users).orderBy(asc(users.name), asc(users.id)).all();
}

/** The record a history belongs to: its title, and the row for the record's tabs. Undefined when unknown. */
export function entityTitle(db: Db, entityType: string, id: number): { title: string; row: Record<string, unknown> } | undefined {
  const one = <T extends Record<string, unknown>>(row: T | undefined, title: (r: T) => string) => (row ? { title: title(row), row } : undefined);
  switch (entityType) {
    case 'partner': return one(db.select().from(partners).where(eq(partners.id, id)).get(), (r) => r.name);
    case 'partnership': return one(db.select().from(partnerships).where(eq(partnerships.id, id)).get(), (r) => r.title);
    case 'contact': return one(db.select({ id: contacts.id, name: contacts.name }).from(contacts).where(eq(contacts.id, id)).get(), (r) => r.name);
    case 'user': return one(db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, id)).get(), (r) => r.name);
    case 'log_entry': return one(db.select({ id: logEntries.id, summary: logEntries.summary }).from(logEntries).where(eq(logEntries.id, id)).get(), (r) => r.summary);
    case 'follow_up': return one(db.select({ id: followUps.id, task: followUps.task }).from(followUps).where(eq(followUps.id, id)).get(), (r) => r.task);
    case 'goal': return one(db.select({ id: goals.id, name: goals.name }).from(goals).where(eq(goals.id, id)).get(), (r) => r.name);
    case 'organisation': return one(db.select({ id: organisation.id, name: organisation.name }).from(organisation).where(eq(organisation.id, id)).get(), (r) => r.name);
    default: return undefined;
  }
}
