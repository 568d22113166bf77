// Calendar feed: finding its owner by the token's hash, and setting or clearing that hash.
import { and, eq, isNotNull } from 'drizzle-orm';
import { inTransaction, type Db } from '../db/client.js';
import { users } from '../db/schema.js';
import { recordAudit, type AuditActor } from '../audit/record.js';
import { hashFeedToken, newFeedToken, sameHash } from './token.js';

export interface FeedOwner {
  id: number;
  name: string;
  locale: string | null;
}

/** The active user whose feed token this is, or undefined. The stored hash is compared in constant time. */
export function feedOwner(db: Db, token: string): FeedOwner | undefined {
  const hash = hashFeedToken(token);
  const row = db
    .select({ id: users.id, name: users.name, locale: users.locale, hash: users.calendarTokenHash })
    .from(users)
    .where(and(eq(users.calendarTokenHash, hash), eq(users.active, true), isNotNull(users.calendarTokenHash)))
    .get();
  if (!row?.hash || !sameHash(row.hash, hash)) return undefined;
  return { id: row.id, name: row.name, locale: row.locale };
}

export function hasFeed(db: Db, userId: number): boolean {
  return !!db.select({ h: users.calendarTokenHash }).from(users).where(eq(users.id, userId)).get()?.h;
}

/** A new token for the user (the old one stops working). Returns the token: the only time it exists in clear. */
export function regenerateFeed(db: Db, actor: AuditActor & { userId: number }): string {
  const token = newFeedToken();
  inTransaction(db, () => {
    const had = hasFeed(db, actor.userId);
    db.update(users)
      .set({ calendarTokenHash: hashFeedToken(token) })
      .where(eq(users.id, actor.userId))
      .run();
    // The audit says that the feed changed, never the hash.
    recordAudit(db, actor, 'update', 'user', actor.userId, { calendarFeed: [had ? 'on' : 'off', had ? 'renewed' : 'on'] });
  });
  return token;
}

export function revokeFeed(db: Db, actor: AuditActor & { userId: number }): void {
  inTransaction(db, () => {
    if (!hasFeed(db, actor.userId)) return;
    db.update(users).set({ calendarTokenHash: null }).where(eq(users.id, actor.userId)).run();
    recordAudit(db, actor, 'update', 'user', actor.userId, { calendarFeed: ['on', 'off'] });
  });
}
