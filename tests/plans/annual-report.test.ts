import { describe, it, expect, beforeEach } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../helpers/app.js';
import {
  actionPlans,
  delegations,
  goals,
  ledgerEntries,
  logEntries,
  logEntryPartners,
  partners,
  partnerships,
  planIndicators,
  planMeasures,
  reviews,
  statusChanges,
} from '../../src/db/schema.js';
import { annualReport } from '../../src/plans/report.js';

const updatedAt = '2026-01-01T00:00:00Z';

/** Known rows in and around 2026, each figure of the report countable by hand. */
function seed(t: TestApp) {
  const db = t.db;
  const goal = (name: string, position: number) => db.insert(goals).values({ kind: 'goal', name, position }).returning().get();
  const g1 = goal('Growth', 1);
  const g2 = goal('Knowledge', 2);
  const partner = (name: string, kind: 'twin_city' | 'network', country: string) =>
    db.insert(partners).values({ name, kind, country, updatedAt }).returning().get();
  const lund = partner('Lund', 'twin_city', 'SE');
  const viborg = partner('Viborg', 'twin_city', 'DK');
  const eurocities = partner('Eurocities', 'network', 'BE');
  const ship = (title: string, status: 'active' | 'ended' | 'exploring' | 'dormant', startOn: string | null, partnerId = lund.id) =>
    db
      .insert(partnerships)
      .values({ title, partnerId, status, startOn, agreementType: 'cooperation_agreement', updatedAt })
      .returning()
      .get();
  ship('Old and going', 'active', '2019-05-01'); // active
  const fresh = ship('Started this year', 'active', '2026-04-01'); // active, started
  const endedIn = ship('Ended this year', 'ended', '2018-01-01'); // active (ended during the year), ended
  const endedBefore = ship('Ended last year', 'ended', '2017-01-01'); // neither
  ship('Only exploring', 'exploring', '2026-02-01'); // neither
  ship('Starts next year', 'active', '2027-01-10'); // neither
  const net = ship('Eurocities membership', 'dormant', '2015-01-01', eurocities.id); // active
  db.insert(statusChanges).values({ partnershipId: endedIn.id, fromStatus: 'active', toStatus: 'ended', changedOn: '2026-09-30' }).run();
  db.insert(statusChanges)
    .values({ partnershipId: endedBefore.id, fromStatus: 'active', toStatus: 'ended', changedOn: '2025-12-31' })
    .run();

  const visit = (
    direction: 'incoming' | 'outgoing',
    startsOn: string,
    theme: string,
    partnerId: number | null,
    status: 'completed' | 'cancelled' = 'completed',
  ) =>
    db
      .insert(delegations)
      .values({ direction, title: `${direction} ${theme}`, startsOn, endsOn: startsOn, theme, partnerId, status, updatedAt })
      .run();
  visit('incoming', '2026-03-03', 'Robots', lund.id);
  visit('incoming', '2026-05-05', 'Robots', viborg.id);
  visit('incoming', '2026-06-06', 'Health', lund.id);
  visit('incoming', '2026-07-07', 'Health', lund.id, 'cancelled'); // did not take place
  visit('incoming', '2025-12-31', 'Robots', lund.id); // last year
  visit('outgoing', '2026-10-10', 'Climate', null);

  const entry = (
    direction: 'cost' | 'funding',
    type: 'travel' | 'hosting' | 'membership_fee' | 'grant',
    occurredOn: string,
    amountMinor: number,
    currency = 'EUR',
  ) => db.insert(ledgerEntries).values({ partnershipId: fresh.id, direction, type, occurredOn, amountMinor, currency }).run();
  entry('cost', 'travel', '2026-02-01', 1_200_00);
  entry('cost', 'travel', '2026-11-30', 300_00);
  entry('cost', 'hosting', '2026-06-01', 450_00);
  entry('cost', 'membership_fee', '2026-01-01', 2_000_00);
  entry('cost', 'travel', '2025-12-31', 999_00); // last year
  entry('cost', 'travel', '2026-03-01', 777_00, 'DKK'); // another currency
  entry('funding', 'grant', '2026-08-01', 500_00);

  const review = (signedAt: string | null, decision: 'continue' | 'end' | null, state: 'signed' | 'draft' = 'signed') =>
    db
      .insert(reviews)
      .values({ partnershipId: fresh.id, periodStartOn: '2025-01-01', periodEndOn: '2025-12-31', state, signedAt, decision })
      .run();
  review('2026-03-01T10:00:00Z', 'continue');
  review('2026-12-31T22:00:00Z', 'continue');
  review('2026-06-01T10:00:00Z', 'end');
  review('2027-01-01T00:00:00Z', 'end'); // next year
  review(null, null, 'draft');

  const log = (occurredOn: string, partnerIds: number[]) => {
    const e = db.insert(logEntries).values({ occurredOn, type: 'network_meeting', summary: 'Working group', updatedAt }).returning().get();
    for (const partnerId of partnerIds) db.insert(logEntryPartners).values({ logEntryId: e.id, partnerId }).run();
  };
  log('2026-02-02', [eurocities.id]);
  log('2026-09-09', [eurocities.id, lund.id]);
  log('2025-09-09', [eurocities.id]); // last year
  log('2026-09-10', [lund.id]); // not a network

  const plan = db
    .insert(actionPlans)
    .values({ year: 2026, title: 'Plan 2026', startsOn: '2026-01-01', endsOn: '2026-12-31', updatedAt })
    .returning()
    .get();
  const measure = (goalId: number, title: string, costMinor: number, status: 'planned' | 'done' | 'dropped') =>
    db.insert(planMeasures).values({ planId: plan.id, goalId, title, costMinor, currency: 'EUR', status, updatedAt }).returning().get();
  const m1 = measure(g1.id, 'Robot week', 3_000_00, 'done');
  measure(g1.id, 'Fair', 1_000_00, 'dropped');
  measure(g2.id, 'Summer school', 500_00, 'planned');
  db.insert(planIndicators).values({ measureId: m1.id, name: 'Visitors', target: 100, actual: 120, unit: 'people' }).run();
  return { g1, g2, net };
}

describe('annual report', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp({ setup: { framework: 'blank', currency: 'EUR', locale: 'en' } });
  });

  it('counts each figure from the rows of its year', () => {
    const { g1, g2 } = seed(t);
    const r = annualReport(t.db, 2026, 'EUR');
    expect(r.partnerships.active).toBe(4);
    expect(r.partnerships.started.map((p) => p.title)).toEqual(['Started this year']);
    expect(r.partnerships.ended.map((p) => p.title)).toEqual(['Ended this year']);
    expect(r.delegations.received).toBe(3);
    expect(r.delegations.sent).toBe(1);
    expect(r.delegations.themes('incoming').map((x) => [x.theme, x.n])).toEqual([
      ['Robots', 2],
      ['Health', 1],
    ]);
    expect(r.delegations.countries('incoming').map((x) => [x.country, x.n])).toEqual([
      ['SE', 2],
      ['DK', 1],
    ]);
    expect(r.delegations.countries('outgoing').map((x) => [x.country, x.n])).toEqual([['', 1]]);
    expect(r.networks.map((x) => [x.name, x.n])).toEqual([['Eurocities', 2]]);
    expect(r.spend.costs.map((x) => [x.type, x.amountMinor])).toEqual([
      ['membership_fee', 2_000_00],
      ['travel', 1_500_00],
      ['hosting', 450_00],
    ]);
    expect(r.spend.totalCostMinor).toBe(3_950_00);
    expect(r.spend.fundingMinor).toBe(500_00);
    expect(r.estimateMinor).toBe(3_500_00);
    expect(r.reviews.signed).toBe(3);
    expect(r.reviews.byDecision).toEqual([
      { decision: 'continue', n: 2 },
      { decision: 'end', n: 1 },
    ]);
    expect(r.goals.map((g) => [g.id, g.measures.map((m) => m.title), g.costMinor])).toEqual([
      [g1.id, ['Robot week', 'Fair'], 3_000_00],
      [g2.id, ['Summer school'], 500_00],
    ]);
    expect(r.goals[0]!.measures[0]!.indicators).toMatchObject([{ name: 'Visitors', target: 100, actual: 120, unit: 'people' }]);
  });

  it('prints the figures, and keeps the coordinator’s introduction and comment per goal', async () => {
    const { g1 } = seed(t);
    const client = await signedIn(t, 'coordinator');
    const bad = await client.post('/annual-report/2026/texts', { introduction: 'x'.repeat(10_001), [`comment_${g1.id}`]: 'Kept' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="e-introduction" class="field-error"/);
    expect(bad.body).toContain('>Kept</textarea>');
    const saved = await client.post('/annual-report/2026/texts', {
      introduction: 'A good year.',
      [`comment_${g1.id}`]: 'Robots did well.',
    });
    expect(saved.statusCode).toBe(303);
    const page = (await client.get('/annual-report/2026')).body;
    expect(page).toMatch(/<link rel="stylesheet" href="\/static\/annual-report\.[0-9a-f]{12}\.css">/);
    expect(page).toMatch(/id="report-introduction">A good year\.</);
    expect(page).toMatch(/<h3 id="goal-\d+-h">Growth<\/h3>\s*<p class="prose comment">Robots did well\.</);
    expect(page).toMatch(/id="fig-active">4</);
    expect(page).toMatch(/id="fig-received">3</);
    expect(page).toMatch(/id="fig-sent">1</);
    expect(page).toMatch(/id="fig-spent">€3,950\.00</);
    expect(page).toMatch(/id="fig-estimate">€3,500\.00</);
    expect(page).toMatch(/id="fig-difference">-€450\.00</);
    expect(page).toMatch(/id="fig-reviews">3</);
    expect(page).toContain('Sweden');
    const viewer = await signedIn(t, 'viewer');
    const read = await viewer.get('/annual-report/2026');
    expect(read.statusCode).toBe(200);
    expect(read.body).not.toContain('id="report-texts"');
    expect((await viewer.post('/annual-report/2026/texts', { introduction: 'no' })).statusCode).toBe(403);
  });

  it('is written in the organisation’s language', async () => {
    const nb = await buildTestApp({ setup: { framework: 'hamar', locale: 'nb', currency: 'NOK' } });
    const client = await signedIn(nb, 'viewer');
    const page = (await client.get('/annual-report/2026')).body;
    expect(page).toContain('Årsrapport 2026');
    expect(page).toContain('Delegasjoner');
    expect(page).toContain('Globalt partnerskap og solidaritet');
  });
});
