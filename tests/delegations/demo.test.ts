// The demo shows delegations at work at once: incoming and outgoing visits, an overlap in one
// host department, a report missing, and open visit requests (one from an existing partner).
import { describe, it, expect } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { generateDemo } from '../../src/demo/index.js';
import { countDelegations, delegationFilters, overlapsFor, countVisitRequests } from '../../src/delegations/queries.js';
import { delegations, visitRequests } from '../../src/db/schema.js';

describe('demo delegations', () => {
  it('has visits both ways, an overlap, a report missing and open requests', () => {
    const db = openDatabase(':memory:');
    const now = new Date('2026-11-24T10:00:00Z');
    generateDemo(db, { framework: 'odense', size: 'small', seed: 1, now });
    const all = db.select().from(delegations).all();
    expect(new Set(all.map((d) => d.direction))).toEqual(new Set(['incoming', 'outgoing']));
    expect(countDelegations(db, { ...delegationFilters({}), reportMissing: true }, '2026-11-24')).toBe(1);
    const first = all.find((d) => d.title.startsWith('Technical visit'))!;
    expect(first.partnershipId).not.toBeNull();
    expect(overlapsFor(db, first).map((o) => o.title)).toEqual([expect.stringContaining('School leaders')]);
    expect(countVisitRequests(db, 'open')).toBe(3);
    expect(
      db
        .select()
        .from(visitRequests)
        .all()
        .filter((r) => r.partnerId !== null),
    ).toHaveLength(1);
  });
});
