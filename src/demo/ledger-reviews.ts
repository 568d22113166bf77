// Demo data: costs and external funding over the past three years, signed reviews at each
// partnership's cadence, and a few reviews in progress. Some partnerships are deliberately
// flagged for each reason of Odense's rule (value below investment, no goal, lost touch, falling
// value) and some reviews are due or overdue, so a new user sees the rule at work on the
// dashboard at once. Raw prepared statements in one transaction keep the large size fast.
import { inTransaction } from '../db/client.js';
import { addDays, addMonths, todayIn } from '../lib/dates.js';
import { hasLostTouch } from '../log/losing-touch.js';
import { lastContactOfPartnerships } from '../log/last-contact.js';
import {
  annualise,
  defaultBands,
  investmentLevel,
  periodMonths,
  recommend,
  valueIndex,
  type Decision,
  type Reason,
} from '../reviews/domain.js';
import type { DemoContext } from './index.js';

interface Row {
  id: number;
  status: string;
  kind: string;
  agreementType: string;
  activeSinceOn: string | null;
  startOn: string | null;
  cadence: number;
  ownerId: number | null;
  annualFeeMinor: number | null;
  goals: string | null;
}

const COMMENTS: Record<Decision, string[]> = {
  continue: ['Good value for the city; continue as planned.', 'Fortsætter: klart bidrag til målene.', 'Fortsetter: godt utbytte for byen.'],
  revise: [
    'Continue with fewer trips and a clearer work plan.',
    'Revideres: færre rejser, mere fokus på klimamålene.',
    'Revideras: tydligare mål för nästa år.',
  ],
  end: [
    'The partnership no longer creates value for the city.',
    'Samarbejdet skaber ikke længere værdi; afsluttes.',
    'Samarbeidet avsluttes etter evaluering.',
  ],
};

export function fillLedgerReviews(ctx: DemoContext): void {
  const { db, random: r, now } = ctx;
  const sqlite = db.$client;
  inTransaction(db, () => {
    const org = sqlite.prepare('select * from organisation where id = 1').get() as
      { currency: string; time_zone: string; hourly_rate_minor: number | null; losing_touch_months: number } | undefined;
    if (!org) return;
    const today = todayIn(org.time_zone, now);
    const year = Number(today.slice(0, 4));
    const currency = org.currency;
    // Amounts below are in DKK; other currencies are scaled by their default bands.
    const scale = defaultBands(currency).level1FromMinor / defaultBands('DKK').level1FromMinor;
    const money = (dkk: number) => Math.max(100, Math.round((dkk * 100 * scale) / 100) * 100);
    let rate = org.hourly_rate_minor;
    if (!rate) {
      rate = money(450);
      sqlite.prepare('update organisation set hourly_rate_minor = ? where id = 1').run(rate);
    }
    const bands = defaultBands(currency);
    const insertBands = sqlite.prepare(
      'insert or ignore into investment_bands (year, currency, level1_from_minor, level2_from_minor, level3_from_minor, level4_from_minor) values (?, ?, ?, ?, ?, ?)',
    );
    for (let y = year - 4; y <= year; y++)
      insertBands.run(y, currency, bands.level1FromMinor, bands.level2FromMinor, bands.level3FromMinor, bands.level4FromMinor);

    const users = sqlite
      .prepare("select id, role from users where active = 1 and role in ('admin', 'coordinator', 'contributor') order by id")
      .all() as { id: number; role: string }[];
    if (users.length === 0) return;
    const adminId = users.find((u) => u.role === 'admin')?.id ?? users[0]!.id;
    const principleIds = (sqlite.prepare("select id from goals where kind = 'principle' order by position").all() as { id: number }[]).map(
      (g) => g.id,
    );
    const rows = sqlite
      .prepare(
        `select p.id, p.status, pa.kind, p.agreement_type as agreementType, p.active_since_on as activeSinceOn, p.start_on as startOn,
        p.review_cadence_months as cadence, p.owner_id as ownerId, pa.annual_fee_minor as annualFeeMinor,
        (select group_concat(pg.goal_id) from partnership_goals pg join goals g on g.id = pg.goal_id where pg.partnership_id = p.id and g.kind = 'goal') as goals
      from partnerships p join partners pa on pa.id = p.partner_id order by p.id`,
      )
      .all() as Row[];
    const lastContact = lastContactOfPartnerships(
      db,
      rows.map((p) => p.id),
    );
    const contacts = new Map([...lastContact].map(([id, c]) => [id, c.occurredOn]));

    const insertEntry =
      sqlite.prepare(`insert into ledger_entries (partnership_id, direction, type, occurred_on, amount_minor, currency, hours, note, created_by_id)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertReview =
      sqlite.prepare(`insert into reviews (partnership_id, period_start_on, period_end_on, state, value_index, investment_net_minor,
      investment_annualised_minor, investment_level_computed, investment_level_adjustment, adjustment_reason, recommendation, reasons, decision,
      decision_comment, revision_note, reviewer_id, proposed_at, signed_by_id, signed_at, created_at)
      values (@partnershipId, @periodStartOn, @periodEndOn, @state, @valueIndex, @net, @annualised, @level, 0, '', @recommendation, @reasons, @decision,
      @comment, @revisionNote, @reviewerId, @proposedAt, @signedById, @signedAt, @createdAt)`);
    const insertScore = sqlite.prepare('insert into review_scores (review_id, goal_id, score, evidence) values (?, ?, ?, ?)');
    const insertPlan = sqlite.prepare(
      'insert into end_plans (partnership_id, review_id, partner_informed_on, council_reference, end_on) values (?, ?, ?, ?, ?)',
    );
    const unlinkGoals = sqlite.prepare(
      "delete from partnership_goals where partnership_id = ? and goal_id in (select id from goals where kind = 'goal')",
    );

    // Flags, one partnership each, among the active ones that have had time for reviews.
    const candidates = rows.filter((p) => p.status === 'active' && p.activeSinceOn && p.activeSinceOn <= addMonths(today, -30));
    const flag = new Map<number, 'below' | 'noGoal' | 'lostTouch' | 'falling' | 'proposed' | 'draft'>();
    const lost = candidates.find((p) => hasLostTouch(contacts.get(p.id) ?? null, p.activeSinceOn, org.losing_touch_months, today));
    if (lost) flag.set(lost.id, 'lostTouch');
    const fresh = candidates.filter(
      (p) => !flag.has(p.id) && !hasLostTouch(contacts.get(p.id) ?? null, p.activeSinceOn, org.losing_touch_months, today),
    );
    (['below', 'below', 'noGoal', 'falling', 'falling', 'proposed', 'draft'] as const).forEach((f, i) => {
      if (fresh[i]) flag.set(fresh[i]!.id, f);
    });

    const fmtDate = (d: string) => `${d}T10:00:00.000Z`;
    for (const p of rows) {
      if (p.status === 'exploring') continue;
      const f = flag.get(p.id);
      let goalIds = p.goals ? p.goals.split(',').map(Number) : [];
      if (f === 'noGoal') {
        unlinkGoals.run(p.id);
        goalIds = [];
      }

      // ---- the ledger: three years of costs and some funding (in memory too, for the reviews' periods).
      const entries: { on: string; signed: number }[] = [];
      const add = (direction: 'cost' | 'funding', type: string, on: string, amount: number, hours: number | null, note: string) => {
        if (on > today) return;
        insertEntry.run(p.id, direction, type, on, amount, currency, hours, note, p.ownerId ?? adminId);
        entries.push({ on, signed: direction === 'cost' ? amount : -amount });
      };
      const since = p.activeSinceOn ?? p.startOn ?? `${year - 2}-01-01`;
      for (let y = year - 2; y <= year; y++) {
        const on = (m: number, d = r.int(1, 28)) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const inYear = (x: string) => x >= since;
        if (f === 'below') {
          if (inYear(on(3))) add('cost', 'travel', on(3), money(r.int(60, 90) * 1000), null, 'Delegation to the partner city');
          if (inYear(on(9))) add('cost', 'hosting', on(9), money(r.int(60, 90) * 1000), null, 'Hosting a return visit');
          continue;
        }
        if (f === 'falling') continue; // a partnership that costs little, so the fall in value is what shows
        if ((p.kind === 'network' || p.kind === 'regional_office') && inYear(on(2, 15))) {
          add('cost', 'membership_fee', on(2, 15), p.annualFeeMinor ?? money(r.int(10, 120) * 1000), null, `Membership ${y}`);
        }
        const trips = r.int(0, 2);
        for (let k = 0; k < trips; k++) {
          const d = on(r.int(1, 12));
          if (inYear(d))
            add(
              'cost',
              'travel',
              d,
              money(r.int(4, 40) * 1000),
              null,
              r.pick(['Study visit', 'Network meeting', 'Conference', 'Working group']),
            );
        }
        if (r.chance(0.2)) {
          const d = on(r.int(1, 12));
          if (inYear(d)) add('cost', 'hosting', d, money(r.int(10, 60) * 1000), null, 'Hosting a delegation');
        }
        if (r.chance(0.6)) {
          const d = on(r.int(1, 12));
          const h = r.int(4, 80);
          if (inYear(d)) add('cost', 'staff_time', d, Math.round(h * rate), h, 'Staff time');
        }
        if (p.kind === 'project') {
          const d = on(r.int(1, 12));
          if (inYear(d)) add('cost', 'co_financing', d, money(r.int(20, 150) * 1000), null, 'Co-financing');
          if (r.chance(0.6) && inYear(d))
            add('funding', 'grant', addDays(d, 30), money(r.int(15, 120) * 1000), null, 'EU grant instalment');
        }
        if (r.chance(0.1)) {
          const d = on(r.int(1, 12));
          if (inYear(d)) add('funding', 'partner_paid', d, money(r.int(3, 20) * 1000), null, 'Partner paid the trip');
        }
      }
      if (!p.activeSinceOn || (p.status === 'dormant' && r.chance(0.3))) continue;

      // ---- signed reviews at the cadence, the last one placed so that some are due or overdue.
      const cadence = p.cadence || 12;
      const lastEnd = f ? addDays(today, -r.int(40, 300)) : addDays(addMonths(today, -cadence), r.int(-45, cadence * 30 - 15));
      const ends: string[] = [];
      for (let e = lastEnd, k = 0; k < 3 && addMonths(p.activeSinceOn, cadence) <= e; k++, e = addMonths(e, -cadence)) ends.unshift(e);
      if (ends.length === 0) continue;
      if (f === 'falling' && ends.length < 2) ends.unshift(addMonths(ends[0]!, -cadence));
      let previousValue: number | null = null;
      let start = ends[0]! > addMonths(p.activeSinceOn, cadence) ? addMonths(ends[0]!, -cadence) : p.activeSinceOn;
      ends.forEach((end, idx) => {
        const latest = idx === ends.length - 1;
        const base = f === 'below' ? 1 : f === 'falling' ? (latest ? 1 : 3) : r.int(1, 3);
        const goalScores = goalIds.map(() => Math.max(0, Math.min(4, base + r.int(-1, 1))));
        const principleScores = principleIds.map(() => Math.max(0, Math.min(4, base + (f === 'falling' && !latest ? 1 : r.int(-1, 1)))));
        const v = valueIndex(goalScores, principleScores);
        const net = entries.filter((e) => e.on >= start && e.on <= end).reduce((s, e) => s + e.signed, 0);
        const annualised = annualise(net, start, end);
        const level = investmentLevel(annualised, bands);
        const contact = contacts.get(p.id) ?? null;
        const rule = recommend({
          valueIndex: v,
          investmentLevel: level,
          goalScores,
          linkedGoalCount: goalIds.length,
          lostTouch: latest && hasLostTouch(contact, p.activeSinceOn, org.losing_touch_months, f === 'lostTouch' ? today : end),
          lastContactOn: contact,
          previousValueIndex: previousValue,
          annualisedMinor: annualised,
          currency,
          months: Math.min(12, Math.max(1, Math.round(periodMonths(start, end)))),
        });
        const inProgress = latest && (f === 'proposed' || f === 'draft');
        const ending = latest && (p.status === 'ending' || p.status === 'ended');
        const decision: Decision = ending
          ? 'end'
          : rule.recommendation === 'continue'
            ? 'continue'
            : rule.recommendation === 'end' && p.status === 'active'
              ? 'revise'
              : r.pick(['continue', 'revise'] as const);
        const reasons: Reason[] = rule.reasons;
        const reviewerId = p.ownerId ?? adminId;
        const state = inProgress ? (f === 'proposed' ? 'proposed' : 'draft') : 'signed';
        const res = insertReview.run({
          partnershipId: p.id,
          periodStartOn: start,
          periodEndOn: end,
          state,
          valueIndex: v,
          net,
          annualised,
          level,
          recommendation: rule.recommendation,
          reasons: JSON.stringify(reasons),
          decision: state === 'draft' ? null : decision,
          comment: state === 'draft' ? '' : r.pick(COMMENTS[decision]),
          revisionNote: decision === 'revise' && state !== 'draft' ? 'Fewer trips; a work plan with the partner by spring.' : '',
          reviewerId,
          proposedAt: state === 'draft' ? null : fmtDate(addDays(end, 3)),
          signedById: state === 'signed' ? adminId : null,
          signedAt: state === 'signed' ? fmtDate(addDays(end, 10)) : null,
          createdAt: fmtDate(end),
        });
        const reviewId = Number(res.lastInsertRowid);
        goalIds.forEach((g, i) =>
          insertScore.run(reviewId, g, goalScores[i]!, goalScores[i]! >= 3 ? 'Joint project and study visits in the period' : ''),
        );
        principleIds.forEach((g, i) => insertScore.run(reviewId, g, principleScores[i]!, ''));
        if (ending && state === 'signed') {
          const informed = p.status === 'ended' || r.chance(0.5) ? addDays(end, 20) : null;
          insertPlan.run(
            p.id,
            reviewId,
            informed,
            informed ? `Council resolution ${end.slice(0, 4)}/${r.int(1, 250)}` : '',
            addDays(end, 90),
          );
          if (p.status === 'ended')
            sqlite.prepare('update end_plans set completed_at = ? where review_id = ?').run(fmtDate(addDays(end, 90)), reviewId);
        }
        previousValue = v;
        start = addDays(end, 1);
      });
    }
  });
}
