// Demo data: network memberships of the first few networks with an agreement: a membership period
// (one ending in six weeks, so its renewal reminder is due), fee payments in the agreement's ledger,
// our representatives, the working groups we sit in and their meetings in the contact log.
import { inTransaction } from '../db/client.js';
import { addDays, todayIn } from '../lib/dates.js';
import type { DemoContext } from './index.js';

const GROUPS = ['Mobility', 'Climate and energy', 'Culture', 'Social affairs', 'Economic development'];
const MEETINGS: [summary: string, outcome: string][] = [
  ['Working group meeting: exchange of practice', 'Two cities offered a study visit; we shared our climate plan.'],
  ['Online meeting on the joint EU application', 'We joined the consortium as a follower city.'],
  ['Annual forum, workshop on data sharing', 'Our open data portal was presented as a good practice.'],
];

export function fillNetworks(ctx: DemoContext): void {
  const { db, now, random: r } = ctx;
  const sqlite = db.$client;
  inTransaction(db, () => {
    const org = sqlite.prepare('select time_zone, currency from organisation where id = 1').get() as
      { time_zone: string; currency: string } | undefined;
    if (!org) return;
    const today = todayIn(org.time_zone, now);
    const stamp = now.toISOString();
    const networks = sqlite
      .prepare(
        `select s.id as partnerId, s.name as name, s.annual_fee_minor as fee, s.working_groups as groups,
          (select p.id from partnerships p where p.partner_id = s.id and p.status <> 'ended' order by p.id limit 1) as partnershipId
        from partners s where s.kind = 'network' order by s.id limit 20`,
      )
      .all()
      .filter((n) => (n as { partnershipId: number | null }).partnershipId !== null)
      .slice(0, 3) as { partnerId: number; name: string; fee: number | null; groups: string; partnershipId: number }[];
    const staff = sqlite.prepare(`select id, name from users where active = 1 order by id limit 6`).all() as { id: number; name: string }[];
    if (staff.length === 0) return;
    const membership = sqlite.prepare(
      `insert into network_memberships (partner_id, partnership_id, starts_on, ends_on, annual_fee_minor, currency, note, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const fee = sqlite.prepare(
      `insert into ledger_entries (partnership_id, direction, type, occurred_on, amount_minor, currency, note, membership_id) values (?, 'cost', 'membership_fee', ?, ?, ?, ?, ?)`,
    );
    const rep = sqlite.prepare(`insert or ignore into network_representatives (membership_id, user_id, role) values (?, ?, ?)`);
    const group = sqlite.prepare(`insert into network_working_groups (membership_id, name, member_user_id) values (?, ?, ?)`);
    const entry = sqlite.prepare(
      `insert into log_entries (occurred_on, type, summary, outcome, created_by_id, updated_at) values (?, 'network_meeting', ?, ?, ?, ?)`,
    );
    const onPartner = sqlite.prepare(`insert into log_entry_partners (log_entry_id, partner_id) values (?, ?)`);
    const onPartnership = sqlite.prepare(`insert into log_entry_partnerships (log_entry_id, partnership_id) values (?, ?)`);
    const withStaff = sqlite.prepare(`insert or ignore into log_entry_staff (log_entry_id, user_id) values (?, ?)`);
    const inGroup = sqlite.prepare(`insert into log_entry_working_groups (log_entry_id, working_group_id) values (?, ?)`);

    networks.forEach((n, i) => {
      const startsOn = addDays(today, -730 - 30 * i);
      // The first ends in six weeks: its renewal is the one to decide now. The others run until further notice.
      const endsOn = i === 0 ? addDays(today, 42) : null;
      const annual = n.fee ?? r.int(20, 120) * 100_000;
      const id = Number(membership.run(n.partnerId, n.partnershipId, startsOn, endsOn, annual, org.currency, '', stamp).lastInsertRowid);
      for (const years of [0, 1, 2]) {
        const paidOn = addDays(startsOn, 365 * years + 20);
        if (paidOn <= today) fee.run(n.partnershipId, paidOn, annual, org.currency, `${n.name} ${paidOn.slice(0, 4)}`, id);
      }
      const people = [staff[i % staff.length]!, staff[(i + 1) % staff.length]!];
      people.forEach((p, k) => rep.run(id, p.id, k === 0 ? 'Political representative' : 'Contact person'));
      const names = n.groups
        .split(/[,;\n]+/)
        .map((g) => g.trim())
        .filter(Boolean);
      const chosen = (names.length ? names : GROUPS.slice(i, i + 2)).slice(0, 2);
      chosen.forEach((name, k) => {
        const member = people[k % people.length]!;
        const groupId = Number(group.run(id, name, member.id).lastInsertRowid);
        MEETINGS.slice(k, k + 2).forEach(([summary, outcome], m) => {
          const on = addDays(today, -40 - 90 * m - 17 * k);
          const logId = Number(entry.run(on, `${name}: ${summary}`, outcome, member.id, stamp).lastInsertRowid);
          onPartner.run(logId, n.partnerId);
          onPartnership.run(logId, n.partnershipId);
          withStaff.run(logId, member.id);
          inGroup.run(logId, groupId);
        });
      });
    });
  });
}
