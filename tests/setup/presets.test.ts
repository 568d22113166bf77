import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { auditLog, goals, organisation, partners, partnerships } from '../../src/db/schema.js';
import { ODENSE_PRINCIPLES, type Framework } from '../../src/setup/presets.js';

const ODENSE_TWINS: [string, string][] = [
  ['Brno', 'CZ'],
  ['Shaoxing', 'CN'],
  ['Klaksvík', 'FO'],
  ['Schwerin', 'DE'],
  ['Upernavik', 'GL'],
  ['Kópavogur', 'IS'],
  ['Petah Tikva', 'IL'],
  ['Funabashi', 'JP'],
  ['Kaunas', 'LT'],
  ['Östersund', 'SE'],
  ['Norrköping', 'SE'],
  ['Trondheim', 'NO'],
  ['Katowice', 'PL'],
  ['Columbus, Ohio', 'US'],
  ['Kyiv', 'UA'],
  ['Iksan', 'KR'],
  ['St Albans', 'GB'],
  ['Groningen', 'NL'],
  ['İzmir', 'TR'],
  ['Tampere', 'FI'],
];
const HAMAR_TWINS: [string, string][] = [
  ['Lund', 'SE'],
  ['Viborg', 'DK'],
  ['Porvoo/Borgå', 'FI'],
  ['Dalvík', 'IS'],
  ['Greifswald', 'DE'],
  ['Fargo, North Dakota', 'US'],
  ['Khan Younis', 'PS'],
  ['Karmiel', 'IL'],
];
const kindsOf = (rows: { kind: string; name: string }[]) => rows.map((p) => [p.name, p.kind]).sort();

async function loaded(framework: Framework) {
  const t = await buildTestApp({ setup: { framework } });
  const goalRows = t.db
    .select()
    .from(goals)
    .where(eq(goals.kind, 'goal'))
    .orderBy(goals.position)
    .all()
    .map((g) => g.name);
  const principleRows = t.db
    .select()
    .from(goals)
    .where(eq(goals.kind, 'principle'))
    .orderBy(goals.position)
    .all()
    .map((g) => g.name);
  const partnerRows = t.db.select().from(partners).all();
  return { t, goalRows, principleRows, partnerRows };
}

describe('framework presets', () => {
  it('Odense: ten political goals, its five principles, exactly its 20 twin cities and its EU office', async () => {
    const { t, goalRows, principleRows, partnerRows } = await loaded('odense');
    expect(goalRows).toHaveLength(10);
    expect(goalRows).toContain('Verdens bedste robotby');
    expect(principleRows).toEqual(['Værdi', 'Viden', 'Samarbejde', 'Partnerskaber', 'Bedre omdømme']);
    const twins = partnerRows.filter((p) => p.kind === 'twin_city');
    expect(twins.map((p) => [p.name, p.country]).sort()).toEqual([...ODENSE_TWINS].sort());
    expect(partnerRows.filter((p) => p.kind !== 'twin_city').map((p) => [p.name, p.kind])).toEqual([
      ['Syddansk EU-kontor (SDEO)', 'regional_office'],
    ]);
    const ps = t.db.select().from(partnerships).all();
    expect(ps).toHaveLength(21);
    expect(ps.filter((p) => p.agreementType === 'twin_city_agreement' && p.status === 'active')).toHaveLength(20);
    expect(ps.find((p) => p.title === 'Syddansk EU-kontor (SDEO)')?.agreementType).toBe('network_membership');
  });

  it('Odense: setup sets the council period from the framework (revised end of 2025) and records the start date', async () => {
    const { t } = await loaded('odense');
    const org = t.db.select().from(organisation).get()!;
    expect(org.councilPeriodEndOn).toBe('2025-12-31');
    const created = t.db.select().from(auditLog).where(eq(auditLog.entityType, 'organisation')).get()!;
    expect(JSON.stringify(created)).toContain('2022-01-01');
  });

  it('frameworks whose documents name no council period leave it for Settings', async () => {
    for (const framework of ['hamar', 'stockholm'] as const) {
      const { t } = await loaded(framework);
      expect(t.db.select().from(organisation).get()!.councilPeriodEndOn).toBeNull();
    }
  });

  it('Odense: the list shows the twin cities in Danish with Danish country names', async () => {
    const t = await buildTestApp({ setup: { framework: 'odense', locale: 'da' } });
    const client = await signedIn(t, 'viewer');
    const res = await client.get('/partners');
    expect(res.body).toContain('21 partnere');
    expect(res.body).toContain('Venskabsby');
    for (const name of ['Kópavogur', 'Östersund', 'İzmir', 'Klaksvík', 'Færøerne', 'Island', 'Tyrkiet']) expect(res.body).toContain(name);
  });

  it('Hamar: five axes, its four result dimensions as principles, its eight twin cities, ORE and its regional partners', async () => {
    const { goalRows, principleRows, partnerRows } = await loaded('hamar');
    expect(goalRows).toEqual([
      'Globalt partnerskap og solidaritet',
      'Tjenesteutvikling gjennom deltakelse i EU-prosjekter',
      'Vennskapsbysamarbeid',
      'Det internasjonale samfunn i Hamar',
      'Utdanning, forskning og næringsliv',
    ]);
    expect(principleRows).toEqual(['Økt verdiskapning', 'Økt kunnskapsnivå', 'Økt solidaritet', 'Styrket omdømme']);
    const twins = partnerRows.filter((p) => p.kind === 'twin_city');
    expect(twins.map((p) => [p.name, p.country]).sort()).toEqual([...HAMAR_TWINS].sort());
    expect(kindsOf(partnerRows.filter((p) => p.kind !== 'twin_city'))).toEqual([
      ['Hamarregionen', 'organisation'],
      ['Hedmark fylkeskommune', 'organisation'],
      ['Osloregionens Europakontor (ORE)', 'regional_office'],
    ]);
    expect(principleRows).not.toContain('Værdi');
  });

  it('Oslo: its four focus areas, the five qualities its strategy holds the work to, and no invented partners', async () => {
    const { goalRows, principleRows, partnerRows } = await loaded('oslo');
    expect(goalRows).toEqual([
      'Læring, innovasjon, utvikling og vekst',
      'Innflytelse',
      'Globalt samfunnsansvar',
      'Kompetanse og kultur for internasjonalt arbeid',
    ]);
    expect(principleRows).toEqual(['Proaktivitet', 'Strategisk innretning', 'Nysgjerrighet', 'Langsiktighet', 'Profesjonalitet']);
    expect(partnerRows).toHaveLength(0);
  });

  it('Stockholm: its four directions as goals, no borrowed principles, the Nordic capitals, C40, ICLEI and Eurocities as networks', async () => {
    const { goalRows, principleRows, partnerRows } = await loaded('stockholm');
    expect(goalRows).toEqual(['Profilering', 'Omvärldsbevakning', 'Samverkan', 'Påverkan']);
    expect(principleRows).toEqual([]);
    expect(kindsOf(partnerRows)).toEqual([
      ['C40', 'network'],
      ['De nordiska huvudstäderna', 'network'],
      ['Eurocities', 'network'],
      ['ICLEI', 'network'],
    ]);
  });

  it('Osloregionen: its work areas, its seven ways of working as principles, its partner organisations and the LUHO agreement', async () => {
    const { t, goalRows, principleRows, partnerRows } = await loaded('osloregionen');
    expect(goalRows).toEqual(['Areal og transport', 'Klima og miljø', 'Næringsutvikling og innovasjon', 'Internasjonal profilering']);
    expect(principleRows).toEqual([
      'Utvikle felles holdninger og strategier',
      'Ha dialog med og påvirke nasjonale myndigheter',
      'Styrke felles identitet',
      'Skape møteplasser og nettverk',
      'Drive erfaringsoverføring og kunnskapsutvikling',
      'Samarbeide og bygge nettverk med andre organisasjoner',
      'Samle kunnskap, statistikk og foreta analyser om regionen',
    ]);
    expect(kindsOf(partnerRows)).toEqual([
      ['IKT-Norge', 'organisation'],
      ['Leverandørutviklingsprogrammet for hovedstadsregionen (LUHO)', 'organisation'],
      ['Oslo Business Region', 'organisation'],
      ['Osloregionens Europakontor (ORE)', 'regional_office'],
      ['VisitOSLO', 'organisation'],
      ['Østlandssamarbeidet', 'organisation'],
    ]);
    const luho = t.db
      .select()
      .from(partnerships)
      .where(eq(partnerships.title, 'Leverandørutviklingsprogrammet for hovedstadsregionen (LUHO)'))
      .get()!;
    expect(luho.agreementType).toBe('cooperation_agreement');
    expect(partnerRows.some((p) => p.name.includes('SDEO'))).toBe(false);
  });

  it('blank: no goals and no partners, but the principles to edit', async () => {
    const { goalRows, principleRows, partnerRows } = await loaded('blank');
    expect(goalRows).toHaveLength(0);
    expect(partnerRows).toHaveLength(0);
    expect(principleRows).toEqual(ODENSE_PRINCIPLES);
  });
});
