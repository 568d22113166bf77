// The five frameworks from the source documents (../shared/seeds), as a city can start from them.
// Goal names stay in the city's own language: they are the council's words.

export const FRAMEWORKS = ['odense', 'oslo', 'stockholm', 'hamar', 'osloregionen', 'blank'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export interface PresetPartner {
  kind: 'twin_city' | 'network' | 'regional_office' | 'organisation' | 'project';
  name: string;
  country: string; // ISO 3166-1 alpha-2, '' for international bodies
  cityRegion?: string;
  website?: string;
}

/** What a framework holds its partnerships to, beyond the scores (see src/setup/policies.ts). */
export interface PresetPolicies {
  /** The city signs no new twin-city agreements (Stockholm): a new one needs a recorded reason. */
  noNewTwinCities?: boolean;
  /** Aid-type projects only when another party covers the costs in full (Stockholm). */
  aidOnlyFullyFunded?: boolean;
}

export interface Preset {
  homeCity: string;
  country: string;
  timeZone: string;
  currency: string;
  locale: 'en' | 'da' | 'nb' | 'sv';
  goals: string[];
  /** The framework's own principles or result dimensions, scored in every review (goals.kind 'principle'). */
  principles: string[];
  partners: PresetPartner[];
  /** The day the framework applies from, when its document says (YYYY-MM-DD). */
  inForceFrom?: string;
  /** The end of the council period the framework is revised by, when its document says (YYYY-MM-DD). */
  councilPeriodEndOn?: string;
  policies: PresetPolicies;
}

/** Odense's five principles for choosing activities (seed 003, "Principper for internationale aktiviteter"). */
export const ODENSE_PRINCIPLES = ['Værdi', 'Viden', 'Samarbejde', 'Partnerskaber', 'Bedre omdømme'];

/** What Hamar's international work should result in (seed 002, section 3 "Dette skal resultere i"). */
export const HAMAR_RESULT_DIMENSIONS = ['Økt verdiskapning', 'Økt kunnskapsnivå', 'Økt solidaritet', 'Styrket omdømme'];

/**
 * Osloregionen's roles and ways of working (seed 004, section 4 "Roller og arbeidsformer"), in the
 * list's words with the first letter capitalised, as the seed's own activity tables write them.
 */
export const OSLOREGIONEN_WAYS_OF_WORKING = [
  'Utvikle felles holdninger og strategier',
  'Ha dialog med og påvirke nasjonale myndigheter',
  'Styrke felles identitet',
  'Skape møteplasser og nettverk',
  'Drive erfaringsoverføring og kunnskapsutvikling',
  'Samarbeide og bygge nettverk med andre organisasjoner',
  'Samle kunnskap, statistikk og foreta analyser om regionen',
];

/**
 * Oslo's seed has a section "Prinsipper for internasjonalt arbeid" whose rules (a tool for the
 * municipality's goals, part of everyday work, sector-neutral) cannot be scored per partnership;
 * what can be is the standard its introduction sets: the engagement "kjennetegnes av proaktivitet,
 * strategisk innretning, nysgjerrighet, langsiktighet og profesjonalitet". Those five, capitalised.
 */
export const OSLO_PRINCIPLES = ['Proaktivitet', 'Strategisk innretning', 'Nysgjerrighet', 'Langsiktighet', 'Profesjonalitet'];

/**
 * Osloregionens Europakontor: seed 004 (the body's own alliance) writes "Osloregionens Europakontor",
 * seed 002 (Hamar) "Oslo Regionens Europakontor (ORE)"; one name for the one body, with Hamar's abbreviation.
 */
const ORE: PresetPartner = { kind: 'regional_office', name: 'Osloregionens Europakontor (ORE)', country: 'BE', cityRegion: 'Brussels' };

export const PRESETS: Record<Framework, Preset> = {
  odense: {
    homeCity: 'Odense',
    country: 'DK',
    timeZone: 'Europe/Copenhagen',
    currency: 'DKK',
    locale: 'da',
    principles: ODENSE_PRINCIPLES,
    // "gælder fra januar 2022 og tages op til revision ... én gang per byrådsperiode. Næste revision ligger ultimo 2025."
    inForceFrom: '2022-01-01',
    councilPeriodEndOn: '2025-12-31',
    policies: {},
    goals: [
      'Børn og unge bliver klar til fremtiden',
      'Flere odenseanere i job og på vej til job',
      'Flere funktionsdygtige ældre og handicappede',
      'Et sundere Odense',
      'En storby med blandede og velfungerende bydele',
      'En storby i vækst',
      'Byudvikling med kvalitet',
      'En klima- og miljøvenlig storby',
      'Verdens bedste robotby',
      'Færre borgere er relativt fattige',
    ],
    partners: [
      { kind: 'twin_city', name: 'Brno', country: 'CZ' },
      { kind: 'twin_city', name: 'Shaoxing', country: 'CN' },
      { kind: 'twin_city', name: 'Klaksvík', country: 'FO' },
      { kind: 'twin_city', name: 'Schwerin', country: 'DE' },
      { kind: 'twin_city', name: 'Upernavik', country: 'GL' },
      { kind: 'twin_city', name: 'Kópavogur', country: 'IS' },
      { kind: 'twin_city', name: 'Petah Tikva', country: 'IL' },
      { kind: 'twin_city', name: 'Funabashi', country: 'JP' },
      { kind: 'twin_city', name: 'Kaunas', country: 'LT' },
      { kind: 'twin_city', name: 'Östersund', country: 'SE' },
      { kind: 'twin_city', name: 'Norrköping', country: 'SE' },
      { kind: 'twin_city', name: 'Trondheim', country: 'NO' },
      { kind: 'twin_city', name: 'Katowice', country: 'PL' },
      { kind: 'twin_city', name: 'Columbus, Ohio', country: 'US', cityRegion: 'Ohio' },
      { kind: 'twin_city', name: 'Kyiv', country: 'UA' },
      { kind: 'twin_city', name: 'Iksan', country: 'KR' },
      { kind: 'twin_city', name: 'St Albans', country: 'GB', cityRegion: 'England' },
      { kind: 'twin_city', name: 'Groningen', country: 'NL' },
      { kind: 'twin_city', name: 'İzmir', country: 'TR' },
      { kind: 'twin_city', name: 'Tampere', country: 'FI' },
      // "Odense Kommune er medlem af det Syddanske EU-kontor (SDEO)": the body's own name, in the nominative.
      { kind: 'regional_office', name: 'Syddansk EU-kontor (SDEO)', country: 'BE', cityRegion: 'Brussels' },
    ],
  },
  oslo: {
    homeCity: 'Oslo',
    country: 'NO',
    timeZone: 'Europe/Oslo',
    currency: 'NOK',
    locale: 'nb',
    goals: [
      'Læring, innovasjon, utvikling og vekst',
      'Innflytelse',
      'Globalt samfunnsansvar',
      'Kompetanse og kultur for internasjonalt arbeid',
    ],
    principles: OSLO_PRINCIPLES,
    // Oslo's strategy names no network, office or partner by name (only "internasjonale nettverk og
    // organisasjoner" and funders such as Norad): it starts without partners rather than with invented ones.
    partners: [],
    policies: {},
  },
  stockholm: {
    homeCity: 'Stockholm',
    country: 'SE',
    timeZone: 'Europe/Stockholm',
    currency: 'SEK',
    locale: 'sv',
    goals: ['Profilering', 'Omvärldsbevakning', 'Samverkan', 'Påverkan'],
    // The seed (a department's consultation answer) says the strategy sets out "ett antal principer" of
    // what the city may and may not do, but quotes only two, and those are rules, not scores: they are
    // `policies` below. Reviews score the four directions; no principles are invented.
    principles: [],
    partners: [
      // "De nordiska huvudstäderna kan tillsammans utgöra en tydlig och stark påtryckning"
      { kind: 'network', name: 'De nordiska huvudstäderna', country: '' },
      // "Arbetet inom C40, ICLEI Eurocities, m fl organisationer"
      { kind: 'network', name: 'C40', country: '', website: 'https://www.c40.org' },
      { kind: 'network', name: 'ICLEI', country: '', website: 'https://iclei.org' },
      { kind: 'network', name: 'Eurocities', country: 'BE', cityRegion: 'Brussels', website: 'https://eurocities.eu' },
    ],
    // "staden inte skall teckna vänortsavtal"; projects "av biståndskaraktär (om kostnaderna helt täcks av annan part, t ex Sida)"
    policies: { noNewTwinCities: true, aidOnlyFullyFunded: true },
  },
  hamar: {
    homeCity: 'Hamar',
    country: 'NO',
    timeZone: 'Europe/Oslo',
    currency: 'NOK',
    locale: 'nb',
    goals: [
      'Globalt partnerskap og solidaritet',
      'Tjenesteutvikling gjennom deltakelse i EU-prosjekter',
      'Vennskapsbysamarbeid',
      'Det internasjonale samfunn i Hamar',
      'Utdanning, forskning og næringsliv',
    ],
    principles: HAMAR_RESULT_DIMENSIONS,
    policies: {},
    partners: [
      { kind: 'twin_city', name: 'Lund', country: 'SE' },
      { kind: 'twin_city', name: 'Viborg', country: 'DK' },
      { kind: 'twin_city', name: 'Porvoo/Borgå', country: 'FI' },
      { kind: 'twin_city', name: 'Dalvík', country: 'IS' },
      { kind: 'twin_city', name: 'Greifswald', country: 'DE' },
      { kind: 'twin_city', name: 'Fargo, North Dakota', country: 'US', cityRegion: 'North Dakota' },
      { kind: 'twin_city', name: 'Khan Younis', country: 'PS' },
      { kind: 'twin_city', name: 'Karmiel', country: 'IL' },
      // Section 3.2: "gjennom Oslo Regionens Europakontor (ORE) ... samarbeid med andre kommuner, Hedmark
      // fylkeskommune, forsknings- og utdanningsmiljøer"; section 5: the coordination function is set up
      // "i samarbeid med Hamarregionen og Hedmark fylkeskommune". No research institution is named.
      ORE,
      { kind: 'organisation', name: 'Hedmark fylkeskommune', country: 'NO', cityRegion: 'Hedmark' },
      { kind: 'organisation', name: 'Hamarregionen', country: 'NO', cityRegion: 'Hedmark' },
    ],
  },
  osloregionen: {
    homeCity: 'Oslo',
    country: 'NO',
    timeZone: 'Europe/Oslo',
    currency: 'NOK',
    locale: 'nb',
    goals: ['Areal og transport', 'Klima og miljø', 'Næringsutvikling og innovasjon', 'Internasjonal profilering'],
    principles: OSLOREGIONEN_WAYS_OF_WORKING,
    policies: {},
    // The organisations seed 004 names as the alliance's partners.
    partners: [
      ORE,
      // Section 1: "sekretariatene i de tre organisasjonene Østlandssamarbeidet, Osloregionens Europakontor og Osloregionen"
      { kind: 'organisation', name: 'Østlandssamarbeidet', country: 'NO' },
      // 4.3.4: "Osloregionen har en samarbeidsavtale med Leverandørutviklingsprogrammet for hovedstadsregionen (LUHO)"
      { kind: 'organisation', name: 'Leverandørutviklingsprogrammet for hovedstadsregionen (LUHO)', country: 'NO' },
      { kind: 'organisation', name: 'IKT-Norge', country: 'NO' },
      // 4.3.5: profiling "i samarbeid med Oslo Business Region og VisitOslo"
      { kind: 'organisation', name: 'Oslo Business Region', country: 'NO', cityRegion: 'Oslo' },
      { kind: 'organisation', name: 'VisitOSLO', country: 'NO', cityRegion: 'Oslo' },
    ],
  },
  blank: {
    homeCity: '',
    country: 'DK',
    timeZone: 'Europe/Copenhagen',
    currency: 'EUR',
    locale: 'en',
    goals: [],
    // A blank start gets Odense's five principles as a draft to edit under Goals.
    principles: ODENSE_PRINCIPLES,
    partners: [],
    policies: {},
  },
};

/** Agreement type that fits a preset partner's kind. */
export function agreementTypeFor(kind: PresetPartner['kind']) {
  switch (kind) {
    case 'twin_city':
      return 'twin_city_agreement' as const;
    case 'network':
    case 'regional_office':
      return 'network_membership' as const;
    case 'project':
      return 'project_participation' as const;
    default:
      return 'cooperation_agreement' as const;
  }
}
