// Rows the reminder tests need: partners, partnerships with a chosen review due date, follow-ups.
import type { Db } from '../../src/db/client.js';
import { followUps, partners, partnerships, reviews } from '../../src/db/schema.js';
import { addMonths } from '../../src/lib/dates.js';

let n = 0;

/** A partnership whose next review is due on `dueOn` (active since 12 months before, no review yet). */
export function partnershipDue(
  db: Db,
  ownerId: number | null,
  dueOn: string,
  overrides: Partial<typeof partnerships.$inferInsert> = {},
  partner: Partial<typeof partners.$inferInsert> = {},
) {
  n += 1;
  const p = db
    .insert(partners)
    .values({ kind: 'twin_city', name: `Partner ${n}`, country: 'SE', updatedAt: '2025-01-01T00:00:00Z', ...partner })
    .returning()
    .get();
  return db
    .insert(partnerships)
    .values({
      partnerId: p.id,
      title: `Partnership ${n}`,
      agreementType: 'cooperation_agreement',
      status: 'active',
      ownerId,
      activeSinceOn: addMonths(dueOn, -12),
      reviewCadenceMonths: 12,
      updatedAt: '2025-01-01T00:00:00Z',
      ...overrides,
    })
    .returning()
    .get();
}

export function signedReview(db: Db, partnershipId: number, periodEndOn: string) {
  return db
    .insert(reviews)
    .values({
      partnershipId,
      periodStartOn: addMonths(periodEndOn, -12),
      periodEndOn,
      state: 'signed',
      signedAt: `${periodEndOn}T12:00:00Z`,
    })
    .returning()
    .get();
}

export function followUp(db: Db, assigneeId: number, dueOn: string, overrides: Partial<typeof followUps.$inferInsert> = {}) {
  n += 1;
  return db
    .insert(followUps)
    .values({ task: `Send the minutes ${n}`, dueOn, assigneeId, ...overrides })
    .returning()
    .get();
}
