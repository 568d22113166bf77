// Delegation rows with sensible defaults for tests; overrides win.
import type { Db } from '../../src/db/client.js';
import { delegations, delegationProgrammeItems, visitRequests } from '../../src/db/schema.js';

export function makeDelegation(db: Db, overrides: Partial<typeof delegations.$inferInsert> = {}) {
  return db
    .insert(delegations)
    .values({
      direction: 'incoming',
      title: 'Study visit from Kaunas',
      startsOn: '2026-12-07',
      endsOn: '2026-12-09',
      status: 'planned',
      hostDepartment: 'Climate and Environment',
      updatedAt: '2026-11-24T10:00:00.000Z',
      ...overrides,
    })
    .returning()
    .get();
}

export function makeItem(db: Db, delegationId: number, overrides: Partial<typeof delegationProgrammeItems.$inferInsert> = {}) {
  return db
    .insert(delegationProgrammeItems)
    .values({ delegationId, onDate: '2026-12-07', title: 'Welcome at the town hall', ...overrides })
    .returning()
    .get();
}

export function makeVisitRequest(db: Db, overrides: Partial<typeof visitRequests.$inferInsert> = {}) {
  return db
    .insert(visitRequests)
    .values({
      organisation: 'Tartu linnavalitsus',
      country: 'EE',
      contactName: 'Kadri Tamm',
      email: 'kadri@tartu.example',
      preferredFrom: '2027-02-08',
      preferredTo: '2027-02-10',
      groupSize: 12,
      theme: 'Green tech',
      wantsToLearn: 'District heating',
      status: 'open',
      createdAt: '2026-11-20T09:00:00.000Z',
      ...overrides,
    })
    .returning()
    .get();
}
