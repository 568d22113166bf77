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

export interface Preset {
  homeCity: string;
  country: string;
  timeZone: string;
  currency: string;
  locale: 'en' | 'da' | 'nb' | 'sv';
  goals: string[];
  partners: PresetPartner[];
}

/** Odense's five principles for choosing activities, offered to every preset (seed 003). */
export const ODENSE_PRINCIPLES = ['Værdi', 'Viden', 'Samarbejde', 'Partnerskaber', 'Bedre omdømme'];

const networks: PresetPartner[] = [
  { kind: 'network', name: 'C40 Cities', country: '', website: 'https://www.c40.org' },
  { kind: 'network', name: 'ICLEI – Local Governments for Sustainability', country: '', website: 'https://iclei.org' },
  { kind: 'network', name: 'Eurocities', country: 'BE', cityRegion: 'Brussels', website: 'https://eurocities.eu' },
];

export const PRESETS: Record<Framework, Preset> = {
  odense: {
    homeCity: 'Odense',
    country: 'DK',
    timeZone: 'Europe/Copenhagen',
    currency: 'DKK',
    locale: 'da',
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
    partners: networks,
  },
  stockholm: {
    homeCity: 'Stockholm',
    country: 'SE',
    timeZone: 'Europe/Stockholm',
    currency: 'SEK',
    locale: 'sv',
    goals: ['Profilering', 'Omvärldsbevakning', 'Samverkan', 'Påverkan'],
    partners: networks,
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
    partners: [
      { kind: 'twin_city', name: 'Lund', country: 'SE' },
      { kind: 'twin_city', name: 'Viborg', country: 'DK' },
      { kind: 'twin_city', name: 'Porvoo/Borgå', country: 'FI' },
      { kind: 'twin_city', name: 'Dalvík', country: 'IS' },
      { kind: 'twin_city', name: 'Greifswald', country: 'DE' },
      { kind: 'twin_city', name: 'Fargo, North Dakota', country: 'US', cityRegion: 'North Dakota' },
      { kind: 'twin_city', name: 'Khan Younis', country: 'PS' },
      { kind: 'twin_city', name: 'Karmiel', country: 'IL' },
    ],
  },
  osloregionen: {
    homeCity: 'Oslo',
    country: 'NO',
    timeZone: 'Europe/Oslo',
    currency: 'NOK',
    locale: 'nb',
    goals: ['Areal og transport', 'Klima og miljø', 'Næringsutvikling og innovasjon', 'Internasjonal profilering'],
    partners: [],
  },
  blank: {
    homeCity: '',
    country: 'DK',
    timeZone: 'Europe/Copenhagen',
    currency: 'EUR',
    locale: 'en',
    goals: [],
    partners: [],
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
