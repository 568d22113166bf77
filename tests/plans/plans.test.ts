import { describe, it, expect, beforeEach } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { buildTestApp, signedIn, type TestApp } from '../helpers/app.js';
import { actionPlans, goals, partnerships, planIndicators, planMeasurePartnerships, planMeasures } from '../../src/db/schema.js';

const goalList = (t: TestApp) => t.db.select().from(goals).where(eq(goals.kind, 'goal')).orderBy(asc(goals.position)).all();

async function planFor(t: TestApp, year = 2026) {
  const client = await signedIn(t, 'coordinator');
  const res = await client.post('/plans', { year, title: `Handlingsplan ${year}`, startsOn: `${year}-01-01`, endsOn: `${year}-12-31` });
  expect(res.statusCode).toBe(303);
  const plan = t.db.select().from(actionPlans).where(eq(actionPlans.year, year)).get()!;
  return { client, plan };
}

const measure = (goalId: number, over: Record<string, string | string[]> = {}) => ({
  goalId: String(goalId),
  title: 'Study trip',
  department: 'Borgmesterforvaltningen',
  responsible: 'Mette',
  cost: '1.000,50',
  startsOn: '2026-03-01',
  endsOn: '2026-06-30',
  status: 'planned',
  ...over,
});

describe('action plans', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp({ setup: { locale: 'da' } });
  });

  it('suggests a title for next year’s plan with the year filled in, in Danish', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    const page = (await coordinator.get('/plans')).body;
    const year = String(Number(t.clock.now().toISOString().slice(0, 4)) + 1);
    expect(page).toContain(`For eksempel &quot;Handlingsplan ${year}&quot;`);
    expect(page).not.toContain('{year}');
  });

  it('lets everyone signed in read a plan, and only coordinators change it', async () => {
    const { plan } = await planFor(t);
    const viewer = await signedIn(t, 'viewer');
    expect((await viewer.get('/plans')).statusCode).toBe(200);
    expect((await viewer.get(`/plans/${plan.id}`)).statusCode).toBe(200);
    expect((await viewer.post(`/plans/${plan.id}/measures`, measure(goalList(t)[0]!.id))).statusCode).toBe(403);
    const contributor = await signedIn(t, 'contributor');
    expect((await contributor.post('/plans', { year: 2030, title: 'x', startsOn: '2030-01-01', endsOn: '2030-12-31' })).statusCode).toBe(
      403,
    );
  });

  it('shows measures grouped by goal with totals per goal and for the plan, amounts read the Danish way', async () => {
    const { client, plan } = await planFor(t);
    const [g1, g2] = goalList(t);
    await client.post(`/plans/${plan.id}/measures`, measure(g1!.id, { title: 'Robot week', cost: '1.000,50' }));
    await client.post(`/plans/${plan.id}/measures`, measure(g1!.id, { title: 'Twin city visit', cost: '2.000' }));
    await client.post(`/plans/${plan.id}/measures`, measure(g2!.id, { title: 'Health summit', cost: '500', status: 'done' }));
    await client.post(`/plans/${plan.id}/measures`, measure(g2!.id, { title: 'Cancelled fair', cost: '9.999', status: 'dropped' }));
    const costs = t.db
      .select({ title: planMeasures.title, costMinor: planMeasures.costMinor, currency: planMeasures.currency })
      .from(planMeasures)
      .all();
    expect(costs).toContainEqual({ title: 'Robot week', costMinor: 100050, currency: 'DKK' });
    const page = (await client.get(`/plans/${plan.id}`)).body;
    // Goal 1 heads its group before goal 2, with its own total; the plan's total leaves the dropped measure out.
    expect(page.indexOf(g1!.name)).toBeLessThan(page.indexOf(g2!.name));
    expect(page).toMatch(/I alt, [^<]+<\/th><td><\/td><td class="num">3\.000,50\skr\.</);
    expect(page).toMatch(/id="plan-total">3\.500,50\skr\.</);
    expect(page).toContain('4 indsatser');
  });

  it('edits a measure in place: the row becomes its form, and a save answers the whole table with new totals', async () => {
    const { client, plan } = await planFor(t);
    const g = goalList(t)[0]!;
    await client.post(`/plans/${plan.id}/measures`, measure(g.id, { cost: '100' }));
    const m = t.db.select().from(planMeasures).get()!;
    const row = await client.get(`/plans/${plan.id}/measures/${m.id}/edit`, { 'hx-request': 'true' });
    expect(row.statusCode).toBe(200);
    expect(row.body).toMatch(/^\s*<tr id="m-\d+" class="editing">/);
    expect(row.body).toContain('value="100"');
    const saved = await client.htmx(`/plans/${plan.id}/measures/${m.id}`, measure(g.id, { cost: '250', status: 'in_progress' }));
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toMatch(/^\s*<section id="plan-section"/);
    expect(saved.body).toMatch(/id="plan-total">250,00\skr\.</);
    expect(saved.body).toContain('I gang');
    expect(t.db.select().from(planMeasures).get()).toMatchObject({ costMinor: 25000, status: 'in_progress' });
  });

  it('refuses a measure outside the plan period with 422, the error beside the field and the input kept', async () => {
    const { client, plan } = await planFor(t);
    const g = goalList(t)[0]!;
    const res = await client.htmx(`/plans/${plan.id}/measures`, measure(g.id, { title: 'Late trip', endsOn: '2027-02-01' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="f-e-endsOn" class="field-error">Datoen ligger uden for planens periode/);
    expect(res.body).toContain('value="Late trip"');
    expect(res.body).toContain('value="2027-02-01"');
    expect(t.db.select().from(planMeasures).all()).toHaveLength(0);
    // The same rule holds in place, answered as the row.
    await client.post(`/plans/${plan.id}/measures`, measure(g.id));
    const m = t.db.select().from(planMeasures).get()!;
    const row = await client.htmx(`/plans/${plan.id}/measures/${m.id}`, measure(g.id, { startsOn: '2025-12-01' }));
    expect(row.statusCode).toBe(422);
    expect(row.body).toMatch(new RegExp(`id="m${m.id}-e-startsOn" class="field-error">Datoen ligger uden for`));
    expect(row.body).toContain('value="2025-12-01"');
  });

  it('keeps indicators with progress, and refuses an actual without a unit with 422 beside the unit', async () => {
    const { client, plan } = await planFor(t);
    await client.post(`/plans/${plan.id}/measures`, measure(goalList(t)[0]!.id, { status: 'in_progress', endsOn: '2026-12-31' }));
    const m = t.db.select().from(planMeasures).get()!;
    const bad = await client.htmx(`/plans/${plan.id}/measures/${m.id}/indicators`, { name: 'Besøg', target: '10', actual: '4', unit: '' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="new-unit-e" class="field-error">Angiv den enhed/);
    expect(bad.body).toContain('value="Besøg"');
    expect(t.db.select().from(planIndicators).all()).toHaveLength(0);
    const ok = await client.htmx(`/plans/${plan.id}/measures/${m.id}/indicators`, {
      name: 'Besøg',
      target: '10',
      actual: '',
      unit: 'besøg',
    });
    expect(ok.statusCode).toBe(200);
    const i = t.db.select().from(planIndicators).get()!;
    // In progress with no actual yet: listed as without progress.
    expect((await client.get(`/plans/${plan.id}`)).body).toMatch(/Ingen fremdrift[\s\S]*Study trip/);
    const upd = await client.htmx(`/plans/${plan.id}/measures/${m.id}/indicators/${i.id}`, {
      name: 'Besøg',
      target: '10',
      actual: '4',
      unit: 'besøg',
    });
    expect(upd.body).toContain('Fremdrift: 40 %');
    expect(t.db.select().from(planIndicators).get()).toMatchObject({ target: 10, actual: 4, unit: 'besøg' });
    expect((await client.get(`/plans/${plan.id}`)).body).not.toContain('Ingen fremdrift');
  });

  it('copies a plan to the next year with the measures not done, and refuses to copy onto a year that has a plan', async () => {
    const { client, plan } = await planFor(t);
    const g = goalList(t)[0]!;
    const p = t.db.select().from(partnerships).get()!;
    await client.post(
      `/plans/${plan.id}/measures`,
      measure(g.id, { title: 'Open one', status: 'in_progress', partnershipIds: [String(p.id)] }),
    );
    await client.post(`/plans/${plan.id}/measures`, measure(g.id, { title: 'Finished', status: 'done' }));
    await client.post(`/plans/${plan.id}/measures`, measure(g.id, { title: 'Given up', status: 'dropped' }));
    const open = t.db.select().from(planMeasures).where(eq(planMeasures.title, 'Open one')).get()!;
    await client.post(`/plans/${plan.id}/measures/${open.id}/indicators`, { name: 'Besøg', target: '5', actual: '3', unit: 'besøg' });

    const res = await client.post(`/plans/${plan.id}/copy`);
    expect(res.statusCode).toBe(303);
    const next = t.db.select().from(actionPlans).where(eq(actionPlans.year, 2027)).get()!;
    expect(next).toMatchObject({ title: 'Handlingsplan 2027', startsOn: '2027-01-01', endsOn: '2027-12-31', copiedFromId: plan.id });
    const carried = t.db.select().from(planMeasures).where(eq(planMeasures.planId, next.id)).all();
    expect(carried).toHaveLength(1);
    expect(carried[0]).toMatchObject({
      title: 'Open one',
      startsOn: '2027-03-01',
      endsOn: '2027-06-30',
      carriedFromId: open.id,
      costMinor: 100050,
    });
    expect(t.db.select().from(planIndicators).where(eq(planIndicators.measureId, carried[0]!.id)).all()).toMatchObject([
      { name: 'Besøg', target: 5, actual: null, unit: 'besøg' },
    ]);
    expect(t.db.select().from(planMeasurePartnerships).where(eq(planMeasurePartnerships.measureId, carried[0]!.id)).all()).toHaveLength(1);
    expect((await client.get(`/plans/${next.id}`)).body).toContain('Overført fra 2026, ikke gennemført dér');

    const again = await client.post(`/plans/${plan.id}/copy`);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Der er allerede en handlingsplan for 2027: intet er kopieret.');
    expect(again.body).toContain(`href="/plans/${next.id}"`);
    expect(t.db.select().from(actionPlans).all()).toHaveLength(2);
    expect(t.db.select().from(planMeasures).where(eq(planMeasures.planId, next.id)).all()).toHaveLength(1);
  });

  it('refuses a second plan for the same year with 422 beside the year', async () => {
    const { client } = await planFor(t);
    const res = await client.htmx('/plans', { year: '2026', title: 'Again', startsOn: '2026-01-01', endsOn: '2026-12-31' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="e-year" class="field-error">Der er allerede en handlingsplan for 2026/);
    expect(res.body).toContain('value="Again"');
  });

  it('saves the links on the measure page, keeps them when the row is edited in place, and deletes a measure', async () => {
    const { client, plan } = await planFor(t);
    const g = goalList(t)[0]!;
    const [p1, p2] = t.db.select().from(partnerships).limit(2).all();
    await client.post(`/plans/${plan.id}/measures`, measure(g.id));
    const m = t.db.select().from(planMeasures).get()!;
    const page = await client.get(`/plans/${plan.id}/measures/${m.id}`);
    expect(page.body).toContain(`<option value="${p1!.id}">`);
    const saved = await client.post(
      `/plans/${plan.id}/measures/${m.id}`,
      measure(g.id, { links: '1', partnershipIds: [String(p1!.id), String(p2!.id)] }),
    );
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/plans/${plan.id}/measures/${m.id}`);
    const linked = () =>
      t.db
        .select()
        .from(planMeasurePartnerships)
        .where(eq(planMeasurePartnerships.measureId, m.id))
        .all()
        .map((l) => l.partnershipId)
        .sort();
    expect(linked()).toEqual([p1!.id, p2!.id].sort());
    await client.htmx(`/plans/${plan.id}/measures/${m.id}`, measure(g.id, { title: 'Renamed' }));
    expect(linked()).toEqual([p1!.id, p2!.id].sort());
    expect((await client.get(`/plans/${plan.id}`)).body).toContain(`class="tag" href="/partnerships/${p1!.id}"`);
    expect((await client.post(`/plans/${plan.id}/measures/${m.id}/delete`)).statusCode).toBe(303);
    expect(t.db.select().from(planMeasures).all()).toEqual([]);
    expect(linked()).toEqual([]);
  });

  it('keeps a goal that measures are filed under, saying why', async () => {
    const { client, plan } = await planFor(t);
    const g = goalList(t).at(-1)!;
    await client.post(`/plans/${plan.id}/measures`, measure(g.id));
    const res = await client.post(`/goals/${g.id}/delete`, { confirmed: '1' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Det kan ikke slettes: 1 indsats i en handlingsplan hører under det.');
    expect(t.db.select().from(goals).where(eq(goals.id, g.id)).get()).toBeDefined();
  });
});
