// A user's in-app notifications and notification settings.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { inTransaction, type Db } from '../db/client.js';
import { countRows } from '../db/aggregates.js';
import { notifications, users } from '../db/schema.js';
import { recordAudit, type AuditActor } from '../audit/record.js';
import { parsePrefs, type NotificationPrefs } from './prefs.js';
import type { Locale } from '../i18n/index.js';

export type Notification = typeof notifications.$inferSelect;

/** A notification's words in one language. */
export interface NotificationText {
  title: string;
  body: string;
}

/**
 * The notification as its reader reads it today: in their language when it was written in it
 * (notifications.texts), else as it was written (rows from before the column).
 */
export function inLanguage(row: Notification, locale: Locale): Notification {
  if (!row.texts) return row;
  try {
    const text = (JSON.parse(row.texts) as Partial<Record<string, NotificationText>>)[locale];
    return text && typeof text.title === 'string' && typeof text.body === 'string' ? { ...row, title: text.title, body: text.body } : row;
  } catch {
    return row;
  }
}

/** One page of a user's notifications, newest first (index notifications_user_read). */
export function listNotifications(
  db: Db,
  userId: number,
  page: { offset: number; perPage: number },
): { rows: Notification[]; total: number } {
  const rows = db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(page.perPage)
    .offset(page.offset)
    .all();
  const total = countRows(db, notifications, eq(notifications.userId, userId));
  return { rows, total };
}

export function getNotification(db: Db, userId: number, id: number): Notification | undefined {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .get();
}

/** Mark one of the user's notifications read; idempotent. Undefined when it is not theirs. */
export function markRead(db: Db, actor: AuditActor & { userId: number }, id: number): Notification | undefined {
  return inTransaction(db, () => {
    const row = getNotification(db, actor.userId, id);
    if (!row || row.readAt) return row;
    const readAt = actor.now.toISOString();
    db.update(notifications).set({ readAt }).where(eq(notifications.id, id)).run();
    recordAudit(db, actor, 'read', 'notification', id, { readAt: [null, readAt] });
    return { ...row, readAt };
  });
}

export function markAllRead(db: Db, actor: AuditActor & { userId: number }): number {
  return inTransaction(db, () => {
    const readAt = actor.now.toISOString();
    const changed = db
      .update(notifications)
      .set({ readAt })
      .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)))
      .run().changes;
    if (changed > 0) recordAudit(db, actor, 'read_all', 'notification', null, { count: [null, changed] });
    return changed;
  });
}

export function getPreferences(db: Db, userId: number): { prefs: NotificationPrefs; weeklyDigest: boolean; hasEmail: boolean } | undefined {
  const row = db
    .select({ prefs: users.notificationPrefs, weeklyDigest: users.weeklyDigest, email: users.email })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  return row && { prefs: parsePrefs(row.prefs), weeklyDigest: row.weeklyDigest, hasEmail: row.email.includes('@') };
}

export function savePreferences(db: Db, actor: AuditActor & { userId: number }, prefs: NotificationPrefs, weeklyDigest: boolean): void {
  inTransaction(db, () => {
    const before = getPreferences(db, actor.userId);
    const json = JSON.stringify(prefs);
    db.update(users).set({ notificationPrefs: json, weeklyDigest }).where(eq(users.id, actor.userId)).run();
    const changes: Record<string, [unknown, unknown]> = {};
    if (JSON.stringify(before?.prefs) !== json) changes.notificationPrefs = [before?.prefs ?? null, prefs];
    if (before?.weeklyDigest !== weeklyDigest) changes.weeklyDigest = [before?.weeklyDigest ?? null, weeklyDigest];
    recordAudit(db, actor, 'update', 'user', actor.userId, changes);
  });
}
