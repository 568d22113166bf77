// Finding reviews: one by id, the open one and the last signed of a partnership, who proposed and
// signed, and how many administrators can sign.
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { countRows } from '../db/aggregates.js';
import type { Db } from '../db/client.js';
import { reviews, users } from '../db/schema.js';

export type ReviewRow = typeof reviews.$inferSelect;

/** How many administrators can sign reviews: the four-eyes rule relaxes when there is one. */
export function activeAdministrators(db: Db): number {
  return countRows(db, users, and(eq(users.role, 'admin'), eq(users.active, true)));
}

/** The names of who proposed and who signed a review, for its page. */
export function reviewPeople(
  db: Db,
  review: Pick<ReviewRow, 'reviewerId' | 'signedById'>,
): { proposerName: string | null; signerName: string | null } {
  const name = (id: number | null) =>
    id ? (db.select({ name: users.name }).from(users).where(eq(users.id, id)).get()?.name ?? null) : null;
  return { proposerName: name(review.reviewerId), signerName: name(review.signedById) };
}

export function findReview(db: Db, id: number): ReviewRow | undefined {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return db.select().from(reviews).where(eq(reviews.id, id)).get();
}

export function previousSigned(db: Db, partnershipId: number, beforeId?: number): ReviewRow | undefined {
  const where: SQL[] = [eq(reviews.partnershipId, partnershipId), eq(reviews.state, 'signed')];
  if (beforeId) where.push(sql`${reviews.id} <> ${beforeId}`);
  return db
    .select()
    .from(reviews)
    .where(and(...where))
    .orderBy(desc(reviews.periodEndOn), desc(reviews.id))
    .get();
}

export function openReview(db: Db, partnershipId: number): ReviewRow | undefined {
  return db
    .select()
    .from(reviews)
    .where(and(eq(reviews.partnershipId, partnershipId), inArray(reviews.state, ['draft', 'proposed', 'returned'])))
    .get();
}
