// Demo data: local actors of the city (a university, a school, businesses, an association, a
// cultural institution) with contact people and parts in partnerships and delegations, and
// proposals for exploring partnerships awaiting approval, judged by the review rule.
import { inTransaction } from '../db/client.js';
import { exAnteVerdict } from '../proposals/domain.js';
import { bandsFor } from '../reviews/bands.js';
import type { DemoContext } from './index.js';

const ACTORS: [string, string, string][] = [
  ['City University', 'university', 'Research and higher education'],
  ['Technical College', 'school', 'Vocational education'],
  ['Robotics and Automation Cluster', 'business', 'Robotics'],
  ['Chamber of Commerce', 'association', 'Business'],
  ['City Theatre', 'cultural_institution', 'Culture'],
  ['Green Energy Utility', 'business', 'Energy and climate'],
];
const ROLES = ['lead', 'partner', 'expert', 'host', 'participant'] as const;

const PROPOSALS = [
  {
    risks: 'Travel costs may rise; the partner city has elections next year.',
    back: 'Know-how on elder care technology and a joint EU application.',
  },
  {
    risks: 'Little staff time available in the department this year.',
    back: 'Exchange of teachers and a summer school for vocational students.',
  },
];

export function fillEntry(ctx: DemoContext): void {
  const { db, random: r, now } = ctx;
  const sqlite = db.$client;
  inTransaction(db, () => {
    const nowIso = now.toISOString();
    if ((sqlite.prepare('select count(*) as n from local_actors').get() as { n: number }).n > 0) return;
    const org = sqlite.prepare('select currency, hourly_rate_minor from organisation where id = 1').get() as
      { currency: string; hourly_rate_minor: number | null } | undefined;
    if (!org) return;

    // ---- local actors and their parts in ties
    const insertActor = sqlite.prepare('insert into local_actors (name, kind, sector, updated_at) values (?, ?, ?, ?)');
    const insertContact = sqlite.prepare('insert into local_actor_contacts (local_actor_id, name, email) values (?, ?, ?)');
    const insertLink = sqlite.prepare(
      'insert into local_actor_links (local_actor_id, partnership_id, delegation_id, role, note) values (?, ?, ?, ?, ?)',
    );
    const active = sqlite.prepare("select id from partnerships where status = 'active' order by id limit 12").all() as { id: number }[];
    const visits = sqlite
      .prepare("select id from delegations where status not in ('declined', 'cancelled') order by starts_on limit 4")
      .all() as { id: number }[];
    ACTORS.forEach(([name, kind, sector], i) => {
      const id = Number(insertActor.run(name, kind, sector, nowIso).lastInsertRowid);
      const slug = name.toLowerCase().replace(/[^a-z]+/g, '');
      insertContact.run(id, `International officer, ${name}`, `international@${slug}.example`);
      for (const p of [active[i], active[(i + 5) % Math.max(1, active.length)]]) if (p) insertLink.run(id, p.id, null, r.pick(ROLES), '');
      const visit = visits[i % Math.max(1, visits.length)];
      if (visit && i < 4) insertLink.run(id, null, visit.id, 'host', 'Hosts part of the programme');
    });

    // ---- proposals awaiting approval, for exploring partnerships
    const proposer = sqlite.prepare("select id from users where role = 'coordinator' and active = 1 order by id limit 1").get() as
      { id: number } | undefined;
    const exploring = sqlite
      .prepare(
        "select id from partnerships where status = 'exploring' and id not in (select partnership_id from proposals) order by id limit ?",
      )
      .all(PROPOSALS.length) as { id: number }[];
    const goalIds = (
      sqlite.prepare("select id from goals where kind = 'goal' order by position, id limit 3").all() as { id: number }[]
    ).map((g) => g.id);
    const principleIds = (
      sqlite.prepare("select id from goals where kind = 'principle' order by position, id").all() as { id: number }[]
    ).map((g) => g.id);
    if (goalIds.length === 0) return;
    const insertProposal =
      sqlite.prepare(`insert into proposals (partnership_id, state, expected_investment_minor, currency, expected_hours, local_actors, risks,
      expected_return, council_text, value_index, investment_level, recommendation, reasons, proposed_by_id, proposed_at) values
      (?, 'proposed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const bands = bandsFor(db, Number(nowIso.slice(0, 4)), org.currency);
    const insertScore = sqlite.prepare('insert into proposal_scores (proposal_id, goal_id, score) values (?, ?, ?)');
    exploring.forEach((p, i) => {
      const spec = PROPOSALS[i]!;
      const goalScores = goalIds.slice(0, 2).map(() => r.int(2, 4));
      const principleScores = principleIds.map(() => r.int(1, 4));
      const investmentMinor = r.int(2, 12) * 1_000_000;
      const hours = r.int(4, 20) * 10;
      const verdict = exAnteVerdict(
        { goalScores, principleScores, investmentMinor, hours, hourlyRateMinor: org.hourly_rate_minor, currency: org.currency },
        bands,
      );
      const id = Number(
        insertProposal.run(
          p.id,
          investmentMinor,
          org.currency,
          hours,
          `${ACTORS[i]![0]}, ${ACTORS[i + 2]![0]}`,
          spec.risks,
          spec.back,
          'The administration recommends that the city enters this partnership for an initial period of two years.',
          verdict.valueIndex,
          verdict.investmentLevel,
          verdict.recommendation,
          JSON.stringify(verdict.reasons),
          proposer?.id ?? null,
          nowIso,
        ).lastInsertRowid,
      );
      goalIds.slice(0, 2).forEach((g, k) => insertScore.run(id, g, goalScores[k]!));
      principleIds.forEach((g, k) => insertScore.run(id, g, principleScores[k]!));
    });
  });
}
