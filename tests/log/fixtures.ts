// Factories for the contact-log tests: partners, partnerships and contacts with sensible defaults.
import type { Db } from '../../src/db/client.js';
import { contacts, partners, partnerships } from '../../src/db/schema.js';

export function makePartner(db: Db, overrides: Partial<typeof partners.$inferInsert> = {}) {
  return db
    .insert(partners)
    .values({ kind: 'twin_city', name: 'Kópavogur', country: 'IS', updatedAt: '2026-01-01T00:00:00Z', ...overrides })
    .returning()
    .get();
}

export function makePartnership(db: Db, partnerId: number, overrides: Partial<typeof partnerships.$inferInsert> = {}) {
  return db
    .insert(partnerships)
    .values({
      partnerId,
      title: 'Twin city Kópavogur',
      agreementType: 'twin_city_agreement',
      status: 'active',
      activeSinceOn: '2020-01-01',
      updatedAt: '2026-01-01T00:00:00Z',
      ...overrides,
    })
    .returning()
    .get();
}

export function makeContact(db: Db, partnerId: number | null, overrides: Partial<typeof contacts.$inferInsert> = {}) {
  return db
    .insert(contacts)
    .values({ partnerId, name: 'Guðrún Jónsdóttir', updatedAt: '2026-01-01T00:00:00Z', ...overrides })
    .returning()
    .get();
}
