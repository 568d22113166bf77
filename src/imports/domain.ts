// The rules of an import as pure functions: which columns mean which field (headers in English,
// Danish, Norwegian and Swedish), how a cell becomes a value (countries by code or name, Nordic
// and ISO dates, kinds in four languages), the preview (each row new, update, unchanged, likely
// duplicate or error, with what changes as old -> new), the user's choices on it, and when a
// pending or committed import expires. No I/O; `now` and the form validation are passed in.
import { COUNTRY_CODES, LOCALES, INTL_LOCALE } from '../i18n/index.js';
import { key } from '../lib/form.js';
import { isIsoDate } from '../lib/form.js';
import { foldText } from '../search/fold.js';

export const ENTITIES = ['partners', 'contacts', 'log_entries'] as const;
export type Entity = (typeof ENTITIES)[number];

export interface FieldDef {
  key: string;
  required?: boolean;
  /** Header words that name this field, already normalised by headerKey(). */
  synonyms: string[];
}

/**
 * The one key names, headers and words are compared by. Built on search's Nordic fold (case,
 * diacritics, å->aa, æ->ae, ø->oe, Turkish İ -> i), plus dotless ı -> i, punctuation and spaces
 * dropped, and the spelled-out letters collapsed (aa/ae/oe/ue -> a/a/o/u), so Århus, Aarhus and
 * Arhus, Østersund, Östersund, Oestersund and Ostersund, İzmir and Izmir each meet.
 */
export function foldName(value: string): string {
  return foldText(value)
    .replace(/ı/g, 'i')
    .replace(/ł/g, 'l')
    .replace(/đ/g, 'd')
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .replace(/aa/g, 'a')
    .replace(/ae/g, 'a')
    .replace(/oe/g, 'o')
    .replace(/ue/g, 'u');
}

/** A header's key: "E-post" -> "epost", "By/Stad" -> "bystad". */
export const headerKey = foldName;

const h = (...words: string[]) => words.map(headerKey);

export const FIELDS: Record<Entity, FieldDef[]> = {
  partners: [
    {
      key: 'name',
      required: true,
      synonyms: h(
        'name',
        'navn',
        'namn',
        'partner',
        'partner name',
        'partnernavn',
        'partnernamn',
        'organisation',
        'organization',
        'organisasjon',
      ),
    },
    { key: 'kind', synonyms: h('kind', 'type', 'typ', 'art', 'partner type', 'partnertype', 'partnertyp', 'slags') },
    { key: 'country', synonyms: h('country', 'land', 'nation', 'country code', 'landekode', 'landskod') },
    {
      key: 'cityRegion',
      synonyms: h('city', 'by', 'stad', 'town', 'region', 'city/region', 'by/region', 'stad/region', 'ort', 'kommune', 'kommun', 'sted'),
    },
    { key: 'website', synonyms: h('website', 'web', 'url', 'homepage', 'hjemmeside', 'nettside', 'webbplats', 'hemsida') },
    {
      key: 'description',
      synonyms: h('description', 'beskrivelse', 'beskrivning', 'notes', 'noter', 'notat', 'anteckningar', 'comment', 'kommentar'),
    },
    { key: 'tags', synonyms: h('tags', 'tag', 'emneord', 'stikkord', 'etiketter', 'taggar', 'nøgleord') },
  ],
  contacts: [
    {
      key: 'name',
      required: true,
      synonyms: h(
        'name',
        'navn',
        'namn',
        'full name',
        'fulde navn',
        'fullt navn',
        'fullständigt namn',
        'contact',
        'kontakt',
        'kontaktperson',
        'person',
      ),
    },
    {
      key: 'email',
      synonyms: h('email', 'e-mail', 'mail', 'e-post', 'epost', 'email address', 'e-mailadresse', 'e-postadresse', 'e-postadress'),
    },
    { key: 'phone', synonyms: h('phone', 'telephone', 'telefon', 'tlf', 'tel', 'mobile', 'mobil', 'telefonnummer') },
    {
      key: 'title',
      synonyms: h('title', 'job title', 'titel', 'tittel', 'stilling', 'stillingsbetegnelse', 'befattning', 'role', 'rolle', 'roll'),
    },
    {
      key: 'partner',
      synonyms: h(
        'partner',
        'organisation',
        'organization',
        'organisasjon',
        'company',
        'firma',
        'virksomhed',
        'virksomhet',
        'företag',
        'partnernavn',
        'partnernamn',
      ),
    },
    { key: 'partnerCountry', synonyms: h('country', 'land', 'partner country', 'partnerland') },
    {
      key: 'preferredLanguage',
      synonyms: h('language', 'preferred language', 'sprog', 'språk', 'foretrukket sprog', 'foretrukket språk', 'föredraget språk'),
    },
    { key: 'notes', synonyms: h('notes', 'note', 'noter', 'notater', 'notat', 'anteckningar', 'comment', 'kommentar') },
  ],
  log_entries: [
    { key: 'occurredOn', required: true, synonyms: h('date', 'dato', 'datum', 'when', 'occurred on', 'dag') },
    { key: 'type', synonyms: h('type', 'kind', 'typ', 'art', 'contact type', 'kontakttype', 'kontakttyp') },
    {
      key: 'summary',
      required: true,
      synonyms: h(
        'summary',
        'subject',
        'resume',
        'resumé',
        'sammendrag',
        'sammanfattning',
        'emne',
        'ämne',
        'description',
        'beskrivelse',
        'beskrivning',
      ),
    },
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
    countryNames = new Map(
      [
        'uk:GB',
        'england:GB',
        'scotland:GB',
        'wales:GB',
        'usa:US',
        'turkey:TR',
        'holland:NL',
        'faroe islands:FO',
        'færøerne:FO',
        'færøyane:FO',
        'färöarna:FO',
      ]
        .map((pair) => pair.split(':') as [string, string])
        .map(([name, code]) => [foldName(name), code]),
    );
    for (const locale of LOCALES) {
      const names = new Intl.DisplayNames([INTL_LOCALE[locale]], { type: 'region' });
      for (const code of COUNTRY_CODES) {
        const name = names.of(code);
        if (name) countryNames.set(foldName(name), code);
      }
    }
  }
  return countryNames.get(foldName(v)) ?? null;
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
  regional_office: [
    'regional office',
    'regional_office',
    'regional eu office',
    'eu office',
    'eu-kontor',
    'eu kontor',
    'regionskontor',
    'regionkontor',
  ],
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
  const v = foldName(value);
  for (const [code, list] of Object.entries(words)) {
    if (v === foldName(code) || list.some((w) => foldName(w) === v)) return code;
  }
  return null;
}

export const parsePartnerKind = (value: string) => fromWords(PARTNER_KIND_WORDS, value);
export const parseLogType = (value: string) => fromWords(LOG_TYPE_WORDS, value);

// ---------------------------------------------------------------- preview

export type RowStatus = 'new' | 'update' | 'unchanged' | 'likely' | 'error';

/** One field an update changes, shown as old -> new. */
export interface Change {
  field: string;
  from: string;
  to: string;
  /** Only diacritics (or letters' case with them) would be lost: kept unless the user ticks it. */
  held: boolean;
  /** Written on commit: not held, or held and ticked. */
  applied: boolean;
}

export interface Candidate {
  id: number;
  label: string;
}

export interface PreviewRow {
  /** The row's number as the spreadsheet shows it (the header is usually 1). */
  line: number;
  status: RowStatus;
  /** The cells by field, as given. */
  cells: Record<string, string>;
  /** Message per field (a catalog key, optionally "key|{params}", or a translated message); '_row' for the row as a whole. */
  errors: Record<string, string>;
  /** The record an update changes. */
  matchId: number | null;
  /** Typed values to write: only fields given (an empty cell never erases what exists). */
  values: Record<string, string | null>;
  /** For an update: each field that changes. */
  changes: Change[];
  /** Existing records this row is only similar to: the user decides (match one, add as new, skip). */
  candidates: Candidate[];
  /** The user's decision on a likely duplicate, as stored ('new', 'skip', 'match:<id>'), or null. */
  decision: string | null;
  /** Whether commit writes this row. Errors never; undecided likely duplicates never; the user can exclude any row. */
  included: boolean;
  /** Excluded by the user (a valid row the user unticked). */
  excluded: boolean;
}

/** A record as it exists, by field, as text ('' for empty). */
export type ExistingRecord = { id: number } & Record<string, string | number>;

/** What exists, indexed for matching (built by queries.ts in a few reads). */
export interface MatchIndex {
  partners: ExistingRecord[];
  contacts: ExistingRecord[];
  logEntries: ExistingRecord[];
}

/** The user's choices on a preview, kept with the staged rows. Keys are file lines. */
export interface Choices {
  /** Valid rows the user unticked. */
  excluded: number[];
  /** Likely duplicates: 'new', 'skip' or 'match:<id>'. */
  decisions: Record<string, string>;
  /** Held changes the user ticked, by line: the fields. */
  accepted: Record<string, string[]>;
}

export const noChoices = (): Choices => ({ excluded: [], decisions: {}, accepted: {} });

/**
 * Validates a row's record with the feature's own form schema (parseForm with the form's
 * schema); returns the parsed values or a message per form field.
 */
export type Validate = (
  entity: Entity,
  form: Record<string, unknown>,
) => { ok: true; data: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/** The fields an import writes, per entity, in the order the preview shows changes. */
export const WRITABLE: Record<Entity, string[]> = {
  partners: ['name', 'kind', 'country', 'cityRegion', 'website', 'description', 'tags'],
  contacts: ['name', 'email', 'phone', 'title', 'preferredLanguage', 'notes', 'partnerId'],
  log_entries: ['occurredOn', 'type', 'summary', 'outcome'],
};

const nonAscii = (s: string) => (s.match(/[^\x00-\x7f]/g) ?? []).length;

/** "İzmir" -> "Izmir", "Kópavogur" -> "Kopavogur": the same name with fewer of its letters. */
export function losesDiacritics(from: string, to: string): boolean {
  return from !== to && foldName(from) === foldName(to) && nonAscii(to) < nonAscii(from);
}

/** Each given field whose value differs from the record's. */
export function changesOf(
  entity: Entity,
  existing: Record<string, unknown>,
  values: Record<string, string | null>,
  accepted: string[] = [],
): Change[] {
  const out: Change[] = [];
  for (const field of WRITABLE[entity]) {
    const to = values[field];
    if (to === undefined || to === null || to === '') continue;
    const from = existing[field] === null || existing[field] === undefined ? '' : String(existing[field]);
    if (from === to) continue;
    const held = losesDiacritics(from, to);
    out.push({ field, from, to, held, applied: !held || accepted.includes(field) });
  }
  return out;
}

/** Edit distance, giving up (returning max + 1) once it must exceed `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** The key with each one letter left out: two keys one edit apart share one of these. */
function deletions(k: string): string[] {
  const out = [k];
  for (let i = 0; i < k.length; i++) out.push(k.slice(0, i) + k.slice(i + 1));
  return out;
}

/**
 * How a place is named: its folded names and its folded region. "Columbus, Ohio" is Columbus in
 * Ohio (the part after a comma qualifies the name), "Porvoo/Borgå" answers to either name, and a
 * region that only repeats the name (City: Östersund) is no region.
 */
export function placeKeys(name: string, region = ''): { names: string[]; region: string } {
  const [head = '', ...rest] = name.split(',');
  const qualifier = rest.join(',').trim();
  const names = new Set([foldName(name), foldName(head)]);
  if (head.includes('/')) for (const part of head.split('/')) if (foldName(part)) names.add(foldName(part));
  names.delete('');
  const given = region.trim() !== '' && !names.has(foldName(region)) ? foldName(region) : '';
  return { names: [...names], region: given || (qualifier ? foldName(qualifier) : '') };
}

/** Partners by each of their folded names, and by one-letter deletions of the name for near misses. */
class PartnerIndex {
  private byKey = new Map<string, ExistingRecord[]>();
  private near = new Map<string, Set<ExistingRecord>>();
  readonly byId = new Map<number, ExistingRecord>();
  readonly regions = new Map<number, string>();

  constructor(partners: ExistingRecord[]) {
    for (const p of partners) {
      this.byId.set(p.id, p);
      const place = placeKeys(String(p.name), String(p.cityRegion ?? ''));
      this.regions.set(p.id, place.region);
      for (const k of place.names) this.byKey.set(k, [...(this.byKey.get(k) ?? []), p]);
      const name = foldName(String(p.name));
      if (name.length >= 4) {
        for (const d of deletions(name)) {
          let set = this.near.get(d);
          if (!set) this.near.set(d, (set = new Set()));
          set.add(p);
        }
      }
    }
  }

  /** Records that answer to one of these folded names. */
  named(names: string[]): ExistingRecord[] {
    const out = new Set<ExistingRecord>();
    for (const k of names) for (const p of this.byKey.get(k) ?? []) out.add(p);
    return [...out];
  }

  /** Records whose folded name is one or two edits from this one. */
  similar(name: string): ExistingRecord[] {
    const k = foldName(name);
    if (k.length < 4) return [];
    const out = new Set<ExistingRecord>();
    for (const d of deletions(k)) for (const p of this.near.get(d) ?? []) out.add(p);
    return [...out].filter((p) => editDistance(k, foldName(String(p.name))) <= 2);
  }
}

const label = (p: ExistingRecord) => {
  const region = p.cityRegion && !foldName(String(p.name)).includes(foldName(String(p.cityRegion))) ? p.cityRegion : '';
  return [p.name, region, p.country].filter((x) => x !== '' && x !== undefined).join(', ');
};

/** "match:<id>" decisions name one of the candidates; anything else is undecided. */
function parseDecision(decision: string | undefined, candidates: Candidate[]): string | null {
  if (decision === 'new' || decision === 'skip') return decision;
  const m = /^match:(\d+)$/.exec(decision ?? '');
  return m && candidates.some((c) => c.id === Number(m[1])) ? decision! : null;
}

/** The row's number in the spreadsheet: as the file reader counted it, else header + position. */
const rowNumber = (rowNumbers: number[] | undefined, i: number) => rowNumbers?.[i] ?? i + 2;

export function buildPreview(
  entity: Entity,
  rows: string[][],
  mapping: Mapping,
  index: MatchIndex,
  validate: Validate,
  choices: Choices = noChoices(),
  rowNumbers?: number[],
): PreviewRow[] {
  const state = previewState(entity, index);
  return rows.map((row, i) => previewRow(state, entity, row, rowNumber(rowNumbers, i), mapping, validate, choices));
}

/**
 * The same preview, a few milliseconds of rows at a time with a turn of the event loop between,
 * so a large file does not hold every other request. Rows are checked in file order, so duplicate
 * lines within the file are found the same way.
 */
export async function buildPreviewInSlices(
  entity: Entity,
  rows: string[][],
  mapping: Mapping,
  index: MatchIndex,
  validate: Validate,
  choices: Choices,
  yieldNow: () => Promise<void>,
  rowNumbers?: number[],
  budgetMs = 5,
): Promise<PreviewRow[]> {
  const state = previewState(entity, index);
  const out: PreviewRow[] = [];
  let sliceStart = performance.now();
  for (let i = 0; i < rows.length; i++) {
    out.push(previewRow(state, entity, rows[i]!, rowNumber(rowNumbers, i), mapping, validate, choices));
    if (i % 16 === 15 && performance.now() - sliceStart > budgetMs) {
      await yieldNow();
      sliceStart = performance.now();
    }
  }
  return out;
}

interface PreviewState {
  partners: PartnerIndex;
  contactsByEmail: Map<string, ExistingRecord>;
  contactsByNamePartner: Map<string, ExistingRecord>;
  contactsById: Map<number, ExistingRecord>;
  logByKey: Map<string, ExistingRecord>;
  logById: Map<number, ExistingRecord>;
  partnersByName: Map<string, ExistingRecord[]>;
  seen: Map<string, number>;
}

function previewState(entity: Entity, index: MatchIndex): PreviewState {
  const partnersByName = new Map<string, ExistingRecord[]>();
  for (const p of index.partners) {
    const k = foldName(String(p.name));
    partnersByName.set(k, [...(partnersByName.get(k) ?? []), p]);
  }
  return {
    partners: new PartnerIndex(entity === 'partners' ? index.partners : []),
    partnersByName,
    contactsByEmail: new Map(index.contacts.filter((c) => c.email).map((c) => [String(c.email).toLowerCase(), c])),
    contactsByNamePartner: new Map(index.contacts.map((c) => [`${foldName(String(c.name))}|${c.partnerId ?? ''}`, c])),
    contactsById: new Map(index.contacts.map((c) => [c.id, c])),
    logByKey: new Map(index.logEntries.map((l) => [`${l.occurredOn}|${foldName(String(l.summary))}`, l])),
    logById: new Map(index.logEntries.map((l) => [l.id, l])),
    seen: new Map(),
  };
}

/** Which form field a schema message belongs to, in the import's words. */
const FORM_FIELD_TO_IMPORT: Record<string, string> = { partnerIds: 'partner', partnerId: 'partner' };

function previewRow(
  state: PreviewState,
  entity: Entity,
  row: string[],
  line: number,
  mapping: Mapping,
  validate: Validate,
  choices: Choices,
): PreviewRow {
  const cells: Record<string, string> = {};
  mapping.forEach((field, col) => {
    if (field) cells[field] = (row[col] ?? '').trim();
  });
  const errors: Record<string, string> = {};
  const values: Record<string, string | null> = {};
  for (const f of FIELDS[entity]) if (f.required && !cells[f.key]) errors[f.key] = 'validation.required';
  for (const [field, value] of Object.entries(cells)) {
    // A byte Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) was read as U+FFFD.
    if (value.includes('\uFFFD')) errors[field] = 'imports.error.undecodable';
  }
  let existing: ExistingRecord | null = null;
  let candidates: Candidate[] = [];
  let dupKey = '';
  const viaRegion = { value: false };

  function resolvePartner(name: string, countryCell: string | undefined): number | null {
    let country: string | null = null;
    if (countryCell) {
      country = parseCountry(countryCell);
      if (!country) {
        errors.partnerCountry = key('imports.error.country', { value: countryCell });
        return null;
      }
    }
    const found = (state.partnersByName.get(foldName(name)) ?? []).filter((p) => !country || p.country === country);
    if (found.length === 0) errors.partner = key('imports.error.partnerUnknown', { value: name });
    else if (found.length > 1) errors.partner = key('imports.error.partnerAmbiguous', { value: name });
    else return found[0]!.id;
    return null;
  }

  if (entity === 'partners') {
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
    if (cells.name && !errors.country) {
      const place = placeKeys(cells.name, cells.cityRegion ?? '');
      dupKey = `${place.names[0]}|${place.region}|${country}`;
      const sameName = state.partners.named(place.names);
      // Two regions for one name are two places (Columbus in Ohio, Columbus in Georgia).
      const regionConflict = (p: ExistingRecord) => {
        const theirs = state.partners.regions.get(p.id) ?? '';
        return place.region !== '' && theirs !== '' && place.region !== theirs;
      };
      // The same place: one of its names, the same country, no other region.
      const exact = sameName.filter((p) => p.country === country && !regionConflict(p));
      if (exact.length === 1) {
        existing = exact[0]!;
        viaRegion.value = foldName(String(existing.name)) !== foldName(cells.name);
      } else {
        // Only similar: same name elsewhere, without a country or in another region, two of them, or a near spelling.
        const near = [...sameName, ...state.partners.similar(cells.name).filter((p) => !country || !p.country || p.country === country)];
        const unique = [...new Map(near.map((p) => [p.id, p])).values()].slice(0, 10);
        candidates = unique.map((p) => ({ id: p.id, label: label(p) }));
      }
    }
  } else if (entity === 'contacts') {
    if (cells.name) values.name = cells.name;
    if (cells.email) values.email = cells.email;
    for (const f of ['phone', 'title', 'preferredLanguage', 'notes']) if (cells[f]) values[f] = cells[f]!;
    let partnerId: number | null = null;
    if (cells.partner) {
      partnerId = resolvePartner(cells.partner, cells.partnerCountry);
      if (partnerId !== null) values.partnerId = String(partnerId);
    }
    const email = (cells.email ?? '').toLowerCase();
    if (email) {
      dupKey = `email|${email}`;
      existing = state.contactsByEmail.get(email) ?? null;
    } else if (cells.name) {
      dupKey = `name|${foldName(cells.name)}|${partnerId ?? ''}`;
    }
    if (existing === null && cells.name) existing = state.contactsByNamePartner.get(`${foldName(cells.name)}|${partnerId ?? ''}`) ?? null;
  } else {
    if (cells.occurredOn) {
      const d = parseDate(cells.occurredOn);
      if (d) values.occurredOn = d;
      else errors.occurredOn = key('imports.error.date', { value: cells.occurredOn });
    }
    if (cells.summary) values.summary = cells.summary;
    if (cells.outcome) values.outcome = cells.outcome;
    if (cells.type) {
      const type = parseLogType(cells.type);
      if (type) values.type = type;
      else errors.type = key('imports.error.logType', { value: cells.type });
    }
    if (cells.partner) {
      const partnerId = resolvePartner(cells.partner, cells.partnerCountry);
      if (partnerId !== null) values.partnerId = String(partnerId);
    }
    if (values.occurredOn && cells.summary) {
      dupKey = `${values.occurredOn}|${foldName(cells.summary)}`;
      existing = state.logByKey.get(dupKey) ?? null;
    }
  }

  // A likely duplicate the user matched to one of its candidates is an update of that record.
  const decision = candidates.length > 0 ? parseDecision(choices.decisions[String(line)], candidates) : null;
  if (decision?.startsWith('match:')) {
    existing = state.partners.byId.get(Number(decision.slice(6))) ?? null;
    viaRegion.value = existing !== null && foldName(String(existing.name)) !== foldName(cells.name ?? '');
  }
  // The file names the place another way ("Columbus, Ohio" against Columbus in Ohio, Porvoo against Porvoo/Borgå): keep the record's name.
  if (viaRegion.value) delete values.name;

  // The feature's own form schema decides what is valid: the record as it would be after the import.
  if (Object.keys(errors).length === 0) {
    const result = validate(entity, formFor(entity, existing, values));
    if (result.ok) {
      for (const f of WRITABLE[entity]) {
        if (values[f] !== undefined && values[f] !== null && result.data[f] !== undefined && result.data[f] !== null)
          values[f] = String(result.data[f]);
      }
    } else {
      for (const [field, message] of Object.entries(result.errors)) {
        const target = FORM_FIELD_TO_IMPORT[field] ?? field;
        errors[target in cells || target === 'partner' ? target : '_row'] ??= message;
      }
    }
  }

  if (dupKey) {
    const first = state.seen.get(dupKey);
    if (first !== undefined) errors._row = key('imports.error.duplicate', { line: first });
    else state.seen.set(dupKey, line);
  }

  const changes = existing ? changesOf(entity, existing, values, choices.accepted[String(line)] ?? []) : [];
  let status: RowStatus;
  if (Object.keys(errors).length > 0) status = 'error';
  else if (candidates.length > 0 && (decision === null || decision === 'skip')) status = 'likely';
  else if (existing) status = changes.length > 0 ? 'update' : 'unchanged';
  else status = 'new';
  const excluded = status !== 'error' && (choices.excluded.includes(line) || decision === 'skip');
  const included = status !== 'error' && status !== 'likely' && !excluded;
  return { line, status, cells, errors, matchId: existing?.id ?? null, values, changes, candidates, decision, included, excluded };
}

/** The record as the form would post it: what exists, with what the file gives on top. */
function formFor(entity: Entity, existing: ExistingRecord | null, values: Record<string, string | null>): Record<string, unknown> {
  const base: Record<string, unknown> = {};
  if (existing) for (const f of WRITABLE[entity]) base[f] = existing[f] === undefined || existing[f] === null ? '' : String(existing[f]);
  for (const [k, v] of Object.entries(values)) if (v !== null) base[k] = v;
  if (entity === 'partners') base.kind ??= 'organisation';
  if (entity === 'log_entries') {
    base.type ??= 'other';
    // An update keeps the entry's partners; a new entry needs the one the file names.
    base.partnerIds = values.partnerId ? [values.partnerId] : existing ? ['0'] : [];
  }
  return base;
}

export interface PreviewCounts {
  new: number;
  update: number;
  unchanged: number;
  likely: number;
  error: number;
  excluded: number;
  total: number;
  /** Rows commit will write. */
  toWrite: number;
}

export function countPreview(rows: PreviewRow[]): PreviewCounts {
  const counts = { new: 0, update: 0, unchanged: 0, likely: 0, error: 0, excluded: 0, total: rows.length, toWrite: 0 };
  for (const r of rows) {
    if (r.excluded) counts.excluded += 1;
    else counts[r.status] += 1;
    if (r.included && (r.status === 'new' || (r.status === 'update' && r.changes.some((c) => c.applied)))) counts.toWrite += 1;
  }
  return counts;
}

/** Likely duplicates still waiting for the user's decision: commit waits for them. */
export const undecided = (rows: PreviewRow[]) => rows.filter((r) => r.status === 'likely' && r.decision === null).length;

// ---------------------------------------------------------------- lifetimes

/** An abandoned preview (and the rows it staged) is deleted after a day. */
export const PENDING_TTL_MS = 24 * 60 * 60 * 1000;
/** A committed import can be reverted for 30 days; then its copies of the old values are deleted. */
export const REVERT_WINDOW_DAYS = 30;
const REVERT_WINDOW_MS = REVERT_WINDOW_DAYS * 24 * 60 * 60 * 1000;

export interface BatchTimes {
  status: 'pending' | 'committed' | 'reverted';
  createdAt: string;
  committedAt: string | null;
}

/** A pending import older than a day has expired. */
export function pendingExpired(batch: BatchTimes, now: Date): boolean {
  return batch.status === 'pending' && now.getTime() - Date.parse(batch.createdAt) >= PENDING_TTL_MS;
}

/** The last moment a committed import can be reverted (null when it is not committed). */
export function revertUntil(batch: BatchTimes): Date | null {
  if (batch.status !== 'committed') return null;
  return new Date(Date.parse(batch.committedAt ?? batch.createdAt) + REVERT_WINDOW_MS);
}

export function canRevert(batch: BatchTimes, now: Date): boolean {
  const until = revertUntil(batch);
  return until !== null && now.getTime() < until.getTime();
}
