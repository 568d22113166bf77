// Factories for this area's tests: a partner with a partnership, goals linked, ledger entries,
// log entries and signed reviews, each with sensible defaults.
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import {
  goals,
  ledgerEntries,
  logEntries,
  logEntryPartnerships,
  organisation,
  partners,
  partnershipGoals,
  partnerships,
  reviews,
} from '../../src/db/schema.js';

let n = 0;
export function makePartnership(db: Db, overrides: Partial<typeof partnerships.$inferInsert> & { goalCount?: number } = {}) {
  n += 1;
  const { goalCount = 2, ...rest } = overrides;
  const partner = db
    .insert(partners)
    .values({ kind: 'twin_city', name: `Partner city ${n}`, country: 'SE', updatedAt: '2024-01-01T00:00:00Z' })
    .returning()
    .get();
  const p = db
    .insert(partnerships)
    .values({
      partnerId: partner.id,
      title: `Twinning ${n}`,
      agreementType: 'twin_city_agreement',
      status: 'active',
      activeSinceOn: '2024-01-01',
      reviewCadenceMonths: 12,
      updatedAt: '2024-01-01T00:00:00Z',
      ...rest,
    })
    .returning()
    .get();
  const goalIds = db
    .select({ id: goals.id })
    .from(goals)
    .where(eq(goals.kind, 'goal'))
    .all()
    .slice(0, goalCount)
    .map((g) => g.id);
  for (const goalId of goalIds) db.insert(partnershipGoals).values({ partnershipId: p.id, goalId }).run();
  return { ...p, partnerName: partner.name, goalIds };
}

export function addCost(db: Db, partnershipId: number, amountMinor: number, occurredOn: string, direction: 'cost' | 'funding' = 'cost') {
  db.insert(ledgerEntries)
    .values({
      partnershipId,
      direction,
      type: direction === 'cost' ? 'membership_fee' : 'grant',
      occurredOn,
      amountMinor,
      currency: 'DKK',
    })
    .run();
}

export function addContact(db: Db, partnershipId: number, occurredOn: string) {
  const e = db
    .insert(logEntries)
    .values({ occurredOn, type: 'meeting', summary: 'Met', updatedAt: `${occurredOn}T10:00:00Z` })
    .returning()
    .get();
  db.insert(logEntryPartnerships).values({ logEntryId: e.id, partnershipId }).run();
}

export function setHourlyRate(db: Db, minor: number | null) {
  db.update(organisation).set({ hourlyRateMinor: minor }).where(eq(organisation.id, 1)).run();
}

export function addSignedReview(db: Db, partnershipId: number, values: Partial<typeof reviews.$inferInsert> = {}) {
  return db
    .insert(reviews)
    .values({
      partnershipId,
      periodStartOn: '2024-01-01',
      periodEndOn: '2025-01-01',
      state: 'signed',
      valueIndex: 3,
      investmentLevelComputed: 1,
      recommendation: 'continue',
      decision: 'continue',
      decisionComment: 'Fine',
      signedAt: '2025-01-05T10:00:00Z',
      proposedAt: '2025-01-02T10:00:00Z',
      ...values,
    })
    .returning()
    .get();
}
