// Follow-ups: "My follow-ups" (open, due, overdue, done), also the export's source, marking done,
// correcting and deleting one.
import { and, asc, count, desc, eq, isNotNull, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { countRows } from '../db/aggregates.js';
import { nameOfUser } from '../users/name.js';
import { deleteAudited, updateAudited } from '../audit/rows.js';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { followUps, logEntries, partners, partnerships, users } from '../db/schema.js';
import { recordAudit, type AuditActor } from '../audit/record.js';
import type { FollowUpInput } from './form.js';
import { addDays } from '../lib/dates.js';

export const FOLLOW_UP_STATES = ['open', 'due', 'overdue', 'done'] as const;
export type FollowUpState = (typeof FOLLOW_UP_STATES)[number];
/** "Due" means due today or within this many days. */
export const DUE_SOON_DAYS = 7;

export interface FollowUpFilters {
  state: FollowUpState;
  /** 'me' (the signed-in user), 'all', or a user id. */
  assignee: 'me' | 'all' | number;
  sort: 'due' | 'task';
  dir: 'asc' | 'desc';
}

export function followUpFilters(query: Record<string, unknown>): FollowUpFilters {
  const a = String(query.assignee ?? 'me');
  return {
    state: (FOLLOW_UP_STATES as readonly string[]).includes(String(query.state)) ? (query.state as FollowUpState) : 'open',
    assignee: a === 'all' ? 'all' : /^\d+$/.test(a) ? Number(a) : 'me',
    sort: query.sort === 'task' ? 'task' : 'due',
    dir: query.dir === 'desc' ? 'desc' : 'asc',
  };
}

function followUpWhere(f: FollowUpFilters, userId: number, today: string): SQL | undefined {
  const c: (SQL | undefined)[] = [];
  if (f.assignee === 'me') c.push(eq(followUps.assigneeId, userId));
  else if (typeof f.assignee === 'number') c.push(eq(followUps.assigneeId, f.assignee));
  if (f.state === 'done') c.push(isNotNull(followUps.doneAt));
  else c.push(isNull(followUps.doneAt));
  if (f.state === 'overdue') c.push(lt(followUps.dueOn, today));
  if (f.state === 'due') c.push(and(sql`${followUps.dueOn} >= ${today}`, lte(followUps.dueOn, addDays(today, DUE_SOON_DAYS))));
  return and(...c);
}

/** A follow-up as lists show it: the task, when, who is to do it and who did it. */
export const followUpColumns = {
  id: followUps.id,
  task: followUps.task,
  dueOn: followUps.dueOn,
  doneAt: followUps.doneAt,
  assigneeId: followUps.assigneeId,
  assigneeName: nameOfUser(followUps.assigneeId),
  doneByName: nameOfUser(followUps.doneById),
};

/** The filtered, sorted follow-ups with names, not executed (the page pages it, the export iterates it). */
export function followUpsQuery(db: Db, f: FollowUpFilters, userId: number, today: string) {
  const dir = f.dir === 'desc' ? desc : asc;
  const order = f.sort === 'task' ? [dir(followUps.task), asc(followUps.id)] : [dir(followUps.dueOn), asc(followUps.id)];
  return db
    .select({
      ...followUpColumns,
      logEntryId: followUps.logEntryId,
      logCreatedById: logEntries.createdById,
      logSummary: logEntries.summary,
      logOccurredOn: logEntries.occurredOn,
      partnerId: followUps.partnerId,
      partnerName: partners.name,
      partnershipId: followUps.partnershipId,
      partnershipTitle: partnerships.title,
    })
    .from(followUps)
    .leftJoin(logEntries, eq(logEntries.id, followUps.logEntryId))
    .leftJoin(partners, eq(partners.id, followUps.partnerId))
    .leftJoin(partnerships, eq(partnerships.id, followUps.partnershipId))
    .where(followUpWhere(f, userId, today))
    .orderBy(...order)
    .$dynamic();
}

export function countFollowUps(db: Db, f: FollowUpFilters, userId: number, today: string): number {
  return countRows(db, followUps, followUpWhere(f, userId, today));
}

/** Counts for the tabs: open, due soon and overdue of one assignee. */
export function followUpCounts(db: Db, userId: number, today: string) {
  const row = db
    .select({
      open: count(),
      overdue: sql<number>`coalesce(sum(${followUps.dueOn} < ${today}), 0)`,
      due: sql<number>`coalesce(sum(${followUps.dueOn} >= ${today} AND ${followUps.dueOn} <= ${addDays(today, DUE_SOON_DAYS)}), 0)`,
    })
    .from(followUps)
    .where(and(eq(followUps.assigneeId, userId), isNull(followUps.doneAt)))
    .get();
  return { open: row?.open ?? 0, due: row?.due ?? 0, overdue: row?.overdue ?? 0 };
}

export function getFollowUp(db: Db, id: number) {
  return db.select().from(followUps).where(eq(followUps.id, id)).get();
}

/** Mark done, recording who and when. Idempotent: a done follow-up stays as it was. */
export function markDone(db: Db, actor: AuditActor, id: number): boolean {
  return inTransaction(db, () => {
    const row = db.select().from(followUps).where(eq(followUps.id, id)).get();
    if (!row) return false;
    if (row.doneAt) return true;
    const doneAt = actor.now.toISOString();
    db.update(followUps).set({ doneAt, doneById: actor.userId }).where(eq(followUps.id, id)).run();
    recordAudit(db, actor, 'done', 'follow_up', id, { doneAt: [null, doneAt], doneById: [null, actor.userId] });
    return true;
  });
}

/** Open again (a mistaken tick). */
export function reopen(db: Db, actor: AuditActor, id: number): boolean {
  return inTransaction(db, () => {
    const row = db.select().from(followUps).where(eq(followUps.id, id)).get();
    if (!row) return false;
    if (!row.doneAt) return true;
    db.update(followUps).set({ doneAt: null, doneById: null }).where(eq(followUps.id, id)).run();
    recordAudit(db, actor, 'reopen', 'follow_up', id, { doneAt: [row.doneAt, null], doneById: [row.doneById, null] });
    return true;
  });
}

export function assigneeOptions(db: Db) {
  return db.select({ id: users.id, name: users.name }).from(users).where(eq(users.active, true)).orderBy(asc(users.name)).all();
}

/** A follow-up with what deciding who may change it needs: its log entry's author and date. */
export function getFollowUpForEdit(db: Db, id: number) {
  return db
    .select({
      id: followUps.id,
      task: followUps.task,
      dueOn: followUps.dueOn,
      assigneeId: followUps.assigneeId,
      doneAt: followUps.doneAt,
      logEntryId: followUps.logEntryId,
      partnershipId: followUps.partnershipId,
      logCreatedById: logEntries.createdById,
      logOccurredOn: logEntries.occurredOn,
      logSummary: logEntries.summary,
      assigneeName: nameOfUser(followUps.assigneeId),
    })
    .from(followUps)
    .leftJoin(logEntries, eq(logEntries.id, followUps.logEntryId))
    .where(eq(followUps.id, id))
    .get();
}

/** Whether a user id names someone (an assignee must exist). */
export function userExists(db: Db, id: number): boolean {
  return db.select({ id: users.id }).from(users).where(eq(users.id, id)).get() !== undefined;
}

/** Correct the task, due date or assignee; the audit row holds the old and new values. */
export function updateFollowUp(db: Db, actor: AuditActor, id: number, input: FollowUpInput): void {
  updateAudited(db, actor, followUps, 'follow_up', id, input);
}

/** Delete a follow-up; the audit row keeps what it held. */
export function deleteFollowUp(db: Db, actor: AuditActor, id: number): boolean {
  return deleteAudited(db, actor, followUps, 'follow_up', id);
}
