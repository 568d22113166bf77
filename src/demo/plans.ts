// Demo data: an action plan for this year and the last, under the framework's goals. A preset that
// loaded a sample plan (Hamar, Osloregionen) gets it filled in: who is responsible, estimated costs,
// statuses and indicator actuals; other frameworks get two measures per goal. Last year's plan has
// most measures done, so copying and the annual report have something to show.
import { and, asc, eq } from 'drizzle-orm';
import { inTransaction } from '../db/client.js';
import {
  actionPlans,
  goals,
  organisation,
  partnerships,
  planIndicators,
  planMeasurePartnerships,
  planMeasures,
  users,
} from '../db/schema.js';
import { todayIn } from '../lib/dates.js';
import { MEASURE_STATUSES } from '../lib/words.js';
import { yearPeriod } from '../plans/domain.js';
import type { DemoContext } from './index.js';

/** Per locale: the plan's title, two kinds of measure, an indicator's name. */
const WORDS: Record<string, { plan: string; measures: [string, string]; indicator: string }> = {
  en: { plan: 'Action plan', measures: ['Study visit on', 'Conference on'], indicator: 'Participants' },
  da: { plan: 'Handlingsplan', measures: ['Studietur om', 'Konference om'], indicator: 'Deltagere' },
  nb: { plan: 'Handlingsplan', measures: ['Studietur om', 'Konferanse om'], indicator: 'Deltakere' },
  sv: { plan: 'Handlingsplan', measures: ['Studieresa om', 'Konferens om'], indicator: 'Deltagare' },
};

export function fillPlans(ctx: DemoContext): void {
  const { db, random: r, now } = ctx;
  inTransaction(db, () => {
    const org = db.select().from(organisation).get()!;
    const nowIso = now.toISOString();
    const year = Number(todayIn(org.timeZone, now).slice(0, 4));
    const goalRows = db.select().from(goals).where(eq(goals.kind, 'goal')).orderBy(asc(goals.position)).all();
    if (goalRows.length === 0) return;
    const team = db.select({ name: users.name, department: users.department }).from(users).where(eq(users.active, true)).all();
    const ships = db.select({ id: partnerships.id }).from(partnerships).where(eq(partnerships.status, 'active')).limit(40).all();
    const words = WORDS[org.locale] ?? WORDS.en!;

    const ensurePlan = (y: number) => {
      const existing = db.select().from(actionPlans).where(eq(actionPlans.year, y)).get();
      if (existing) return existing.id;
      const title = `${words.plan} ${y}`;
      return db
        .insert(actionPlans)
        .values({ year: y, title, ...yearPeriod(y), updatedAt: nowIso })
        .returning({ id: actionPlans.id })
        .get().id;
    };

    for (const [y, past] of [
      [year - 1, true],
      [year, false],
    ] as const) {
      const planId = ensurePlan(y);
      let measures = db.select().from(planMeasures).where(eq(planMeasures.planId, planId)).all();
      if (measures.length === 0) {
        goalRows.forEach((g, gi) => {
          for (const [k, word] of words.measures.entries()) {
            db.insert(planMeasures)
              .values({
                planId,
                goalId: g.id,
                title: `${word} ${g.name.toLowerCase()}`,
                currency: org.currency,
                status: 'planned',
                position: k + 1,
                startsOn: `${y}-${String(((gi * 2 + k) % 10) + 2).padStart(2, '0')}-01`,
                endsOn: `${y}-${String(((gi * 2 + k) % 10) + 3).padStart(2, '0')}-28`,
                updatedAt: nowIso,
              })
              .run();
          }
        });
        measures = db.select().from(planMeasures).where(eq(planMeasures.planId, planId)).all();
      }
      for (const m of measures) {
        const who = team.length > 0 ? team[r.int(0, team.length - 1)]! : null;
        const status = past ? (r.chance(0.75) ? 'done' : r.chance(0.5) ? 'dropped' : 'in_progress') : MEASURE_STATUSES[r.int(0, 2)]!;
        db.update(planMeasures)
          .set({
            costMinor: m.costMinor ?? r.int(5, 120) * 1_000_00,
            responsible: m.responsible || (who?.name ?? ''),
            department: m.department || (who?.department ?? ''),
            status,
            updatedAt: nowIso,
          })
          .where(eq(planMeasures.id, m.id))
          .run();
        const indicators = db.select().from(planIndicators).where(eq(planIndicators.measureId, m.id)).all();
        if (indicators.length === 0) {
          const target = r.int(2, 12);
          db.insert(planIndicators)
            .values({ measureId: m.id, name: words.indicator, target: target * 10, unit: '#', actual: null })
            .run();
        }
        for (const i of db.select().from(planIndicators).where(eq(planIndicators.measureId, m.id)).all()) {
          if (status === 'planned' || i.target === null) continue;
          db.update(planIndicators)
            .set({ actual: Math.round((i.target * (status === 'done' ? r.int(80, 130) : r.int(10, 70))) / 100) })
            .where(eq(planIndicators.id, i.id))
            .run();
        }
        if (ships.length > 0 && r.chance(0.5)) {
          const partnershipId = ships[r.int(0, ships.length - 1)]!.id;
          const linked = db
            .select()
            .from(planMeasurePartnerships)
            .where(and(eq(planMeasurePartnerships.measureId, m.id), eq(planMeasurePartnerships.partnershipId, partnershipId)))
            .get();
          if (!linked) db.insert(planMeasurePartnerships).values({ measureId: m.id, partnershipId }).run();
        }
      }
    }
  });
}
