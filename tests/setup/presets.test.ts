import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { goals, partners, partnerships } from '../../src/db/schema.js';
import { ODENSE_PRINCIPLES, type Framework } from '../../src/setup/presets.js';

const ODENSE_TWINS: [string, string][] = [
  ['Brno', 'CZ'], ['Shaoxing', 'CN'], ['Klaksvík', 'FO'], ['Schwerin', 'DE'], ['Upernavik', 'GL'], ['Kópavogur', 'IS'],
  ['Petah Tikva', 'IL'], ['Funabashi', 'JP'], ['Kaunas', 'LT'], ['Östersund', 'SE'], ['Norrköping', 'SE'], ['Trondheim', 'NO'],
  ['Katowice', 'PL'], ['Columbus, Ohio', 'US'], ['Kyiv', 'UA'], ['Iksan', 'KR'], ['St Albans', 'GB'], ['Groningen', 'NL'],
  ['İzmir', 'TR'], ['Tampere', 'FI'],
];
const HAMAR_TWINS: [string, string][] = [
  ['Lund', 'SE'], ['Viborg', 'DK'], ['Porvoo/Borgå', 'FI'], ['Dalvík', 'IS'], ['Greifswald', 'DE'], ['Fargo, North Dakota', 'US'],
  ['Khan Younis', 'PS'], ['Karmiel', 'IL'],
];
const NETWORKS = ['C40 Cities', 'ICLEI – Local Governments for Sustainability', 'Eurocities'];

async function loaded(framework: Framework) {
  const t = await buildTestApp({ setup: { framework } });
  const goalRows = t.db.select().from(goals).where(eq(goals.kind, 'goal')).orderBy(goals.position).all().map((g) => g.name);
  const principleRows = t.db.select().from(goals).where(eq(goals.kind, 'principle')).orderBy(goals.position).all().map((g) => g.name);
  const partnerRows = t.db.select().from(partners).all();
  return { t, goalRows, principleRows, partnerRows };
}

describe('framework presets', () => {
  it('Odense: ten political goals, five principles and exactly its 20 twin cities with their countries', async () => {
    const { t, goalRows, principleRows, partnerRows } = await loaded('odense');
    expect(goalRows).toHaveLength(10);
    expect(goalRows).toContain('Verdens bedste robotby');
    expect(principleRows).toEqual(ODENSE_PRINCIPLES);
    expect(partnerRows.map((p) => [p.name, p.country]).sort()).toEqual([...ODENSE_TWINS].sort());
    expect(partnerRows.every((p) => p.kind === 'twin_city')).toBe(true);
    const ps = t.db.select().from(partnerships).all();
    expect(ps).toHaveLength(20);
    expect(ps.every((p) => p.agreementType === 'twin_city_agreement' && p.status === 'active')).toBe(true);
  });

  it('Odense: the list shows the twin cities in Danish with Danish country names', async () => {
    const t = await buildTestApp({ setup: { framework: 'odense', locale: 'da' } });
    const client = await signedIn(t, 'viewer');
    const res = await client.get('/partners');
    expect(res.body).toContain('20 partnere');
    expect(res.body).toContain('Venskabsby');
    for (const name of ['Kópavogur', 'Östersund', 'İzmir', 'Klaksvík', 'Færøerne', 'Island', 'Tyrkiet']) expect(res.body).toContain(name);
  });

  it('Hamar: five axes and its eight twin cities', async () => {
    const { goalRows, principleRows, partnerRows } = await loaded('hamar');
    expect(goalRows).toEqual([
      'Globalt partnerskap og solidaritet', 'Tjenesteutvikling gjennom deltakelse i EU-prosjekter', 'Vennskapsbysamarbeid',
      'Det internasjonale samfunn i Hamar', 'Utdanning, forskning og næringsliv',
    ]);
    expect(principleRows).toHaveLength(5);
    expect(partnerRows.map((p) => [p.name, p.country]).sort()).toEqual([...HAMAR_TWINS].sort());
  });

  it.each([
    ['oslo', ['Læring, innovasjon, utvikling og vekst', 'Innflytelse', 'Globalt samfunnsansvar', 'Kompetanse og kultur for internasjonalt arbeid']],
    ['stockholm', ['Profilering', 'Omvärldsbevakning', 'Samverkan', 'Påverkan']],
  ] as const)('%s: its four goals and C40, ICLEI and Eurocities as networks', async (framework, expected) => {
    const { goalRows, partnerRows } = await loaded(framework);
    expect(goalRows).toEqual(expected);
    expect(partnerRows.map((p) => p.name).sort()).toEqual([...NETWORKS].sort());
    expect(partnerRows.every((p) => p.kind === 'network')).toBe(true);
  });

  it('Osloregionen: its work areas and no partners', async () => {
    const { goalRows, principleRows, partnerRows } = await loaded('osloregionen');
    expect(goalRows.length).toBeGreaterThan(0);
    expect(principleRows).toHaveLength(5);
    expect(partnerRows).toHaveLength(0);
  });

  it('blank: no goals and no partners, but the principles to edit', async () => {
    const { goalRows, principleRows, partnerRows } = await loaded('blank');
    expect(goalRows).toHaveLength(0);
    expect(partnerRows).toHaveLength(0);
    expect(principleRows).toEqual(ODENSE_PRINCIPLES);
  });
});
