import { describe, it, expect, beforeEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn, type TestApp } from '../helpers/app.js';
import { frameworkVersions, goals, partnerships, reviewScores, reviews } from '../../src/db/schema.js';
import { reviewFramework } from '../../src/goals/versions.js';

function reviewMadeOn(t: TestApp, createdAt: string) {
  const p = t.db.select().from(partnerships).get()!;
  return t.db
    .insert(reviews)
    .values({ partnershipId: p.id, periodStartOn: '2025-01-01', periodEndOn: '2025-12-31', state: 'draft', createdAt })
    .returning()
    .get();
}

const names = (list: { name: string }[]) => list.map((g) => g.name);

describe('versions of the framework', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });

  it('keeps the goals an old review was made under after a revision changes them', async () => {
    const before = names(t.db.select().from(goals).where(eq(goals.kind, 'goal')).all());
    const old = reviewMadeOn(t, '2026-03-01T09:00:00.000Z');
    expect(t.db.select().from(reviews).where(eq(reviews.id, old.id)).get()!.frameworkVersionId).toBeNull();

    const client = await signedIn(t, 'coordinator');
    const res = await client.post('/goals/versions', { startsOn: '2027-01-01', note: 'Council period 2026-2029' });
    expect(res.statusCode).toBe(303);
    const versions = t.db.select().from(frameworkVersions).all();
    expect(versions.map((v) => v.startsOn)).toEqual(['2026-03-01', '2027-01-01']);
    // The first version reaches back to the first review, which is stamped with it.
    expect(t.db.select().from(reviews).where(eq(reviews.id, old.id)).get()!.frameworkVersionId).toBe(versions[0]!.id);

    // The revision: a goal renamed, one added.
    const first = t.db.select().from(goals).where(eq(goals.name, before[0]!)).get()!;
    await client.post(`/goals/${first.id}`, { kind: 'goal', name: 'Renamed goal' });
    await client.post('/goals', { kind: 'goal', name: 'A new goal' });

    const oldView = reviewFramework(t.db, old.id);
    expect(oldView.version?.number).toBe(1);
    expect(names(oldView.framework.goals)).toEqual(before);
    expect(names(oldView.framework.principles)).toContain('Bedre omdømme');

    // A review made once the new version is in force is stamped with it and sees the goals as they are.
    const fresh = reviewMadeOn(t, '2027-02-01T09:00:00.000Z');
    expect(t.db.select().from(reviews).where(eq(reviews.id, fresh.id)).get()!.frameworkVersionId).toBe(versions[1]!.id);
    const freshView = reviewFramework(t.db, fresh.id);
    expect(names(freshView.framework.goals)).toContain('Renamed goal');
    expect(names(freshView.framework.goals)).toContain('A new goal');
    expect(names(freshView.framework.goals)).not.toContain(before[0]);

    // A second revision keeps version 2 as it stood, renamed goal included.
    expect((await client.post('/goals/versions', { startsOn: '2031-01-01', note: '' })).statusCode).toBe(303);
    expect(names(reviewFramework(t.db, fresh.id).framework.goals)).toContain('Renamed goal');
    expect(names(reviewFramework(t.db, old.id).framework.goals)).toEqual(before);
  });

  it('shows a signed review with the goal names of the version it was made under, and says which', async () => {
    const old = reviewMadeOn(t, '2026-03-01T09:00:00.000Z');
    const goal = t.db.select().from(goals).where(eq(goals.kind, 'goal')).get()!;
    t.db.insert(reviewScores).values({ reviewId: old.id, goalId: goal.id, score: 3, evidence: 'Two joint projects' }).run();
    t.db.update(reviews).set({ state: 'signed', signedAt: '2026-03-20T09:00:00.000Z' }).where(eq(reviews.id, old.id)).run();
    const client = await signedIn(t, 'coordinator');
    await client.post('/goals/versions', { startsOn: '2027-01-01', note: '' });
    await client.post(`/goals/${goal.id}`, { kind: 'goal', name: 'Renamed goal' });

    const page = (await client.get(`/reviews/${old.id}`)).body;
    expect(page).toContain(goal.name);
    expect(page).not.toContain('Renamed goal');
    expect(page).toMatch(/Made under <a href="\/goals\/versions\/\d+">framework version 1, from/);

    // A review in the version in force reads the goals as they are, with no version line.
    const fresh = reviewMadeOn(t, '2027-02-01T09:00:00.000Z');
    t.db.insert(reviewScores).values({ reviewId: fresh.id, goalId: goal.id, score: 2, evidence: '' }).run();
    t.db.update(reviews).set({ state: 'signed', signedAt: '2027-03-01T09:00:00.000Z' }).where(eq(reviews.id, fresh.id)).run();
    const current = (await client.get(`/reviews/${fresh.id}`)).body;
    expect(current).toContain('Renamed goal');
    expect(current).not.toContain('Made under');
  });

  it('shows the history of versions on the goals page and each version’s contents', async () => {
    const client = await signedIn(t, 'coordinator');
    expect((await client.get('/goals')).body).toContain('The framework has not been revised yet');
    await client.post('/goals/versions', { startsOn: '2027-01-01', note: 'Council period 2026-2029' });
    const page = (await client.get('/goals')).body;
    expect(page).toMatch(/Version 2<\/a> \(current\)/);
    expect(page).toContain('Council period 2026-2029');
    const v1 = t.db.select().from(frameworkVersions).get()!;
    const shown = await (await signedIn(t, 'viewer')).get(`/goals/versions/${v1.id}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Verdens bedste robotby');
  });

  it('refuses a version that does not start after the one in force, with 422 beside the date', async () => {
    const client = await signedIn(t, 'coordinator');
    await client.post('/goals/versions', { startsOn: '2027-01-01', note: '' });
    const res = await client.post('/goals/versions', { startsOn: '2026-12-31', note: 'Too early' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="e-startsOn" class="field-error">The new version must start after the current one/);
    expect(res.body).toContain('value="Too early"');
    expect(t.db.select().from(frameworkVersions).all()).toHaveLength(2);
    const viewer = await signedIn(t, 'viewer');
    expect((await viewer.post('/goals/versions', { startsOn: '2030-01-01' })).statusCode).toBe(403);
  });
});
