// Rows the project tests need: partners, a project partnership and ledger entries.
import type { Db } from '../../src/db/client.js';
import { ledgerEntries, partners, partnerships } from '../../src/db/schema.js';

export function partner(db: Db, name: string, overrides: Partial<typeof partners.$inferInsert> = {}) {
  return db
    .insert(partners)
    .values({ kind: 'twin_city', name, country: 'DE', updatedAt: '2026-01-01T00:00:00Z', ...overrides })
    .returning()
    .get();
}

/** An EU project run through a regional EU office (its main partner). */
export function project(db: Db, mainPartnerId: number, overrides: Partial<typeof partnerships.$inferInsert> = {}) {
  return db
    .insert(partnerships)
    .values({
      partnerId: mainPartnerId,
      title: 'Green Harbours (Interreg)',
      agreementType: 'project_participation',
      status: 'active',
      activeSinceOn: '2026-01-01',
      updatedAt: '2026-01-01T00:00:00Z',
      ...overrides,
    })
    .returning()
    .get();
}

export function ledger(db: Db, partnershipId: number, direction: 'cost' | 'funding', amountMinor: number, occurredOn = '2026-03-01') {
  db.insert(ledgerEntries)
    .values({ partnershipId, direction, type: direction === 'cost' ? 'travel' : 'grant', occurredOn, amountMinor, currency: 'DKK' })
    .run();
}
