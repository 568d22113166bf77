// Proposing an exploring partnership, the 422s, four eyes on approval, approval moving it to active
// with its first review due, rejection, and the expectations beside the first review.
import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn, createUser, Client, type TestApp } from '../helpers/app.js';
import { goals, partnershipGoals, partnerships, proposalScores, proposals, statusChanges } from '../../src/db/schema.js';
import { loadPartnership } from '../../src/partnerships/queries.js';
import { reviewDueOn } from '../../src/reviews/schedule.js';
import { makePartnership } from '../reviews/factories.js';
import { documentsApp, samplePdf, uploadDocument } from '../documents/helpers.js';

const goalIds = (t: TestApp, kind: 'goal' | 'principle') =>
  t.db
    .select({ id: goals.id })
    .from(goals)
    .where(eq(goals.kind, kind))
    .all()
    .map((g) => g.id);

function exploring(t: TestApp) {
  return makePartnership(t.db, { status: 'exploring', activeSinceOn: null, goalCount: 0 });
}

/** A proposal form: the first two goals scored 3, every principle 2, DKK 60,000 and 100 hours a year. */
function proposalForm(t: TestApp, overrides: Record<string, string> = {}) {
  const [g1, g2] = goalIds(t, 'goal');
  const form: Record<string, string> = {
    [`score_${g1}`]: '3',
    [`score_${g2}`]: '4',
    investment: '60,000',
    hours: '100',
    localActors: 'SDU, Odense Zoo',
    risks: 'Travel costs may rise.',
    expectedReturn: 'Know-how on robot-assisted care.',
    councilText: 'The administration recommends entering the partnership.',
  };
  for (const p of goalIds(t, 'principle')) form[`score_${p}`] = '2';
  return { ...form, ...overrides };
}

async function propose(t: TestApp, client: Client, pid: number, form = proposalForm(t)) {
  await client.get(`/partnerships/${pid}/proposal/new`);
  const res = await client.post(`/partnerships/${pid}/proposals`, form);
  expect(res.statusCode).toBe(303);
  return Number(/\/proposals\/(\d+)/.exec(String(res.headers.location))![1]);
}

describe('proposing a partnership', () => {
  it('keeps the expected values with the verdict of the review rule and its reasons', async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    const p = exploring(t);
    const id = await propose(t, coordinator, p.id);
    const row = t.db.select().from(proposals).where(eq(proposals.id, id)).get()!;
    // Goals (3 + 4) / 2 = 3.5 and principles 2 average to 2.8; DKK 60,000 is level 2 (no hourly rate set).
    expect(row).toMatchObject({
      state: 'proposed',
      expectedInvestmentMinor: 6_000_000,
      expectedHours: 100,
      valueIndex: 2.8,
      investmentLevel: 2,
      recommendation: 'continue',
    });
    expect(t.db.select().from(proposalScores).where(eq(proposalScores.proposalId, id)).all()).toHaveLength(
      2 + goalIds(t, 'principle').length,
    );
    const page = await coordinator.get(`/proposals/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Value 2.8 covers investment level 2');
    expect(page.body).toContain('Know-how on robot-assisted care.');
    // The partnership has not moved yet.
    expect(loadPartnership(t.db, p.id)!.status).toBe('exploring');
  });

  it('answers 422 with the error beside the goals and the input kept when no goal is scored; nothing is saved', async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    const p = exploring(t);
    const form = proposalForm(t);
    for (const g of goalIds(t, 'goal')) delete form[`score_${g}`];
    await coordinator.get(`/partnerships/${p.id}/proposal/new`);
    const res = await coordinator.post(`/partnerships/${p.id}/proposals`, form);
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="e-goals" class="field-error">Score the expected contribution to at least one goal/);
    expect(res.body).toContain('Travel costs may rise.');
    expect(t.db.select().from(proposals).all()).toHaveLength(0);
    expect(t.db.select().from(proposalScores).all()).toHaveLength(0);
  });

  it('answers 422 for a score out of range and an unreadable amount, each beside its field', async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    const p = exploring(t);
    const [g1] = goalIds(t, 'goal');
    await coordinator.get(`/partnerships/${p.id}/proposal/new`);
    const res = await coordinator.post(
      `/partnerships/${p.id}/proposals`,
      proposalForm(t, { [`score_${g1}`]: '7', investment: 'lots', hours: '-5' }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(new RegExp(`id="e-score_${g1}" class="field-error">Choose a score from 0 to 4`));
    expect(res.body).toMatch(/id="e-investment" class="field-error">/);
    expect(res.body).toMatch(/id="e-hours" class="field-error">/);
    expect(res.body).toContain('value="lots"');
    expect(t.db.select().from(proposals).all()).toHaveLength(0);
  });

  it("reads the amount in the user's locale", async () => {
    const t = await buildTestApp({ setup: { locale: 'da' } });
    const coordinator = await signedIn(t, 'coordinator');
    const p = exploring(t);
    const id = await propose(t, coordinator, p.id, proposalForm(t, { investment: '60.000,50' }));
    expect(t.db.select().from(proposals).where(eq(proposals.id, id)).get()!.expectedInvestmentMinor).toBe(6_000_050);
  });

  it('refuses a proposal for a partnership that is not being explored, and a contributor', async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    const active = makePartnership(t.db);
    await coordinator.get(`/partnerships/${active.id}/proposal/new`);
    const res = await coordinator.post(`/partnerships/${active.id}/proposals`, proposalForm(t));
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Only a partnership that is being explored can be proposed.');
    const contributor = await signedIn(t, 'contributor');
    const p = exploring(t);
    expect((await contributor.post(`/partnerships/${p.id}/proposals`, proposalForm(t))).statusCode).toBe(403);
    expect(t.db.select().from(proposals).all()).toHaveLength(0);
  });
});

describe('deciding on a proposal', () => {
  it('lists proposals awaiting approval for administrators, linked from the navigation', async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    const p = exploring(t);
    await propose(t, coordinator, p.id);
    const admin = await signedIn(t);
    const list = await admin.get('/proposals');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(p.title);
    expect(list.body).toContain('href="/proposals"');
  });

  it('approves: the partnership becomes active through its status writer and its first review is due a cadence later', async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    const p = exploring(t);
    const id = await propose(t, coordinator, p.id);
    const admin = await signedIn(t);
    await admin.get(`/proposals/${id}`);
    const res = await admin.post(`/proposals/${id}/decision`, {
      outcome: 'approve',
      reason: '',
      councilDecisionOn: '',
      councilReference: '',
    });
    expect(res.statusCode).toBe(303);
    const after = loadPartnership(t.db, p.id)!;
    expect(after).toMatchObject({ status: 'active', activeSinceOn: '2026-11-24' });
    expect(reviewDueOn(after, null, null)).toBe('2027-11-24');
    const change = t.db.select().from(statusChanges).where(eq(statusChanges.partnershipId, p.id)).all().at(-1)!;
    expect(change).toMatchObject({ fromStatus: 'exploring', toStatus: 'active', changedOn: '2026-11-24' });
    // The goals it expected to support are now linked, so the first review scores them.
    expect(t.db.select().from(partnershipGoals).where(eq(partnershipGoals.partnershipId, p.id)).all()).toHaveLength(2);
    const page = await admin.get(`/proposals/${id}`);
    expect(page.body).toContain('first review is due on 24 November 2027');
    expect(t.db.select().from(proposals).where(eq(proposals.id, id)).get()!.state).toBe('approved');
  });

  it('records the council decision: active from its date, with its reference', async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    const p = exploring(t);
    const id = await propose(t, coordinator, p.id);
    const admin = await signedIn(t);
    await admin.get(`/proposals/${id}`);
    const res = await admin.post(`/proposals/${id}/decision`, {
      outcome: 'approve',
      councilDecisionOn: '2026-11-10',
      councilReference: 'Byrådet 10.11.2026, sag 7',
    });
    expect(res.statusCode).toBe(303);
    expect(loadPartnership(t.db, p.id)).toMatchObject({ status: 'active', activeSinceOn: '2026-11-10' });
    expect(t.db.select().from(proposals).where(eq(proposals.id, id)).get()).toMatchObject({
      councilDecisionOn: '2026-11-10',
      councilReference: 'Byrådet 10.11.2026, sag 7',
    });
    const future = exploring(t);
    const id2 = await propose(t, coordinator, future.id);
    const bad = await admin.post(`/proposals/${id2}/decision`, {
      outcome: 'approve',
      councilDecisionOn: '2026-12-01',
      councilReference: 'x',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="e-councilDecisionOn" class="field-error">The council decision cannot be in the future/);
    expect(loadPartnership(t.db, future.id)!.status).toBe('exploring');
  });

  it("shows the partnership's council decision document on the proposal, and where to attach it", async () => {
    const t = await documentsApp();
    const coordinator = await signedIn(t, 'coordinator');
    const p = exploring(t);
    const id = await propose(t, coordinator, p.id);
    const admin = await signedIn(t);
    const viewer = await signedIn(t, 'viewer');
    const section = async (client: Client) =>
      /<section id="council-document"[\s\S]*?<\/section>/.exec((await client.get(`/proposals/${id}`)).body)?.[0] ?? '';
    const before = await section(admin);
    expect(before).toContain('No council decision document is attached to the partnership yet.');
    expect(before).toContain(`<a href="/partnerships/${p.id}#documents">Attach it on the partnership</a>`);
    for (const [kind, name] of [
      ['agreement', 'Venskabsaftale.pdf'],
      ['council_decision', 'Byrådsbeslutning sag 7.pdf'],
    ] as const) {
      await admin.get(`/partnerships/${p.id}`);
      const res = await uploadDocument(
        admin,
        `/partnerships/${p.id}/documents`,
        { name, type: 'application/pdf', content: samplePdf() },
        { kind, title: name },
      );
      expect(res.statusCode).toBe(303);
    }
    const after = await section(admin);
    expect(after).toContain('Byrådsbeslutning sag 7.pdf');
    expect(after).not.toContain('Venskabsaftale.pdf');
    expect(after).not.toContain('No council decision document');
    // A viewer sees the decision's document, not the way to attach one.
    const seen = await section(viewer);
    expect(seen).toContain('Byrådsbeslutning sag 7.pdf');
    expect(seen).not.toContain('Attach it on the partnership');
  });

  it('refuses self-approval while another administrator exists, with a clear message; nothing changes', async () => {
    const t = await buildTestApp();
    await createUser(t.db, 'admin');
    const admin = await signedIn(t);
    const p = exploring(t);
    const id = await propose(t, admin, p.id);
    const page = await admin.get(`/proposals/${id}`);
    expect(page.body).toContain('You proposed this partnership, so another administrator approves it.');
    const res = await admin.post(`/proposals/${id}/decision`, { outcome: 'approve' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('You proposed this partnership, so another administrator approves it.');
    expect(loadPartnership(t.db, p.id)!.status).toBe('exploring');
    expect(t.db.select().from(proposals).where(eq(proposals.id, id)).get()!.state).toBe('proposed');
  });

  it('lets the only administrator approve their own proposal', async () => {
    const t = await buildTestApp();
    const admin = await signedIn(t);
    const p = exploring(t);
    const id = await propose(t, admin, p.id);
    expect((await admin.get(`/proposals/${id}`)).body).toContain('because you are the only administrator');
    expect((await admin.post(`/proposals/${id}/decision`, { outcome: 'approve' })).statusCode).toBe(303);
    expect(loadPartnership(t.db, p.id)!.status).toBe('active');
  });

  it('rejects with a reason (422 without one); the partnership stays exploring and may be proposed again', async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    const p = exploring(t);
    const id = await propose(t, coordinator, p.id);
    const admin = await signedIn(t);
    await admin.get(`/proposals/${id}`);
    const missing = await admin.post(`/proposals/${id}/decision`, { outcome: 'reject', reason: '' });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toMatch(/id="e-reason" class="field-error">Give the reason for the rejection/);
    const res = await admin.post(`/proposals/${id}/decision`, { outcome: 'reject', reason: 'Costs exceed what it gives back.' });
    expect(res.statusCode).toBe(303);
    expect(t.db.select().from(proposals).where(eq(proposals.id, id)).get()).toMatchObject({
      state: 'rejected',
      rejectionReason: 'Costs exceed what it gives back.',
    });
    expect(t.db.select({ status: partnerships.status }).from(partnerships).where(eq(partnerships.id, p.id)).get()!.status).toBe(
      'exploring',
    );
    expect((await admin.post(`/proposals/${id}/decision`, { outcome: 'approve' })).statusCode).toBe(409);
    await propose(t, coordinator, p.id);
  });

  it('only administrators decide', async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    const p = exploring(t);
    const id = await propose(t, coordinator, p.id);
    expect((await coordinator.post(`/proposals/${id}/decision`, { outcome: 'approve' })).statusCode).toBe(403);
    expect(loadPartnership(t.db, p.id)!.status).toBe('exploring');
  });
});

describe('expected and actual at the first review', () => {
  it("shows what the proposal expected beside the review's scores and verdict", async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    const p = exploring(t);
    const id = await propose(t, coordinator, p.id);
    const admin = await signedIn(t);
    await admin.get(`/proposals/${id}`);
    await admin.post(`/proposals/${id}/decision`, { outcome: 'approve' });
    // A year on (the old sessions have expired), the first review is started.
    t.clock.set('2027-11-30T10:00:00Z');
    const reviewer = await signedIn(t, 'coordinator');
    const start = await reviewer.post(`/partnerships/${p.id}/reviews`);
    expect(start.statusCode).toBe(303);
    const reviewUrl = String(start.headers.location);
    const [g1, g2] = goalIds(t, 'goal');
    const scores: Record<string, string> = { [`score_${g1}`]: '1', [`score_${g2}`]: '2', adjustment: '0' };
    for (const pr of goalIds(t, 'principle')) scores[`score_${pr}`] = '1';
    expect((await reviewer.post(reviewUrl, scores)).statusCode).toBe(303);
    const page = await reviewer.get(reviewUrl);
    expect(page.statusCode).toBe(200);
    const section = /<section id="expected-at-entry"[\s\S]*?<\/section>/.exec(page.body)![0];
    expect(section).toContain('Expected at entry');
    const goalName = t.db.select().from(goals).where(eq(goals.id, g1!)).get()!.name;
    // Goal 1: expected 3, found 1.
    expect(section).toMatch(new RegExp(`<th scope="row">${goalName}</th><td class="num">3</td><td class="num">1</td>`));
    // Value index: expected 2.8, found (1.5 + 1) / 2 = 1.3.
    expect(section).toMatch(/Value index<\/th><td class="num">2\.8<\/td><td class="num">1\.3<\/td>/);
    expect(section).toMatch(/Recommendation<\/th><td class="num">Continue<\/td>/);
  });

  it('shows no such section for a partnership entered without a proposal', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const p = makePartnership(t.db);
    const start = await client.post(`/partnerships/${p.id}/reviews`);
    const page = await client.get(String(start.headers.location));
    expect(page.body).not.toContain('Expected at entry');
  });
});
