import { describe, it, expect } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { buildTestApp, freshDatabase } from '../helpers/app.js';
import { actionPlans, goals, planIndicators, planMeasures } from '../../src/db/schema.js';
import { generateDemo } from '../../src/demo/index.js';
import { annualReport } from '../../src/plans/report.js';
import type { Db } from '../../src/db/client.js';

function planOf(db: Db) {
  const plan = db.select().from(actionPlans).get();
  const measures = db
    .select({ title: planMeasures.title, goal: goals.name, department: planMeasures.department, costMinor: planMeasures.costMinor })
    .from(planMeasures)
    .innerJoin(goals, eq(goals.id, planMeasures.goalId))
    .orderBy(asc(planMeasures.id))
    .all();
  return { plan, measures };
}

describe('preset action plans', () => {
  it('gives Hamar a sample action plan for the year under each of its five axes, in the document’s words', async () => {
    const t = await buildTestApp({ setup: { framework: 'hamar', locale: 'nb', currency: 'NOK', timeZone: 'Europe/Oslo' } });
    const { plan, measures } = planOf(t.db);
    expect(plan).toMatchObject({
      year: 2026,
      title: 'Handlingsplan for internasjonalt arbeid 2026',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
    });
    const axes = t.db
      .select({ name: goals.name })
      .from(goals)
      .where(eq(goals.kind, 'goal'))
      .all()
      .map((g) => g.name);
    expect(axes).toHaveLength(5);
    expect(new Set(measures.map((m) => m.goal))).toEqual(new Set(axes));
    expect(measures).toContainEqual({
      title: 'Internasjonal uke',
      goal: 'Globalt partnerskap og solidaritet',
      department: '',
      costMinor: null,
    });
    expect(measures.map((m) => m.title)).toContain('Festivalstøtte til Stoppested Verden');
  });

  it('gives Osloregionen an annual programme under its four areas, with the secretariat responsible', async () => {
    const t = await buildTestApp({ setup: { framework: 'osloregionen', locale: 'nb', currency: 'NOK', timeZone: 'Europe/Oslo' } });
    const { plan, measures } = planOf(t.db);
    expect(plan!.title).toBe('Handlingsprogram 2026');
    expect(new Set(measures.map((m) => m.goal))).toEqual(
      new Set(['Areal og transport', 'Klima og miljø', 'Næringsutvikling og innovasjon', 'Internasjonal profilering']),
    );
    expect(measures.every((m) => m.department === 'Sekretariatet i Osloregionen')).toBe(true);
    expect(
      t.db.select({ name: planIndicators.name, target: planIndicators.target, unit: planIndicators.unit }).from(planIndicators).all(),
    ).toContainEqual({
      name: 'Møter i faggruppen',
      target: 4,
      unit: 'møter',
    });
  });

  it('loads no plan for a framework whose document has none', async () => {
    const t = await buildTestApp();
    expect(t.db.select().from(actionPlans).all()).toEqual([]);
  });
});

describe('demo plans', () => {
  const now = new Date('2026-11-24T10:00:00Z');
  it.each(['odense', 'hamar'] as const)('fills this year’s and last year’s plan for %s, costs and indicators included', (framework) => {
    const db = freshDatabase();
    generateDemo(db, { framework, size: 'small', seed: 1, now });
    const plans = db.select().from(actionPlans).orderBy(asc(actionPlans.year)).all();
    expect(plans.map((p) => p.year)).toEqual([2025, 2026]);
    const measures = db.select().from(planMeasures).all();
    expect(measures.every((m) => m.costMinor !== null && m.costMinor > 0)).toBe(true);
    expect(measures.filter((m) => m.planId === plans[0]!.id).some((m) => m.status === 'done')).toBe(true);
    const report = annualReport(db, 2026, db.$client.prepare('select currency from organisation').pluck().get() as string);
    expect(report.estimateMinor).toBe(
      measures.filter((m) => m.planId === plans[1]!.id && m.status !== 'dropped').reduce((s, m) => s + m.costMinor!, 0),
    );
    expect(report.goals.some((g) => g.measures.length > 0)).toBe(true);
  });
});
