import { describe, it, expect, beforeEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn, type TestApp } from '../helpers/app.js';
import { auditLog, goals, partnershipGoals, partnerships, reviews, reviewScores } from '../../src/db/schema.js';

function goalNamed(t: TestApp, name: string) {
  return t.db.select().from(goals).where(eq(goals.name, name)).get()!;
}
function support(t: TestApp, goalId: number, n: number) {
  const ps = t.db.select().from(partnerships).limit(n).all();
  for (const p of ps) t.db.insert(partnershipGoals).values({ partnershipId: p.id, goalId }).run();
  return ps;
}

describe('goals page', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });

  it('shows the goals and principles with how many partnerships support each', async () => {
    support(t, goalNamed(t, 'Verdens bedste robotby').id, 3);
    const client = await signedIn(t, 'viewer');
    const res = await client.get('/goals');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Færre borgere er relativt fattige');
    expect(res.body).toContain('Bedre omdømme');
    expect(res.body).toMatch(/3 partnerships support it: Verdens bedste robotby">3</);
    expect(res.body).not.toContain('Add goal or principle');
  });

  it('adds a goal at the end, audited, and re-renders with 422 when the name is missing', async () => {
    const client = await signedIn(t, 'coordinator');
    const bad = await client.htmx('/goals', { kind: 'goal', name: ' ' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('id="goal-form"');
    expect(bad.body).toMatch(/id="e-name"[^>]*>This field is required/);
    const res = await client.post('/goals', { kind: 'goal', name: 'Grøn omstilling', description: 'Ny' });
    expect(res.statusCode).toBe(303);
    const g = goalNamed(t, 'Grøn omstilling');
    expect(g.position).toBe(11);
    expect(t.db.select().from(auditLog).where(eq(auditLog.entityType, 'goal')).all()).toHaveLength(1);
  });

  it('edits a goal', async () => {
    const client = await signedIn(t, 'coordinator');
    const g = goalNamed(t, 'Et sundere Odense');
    expect((await client.get(`/goals/${g.id}/edit`)).body).toContain('value="Et sundere Odense"');
    expect((await client.post(`/goals/${g.id}`, { kind: 'goal', name: 'Et sundere Odense 2030' })).statusCode).toBe(303);
    expect(goalNamed(t, 'Et sundere Odense 2030').id).toBe(g.id);
    expect((await client.post(`/goals/${g.id}`, { kind: 'nonsense', name: 'x' })).statusCode).toBe(422);
  });

  it('deletes an unused goal at once, and asks first, saying how many, for a supported one', async () => {
    const client = await signedIn(t, 'coordinator');
    const unused = goalNamed(t, 'Byudvikling med kvalitet');
    expect((await client.post(`/goals/${unused.id}/delete`)).statusCode).toBe(303);
    expect(t.db.select().from(goals).where(eq(goals.id, unused.id)).get()).toBeUndefined();

    const used = goalNamed(t, 'En storby i vækst');
    support(t, used.id, 2);
    const ask = await client.post(`/goals/${used.id}/delete`);
    expect(ask.statusCode).toBe(409);
    expect(ask.body).toContain('2 partnerships support &quot;En storby i vækst&quot;');
    expect((await client.get(`/goals/${used.id}/delete`)).body).toContain('name="confirmed" value="1"');
    const done = await client.post(`/goals/${used.id}/delete`, { confirmed: '1' });
    expect(done.statusCode).toBe(303);
    expect(t.db.select().from(partnershipGoals).where(eq(partnershipGoals.goalId, used.id)).all()).toHaveLength(0);
  });

  it('keeps a goal that reviews scored against', async () => {
    const client = await signedIn(t, 'coordinator');
    const g = goalNamed(t, 'Et sundere Odense');
    const p = t.db.select().from(partnerships).get()!;
    const r = t.db
      .insert(reviews)
      .values({ partnershipId: p.id, periodStartOn: '2025-01-01', periodEndOn: '2025-12-31', state: 'draft' })
      .returning()
      .get();
    t.db.insert(reviewScores).values({ reviewId: r.id, goalId: g.id, score: 3 }).run();
    const res = await client.post(`/goals/${g.id}/delete`, { confirmed: '1' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('It cannot be deleted');
    expect(goalNamed(t, 'Et sundere Odense')).toBeDefined();
  });

  it('answers 404 and 403 where it should', async () => {
    const coord = await signedIn(t, 'coordinator');
    expect((await coord.get('/goals/9999/edit')).statusCode).toBe(404);
    expect((await coord.post('/goals/9999', { kind: 'goal', name: 'x' })).statusCode).toBe(404);
    expect((await coord.post('/goals/9999/delete')).statusCode).toBe(404);
    const contributor = await signedIn(t, 'contributor');
    expect((await contributor.post('/goals', { kind: 'goal', name: 'x' })).statusCode).toBe(403);
    expect((await contributor.post(`/goals/${goalNamed(t, 'Et sundere Odense').id}/delete`)).statusCode).toBe(403);
  });
});
