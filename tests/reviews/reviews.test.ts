import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestApp, signedIn, createUser, Client, defaultSetup, testPasswordHash, type TestApp } from '../helpers/app.js';
import { auditLog, endPlans, goals, investmentBands, partnerships, reviewScores, reviews, statusChanges } from '../../src/db/schema.js';
import { openDatabase } from '../../src/db/client.js';
import { applySetup } from '../../src/setup/queries.js';
import { signReview } from '../../src/reviews/decision.js';
import { reviewFilters, reviewsQuery } from '../../src/reviews/lists.js';
import { makePartnership, addCost, addContact, addSignedReview } from './factories.js';

/** Form fields scoring every goal and principle of the review page with the same score. */
function scoresFor(t: TestApp, partnershipGoalIds: number[], goalScore: number, principleScore: number) {
  const form: Record<string, string> = {};
  for (const id of partnershipGoalIds) form[`score_${id}`] = String(goalScore);
  for (const p of t.db.select().from(goals).where(eq(goals.kind, 'principle')).all()) form[`score_${p.id}`] = String(principleScore);
  return form;
}

async function startedReview(t: TestApp, client: Client, overrides = {}) {
  const p = makePartnership(t.db, overrides);
  await client.get(`/partnerships/${p.id}/reviews`);
  const res = await client.post(`/partnerships/${p.id}/reviews`);
  expect(res.statusCode).toBe(303);
  const id = Number(/\/reviews\/(\d+)/.exec(String(res.headers.location))![1]);
  return { p, id };
}

describe('starting a review', () => {
  it('opens a draft covering the period since the start, with evidence gathered', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const p = makePartnership(t.db, { activeSinceOn: '2025-06-01' });
    addContact(t.db, p.id, '2026-05-05');
    addCost(t.db, p.id, 4_000_000, '2026-02-01');
    await client.get(`/reviews/new?partnershipId=${p.id}`);
    const res = await client.post(`/partnerships/${p.id}/reviews`);
    expect(res.statusCode).toBe(303);
    const page = await client.get(String(res.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Evidence from the period');
    expect(page.body).toContain('5 May 2026');
    expect(page.body).toMatch(/DKK\s40,000/);
    const review = t.db.select().from(reviews).get()!;
    expect(review).toMatchObject({ state: 'draft', periodStartOn: '2025-06-01', periodEndOn: '2026-11-24', investmentNetMinor: 4_000_000 });
    // Starting again opens the same review.
    const again = await client.post(`/partnerships/${p.id}/reviews`);
    expect(again.headers.location).toBe(`/reviews/${review.id}`);
  });

  it('refuses a review for an ended partnership', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const p = makePartnership(t.db, { status: 'ended' });
    await client.get(`/partnerships/${p.id}/reviews`);
    const res = await client.post(`/partnerships/${p.id}/reviews`);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('cannot be reviewed');
    expect(t.db.select().from(reviews).all()).toHaveLength(0);
  });

  it('answers 404 for unknown partnerships and reviews, 403 for viewers', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    expect((await client.get('/partnerships/999/reviews')).statusCode).toBe(404);
    expect((await client.get('/reviews/999')).statusCode).toBe(404);
    expect((await client.get('/reviews/new?partnershipId=999')).statusCode).toBe(404);
    expect((await client.post('/partnerships/999/reviews')).statusCode).toBe(404);
    expect((await client.post('/end-plans/999/completion')).statusCode).toBe(404);
    const p = makePartnership(t.db);
    const viewer = await signedIn(t, 'viewer');
    await viewer.get('/reviews');
    expect((await viewer.post(`/partnerships/${p.id}/reviews`)).statusCode).toBe(403);
    expect((await viewer.get(`/reviews/new?partnershipId=${p.id}`)).statusCode).toBe(403);
  });
});

describe('scoring and the rule', () => {
  it('recommends ending when value falls below investment, with the reasons in words', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const p = makePartnership(t.db, { activeSinceOn: '2025-11-25' });
    addContact(t.db, p.id, '2026-10-01');
    addCost(t.db, p.id, 21_200_000, '2026-03-01'); // DKK 212,000 -> level 3
    await client.get(`/partnerships/${p.id}/reviews`);
    const start = await client.post(`/partnerships/${p.id}/reviews`);
    const url = String(start.headers.location);
    const res = await client.post(url, scoresFor(t, p.goalIds, 1, 2));
    expect(res.statusCode).toBe(303);
    const page = await client.get(url);
    expect(page.body).toMatch(/class="status status-end">End</);
    expect(page.body.replace(/\s/g, ' ')).toContain('Value 1.5 is below investment level 3: DKK 212,000 in 12 months');
    const review = t.db.select().from(reviews).get()!;
    expect(review).toMatchObject({ valueIndex: 1.5, investmentLevelComputed: 3, recommendation: 'end' });
    expect(t.db.select().from(reviewScores).all()).toHaveLength(p.goalIds.length + 5);
  });

  it('answers htmx with the assessment fragment', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const { p, id } = await startedReview(t, client);
    await client.get(`/reviews/${id}`);
    const res = await client.htmx(`/reviews/${id}`, scoresFor(t, p.goalIds, 4, 4));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('id="assessment"');
    expect(res.body).not.toContain('<html');
  });

  it.each([
    ['a score above 4', '5'],
    ['a negative score', '-1'],
    ['a non-number', 'lots'],
  ])('refuses %s with 422, the input kept', async (_name, bad) => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const { p, id } = await startedReview(t, client);
    await client.get(`/reviews/${id}`);
    const res = await client.post(`/reviews/${id}`, {
      ...scoresFor(t, p.goalIds, 2, 2),
      [`score_${p.goalIds[0]}`]: bad,
      [`evidence_${p.goalIds[0]}`]: 'kept text',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(new RegExp(`id="e-score_${p.goalIds[0]}"[^>]*>Choose a score from 0 to 4.`));
    expect(res.body).toContain('value="kept text"');
    expect(t.db.select().from(reviewScores).all()).toHaveLength(0);
  });

  it('requires a reason to adjust the investment level', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const { p, id } = await startedReview(t, client);
    await client.get(`/reviews/${id}`);
    const res = await client.post(`/reviews/${id}`, { ...scoresFor(t, p.goalIds, 2, 2), adjustment: '1' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="e-adjustmentReason"');
    const ok = await client.post(`/reviews/${id}`, {
      ...scoresFor(t, p.goalIds, 2, 2),
      adjustment: '1',
      adjustmentReason: 'Unlogged staff time',
    });
    expect(ok.statusCode).toBe(303);
    expect(t.db.select().from(reviews).get()).toMatchObject({ investmentLevelAdjustment: 1, adjustmentReason: 'Unlogged staff time' });
  });
});

async function proposed(t: TestApp, client: Client, decision: 'continue' | 'end' | 'revise' = 'end') {
  const { p, id } = await startedReview(t, client);
  await client.get(`/reviews/${id}`);
  await client.post(`/reviews/${id}`, scoresFor(t, p.goalIds, decision === 'end' ? 0 : 3, 1));
  const res = await client.post(`/reviews/${id}/proposal`, {
    decision,
    comment: 'Discussed with the department',
    revisionNote: decision === 'revise' ? 'Fewer trips' : '',
  });
  expect(res.statusCode).toBe(303);
  return { p, id };
}

describe('the decision', () => {
  it('refuses a decision without a comment, and a revision without its changes', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const { p, id } = await startedReview(t, client);
    await client.get(`/reviews/${id}`);
    await client.post(`/reviews/${id}`, scoresFor(t, p.goalIds, 3, 3));
    const noComment = await client.post(`/reviews/${id}/proposal`, { decision: 'continue', comment: '  ' });
    expect(noComment.statusCode).toBe(422);
    expect(noComment.body).toMatch(/id="e-comment"[^>]*>A decision needs a comment./);
    const noChanges = await client.post(`/reviews/${id}/proposal`, { decision: 'revise', comment: 'ok', revisionNote: '' });
    expect(noChanges.statusCode).toBe(422);
    expect(noChanges.body).toContain('id="e-revisionNote"');
    expect(t.db.select().from(reviews).get()!.state).toBe('draft');
  });

  it('refuses proposing an unscored review', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const { id } = await startedReview(t, client);
    await client.get(`/reviews/${id}`);
    const res = await client.post(`/reviews/${id}/proposal`, { decision: 'continue', comment: 'ok' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Score the review before proposing');
  });

  it('signing "end" moves the partnership to ending with an end plan; completing the plan ends it', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const { p, id } = await proposed(t, client, 'end');
    await client.get(`/reviews/${id}`);
    const signed = await client.post(`/reviews/${id}/sign-off`);
    expect(signed.statusCode).toBe(303);
    expect(t.db.select().from(partnerships).where(eq(partnerships.id, p.id)).get()!.status).toBe('ending');
    expect(
      t.db
        .select()
        .from(statusChanges)
        .where(eq(statusChanges.partnershipId, p.id))
        .all()
        .map((s) => s.toStatus),
    ).toEqual(['ending']);
    const plan = t.db.select().from(endPlans).get()!;
    expect(plan).toMatchObject({ partnershipId: p.id, reviewId: id, completedAt: null });
    expect(t.db.select().from(auditLog).where(eq(auditLog.entityType, 'partnership')).all()).toHaveLength(1);

    const page = await client.get(`/partnerships/${p.id}/reviews`);
    expect(page.body).toContain('End plan');
    const incomplete = await client.post(`/end-plans/${plan.id}/completion`);
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.body).toContain('Fill in when the partner was informed');
    const bad = await client.post(`/partnerships/${p.id}/end-plan`, {
      partnerInformedOn: '2026-13-01',
      councilReference: 'BR 2026/14',
      endOn: '2026-12-31',
    });
    expect(bad.statusCode).toBe(422);
    expect(
      (
        await client.post(`/partnerships/${p.id}/end-plan`, {
          partnerInformedOn: '2026-11-20',
          councilReference: 'BR 2026/14',
          endOn: '2026-12-31',
        })
      ).statusCode,
    ).toBe(303);
    // The partnership ends on the plan's end date, through the lifecycle: not before that day comes.
    const early = await client.post(`/end-plans/${plan.id}/completion`);
    expect(early.statusCode).toBe(422);
    expect(early.body).toContain('has not come yet');
    expect(t.db.select().from(partnerships).where(eq(partnerships.id, p.id)).get()!.status).toBe('ending');
    t.clock.set('2027-01-02T09:00:00Z');
    const inJanuary = await signedIn(t); // the session of November has long timed out
    await inJanuary.get(`/partnerships/${p.id}/reviews`);
    const completed = await inJanuary.post(`/end-plans/${plan.id}/completion`);
    expect(completed.statusCode).toBe(303);
    expect(completed.headers.location).toBe(`/partnerships/${p.id}/reviews`);
    const after = t.db.select().from(partnerships).where(eq(partnerships.id, p.id)).get()!;
    expect(after.status).toBe('ended');
    expect(t.db.select().from(statusChanges).where(eq(statusChanges.toStatus, 'ended')).get()).toMatchObject({
      changedOn: '2026-12-31',
      reference: 'BR 2026/14',
    });
    expect((await inJanuary.post(`/end-plans/${plan.id}/completion`)).statusCode).toBe(409);
  });

  it('refuses signing twice and keeps a signed review immutable', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const { p, id } = await proposed(t, client, 'continue');
    await client.get(`/reviews/${id}`);
    expect((await client.post(`/reviews/${id}/sign-off`)).statusCode).toBe(303);
    const twice = await client.post(`/reviews/${id}/sign-off`);
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('already been signed');
    const before = t.db.select().from(reviews).get()!;
    const edit = await client.post(`/reviews/${id}`, scoresFor(t, p.goalIds, 0, 0));
    expect(edit.statusCode).toBe(409);
    expect((await client.post(`/reviews/${id}/proposal`, { decision: 'end', comment: 'x' })).statusCode).toBe(409);
    expect((await client.post(`/reviews/${id}/return`, { returnComment: 'x' })).statusCode).toBe(409);
    expect(t.db.select().from(reviews).get()).toEqual(before);
    expect(t.db.select().from(partnerships).where(eq(partnerships.id, p.id)).get()!.status).toBe('active');
  });

  it('lets only admins sign or send back', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const { id } = await proposed(t, client, 'continue');
    const coordinator = await signedIn(t, 'coordinator');
    await coordinator.get(`/reviews/${id}`);
    expect((await coordinator.post(`/reviews/${id}/sign-off`)).statusCode).toBe(403);
    expect((await coordinator.post(`/reviews/${id}/return`, { returnComment: 'no' })).statusCode).toBe(403);
    expect(t.db.select().from(reviews).get()!.state).toBe('proposed');
  });

  it('sends a proposal back with a comment, after which it can be edited and proposed again', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const { p, id } = await proposed(t, client, 'revise');
    await client.get(`/reviews/${id}`);
    expect((await client.post(`/reviews/${id}/return`, { returnComment: '' })).statusCode).toBe(422);
    expect((await client.post(`/reviews/${id}/return`, { returnComment: 'Add the travel costs' })).statusCode).toBe(303);
    const page = await client.get(`/reviews/${id}`);
    expect(page.body).toContain('Add the travel costs');
    expect((await client.post(`/reviews/${id}`, scoresFor(t, p.goalIds, 3, 3))).statusCode).toBe(303);
    expect((await client.post(`/reviews/${id}/proposal`, { decision: 'continue', comment: 'Now complete' })).statusCode).toBe(303);
    expect(t.db.select().from(reviews).get()!.state).toBe('proposed');
  });

  it('lets only one of two admins signing at once succeed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sign-race-'));
    try {
      const file = join(dir, 'app.sqlite');
      const a = openDatabase(file);
      const now = new Date('2026-11-24T10:00:00Z');
      const adminId = applySetup(a, defaultSetup, await testPasswordHash(), now)!;
      const p = makePartnership(a);
      const r = addSignedReview(a, p.id, { state: 'proposed', decision: 'end', signedAt: null });
      const b = openDatabase(file); // a second connection, as a second server process would have
      const results = [
        signReview(a, { userId: adminId, now }, r.id, '2026-11-24'),
        signReview(b, { userId: adminId, now }, r.id, '2026-11-24'),
      ];
      expect(results.filter((x) => x.ok)).toHaveLength(1);
      expect(a.select().from(endPlans).all()).toHaveLength(1);
      expect(a.select().from(statusChanges).where(eq(statusChanges.toStatus, 'ending')).all()).toHaveLength(1);
      a.$client.close();
      b.$client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets only one of two concurrent sign-off requests succeed', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const { id } = await proposed(t, client, 'end');
    await client.get(`/reviews/${id}`);
    const first = await signedIn(t, 'admin');
    const second = await signedIn(t, 'admin');
    await first.get(`/reviews/${id}`);
    await second.get(`/reviews/${id}`);
    const codes = (await Promise.all([first.post(`/reviews/${id}/sign-off`), second.post(`/reviews/${id}/sign-off`)]))
      .map((r) => r.statusCode)
      .sort();
    expect(codes).toEqual([303, 409]);
    expect(t.db.select().from(endPlans).all()).toHaveLength(1);
  });

  it('keeps the four-eyes rule: the proposer signs only as the single administrator, and the page says why', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const { id } = await proposed(t, client, 'continue');
    const alone = await client.get(`/reviews/${id}`);
    expect(alone.body).toContain('because you are the only administrator');
    expect(alone.body).toContain('action="/reviews/' + id + '/sign-off"');

    const colleague = await signedIn(t, 'admin');
    const blocked = await client.get(`/reviews/${id}`);
    expect(blocked.body).toContain('You proposed this decision, so another administrator signs it off');
    expect(blocked.body).not.toContain('action="/reviews/' + id + '/sign-off"');
    const refused = await client.post(`/reviews/${id}/sign-off`, { councilReference: 'Self-signed' });
    expect(refused.statusCode).toBe(403);
    expect(t.db.select().from(reviews).where(eq(reviews.id, id)).get()!.state).toBe('proposed');

    await colleague.get(`/reviews/${id}`);
    expect((await colleague.post(`/reviews/${id}/sign-off`, { councilReference: 'Byrådet 24.11.2026, punkt 12' })).statusCode).toBe(303);
    const signed = (await client.get(`/reviews/${id}`)).body;
    expect(signed).toMatch(/Signed by<\/dt><dd>Admin \d+, 24 Nov 2026/);
    expect(signed).toContain('Byrådet 24.11.2026, punkt 12');
    expect(signed).toMatch(/Proposed by<\/dt><dd>Ada Admin/);
  });
});

describe('a partnership without goals', () => {
  it('lets the reviewer link goals from the review page instead of condemning it unseen', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const { id } = await startedReview(t, client, { goalCount: 0 });
    const page = (await client.get(`/reviews/${id}`)).body;
    expect(page).toContain('No goal is linked yet');
    const goal = t.db.select().from(goals).where(eq(goals.name, 'Et sundere Odense')).get()!;
    expect((await client.post(`/reviews/${id}/goals`, {})).statusCode).toBe(422);
    const linked = await client.post(`/reviews/${id}/goals`, { goalIds: String(goal.id) });
    expect(linked.statusCode).toBe(303);
    const after = (await client.get(`/reviews/${id}`)).body;
    expect(after).toContain(`name="score_${goal.id}"`);
    expect(after).not.toContain('No goal is linked yet');
    expect(
      t.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityType, 'partnership'))
        .all()
        .some((a) => a.changes.includes('goalIds')),
    ).toBe(true);
  });
});

describe('review lists', () => {
  it('lists overdue, upcoming and done reviews, with the export', async () => {
    const t = await buildTestApp();
    makePartnership(t.db, {
      title: 'Overdue twinning',
      activeSinceOn: '2025-06-01',
      agreementType: 'cooperation_agreement',
    });
    const soon = makePartnership(t.db, { title: 'Soon twinning', agreementType: 'cooperation_agreement' });
    addSignedReview(t.db, soon.id, { periodEndOn: '2025-12-10' });
    const later = makePartnership(t.db, { title: 'Later twinning', agreementType: 'cooperation_agreement' });
    addSignedReview(t.db, later.id, { periodEndOn: '2026-10-01' });
    const client = await signedIn(t, 'viewer');
    const res = await client.get('/reviews');
    expect(res.statusCode).toBe(200);
    const overdueSection = res.body.slice(res.body.indexOf('id="overdue-h"'), res.body.indexOf('id="upcoming-h"'));
    expect(overdueSection).toContain('Overdue twinning');
    const upcoming = res.body.slice(res.body.indexOf('id="upcoming-h"'), res.body.indexOf('id="done-h"'));
    expect(upcoming).toContain('Soon twinning');
    expect(overdueSection + upcoming).not.toContain('Later twinning');
    expect(res.body).toContain('/exports/reviews.csv');
    const frag = await client.get('/reviews?recommendation=continue', { 'hx-request': 'true' });
    expect(frag.body).toContain('id="reviews-done"');
    expect(frag.body).not.toContain('<html');
  });

  it('brings twin cities forward to the end of the council period', async () => {
    const t = await buildTestApp();
    t.db
      .update((await import('../../src/db/schema.js')).organisation)
      .set({ councilPeriodEndOn: '2026-12-15' })
      .run();
    const twin = makePartnership(t.db, { title: 'Twin due by council period' });
    addSignedReview(t.db, twin.id, { periodEndOn: '2026-06-01' });
    const client = await signedIn(t);
    const res = await client.get('/reviews');
    const upcoming = res.body.slice(res.body.indexOf('id="upcoming-h"'), res.body.indexOf('id="done-h"'));
    expect(upcoming).toContain('Twin due by council period');
    expect(upcoming).toContain('15 Dec 2026');
  });

  it('shows a partnership review history with the trend', async () => {
    const t = await buildTestApp();
    const p = makePartnership(t.db);
    addSignedReview(t.db, p.id, { periodEndOn: '2024-12-31', valueIndex: 3.2 });
    addSignedReview(t.db, p.id, {
      periodEndOn: '2025-12-31',
      valueIndex: 2.1,
      recommendation: 'watch',
      reasons: JSON.stringify([{ code: 'valueFell', params: { value: 2.1, previous: 3.2 } }]),
    });
    const client = await signedIn(t, 'viewer');
    const res = await client.get(`/partnerships/${p.id}/reviews`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<svg');
    expect(res.body).toContain('Value fell from 3.2 to 2.1 since the previous review');
    expect(res.body).not.toContain('Start a review');
  });

  it('gives the exports a filter parser and a query with names', async () => {
    const t = await buildTestApp();
    const p = makePartnership(t.db);
    addSignedReview(t.db, p.id);
    addSignedReview(t.db, p.id, { state: 'draft', periodEndOn: '2026-01-01' });
    const rows = reviewsQuery(t.db, reviewFilters({})).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ partnershipTitle: p.title, partnerName: p.partnerName, state: 'signed' });
    expect(reviewsQuery(t.db, reviewFilters({ state: 'any' })).all()).toHaveLength(2);
  });
});

describe('investment bands', () => {
  it('shows the defaults, saves a year and refuses bands that do not rise', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const page = await client.get('/settings/investment-bands');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/DKK\s400,000/);
    const bad = await client.post('/settings/investment-bands', {
      year: '2026',
      level1: '50000',
      level2: '10000',
      level3: '150000',
      level4: '400000',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Each level must start above the one before');
    const empty = await client.post('/settings/investment-bands', { year: '2026', level1: '', level2: '1', level3: '2', level4: '3' });
    expect(empty.statusCode).toBe(422);
    expect(
      (
        await client.post('/settings/investment-bands', {
          year: '2026',
          level1: '20000',
          level2: '60000',
          level3: '200000',
          level4: '500000',
        })
      ).statusCode,
    ).toBe(303);
    expect(t.db.select().from(investmentBands).get()).toMatchObject({ year: 2026, level1FromMinor: 2_000_000, currency: 'DKK' });
    const coordinator = await signedIn(t, 'coordinator');
    expect((await coordinator.get('/settings/investment-bands')).statusCode).toBe(403);
  });
});

describe('a contributor', () => {
  it('reviews partnerships they own and no others', async () => {
    const t = await buildTestApp();
    const owner = await createUser(t.db, 'contributor');
    const mine = makePartnership(t.db, { ownerId: owner.id });
    const other = makePartnership(t.db);
    const client = new Client(t.app);
    await client.login(owner.email);
    await client.get('/reviews');
    expect((await client.post(`/partnerships/${mine.id}/reviews`)).statusCode).toBe(303);
    expect((await client.post(`/partnerships/${other.id}/reviews`)).statusCode).toBe(403);
  });
});
