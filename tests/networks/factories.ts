// A network partner with its membership agreement, for the network tests; overrides win.
import type { Db } from '../../src/db/client.js';
import { partners, partnerships } from '../../src/db/schema.js';

export function makeNetwork(db: Db, overrides: { name?: string; ownerId?: number | null; annualFeeMinor?: number | null } = {}) {
  const partner = db
    .insert(partners)
    .values({
      kind: 'network',
      name: overrides.name ?? 'Eurocities',
      country: 'BE',
      annualFeeMinor: overrides.annualFeeMinor ?? 4_500_000,
      updatedAt: '2026-01-01T00:00:00.000Z',
    })
    .returning()
    .get();
  const agreement = db
    .insert(partnerships)
    .values({
      partnerId: partner.id,
      title: `${partner.name} membership`,
      agreementType: 'network_membership',
      status: 'active',
      ownerId: overrides.ownerId ?? null,
      startOn: '2024-01-01',
      activeSinceOn: '2024-01-01',
      updatedAt: '2026-01-01T00:00:00.000Z',
    })
    .returning()
    .get();
  return { partner, agreement };
}
