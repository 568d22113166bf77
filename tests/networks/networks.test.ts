// Network memberships over HTTP: a membership period with its fee, fee payments reaching the
// agreement's ledger, representatives, working groups and their meetings as contact-log entries,
// renewal reminders from the shared reminder job, and the network's part of a review's evidence.
import { describe, it, expect, beforeEach } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, Client, createUser, signedIn, type TestApp } from '../helpers/app.js';
import {
  ledgerEntries,
  logEntries,
  logEntryPartners,
  logEntryPartnerships,
  logEntryStaff,
  logEntryWorkingGroups,
  networkMemberships,
  networkWorkingGroups,
  outbox,
  partners,
  reviews,
} from '../../src/db/schema.js';
import { decideReminders } from '../../src/reminders/job.js';
import { makeNetwork } from './factories.js';

const base = (id: number) => `/partners/${id}/network`;

describe('network memberships', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });

  async function withMembership(values: Record<string, string> = {}) {
    const client = await signedIn(t);
    const n = makeNetwork(t.db);
    const res = await client.post(`${base(n.partner.id)}/memberships`, {
      partnershipId: String(n.agreement.id),
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      annualFee: '45,000.50',
      ...values,
    });
    expect(res.statusCode).toBe(303);
    const membership = t.db.select().from(networkMemberships).where(eq(networkMemberships.partnerId, n.partner.id)).get()!;
    return { client, ...n, membership };
  }

  it('records a membership period with its annual fee read in the user locale', async () => {
    const { client, partner, membership, agreement } = await withMembership();
    expect(membership).toMatchObject({
      partnershipId: agreement.id,
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      annualFeeMinor: 4_500_050,
      currency: 'DKK',
    });
    const page = await client.get(base(partner.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('45,000.50');
    expect(page.body).toContain(`href="/partnerships/${agreement.id}"`);
  });

  it('reads the fee in the Danish way for a Danish user, and shows it so', async () => {
    const user = await createUser(t.db, 'coordinator', { locale: 'da' });
    const client = new Client(t.app);
    await client.login(user.email);
    const n = makeNetwork(t.db);
    const res = await client.post(`${base(n.partner.id)}/memberships`, {
      partnershipId: String(n.agreement.id),
      startsOn: '2026-01-01',
      annualFee: '45.000,50',
    });
    expect(res.statusCode).toBe(303);
    expect(t.db.select().from(networkMemberships).get()!.annualFeeMinor).toBe(4_500_050);
    expect((await client.get(base(n.partner.id))).body).toContain('45.000,50');
  });

  it('refuses an end before the start with a 422 that keeps the input and saves nothing', async () => {
    const client = await signedIn(t);
    const n = makeNetwork(t.db);
    const res = await client.post(`${base(n.partner.id)}/memberships`, {
      partnershipId: String(n.agreement.id),
      startsOn: '2026-06-01',
      endsOn: '2026-01-01',
      annualFee: '12,000',
      note: 'Board decision <b>2025</b>',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="e-endsOn"');
    expect(res.body).toContain('value="12,000"');
    expect(res.body).toContain('Board decision &lt;b&gt;2025&lt;/b&gt;');
    expect(t.db.select().from(networkMemberships).all()).toHaveLength(0);
  });

  it('refuses an agreement of another partner', async () => {
    const client = await signedIn(t);
    const n = makeNetwork(t.db);
    const other = makeNetwork(t.db, { name: 'ICLEI' });
    const res = await client.post(`${base(n.partner.id)}/memberships`, {
      partnershipId: String(other.agreement.id),
      startsOn: '2026-01-01',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="e-partnershipId"');
    expect(t.db.select().from(networkMemberships).all()).toHaveLength(0);
  });

  it('puts a fee payment into the agreement ledger as a membership-fee cost linked to the membership', async () => {
    const { client, partner, membership, agreement } = await withMembership();
    const res = await client.post(`${base(partner.id)}/memberships/${membership.id}/fee-payments`, {
      paidOn: '2026-02-15',
      amount: '45,000.50',
      paymentNote: 'Invoice 2026-17',
    });
    expect(res.statusCode).toBe(303);
    const entry = t.db.select().from(ledgerEntries).get()!;
    expect(entry).toMatchObject({
      partnershipId: agreement.id,
      membershipId: membership.id,
      direction: 'cost',
      type: 'membership_fee',
      amountMinor: 4_500_050,
      occurredOn: '2026-02-15',
      note: 'Invoice 2026-17',
    });
    const costs = await client.get(`/partnerships/${agreement.id}/costs`);
    expect(costs.body).toContain('Invoice 2026-17');
    const page = await client.get(base(partner.id));
    expect(page.body).toContain('Invoice 2026-17');
  });

  it('refuses a fee payment without an amount and writes nothing to the ledger', async () => {
    const { client, partner, membership } = await withMembership();
    const res = await client.post(`${base(partner.id)}/memberships/${membership.id}/fee-payments`, { paidOn: '2026-02-15', amount: '' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="e-amount"');
    expect(t.db.select().from(ledgerEntries).all()).toHaveLength(0);
  });

  it('logs a working group meeting as a network-meeting entry of the contact log, with our member, on the group', async () => {
    const { client, partner, membership, agreement } = await withMembership();
    const member = await createUser(t.db, 'contributor', { name: 'Mette Mobility' });
    expect(
      (
        await client.post(`${base(partner.id)}/memberships/${membership.id}/working-groups`, {
          name: 'Mobility Forum',
          memberUserId: String(member.id),
        })
      ).statusCode,
    ).toBe(303);
    const group = t.db.select().from(networkWorkingGroups).get()!;
    const res = await client.post(`${base(partner.id)}/meetings`, {
      workingGroupId: String(group.id),
      meetingOn: '2026-03-10',
      summary: 'Spring meeting in Ghent',
      outcome: 'Joined the pilot on school streets',
    });
    expect(res.statusCode).toBe(303);
    const entry = t.db.select().from(logEntries).get()!;
    expect(entry).toMatchObject({ type: 'network_meeting', occurredOn: '2026-03-10', summary: 'Spring meeting in Ghent' });
    expect(t.db.select().from(logEntryWorkingGroups).all()).toEqual([{ logEntryId: entry.id, workingGroupId: group.id }]);
    expect(t.db.select().from(logEntryPartners).where(eq(logEntryPartners.logEntryId, entry.id)).get()?.partnerId).toBe(partner.id);
    expect(t.db.select().from(logEntryPartnerships).where(eq(logEntryPartnerships.logEntryId, entry.id)).get()?.partnershipId).toBe(
      agreement.id,
    );
    expect(t.db.select().from(logEntryStaff).where(eq(logEntryStaff.logEntryId, entry.id)).get()?.userId).toBe(member.id);
    const page = await client.get(base(partner.id));
    expect(page.body).toContain('Mobility Forum');
    expect(page.body).toContain('Mette Mobility');
    expect(page.body).toContain('Joined the pilot on school streets');
    expect(page.body).toContain(`href="/log/${entry.id}"`);
  });

  it('refuses a meeting for a working group of another network', async () => {
    const { client, partner } = await withMembership();
    const other = makeNetwork(t.db, { name: 'ICLEI' });
    const otherMembership = t.db
      .insert(networkMemberships)
      .values({
        partnerId: other.partner.id,
        partnershipId: other.agreement.id,
        startsOn: '2026-01-01',
        currency: 'DKK',
        updatedAt: '2026-01-01',
      })
      .returning()
      .get();
    const group = t.db.insert(networkWorkingGroups).values({ membershipId: otherMembership.id, name: 'Resilience' }).returning().get();
    const res = await client.post(`${base(partner.id)}/meetings`, {
      workingGroupId: String(group.id),
      meetingOn: '2026-03-10',
      summary: 'x',
    });
    expect(res.statusCode).toBe(422);
    expect(t.db.select().from(logEntries).all()).toHaveLength(0);
  });

  it('answers 404 for a partner that is no network, and 403 to a viewer writing', async () => {
    const client = await signedIn(t);
    const twin = t.db.select().from(partners).where(eq(partners.kind, 'twin_city')).get();
    if (twin) expect((await client.get(base(twin.id))).statusCode).toBe(404);
    const n = makeNetwork(t.db);
    const viewer = await signedIn(t, 'viewer');
    expect((await viewer.get(base(n.partner.id))).statusCode).toBe(200);
    const res = await viewer.post(`${base(n.partner.id)}/memberships`, { partnershipId: String(n.agreement.id), startsOn: '2026-01-01' });
    expect(res.statusCode).toBe(403);
  });

  it('shows the network tab on the partner page of a network', async () => {
    const client = await signedIn(t);
    const n = makeNetwork(t.db);
    const page = await client.get(`/partners/${n.partner.id}`);
    expect(page.body).toContain(`href="/partners/${n.partner.id}/network"`);
  });
});

describe('membership renewal reminders', () => {
  it('tells the agreement owner and the representatives 60 days before the period ends, once, and not after a renewal', async () => {
    const t = await buildTestApp();
    const owner = await createUser(t.db, 'coordinator', { name: 'Olga Owner', email: 'olga@example.org' });
    const rep = await createUser(t.db, 'contributor', { name: 'Rasmus Rep', email: 'rasmus@example.org' });
    const client = await signedIn(t);
    const n = makeNetwork(t.db, { ownerId: owner.id });
    await client.post(`${base(n.partner.id)}/memberships`, {
      partnershipId: String(n.agreement.id),
      startsOn: '2026-01-01',
      endsOn: '2027-01-20',
      annualFee: '45,000',
    });
    const membership = t.db.select().from(networkMemberships).get()!;
    expect(
      (await client.post(`${base(n.partner.id)}/memberships/${membership.id}/representatives`, { userId: String(rep.id), role: 'Board' }))
        .statusCode,
    ).toBe(303);

    // 2026-11-24 is 57 days before 2027-01-20: the 60-day occasion has come.
    decideReminders(t.db, t.clock.now(), 'http://localhost:3000');
    const rows = t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, 'network_renewal'), eq(outbox.channel, 'email')))
      .all();
    expect(rows.map((r) => r.recipient).sort()).toEqual(['olga@example.org', 'rasmus@example.org']);
    expect(rows[0]!.subject).toBe('Membership of Eurocities ends on Wednesday, 20 January 2027');
    expect(rows[0]!.bodyText).toContain('45,000.00');
    expect(rows[0]!.bodyText).toContain(`/partners/${n.partner.id}/network`);

    const recorded = t.db.select().from(outbox).where(eq(outbox.kind, 'network_renewal')).all().length;
    decideReminders(t.db, t.clock.now(), 'http://localhost:3000');
    expect(t.db.select().from(outbox).where(eq(outbox.kind, 'network_renewal')).all()).toHaveLength(recorded);

    // A new period recorded: the old one is no longer a renewal to decide.
    await client.post(`${base(n.partner.id)}/memberships`, {
      partnershipId: String(n.agreement.id),
      startsOn: '2027-01-21',
      endsOn: '2028-01-20',
    });
    t.clock.set('2027-01-10T10:00:00Z');
    const before = t.db.select().from(outbox).where(eq(outbox.kind, 'network_renewal')).all().length;
    decideReminders(t.db, t.clock.now(), 'http://localhost:3000');
    expect(t.db.select().from(outbox).where(eq(outbox.kind, 'network_renewal')).all()).toHaveLength(before);
  });
});

describe('network evidence in reviews', () => {
  it("shows on the agreement's review what we paid in the period, who represents us, the working groups and what came of the meetings", async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const n = makeNetwork(t.db);
    await client.post(`${base(n.partner.id)}/memberships`, {
      partnershipId: String(n.agreement.id),
      startsOn: '2025-01-01',
      annualFee: '45,000',
    });
    const membership = t.db.select().from(networkMemberships).get()!;
    const rep = await createUser(t.db, 'contributor', { name: 'Rasmus Rep' });
    await client.post(`${base(n.partner.id)}/memberships/${membership.id}/representatives`, { userId: String(rep.id) });
    await client.post(`${base(n.partner.id)}/memberships/${membership.id}/working-groups`, {
      name: 'Mobility Forum',
      memberUserId: String(rep.id),
    });
    const group = t.db.select().from(networkWorkingGroups).get()!;
    await client.post(`${base(n.partner.id)}/meetings`, {
      workingGroupId: String(group.id),
      meetingOn: '2025-05-10',
      summary: 'Annual conference',
      outcome: 'Our school streets model presented',
    });
    await client.post(`${base(n.partner.id)}/meetings`, {
      workingGroupId: String(group.id),
      meetingOn: '2023-05-10',
      summary: 'Long before the period',
    });
    await client.post(`${base(n.partner.id)}/memberships/${membership.id}/fee-payments`, { paidOn: '2025-02-01', amount: '45,000' });
    await client.post(`${base(n.partner.id)}/memberships/${membership.id}/fee-payments`, { paidOn: '2026-02-01', amount: '46,000' });
    const review = t.db
      .insert(reviews)
      .values({ partnershipId: n.agreement.id, periodStartOn: '2025-01-01', periodEndOn: '2025-12-31', state: 'draft' })
      .returning()
      .get();

    const page = await client.get(`/reviews/${review.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Network membership: Eurocities');
    const section = page.body.slice(page.body.indexOf('id="network-evidence-h"'));
    expect(section).toContain('45,000.00');
    expect(section).not.toContain('91,000.00');
    expect(section).toContain('Rasmus Rep');
    expect(section).toContain('Mobility Forum (Rasmus Rep, 1 meetings)');
    expect(section).toContain('Our school streets model presented');
    expect(section).not.toContain('Long before the period');
  });
});
