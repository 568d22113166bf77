// Demo data: a few incoming and outgoing delegations around today (one overlapping another in
// the same host department, one completed without a report, one reported) with programmes and
// participants, and open visit requests from the public form (one from an existing partner).
import { inTransaction } from '../db/client.js';
import { addDays, todayIn } from '../lib/dates.js';
import type { DemoContext } from './index.js';

interface Visit {
  direction: 'incoming' | 'outgoing';
  title: string;
  from: number;
  days: number;
  status: string;
  department: string;
  theme: string;
  purpose: string;
  report?: string;
  partnerIndex?: number;
  guests: [string, string, string][];
  programme: [number, string, string, string, string][];
}

const VISITS: Visit[] = [
  {
    direction: 'incoming',
    title: 'Technical visit: district heating',
    from: 12,
    days: 3,
    status: 'confirmed',
    department: 'Climate and Environment',
    theme: 'Green tech',
    purpose: 'The visitors want to see how the city runs district heating and waste-to-energy.',
    partnerIndex: 0,
    guests: [
      ['Rūta Kazlauskienė', 'City administration', 'LT'],
      ['Tomas Petrauskas', 'Energy company', 'LT'],
      ['Olena Shevchenko', 'Kyiv City', 'UA'],
    ],
    programme: [
      [0, '09:30', '11:00', 'Welcome at the town hall', 'Town hall'],
      [0, '13:00', '16:00', 'District heating plant', 'Fjernvarme'],
      [1, '10:00', '12:00', 'Waste-to-energy plant', 'Plant'],
      [2, '09:00', '10:30', 'Summing up and next steps', 'Town hall'],
    ],
  },
  {
    direction: 'incoming',
    title: 'School leaders on inclusion',
    from: 13,
    days: 1,
    status: 'planned',
    department: 'Climate and Environment',
    theme: 'Schools',
    purpose: 'Head teachers want to learn how inclusion works in our schools.',
    partnerIndex: 1,
    guests: [['Anna Schmidt', 'Schulamt', 'DE']],
    programme: [[0, '10:00', '14:00', 'School visit', 'A local school']],
  },
  {
    direction: 'outgoing',
    title: 'Study trip: cycling city',
    from: 45,
    days: 3,
    status: 'planned',
    department: 'Technical and Environmental',
    theme: 'Mobility',
    purpose: 'Learn how the city keeps cars out of the centre.',
    partnerIndex: 2,
    guests: [],
    programme: [],
  },
  {
    direction: 'incoming',
    title: 'Health tech delegation',
    from: -30,
    days: 2,
    status: 'completed',
    department: 'Health and Care',
    theme: 'Health tech',
    purpose: 'Welfare technology in elderly care.',
    partnerIndex: 3,
    guests: [
      ['Kari Nordmann', 'Municipality', 'NO'],
      ['Sven Svensson', 'Region', 'SE'],
    ],
    programme: [[0, '10:00', '15:00', 'Care centre visit', 'Care centre']],
  },
  {
    direction: 'outgoing',
    title: 'Eurocities working group',
    from: -75,
    days: 2,
    status: 'reported',
    department: "Mayor's office",
    theme: 'Networks',
    purpose: 'Take part in the working group on climate neutrality.',
    report: 'We presented our climate plan and agreed to host the spring meeting. Two contacts for the heat planning project.',
    guests: [],
    programme: [],
  },
];

const REQUESTS: [string, string, string, string, number, number, string, string][] = [
  ['Aarhus Kommune', 'DK', 'Mette Madsen', 'mette.madsen@aarhus.example', 20, 12, 'Climate adaptation', 'How you plan for cloudbursts.'],
  ['Tartu linnavalitsus', 'EE', 'Kadri Tamm', 'kadri.tamm@tartu.example', 35, 15, 'Green tech', 'District heating and smart city data.'],
  ['Göteborgs Stad', 'SE', 'Lars Berg', 'lars.berg@goteborg.example', 60, 8, 'Schools', 'Inclusion in primary schools.'],
];

export function fillDelegations(ctx: DemoContext): void {
  const { db, now } = ctx;
  const sqlite = db.$client;
  inTransaction(db, () => {
    const org = sqlite.prepare('select time_zone from organisation where id = 1').get() as { time_zone: string } | undefined;
    if (!org) return;
    const today = todayIn(org.time_zone, now);
    const stamp = now.toISOString();
    const twins = sqlite
      .prepare(
        `select p.id as partnershipId, p.partner_id as partnerId, s.name as name from partnerships p join partners s on s.id = p.partner_id
      where p.status = 'active' order by p.id limit 4`,
      )
      .all() as { partnershipId: number; partnerId: number; name: string }[];
    const staff = sqlite.prepare(`select id, name from users where active = 1 order by id limit 3`).all() as { id: number; name: string }[];
    const insert =
      sqlite.prepare(`insert into delegations (direction, title, partner_id, partnership_id, starts_on, ends_on, purpose, theme, host_department, status, report, created_by, updated_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const item = sqlite.prepare(
      `insert into delegation_programme_items (delegation_id, on_date, start_time, end_time, title, place, host_department, host_user_id) values (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const person = sqlite.prepare(
      `insert into delegation_participants (delegation_id, side, user_id, name, organisation, country, invited_international) values (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const v of VISITS) {
      const link = v.partnerIndex !== undefined ? twins[v.partnerIndex] : undefined;
      const startsOn = addDays(today, v.from);
      const title = link ? `${v.title} (${link.name})` : v.title;
      const id = Number(
        insert.run(
          v.direction,
          title,
          link?.partnerId ?? null,
          link?.partnershipId ?? null,
          startsOn,
          addDays(startsOn, v.days - 1),
          v.purpose,
          v.theme,
          v.department,
          v.status,
          v.report ?? '',
          staff[0]?.id ?? null,
          stamp,
        ).lastInsertRowid,
      );
      v.programme.forEach(([day, from, to, what, place], i) =>
        item.run(id, addDays(startsOn, day), from, to, what, place, v.department, staff[i % Math.max(1, staff.length)]?.id ?? null),
      );
      for (const [name, organisation, country] of v.guests)
        person.run(id, v.direction === 'incoming' ? 'theirs' : 'ours', null, name, organisation, country, country === 'UA' ? 1 : 0);
      for (const s of staff.slice(0, 2)) person.run(id, v.direction === 'incoming' ? 'ours' : 'ours', s.id, s.name, '', '', 0);
    }
    const request =
      sqlite.prepare(`insert into visit_requests (organisation, country, contact_name, email, preferred_from, preferred_to, group_size, theme, wants_to_learn, partner_id, status, created_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`);
    REQUESTS.forEach(([organisation, country, name, email, from, size, theme, learn], i) => {
      // The second request comes from an existing partner, as the public form would have matched it.
      const partner = i === 1 ? twins[0] : undefined;
      request.run(
        partner?.name ?? organisation,
        country,
        name,
        email,
        addDays(today, from),
        addDays(today, from + 1),
        size,
        theme,
        learn,
        partner?.partnerId ?? null,
        addDays(today, -i - 1) + 'T09:00:00.000Z',
      );
    });
  });
}
