// Demo data: EU projects with several partners. Each runs through the regional EU office (the main
// partner) with two twin cities and a university in the consortium, has its programme, budget, the
// city's co-financing and the funder's reporting dates (one due soon, one already sent), and costs
// and grants in the ledger: one project's grant does not yet cover its costs, so the flag shows.
// At the large size, project partnerships also get a few other partners each, for the benchmarks.
import { inTransaction } from '../db/client.js';
import { addDays, todayIn } from '../lib/dates.js';
import type { DemoContext } from './index.js';

interface DemoProject {
  title: string;
  programme: string;
  call: string;
  status: 'applying' | 'granted' | 'running';
  budgetMajor: number;
  coFinancingMajor: number;
  /** Grant received so far, as a share of the costs recorded (below 1: the project is underfunded). */
  fundedShare: number;
}

const PROJECTS: DemoProject[] = [
  {
    title: 'Green Harbours – Interreg Baltic Sea Region',
    programme: 'Interreg Baltic Sea Region',
    call: 'Call 4 – Climate-neutral societies',
    status: 'running',
    budgetMajor: 2_800_000,
    coFinancingMajor: 420_000,
    fundedShare: 1.1,
  },
  {
    title: 'Smart Ageing Cities – Horizon Europe',
    programme: 'Horizon Europe',
    call: 'HORIZON-CL5-2026-D2',
    status: 'granted',
    budgetMajor: 4_500_000,
    coFinancingMajor: 300_000,
    fundedShare: 0.55,
  },
  {
    title: 'Youth Mobility Bridge – Erasmus+',
    programme: 'Erasmus+',
    call: 'KA2 Cooperation partnerships',
    status: 'applying',
    budgetMajor: 400_000,
    coFinancingMajor: 40_000,
    fundedShare: 0,
  },
];

const ids = (rows: unknown[]) => (rows as { id: number }[]).map((r) => r.id);

export function fillProjects(ctx: DemoContext): void {
  const { db, random: r, now, size } = ctx;
  const sqlite = db.$client;
  inTransaction(db, () => {
    const org = sqlite.prepare('select currency, time_zone from organisation where id = 1').get() as
      { currency: string; time_zone: string } | undefined;
    if (!org) return;
    const today = todayIn(org.time_zone, now);
    const office = sqlite.prepare("select id from partners where kind = 'regional_office' order by id limit 1").get() as
      { id: number } | undefined;
    const twinCities = ids(sqlite.prepare("select id from partners where kind = 'twin_city' order by id limit 6").all());
    const universities = ids(
      sqlite.prepare("select id from partners where kind = 'organisation' and organisation_type = 'university' order by id limit 3").all(),
    );
    if (!office || twinCities.length < 2) return;
    const owners = ids(sqlite.prepare("select id from users where role in ('admin', 'coordinator') and active = 1 order by id").all());

    const insertPartnership = sqlite.prepare(`insert into partnerships (partner_id, title, agreement_type, status, owner_id, department,
      start_on, active_since_on, review_cadence_months, description, updated_at)
      values (?, ?, 'project_participation', ?, ?, 'International Office', ?, ?, 12, ?, ?)`);
    const insertChange = sqlite.prepare(
      'insert into status_changes (partnership_id, from_status, to_status, changed_on, reason) values (?, ?, ?, ?, ?)',
    );
    const insertOther = sqlite.prepare('insert or ignore into partnership_partners (partnership_id, partner_id, role) values (?, ?, ?)');
    const insertDetails = sqlite.prepare(`insert into project_details (partnership_id, programme, call, application_deadline_on, status,
      budget_minor, co_financing_minor, currency, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertReporting = sqlite.prepare(
      'insert into project_reporting_dates (partnership_id, due_on, label, done_on) values (?, ?, ?, ?)',
    );
    const insertEntry =
      sqlite.prepare(`insert into ledger_entries (partnership_id, direction, type, occurred_on, amount_minor, currency, note)
      values (?, ?, ?, ?, ?, ?, ?)`);
    const stamp = now.toISOString();

    PROJECTS.forEach((p, i) => {
      const startOn = addDays(today, -r.int(200, 500));
      const status = p.status === 'applying' ? 'exploring' : 'active';
      const { lastInsertRowid } = insertPartnership.run(
        office.id,
        p.title,
        status,
        owners.length ? owners[i % owners.length]! : null,
        startOn,
        status === 'active' ? startOn : null,
        `EU project run through the regional EU office with twin cities in the consortium (${p.programme}).`,
        stamp,
      );
      const pid = Number(lastInsertRowid);
      insertChange.run(pid, null, status, startOn, '');
      // Two twin cities (one leads the first project) and a university as associate.
      const [a, b] = [twinCities[(i * 2) % twinCities.length]!, twinCities[(i * 2 + 1) % twinCities.length]!];
      insertOther.run(pid, a, i === 0 ? 'lead' : 'partner');
      insertOther.run(pid, b, 'partner');
      if (universities.length) insertOther.run(pid, universities[i % universities.length]!, 'associate');
      insertDetails.run(
        pid,
        p.programme,
        p.call,
        addDays(startOn, -90),
        p.status,
        p.budgetMajor * 100,
        p.coFinancingMajor * 100,
        org.currency,
        stamp,
      );
      if (p.status === 'applying') return;
      insertReporting.run(pid, addDays(today, -120), 'Progress report 1', addDays(today, -125));
      insertReporting.run(pid, addDays(today, r.int(10, 40)), 'Interim report', null);
      insertReporting.run(pid, addDays(startOn, 3 * 365), 'Final report', null);
      // Costs: the city's co-financing, travel to partner meetings and staff time; then the grant.
      const costs = [
        ['co_financing', Math.round(p.coFinancingMajor * 0.5) * 100, 'Co-financing, first year'],
        ['travel', r.int(30, 90) * 1_000_00, 'Partner meeting'],
        ['hosting', r.int(20, 60) * 1_000_00, 'Hosting the consortium'],
      ] as const;
      let costTotal = 0;
      costs.forEach(([type, amount, note], k) => {
        insertEntry.run(pid, 'cost', type, addDays(startOn, 30 + k * 60), amount, org.currency, note);
        costTotal += amount;
      });
      const grant = Math.round(costTotal * p.fundedShare);
      if (grant > 0) insertEntry.run(pid, 'funding', 'grant', addDays(startOn, 200), grant, org.currency, `${p.programme}: pre-financing`);
    });

    // Large: the project partnerships get consortia too (two to four other partners each).
    if (size === 'large') {
      const projects = ids(
        sqlite
          .prepare(
            "select ps.id from partnerships ps join partners p on p.id = ps.partner_id where p.kind = 'project' and ps.partner_id <> ? order by ps.id",
          )
          .all(office.id),
      );
      const pool = ids(sqlite.prepare("select id from partners where kind in ('twin_city', 'organisation') order by id").all());
      for (const pid of projects) {
        const n = r.int(2, 4);
        for (let k = 0; k < n; k++) insertOther.run(pid, r.pick(pool), k === 0 ? 'lead' : r.chance(0.7) ? 'partner' : 'associate');
      }
    }
  });
}
