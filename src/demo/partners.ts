// Demo data: the organisation (from the chosen preset, when missing), a team of users with
// departments, and a portfolio of partners and partnerships in every kind and status.
// Deterministic: everything random comes from ctx.random. Raw prepared statements inside one
// transaction keep the large size (about 10,000 partners) to seconds.
import { hashSync } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import { inTransaction } from '../db/client.js';
import { goals, organisation, users } from '../db/schema.js';
import { loadOrganisation } from '../settings/queries.js';
import { recordAudit } from '../audit/record.js';
import { addDays, daysBetween, todayIn } from '../lib/dates.js';
import { PRESETS, type Framework } from '../setup/presets.js';
import { loadPreset } from '../setup/queries.js';
import { agreementTypeForKind, type Status } from '../partnerships/domain.js';
import type { Random } from './random.js';
import type { DemoContext } from './index.js';

export const DEMO_ADMIN_EMAIL = 'demo@example.org';
export const DEMO_PASSWORD = 'demo partnerships 2026';

const ORG_NAMES: Record<Framework, string> = {
  odense: 'Odense Kommune',
  oslo: 'Oslo kommune',
  stockholm: 'Stockholms stad',
  hamar: 'Hamar kommune',
  osloregionen: 'Osloregionen',
  blank: 'Demo City',
};

const DEPARTMENTS: Record<'en' | 'da' | 'nb' | 'sv', string[]> = {
  da: ['Borgmesterforvaltningen', 'Børn og Unge', 'Beskæftigelse og Sociale', 'By- og Kultur', 'Ældre og Handicap'],
  nb: [
    'Byrådsavdeling for næring og eierskap',
    'Byrådsavdeling for oppvekst og kunnskap',
    'Byrådsavdeling for miljø og samferdsel',
    'Byrådsavdeling for kultur og idrett',
    'Byrådsavdeling for helse',
  ],
  sv: ['Stadsledningskontoret', 'Utbildningsförvaltningen', 'Miljöförvaltningen', 'Kulturförvaltningen', 'Socialförvaltningen'],
  en: ["Mayor's Office", 'Children and Education', 'Employment and Social Affairs', 'Urban Development and Culture', 'Health and Care'],
};

const PEOPLE = [
  ['Mette Kragh', 'coordinator'],
  ['Lars Holm', 'coordinator'],
  ['Sofie Lund', 'contributor'],
  ['Jonas Berg', 'contributor'],
  ['Amira Haddad', 'contributor'],
  ['Erik Dahl', 'viewer'],
] as const;

/** Cities that plausibly partner with a Nordic city: [name, country]. Letters as the cities write them. */
const CITIES: [string, string][] = [
  ['Aarhus', 'DK'],
  ['Aalborg', 'DK'],
  ['Esbjerg', 'DK'],
  ['Bergen', 'NO'],
  ['Stavanger', 'NO'],
  ['Tromsø', 'NO'],
  ['Göteborg', 'SE'],
  ['Malmö', 'SE'],
  ['Umeå', 'SE'],
  ['Uppsala', 'SE'],
  ['Turku', 'FI'],
  ['Oulu', 'FI'],
  ['Espoo', 'FI'],
  ['Reykjavík', 'IS'],
  ['Akureyri', 'IS'],
  ['Tórshavn', 'FO'],
  ['Nuuk', 'GL'],
  ['Tallinn', 'EE'],
  ['Tartu', 'EE'],
  ['Rīga', 'LV'],
  ['Vilnius', 'LT'],
  ['Gdańsk', 'PL'],
  ['Kraków', 'PL'],
  ['Wrocław', 'PL'],
  ['Hamburg', 'DE'],
  ['Kiel', 'DE'],
  ['Rostock', 'DE'],
  ['Lübeck', 'DE'],
  ['Leipzig', 'DE'],
  ['München', 'DE'],
  ['Utrecht', 'NL'],
  ['Eindhoven', 'NL'],
  ['Gent', 'BE'],
  ['Leuven', 'BE'],
  ['Lille', 'FR'],
  ['Nantes', 'FR'],
  ['Bordeaux', 'FR'],
  ['Bilbao', 'ES'],
  ['València', 'ES'],
  ['Porto', 'PT'],
  ['Bologna', 'IT'],
  ['Torino', 'IT'],
  ['Graz', 'AT'],
  ['Linz', 'AT'],
  ['Zürich', 'CH'],
  ['Ljubljana', 'SI'],
  ['Zagreb', 'HR'],
  ['Plzeň', 'CZ'],
  ['Košice', 'SK'],
  ['Debrecen', 'HU'],
  ['Cluj-Napoca', 'RO'],
  ['Plovdiv', 'BG'],
  ['Thessaloniki', 'GR'],
  ['Lviv', 'UA'],
  ['Edinburgh', 'GB'],
  ['Manchester', 'GB'],
  ['Cork', 'IE'],
  ['Galway', 'IE'],
  ['Portland', 'US'],
  ['Minneapolis', 'US'],
  ['Seattle', 'US'],
  ['Toronto', 'CA'],
  ['Suzhou', 'CN'],
  ['Sapporo', 'JP'],
  ['Busan', 'KR'],
  ['Kisumu', 'KE'],
  ['Arusha', 'TZ'],
  ['Durban', 'ZA'],
  ['Curitiba', 'BR'],
  ['Medellín', 'CO'],
];

const NETWORKS: [string, string, string][] = [
  ['Energy Cities', 'FR', 'Climate, Energy transition'],
  ['Union of the Baltic Cities', 'PL', 'Sustainable cities, Youth'],
  ['Covenant of Mayors for Climate & Energy', 'BE', 'Climate adaptation'],
  ['WHO European Healthy Cities Network', 'DK', 'Health equity'],
  ['Nordic Capitals Cooperation', 'NO', 'Urban development'],
  ['POLIS – Cities and Regions for Transport Innovation', 'BE', 'Mobility'],
  ['Intercultural Cities Programme', 'FR', 'Inclusion'],
  ['CIVITAS', 'BE', 'Clean transport'],
  ['Council of European Municipalities and Regions', 'BE', 'EU policy'],
  ['Global Covenant of Mayors', '', 'Climate data'],
  ['Strong Cities Network', 'GB', 'Social cohesion'],
  ['Age-friendly Cities Network', '', 'Elderly care'],
];
const REGIONAL_OFFICES: [string, string][] = [
  ['Syddansk EU-kontor (SDEO)', 'BE'],
  ['Osloregionens Europakontor (ORE)', 'BE'],
  ['Stockholmsregionens Europakontor', 'BE'],
  ['Central Denmark EU Office', 'BE'],
  ['West Norway Office', 'BE'],
];
const ORGANISATIONS: [string, string, 'university' | 'business' | 'ngo' | 'agency' | 'other'][] = [
  ['Syddansk Universitet', 'DK', 'university'],
  ['Universitetet i Oslo', 'NO', 'university'],
  ['KTH Royal Institute of Technology', 'SE', 'university'],
  ['TU Delft', 'NL', 'university'],
  ['Aalto University', 'FI', 'university'],
  ['Odense Robotics', 'DK', 'business'],
  ['Innovation Norway', 'NO', 'agency'],
  ['Sida', 'SE', 'agency'],
  ['Norad', 'NO', 'agency'],
  ['Business Finland', 'FI', 'agency'],
  ['Red Cross Youth', 'DK', 'ngo'],
  ['Oslo International Advisory Board', 'NO', 'other'],
  ['Nordic Council of Ministers', 'DK', 'agency'],
  ['Green Tech Cluster', 'SE', 'business'],
  ['Save the Children Nordic', 'NO', 'ngo'],
];
const PROJECTS: [string, string][] = [
  ['SmartHealth Ageing (Horizon Europe)', 'Horizon Europe'],
  ['Climate Neutral Harbours (Interreg North Sea)', 'Interreg North Sea'],
  ['Robots in Care (Interreg ÖKS)', 'Interreg Öresund-Kattegat-Skagerrak'],
  ['Youth Mobility Bridges (Erasmus+)', 'Erasmus+'],
  ['Circular Construction Hub (LIFE)', 'LIFE'],
  ['Water Partnership Kisumu (Sida)', 'Sida'],
  ['Digital Twins for Cities (Digital Europe)', 'Digital Europe'],
  ['Inclusive Labour Markets (ESF+)', 'ESF+'],
  ['Baltic Bike Routes (Interreg Baltic Sea)', 'Interreg Baltic Sea Region'],
  ['Urban Heat Shields (Horizon Europe)', 'Horizon Europe'],
];

const TAGS = [
  'climate',
  'education',
  'culture',
  'health',
  'mobility',
  'robotics',
  'youth',
  'business',
  'EU funding',
  'inclusion',
  'water',
  'energy',
];
const STATUS_PATHS: Record<Status, Status[][]> = {
  exploring: [['exploring']],
  active: [['active'], ['exploring', 'active']],
  dormant: [
    ['active', 'dormant'],
    ['exploring', 'active', 'dormant'],
  ],
  ending: [
    ['active', 'ending'],
    ['active', 'dormant', 'ending'],
  ],
  ended: [
    ['active', 'ending', 'ended'],
    ['exploring', 'ended'],
  ],
};
const REASONS: Record<Status, string> = {
  exploring: 'First meeting',
  active: 'Agreement signed',
  dormant: 'No joint activity this year',
  ending: 'Review concluded it no longer creates value',
  ended: 'Agreement terminated',
};

type Kind = 'twin_city' | 'network' | 'regional_office' | 'organisation' | 'project';

interface PartnerSeed {
  kind: Kind;
  name: string;
  country: string;
  cityRegion?: string;
  website?: string;
  organisationType?: string | null;
  tags?: string;
  description?: string;
  annualFeeMinor?: number | null;
  workingGroups?: string;
  fundingProgramme?: string;
  projectStartOn?: string | null;
  projectEndOn?: string | null;
  projectBudgetMinor?: number | null;
}

function pickTags(r: Random): string {
  const n = r.int(0, 3);
  const tags = new Set<string>();
  for (let i = 0; i < n; i++) tags.add(r.pick(TAGS));
  return [...tags].join(', ');
}

function randomDate(r: Random, from: string, to: string): string {
  const span = Math.max(0, daysBetween(from, to));
  return addDays(from, r.int(0, span));
}

/** Creates the organisation and its admin from the preset when setup has not run; returns the admin's id. */
function ensureOrganisation(ctx: DemoContext): number {
  const { db, framework, now } = ctx;
  const existing = loadOrganisation(db);
  if (existing) {
    const admin = db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).orderBy(users.id).get();
    return admin?.id ?? 0;
  }
  const preset = PRESETS[framework];
  db.insert(organisation)
    .values({
      id: 1,
      name: ORG_NAMES[framework],
      homeCity: preset.homeCity || 'Demo City',
      country: preset.country,
      timeZone: preset.timeZone,
      currency: preset.currency,
      locale: preset.locale,
      framework,
      councilPeriodEndOn: '2025-12-31',
    })
    .run();
  const admin = db
    .insert(users)
    .values({
      email: DEMO_ADMIN_EMAIL,
      name: 'Demo Administrator',
      role: 'admin',
      passwordHash: hashSync(DEMO_PASSWORD, { algorithm: 2 }),
      department: DEPARTMENTS[preset.locale][0]!,
    })
    .returning({ id: users.id })
    .get();
  loadPreset(db, framework, admin.id, now, preset.timeZone);
  recordAudit(db, { userId: admin.id, now }, 'create', 'organisation', 1, {
    name: [null, ORG_NAMES[framework]],
    framework: [null, framework],
    demo: [null, true],
  });
  return admin.id;
}

export function fillPartners(ctx: DemoContext): void {
  const { db, random: r, size, now } = ctx;
  inTransaction(db, () => {
    const adminId = ensureOrganisation(ctx);
    const org = loadOrganisation(db)!;
    const locale = (['en', 'da', 'nb', 'sv'].includes(org.locale) ? org.locale : 'en') as keyof typeof DEPARTMENTS;
    const departments = DEPARTMENTS[locale];
    const today = todayIn(org.timeZone, now);
    const nowIso = now.toISOString();
    const sqlite = db.$client;

    // The team. Skipped when it exists already (the demo was loaded before).
    const hash = hashSync(DEMO_PASSWORD, { algorithm: 2 });
    const insertUser = sqlite.prepare('insert or ignore into users (email, name, role, department, password_hash) values (?, ?, ?, ?, ?)');
    PEOPLE.forEach(([name, role], i) => {
      const email = `${name.split(' ')[0]!.toLowerCase()}@example.org`;
      insertUser.run(email, name, role, departments[i % departments.length]!, hash);
    });
    const owners = [
      adminId,
      ...(
        sqlite.prepare("select id from users where role in ('coordinator', 'contributor') and active = 1 order by id").all() as {
          id: number;
        }[]
      ).map((u) => u.id),
    ].filter(Boolean);
    const goalIds = db
      .select({ id: goals.id })
      .from(goals)
      .where(eq(goals.kind, 'goal'))
      .all()
      .map((g) => g.id);
    const principleIds = db
      .select({ id: goals.id })
      .from(goals)
      .where(eq(goals.kind, 'principle'))
      .all()
      .map((g) => g.id);

    const insertPartner =
      sqlite.prepare(`insert into partners (kind, organisation_type, name, country, city_region, website, description, tags,
      annual_fee_minor, working_groups, funding_programme, project_start_on, project_end_on, project_budget_minor, updated_at)
      values (@kind, @organisationType, @name, @country, @cityRegion, @website, @description, @tags, @annualFeeMinor, @workingGroups,
      @fundingProgramme, @projectStartOn, @projectEndOn, @projectBudgetMinor, @updatedAt)`);
    const insertPartnership = sqlite.prepare(`insert into partnerships (partner_id, title, agreement_type, status, owner_id, department,
      start_on, agreement_on, renewal_on, active_since_on, review_cadence_months, description, updated_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertGoal = sqlite.prepare('insert or ignore into partnership_goals (partnership_id, goal_id) values (?, ?)');
    const insertChange =
      sqlite.prepare(`insert into status_changes (partnership_id, from_status, to_status, changed_on, reason, reference, user_id)
      values (?, ?, ?, ?, ?, ?, ?)`);

    const statuses: Status[] = ['exploring', 'active', 'active', 'active', 'dormant', 'ending', 'ended'];
    let statusTurn = 0;

    const addPartnership = (partnerId: number, seed: PartnerSeed, title: string) => {
      // Round-robin over the statuses first so even a small portfolio has every one, then random.
      const status = statusTurn < statuses.length * 2 ? statuses[statusTurn++ % statuses.length]! : r.pick(statuses);
      const path = r.pick(STATUS_PATHS[status]);
      const startOn = randomDate(r, '2012-01-01', addDays(today, -60));
      // Dates of the changes: ascending between the start and today.
      const span = daysBetween(startOn, today);
      const offsets = path.map(() => r.int(0, span)).sort((a, b) => a - b);
      offsets[0] = 0;
      const dates = offsets.map((d) => addDays(startOn, d));
      let activeSinceOn: string | null = null;
      path.forEach((s, i) => {
        if (s === 'active') activeSinceOn = dates[i]!;
      });
      const ownerId = r.chance(0.9) ? r.pick(owners) : null;
      const agreementOn = path.includes('active') && r.chance(0.7) ? addDays(startOn, r.int(0, 90)) : null;
      const renewalOn = r.chance(0.4) ? randomDate(r, addDays(today, -200), addDays(today, 900)) : null;
      const cadence = r.pick([12, 12, 12, 24, 6, 36]);
      const res = insertPartnership.run(
        partnerId,
        title,
        agreementTypeForKind(seed.kind === 'organisation' && r.chance(0.3) ? 'informal' : seed.kind),
        status,
        ownerId,
        r.pick(departments),
        startOn,
        agreementOn,
        renewalOn,
        activeSinceOn,
        cadence,
        '',
        nowIso,
      );
      const pid = Number(res.lastInsertRowid);
      path.forEach((s, i) => {
        const reference =
          s === 'active' || s === 'ending' ? (r.chance(0.5) ? `Council resolution ${dates[i]!.slice(0, 4)}/${r.int(1, 250)}` : '') : '';
        insertChange.run(pid, i === 0 ? null : path[i - 1]!, s, dates[i]!, REASONS[s], reference, ownerId ?? adminId);
      });
      const goalCount = goalIds.length ? r.int(1, Math.min(3, goalIds.length)) : 0;
      for (let i = 0; i < goalCount; i++) insertGoal.run(pid, r.pick(goalIds));
      if (principleIds.length && r.chance(0.5)) insertGoal.run(pid, r.pick(principleIds));
    };

    const addPartner = (seed: PartnerSeed, partnershipCount: number) => {
      const res = insertPartner.run({
        kind: seed.kind,
        organisationType: seed.organisationType ?? null,
        name: seed.name,
        country: seed.country,
        cityRegion: seed.cityRegion ?? '',
        website: seed.website ?? '',
        description: seed.description ?? '',
        tags: seed.tags ?? '',
        annualFeeMinor: seed.annualFeeMinor ?? null,
        workingGroups: seed.workingGroups ?? '',
        fundingProgramme: seed.fundingProgramme ?? '',
        projectStartOn: seed.projectStartOn ?? null,
        projectEndOn: seed.projectEndOn ?? null,
        projectBudgetMinor: seed.projectBudgetMinor ?? null,
        updatedAt: nowIso,
      });
      const id = Number(res.lastInsertRowid);
      for (let i = 0; i < partnershipCount; i++) addPartnership(id, seed, i === 0 ? seed.name : `${seed.name} – ${r.pick(TAGS)}`);
    };

    const project = (name: string, programme: string, country: string): PartnerSeed => {
      const start = randomDate(r, '2018-01-01', today);
      return {
        kind: 'project',
        name,
        country,
        fundingProgramme: programme,
        projectStartOn: start,
        projectEndOn: addDays(start, r.int(365, 1460)),
        projectBudgetMinor: r.int(20, 900) * 1_000_000,
        tags: pickTags(r),
        description: `Consortium project financed by ${programme}.`,
      };
    };

    // ---- small: a realistic portfolio of about 60 partners, every kind and status.
    const twinCities = r.int(0, 1) === 0 ? CITIES.slice(0, 26) : CITIES.slice(26, 52);
    for (const [name, country] of twinCities) addPartner({ kind: 'twin_city', name, country, tags: pickTags(r) }, r.chance(0.2) ? 2 : 1);
    for (const [name, country, groups] of NETWORKS) {
      addPartner({ kind: 'network', name, country, annualFeeMinor: r.int(5, 120) * 100_000, workingGroups: groups, tags: pickTags(r) }, 1);
    }
    // The preset may have loaded an office already (Odense's SDEO, Hamar's ORE): not twice.
    const presetNames = new Set(sqlite.prepare('select name from partners').pluck().all() as string[]);
    for (const [name, country] of REGIONAL_OFFICES.slice(0, 2)) {
      if (presetNames.has(name)) continue;
      addPartner({ kind: 'regional_office', name, country, cityRegion: 'Brussels', annualFeeMinor: r.int(50, 400) * 100_000 }, 1);
    }
    for (const [name, country, type] of ORGANISATIONS)
      addPartner({ kind: 'organisation', organisationType: type, name, country, tags: pickTags(r) }, 1);
    for (const [name, programme] of PROJECTS) addPartner(project(name, programme, ''), 1);

    // ---- large: about 10,000 partners for benchmarks.
    if (size === 'large') {
      const suffixes: [Kind, string, string | null][] = [
        ['twin_city', '', null],
        ['organisation', 'University', 'university'],
        ['organisation', 'Chamber of Commerce', 'business'],
        ['organisation', 'Energy Agency', 'agency'],
        ['organisation', 'Youth Council', 'ngo'],
        ['network', 'Cities Forum', null],
        ['project', 'Living Lab', null],
        ['organisation', 'Port Authority', 'agency'],
        ['organisation', 'Culture House', 'other'],
      ];
      const target = 10_000 - (twinCities.length + NETWORKS.length + 2 + ORGANISATIONS.length + PROJECTS.length);
      for (let i = 0; i < target; i++) {
        const [city, country] = r.pick(CITIES);
        const [kind, suffix, orgType] = r.pick(suffixes);
        const name = `${city}${suffix ? ' ' + suffix : ''} ${i + 1}`;
        const seed: PartnerSeed =
          kind === 'project'
            ? { ...project(name, r.pick(PROJECTS)[1], country), cityRegion: city }
            : {
                kind,
                name,
                country,
                cityRegion: city,
                organisationType: orgType,
                tags: pickTags(r),
                annualFeeMinor: kind === 'network' ? r.int(5, 120) * 100_000 : null,
                workingGroups: kind === 'network' ? 'Working group ' + r.int(1, 9) : '',
              };
        addPartner(seed, r.chance(0.25) ? 2 : r.chance(0.85) ? 1 : 0);
      }
    }
  });
}
