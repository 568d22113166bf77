// The demo shows network memberships at work: periods with fees paid into the ledger, one due for
// renewal, representatives, working groups with our member and their meetings in the contact log.
import { describe, it, expect } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { generateDemo } from '../../src/demo/index.js';
import { ledgerEntries, networkMemberships } from '../../src/db/schema.js';
import { membershipRenewals, networkMeetings, representativesOf, workingGroupsOf } from '../../src/networks/queries.js';
import { isNotNull } from 'drizzle-orm';

describe('demo network memberships', () => {
  it('has memberships with fees in the ledger, a renewal to decide, representatives, working groups and their meetings', () => {
    const db = openDatabase(':memory:');
    generateDemo(db, { framework: 'stockholm', size: 'small', seed: 1, now: new Date('2026-11-24T10:00:00Z') });
    const memberships = db.select().from(networkMemberships).all();
    expect(memberships.length).toBeGreaterThanOrEqual(2);
    const ids = memberships.map((m) => m.id);
    expect(db.select().from(ledgerEntries).where(isNotNull(ledgerEntries.membershipId)).all().length).toBeGreaterThanOrEqual(4);
    expect(membershipRenewals(db).map((m) => m.endsOn)).toEqual(['2027-01-05']);
    expect(representativesOf(db, ids).length).toBeGreaterThanOrEqual(4);
    const groups = workingGroupsOf(db, ids);
    expect(groups.length).toBeGreaterThanOrEqual(4);
    expect(groups.every((g) => g.memberName && g.meetings === 2)).toBe(true);
    const meetings = networkMeetings(db, memberships[0]!.partnerId);
    // The contact-log demo adds network meetings of its own (not in a working group): the groups' four are among them.
    const inGroups = meetings.filter((m) => m.workingGroup);
    expect(inGroups).toHaveLength(4);
    expect(inGroups.every((m) => m.outcome)).toBe(true);
  });
});
