// The rules of an import as pure functions: which columns mean which field (headers in English,
// Danish, Norwegian and Swedish), how a cell becomes a value (countries by code or name, Nordic
// and ISO dates, kinds in four languages), and the preview: each row new, update or error, with
// a reason per cell, matched against what exists without writing anything.
import { COUNTRY_CODES, LOCALES, INTL_LOCALE } from '../i18n/index.js';
import { key } from '../lib/form.js';
import { isIsoDate } from '../lib/form.js';

export const ENTITIES = ['partners', 'contacts', 'log_entries'] as const;
export type Entity = (typeof ENTITIES)[number];

export interface FieldDef {
  key: string;
  required?: boolean;
  /** Header words that name this field, already normalised by headerKey(). */
  synonyms: string[];
}

/** Lower-case, no diacritics, Nordic letters spelled out: "Ærø Kommune" -> "aero kommune". */
export function normalise(value: string): string {
  return value
    .toLowerCase()
    .replace(/æ/g, 'ae').replace(/ø/g, 'o').replace(/ß/g, 'ss').replace(/þ/g, 'th').replace(/ð/g, 'd').replace(/ł/g, 'l').replace(/đ/g, 'd')
    .normalize('NFD').replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A header reduced to letters and digits: "E-post" -> "epost", "By/Stad" -> "bystad". */
export function headerKey(value: string): string {
  return normalise(value).replace(/[^a-z0-9]/g, '');
}

const h = (...words: string[]) => words.map(headerKey);

export const FIELDS: Record<Entity, FieldDef[]> = {
  partners: [
    { key: 'name', required: true, synonyms: h('name', 'navn', 'namn', 'partner', 'partner name', 'partnernavn', 'partnernamn', 'organisation', 'organization', 'organisasjon') },
    { key: 'kind', synonyms: h('kind', 'type', 'typ', 'art', 'partner type', 'partnertype', 'partnertyp', 'slags') },
    { key: 'country', synonyms: h('country', 'land', 'nation', 'country code', 'landekode', 'landskod') },
    { key: 'cityRegion', synonyms: h('city', 'by', 'stad', 'town', 'region', 'city/region', 'by/region', 'stad/region', 'ort', 'kommune', 'kommun', 'sted') },
    { key: 'website', synonyms: h('website', 'web', 'url', 'homepage', 'hjemmeside', 'nettside', 'webbplats', 'hemsida') },
    { key: 'description', synonyms: h('description', 'beskrivelse', 'beskrivning', 'notes', 'noter', 'notat', 'anteckningar', 'comment', 'kommentar') },
    { key: 'tags', synonyms: h('tags', 'tag', 'emneord', 'stikkord', 'etiketter', 'taggar', 'nøgleord') },
  ],
  contacts: [
    { key: 'name', required: true, synonyms: h('name', 'navn', 'namn', 'full name', 'fulde navn', 'fullt navn', 'fullständigt namn', 'contact', 'kontakt', 'kontaktperson', 'person') },
    { key: 'email', synonyms: h('email', 'e-mail', 'mail', 'e-post', 'epost', 'email address', 'e-mailadresse', 'e-postadresse', 'e-postadress') },
    { key: 'phone', synonyms: h('phone', 'telephone', 'telefon', 'tlf', 'tel', 'mobile', 'mobil', 'telefonnummer') },
    { key: 'title', synonyms: h('title', 'job title', 'titel', 'tittel', 'stilling', 'stillingsbetegnelse', 'befattning', 'role', 'rolle', 'roll') },
    { key: 'partner', synonyms: h('partner', 'organisation', 'organization', 'organisasjon', 'company', 'firma', 'virksomhed', 'virksomhet', 'företag', 'partnernavn', 'partnernamn') },
    { key: 'partnerCountry', synonyms: h('country', 'land', 'partner country', 'partnerland') },
    { key: 'preferredLanguage', synonyms: h('language', 'preferred language', 'sprog', 'språk', 'foretrukket sprog', 'foretrukket språk', 'föredraget språk') },
    { key: 'notes', synonyms: h('notes', 'note', 'noter', 'notater', 'notat', 'anteckningar', 'comment', 'kommentar') },
  ],
  log_entries: [
    { key: 'occurredOn', required: true, synonyms: h('date', 'dato', 'datum', 'when', 'occurred on', 'dag') },
    { key: 'type', synonyms: h('type', 'kind', 'typ', 'art', 'contact type', 'kontakttype', 'kontakttyp') },
    { key: 'summary', required: true, synonyms: h('summary', 'subject', 'resume', 'resumé', 'sammendrag', 'sammanfattning', 'emne', 'ämne', 'description', 'beskrivelse', 'beskrivning') },
    { key: 'outcome', synonyms: h('outcome', 'result', 'resultat', 'udfald', 'utfall') },
    { key: 'partner', synonyms: h('partner', 'organisation', 'organization', 'organisasjon', 'partnernavn', 'partnernamn') },
    { key: 'partnerCountry', synonyms: h('country', 'land', 'partner country', 'partnerland') },
  ],
};

export type Mapping = (string | null)[];

/** For each column the field it most likely holds; a field is given to one column only. */
export function guessMapping(entity: Entity, headers: string[]): Mapping {
  const used = new Set<string>();
  return headers.map((header) => {
    const k = headerKey(header);
    const field = FIELDS[entity].find((f) => !used.has(f.key) && (f.key.toLowerCase() === k || f.synonyms.includes(k)));
    if (!field) return null;
    used.add(field.key);
    return field.key;
  });
}

/** Cleans a mapping from a form: known fields only, each at most once. */
export function cleanMapping(entity: Entity, columns: number, chosen: (string | undefined)[]): Mapping {
  const known = new Set(FIELDS[entity].map((f) => f.key));
  const used = new Set<string>();
  return Array.from({ length: columns }, (_, i) => {
    const v = chosen[i];
    if (!v || !known.has(v) || used.has(v)) return null;
    used.add(v);
    return v;
  });
}

// ---------------------------------------------------------------- values

let countryNames: Map<string, string> | undefined;
/** ISO code from a code or a country's name in any of our languages ("Sverige", "Island", "UK"). */
export function parseCountry(value: string): string | null {
  const v = value.trim();
  if (/^uk$/i.test(v)) return 'GB';
  if (/^[A-Za-z]{2}$/.test(v) && COUNTRY_CODES.includes(v.toUpperCase())) return v.toUpperCase();
  if (!countryNames) {
    countryNames = new Map([['uk', 'GB'], ['england', 'GB'], ['usa', 'US'], ['faroe islands', 'FO'], ['faeroerne', 'FO'], ['faeroyane', 'FO'], ['faroarna', 'FO']]);
    for (const locale of LOCALES) {
      const names = new Intl.DisplayNames([INTL_LOCALE[locale]], { type: 'region' });
      for (const code of COUNTRY_CODES) {
        const name = names.of(code);
        if (name) countryNames.set(normalise(name), code);
      }
    }
  }
  return countryNames.get(normalise(v)) ?? null;
}

/** 'YYYY-MM-DD' from ISO, Nordic (14.03.2025, 14-03-2025) or day-first slashed (14/03/2025) dates. */
export function parseDate(value: string): string | null {
  const v = value.trim();
  if (isIsoDate(v)) return v;
  const iso = /^(\d{4})-(\d{2})-(\d{2})T/.exec(v);
  if (iso && isIsoDate(`${iso[1]}-${iso[2]}-${iso[3]}`)) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(v);
  if (!m) return null;
  const date = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(date) ? date : null;
}

const PARTNER_KIND_WORDS: Record<string, string[]> = {
  twin_city: ['twin city', 'twin_city', 'sister city', 'venskabsby', 'vennskapsby', 'vanort', 'twin'],
  network: ['network', 'netvaerk', 'nettverk', 'natverk'],
  regional_office: ['regional office', 'regional_office', 'regional eu office', 'eu office', 'eu-kontor', 'eu kontor', 'regionskontor', 'regionkontor'],
  organisation: ['organisation', 'organization', 'organisasjon', 'other partner', 'university', 'business', 'ngo', 'agency'],
  project: ['project', 'projekt', 'prosjekt', 'eu project', 'eu-projekt', 'eu-prosjekt'],
};

const LOG_TYPE_WORDS: Record<string, string[]> = {
  meeting: ['meeting', 'mode', 'mote'],
  call: ['call', 'phone call', 'opkald', 'telefon', 'samtale', 'samtal', 'telefonsamtal'],
  email: ['email', 'e-mail', 'mail', 'e-post', 'epost'],
  visit: ['visit', 'besog', 'besok', 'study visit', 'studiebesog', 'studiebesok'],
  conference: ['conference', 'konference', 'konferanse', 'konferens'],
  network_meeting: ['network meeting', 'network_meeting', 'netvaerksmode', 'nettverksmote', 'natverksmote'],
  other: ['other', 'andet', 'annet', 'annat', 'ovrigt'],
};

function fromWords(words: Record<string, string[]>, value: string): string | null {
  const v = normalise(value).replace(/_/g, ' ');
  for (const [code, list] of Object.entries(words)) {
    if (v === code.replace(/_/g, ' ') || list.some((w) => normalise(w).replace(/_/g, ' ') === v)) return code;
  }
  return null;
}

export const parsePartnerKind = (value: string) => fromWords(PARTNER_KIND_WORDS, value);
export const parseLogType = (value: string) => fromWords(LOG_TYPE_WORDS, value);

// ---------------------------------------------------------------- preview

export type RowStatus = 'new' | 'update' | 'error';

export interface PreviewRow {
  /** The row's line in the file (the header is line 1). */
  line: number;
  status: RowStatus;
  /** The cells by field, as given. */
  cells: Record<string, string>;
  /** Message per field (a catalog key, optionally "key|{params}"); '_row' for the row as a whole. */
  errors: Record<string, string>;
  /** The record an update changes. */
  matchId: number | null;
  /** Typed values to write: only fields given (an empty cell never erases what exists). */
  values: Record<string, string | null>;
}

export interface ExistingPartner { id: number; name: string; country: string }
export interface ExistingContact { id: number; name: string; email: string; partnerId: number | null }
export interface ExistingLogEntry { id: number; occurredOn: string; summary: string }

/** What exists, indexed for matching (built by queries.ts in a few reads). */
export interface MatchIndex {
  partners: ExistingPartner[];
  contacts: ExistingContact[];
  logEntries: ExistingLogEntry[];
}

const partnerKey = (name: string, country: string) => `${normalise(name)}|${country}`;

export function buildPreview(entity: Entity, rows: string[][], mapping: Mapping, index: MatchIndex): PreviewRow[] {
  const partnersByKey = new Map(index.partners.map((p) => [partnerKey(p.name, p.country), p.id]));
  const partnersByName = new Map<string, ExistingPartner[]>();
  for (const p of index.partners) {
    const k = normalise(p.name);
    partnersByName.set(k, [...(partnersByName.get(k) ?? []), p]);
  }
  const contactsByEmail = new Map(index.contacts.filter((c) => c.email).map((c) => [c.email.toLowerCase(), c.id]));
  const contactsByNamePartner = new Map(index.contacts.map((c) => [`${normalise(c.name)}|${c.partnerId ?? ''}`, c.id]));
  const logByKey = new Map(index.logEntries.map((l) => [`${l.occurredOn}|${normalise(l.summary)}`, l.id]));
  const seen = new Map<string, number>();

  function resolvePartner(name: string, countryCell: string | undefined, errors: Record<string, string>): number | null {
    let country: string | null = null;
    if (countryCell) {
      country = parseCountry(countryCell);
      if (!country) {
        errors.partnerCountry = key('imports.error.country', { value: countryCell });
        return null;
      }
    }
    const candidates = (partnersByName.get(normalise(name)) ?? []).filter((p) => !country || p.country === country);
    if (candidates.length === 0) {
      errors.partner = key('imports.error.partnerUnknown', { value: name });
      return null;
    }
    if (candidates.length > 1) {
      errors.partner = key('imports.error.partnerAmbiguous', { value: name });
      return null;
    }
    return candidates[0]!.id;
  }

  return rows.map((row, i) => {
    const line = i + 2;
    const cells: Record<string, string> = {};
    mapping.forEach((field, col) => {
      if (field) cells[field] = (row[col] ?? '').trim();
    });
    const errors: Record<string, string> = {};
    const values: Record<string, string | null> = {};
    for (const f of FIELDS[entity]) if (f.required && !cells[f.key]) errors[f.key] = 'validation.required';
    const tooLong = (field: string, max: number) => {
      if ((cells[field] ?? '').length > max) errors[field] = key('validation.tooLong', { max });
    };
    let matchId: number | null = null;
    let dupKey = '';

    if (entity === 'partners') {
      tooLong('name', 200);
      tooLong('description', 5000);
      if (cells.name) values.name = cells.name;
      if (cells.kind) {
        const kind = parsePartnerKind(cells.kind);
        if (kind) values.kind = kind;
        else errors.kind = key('imports.error.kind', { value: cells.kind });
      }
      let country = '';
      if (cells.country) {
        const code = parseCountry(cells.country);
        if (code) values.country = country = code;
        else errors.country = key('imports.error.country', { value: cells.country });
      }
      for (const f of ['cityRegion', 'website', 'description', 'tags']) if (cells[f]) values[f] = cells[f]!;
      if (cells.website && !/^https?:\/\/\S+$/i.test(cells.website)) errors.website = 'validation.invalidUrl';
      if (cells.name) {
        dupKey = partnerKey(cells.name, country);
        matchId = partnersByKey.get(dupKey) ?? null;
        if (matchId === null && !cells.country) {
          const byName = partnersByName.get(normalise(cells.name)) ?? [];
          if (byName.length === 1) matchId = byName[0]!.id;
        }
      }
    } else if (entity === 'contacts') {
      tooLong('name', 200);
      if (cells.name) values.name = cells.name;
      if (cells.email) {
        const email = cells.email.toLowerCase();
        if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) values.email = email;
        else errors.email = 'validation.invalidEmail';
      }
      for (const f of ['phone', 'title', 'preferredLanguage', 'notes']) if (cells[f]) values[f] = cells[f]!;
      let partnerId: number | null = null;
      if (cells.partner) {
        partnerId = resolvePartner(cells.partner, cells.partnerCountry, errors);
        if (partnerId !== null) values.partnerId = String(partnerId);
      }
      if (values.email) {
        dupKey = `email|${values.email}`;
        matchId = contactsByEmail.get(values.email) ?? null;
      } else if (cells.name) {
        dupKey = `name|${normalise(cells.name)}|${partnerId ?? ''}`;
      }
      if (matchId === null && cells.name) matchId = contactsByNamePartner.get(`${normalise(cells.name)}|${partnerId ?? ''}`) ?? null;
    } else {
      if (cells.occurredOn) {
        const d = parseDate(cells.occurredOn);
        if (d) values.occurredOn = d;
        else errors.occurredOn = key('imports.error.date', { value: cells.occurredOn });
      }
      tooLong('summary', 2000);
      if (cells.summary) values.summary = cells.summary;
      if (cells.outcome) values.outcome = cells.outcome;
      if (cells.type) {
        const type = parseLogType(cells.type);
        if (type) values.type = type;
        else errors.type = key('imports.error.logType', { value: cells.type });
      }
      if (cells.partner) {
        const partnerId = resolvePartner(cells.partner, cells.partnerCountry, errors);
        if (partnerId !== null) values.partnerId = String(partnerId);
      }
      if (values.occurredOn && cells.summary) {
        dupKey = `${values.occurredOn}|${normalise(cells.summary)}`;
        matchId = logByKey.get(dupKey) ?? null;
      }
    }

    if (dupKey) {
      const first = seen.get(dupKey);
      if (first !== undefined) errors._row = key('imports.error.duplicate', { line: first });
      else seen.set(dupKey, line);
    }
    const status: RowStatus = Object.keys(errors).length > 0 ? 'error' : matchId !== null ? 'update' : 'new';
    return { line, status, cells, errors, matchId, values };
  });
}

export interface PreviewCounts { new: number; update: number; error: number; total: number }

export function countPreview(rows: PreviewRow[]): PreviewCounts {
  const counts = { new: 0, update: 0, error: 0, total: rows.length };
  for (const r of rows) counts[r.status] += 1;
  return counts;
}
