// The sample action plans some presets start with, in the documents' own words: Hamar's action plan
// (seed 002, section 6 "Handlingsplan for internasjonalt arbeid": Mål, Tiltak, Ansvar, Kostnad) under its
// five axes, and Osloregionen's annual programme (seed 004, "Handlingsprogram", 4.3 "Aktiviteter")
// under its four areas. The documents give no costs and name no one responsible beyond Osloregionen's
// secretariat, so neither is invented here: the city fills them in.
import type { Db } from '../db/client.js';
import { actionPlans, goals, organisation, planIndicators, planMeasures } from '../db/schema.js';
import type { Framework } from './presets.js';
import { yearPeriod } from '../plans/domain.js';

export interface PresetMeasure {
  /** The goal (axis, area) it serves, exactly as the preset names it. */
  goal: string;
  title: string;
  department?: string;
  indicators?: { name: string; target: number; unit: string }[];
}

export interface PresetPlan {
  /** With {year} for the plan's year. */
  title: string;
  measures: PresetMeasure[];
}

const OSLOREGIONEN_SECRETARIAT = 'Sekretariatet i Osloregionen';

export const PRESET_PLANS: Partial<Record<Framework, PresetPlan>> = {
  hamar: {
    title: 'Handlingsplan for internasjonalt arbeid {year}',
    measures: [
      { goal: 'Globalt partnerskap og solidaritet', title: 'Internasjonal uke' },
      {
        goal: 'Tjenesteutvikling gjennom deltakelse i EU-prosjekter',
        title: 'Sette internasjonal samhandling på dagsorden som et virkemiddel i finansiering og utvikling av kommunale tjenester',
      },
      { goal: 'Vennskapsbysamarbeid', title: 'Kartlegge og støtte lag og foreningenes internasjonale arbeid' },
      { goal: 'Vennskapsbysamarbeid', title: 'Videreutvikle vertskapsrollen' },
      { goal: 'Det internasjonale samfunn i Hamar', title: 'Benytte nasjonale tilskuddsordninger' },
      { goal: 'Det internasjonale samfunn i Hamar', title: 'Festivalstøtte til Stoppested Verden' },
      {
        goal: 'Utdanning, forskning og næringsliv',
        title:
          'Etablere møteplasser og samhandlingsarenaer mellom utdannings-, forsknings- og næringslivsaktører om internasjonale prosjekter',
      },
    ],
  },
  osloregionen: {
    title: 'Handlingsprogram {year}',
    measures: [
      { goal: 'Areal og transport', title: 'Følge opp Osloregionens areal- og transportstrategi', department: OSLOREGIONEN_SECRETARIAT },
      { goal: 'Areal og transport', title: 'Gi innspill til arbeidet med Nasjonal transportplan', department: OSLOREGIONEN_SECRETARIAT },
      {
        goal: 'Areal og transport',
        title: 'Arrangere møter i faggruppen for areal, transport og klima',
        department: OSLOREGIONEN_SECRETARIAT,
        indicators: [{ name: 'Møter i faggruppen', target: 4, unit: 'møter' }],
      },
      { goal: 'Klima og miljø', title: 'Følge opp arbeidet med helhetlig plan for Oslofjorden', department: OSLOREGIONEN_SECRETARIAT },
      {
        goal: 'Klima og miljø',
        title: 'Videreutvikle nettverk for sirkulærøkonomi til en læringsarena for medlemmene',
        department: OSLOREGIONEN_SECRETARIAT,
      },
      {
        goal: 'Næringsutvikling og innovasjon',
        title: 'Arrangere møter i faggruppen Næringssamarbeidet i Osloregionen',
        department: OSLOREGIONEN_SECRETARIAT,
        indicators: [{ name: 'Møter i faggruppen', target: 2, unit: 'møter' }],
      },
      {
        goal: 'Næringsutvikling og innovasjon',
        title: 'Gjennomføre omvendt dialogkonferanse om bærekraftig digitalisering i samarbeid med IKT-Norge og LUHO',
        department: OSLOREGIONEN_SECRETARIAT,
      },
      {
        goal: 'Næringsutvikling og innovasjon',
        title: 'Gjennomføre innovasjonscamp for videregående skoler i samarbeid med Ungt Entreprenørskap',
        department: OSLOREGIONEN_SECRETARIAT,
      },
      {
        goal: 'Internasjonal profilering',
        title: 'Utarbeide en handlingsrettet fireårig strategi for internasjonal profilering',
        department: OSLOREGIONEN_SECRETARIAT,
      },
      {
        goal: 'Internasjonal profilering',
        title: 'Etablere tettere samarbeid om internasjonal profilering med Oslo Business Region og VisitOSLO',
        department: OSLOREGIONEN_SECRETARIAT,
      },
    ],
  },
};

/** The preset's sample plan for the year of `today`, under the goals just loaded. Nothing for other presets. */
export function loadPresetPlan(db: Db, framework: Framework, today: string, nowIso: string, fallbackCurrency: string): void {
  const preset = PRESET_PLANS[framework];
  if (!preset) return;
  const year = Number(today.slice(0, 4));
  const currency = db.select({ currency: organisation.currency }).from(organisation).get()?.currency ?? fallbackCurrency;
  const goalIds = new Map(
    db
      .select({ id: goals.id, name: goals.name, kind: goals.kind })
      .from(goals)
      .all()
      .filter((g) => g.kind === 'goal')
      .map((g) => [g.name, g.id]),
  );
  const plan = db
    .insert(actionPlans)
    .values({ year, title: preset.title.replace('{year}', String(year)), ...yearPeriod(year), updatedAt: nowIso })
    .returning({ id: actionPlans.id })
    .get();
  preset.measures.forEach((m, i) => {
    const goalId = goalIds.get(m.goal);
    if (goalId === undefined) throw new Error(`Preset plan measure under an unknown goal: ${m.goal}`);
    const row = db
      .insert(planMeasures)
      .values({
        planId: plan.id,
        goalId,
        title: m.title,
        department: m.department ?? '',
        currency,
        status: 'planned',
        position: i + 1,
        updatedAt: nowIso,
      })
      .returning({ id: planMeasures.id })
      .get();
    for (const ind of m.indicators ?? [])
      db.insert(planIndicators)
        .values({ measureId: row.id, ...ind })
        .run();
  });
}
