// Reads and writes of partners. The list query is built here once and used by the list page
// (with limit/offset) and by the exporter (iterating every row).
import { and, asc, count, desc, eq, inArray, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { countRows, distinctValues } from '../db/aggregates.js';
import { nameOfUser } from '../users/name.js';
import { insertAudited, updateAudited } from '../audit/rows.js';
import type { Db } from '../db/client.js';
import { partners, partnerships } from '../db/schema.js';
import type { AuditActor } from '../audit/record.js';
import { isCountryCode } from '../i18n/index.js';
import { PARTNER_KINDS, type PartnerKind } from './form.js';
import { byLabel, type Labels } from '../db/sort-key.js';
import type { partnerValues } from './form.js';
import { foldText, ftsColumnQuery, ftsQuery } from '../search/fold.js';

export const PARTNER_SORTS = ['name', 'kind', 'country', 'partnerships'] as const;
export type PartnerSort = (typeof PARTNER_SORTS)[number];

export interface PartnerFilters {
  kind: PartnerKind | null;
  country: string | null;
  /** Free text: name, city/region, description, tags. '' = none. */
  q: string;
  tag: string;
}

export interface SortOrder<S extends string> {
  sort: S;
  dir: 'asc' | 'desc';
  /** The reader's words: coded columns (kind, status, country) then sort as their labels read. */
  labels?: Labels;
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim() : '');

/** Filters from a list URL's query; unknown or malformed values are ignored, never an error. */
export function partnerFilters(query: Record<string, unknown>): PartnerFilters {
  const kind = str(query.kind);
  const country = str(query.country).toUpperCase();
  return {
    kind: (PARTNER_KINDS as readonly string[]).includes(kind) ? (kind as PartnerKind) : null,
    country: country && isCountryCode(country) ? country : null,
    q: str(query.q).slice(0, 200),
    tag: str(query.tag).slice(0, 100),
  };
}

/** LIKE pattern with the user's % and _ taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** One of the columns holds `text` (LIKE, case-insensitive for ASCII; the user's % and _ taken literally). */
export function containsText(text: string, ...columns: (AnyColumn | SQL)[]): SQL | undefined {
  const p = likePattern(text);
  return or(...columns.map((c) => sql`${c} like ${p} escape '\\'`));
}

// Spelled out: in a single-table select drizzle drops the table prefix, and a bare "id" inside
// the subquery would bind to partnerships.id.
const partnershipCount = sql<number>`(select count(*) from "partnerships" ps where ps."partner_id" = "partners"."id")`;

function partnerWhere(f: PartnerFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (f.kind) conditions.push(eq(partners.kind, f.kind));
  if (f.country) conditions.push(eq(partners.country, f.country));
  if (f.q) {
    // Part of a word as typed ("avogur"), or whole words folded like search ("kopavogur" finds Kópavogur,
    // "izmir" İzmir): the search index holds the folded name, place, tags and description.
    const words = ftsQuery(f.q);
    const folded = words ? sql`${partners.id} in (select rowid from search_partners where search_partners match ${words})` : undefined;
    conditions.push(or(containsText(f.q, partners.name, partners.cityRegion, partners.description, partners.tags), folded));
  }
  if (f.tag) {
    // Tags are stored "a, b, c": match one whole tag, case-insensitively.
    const p = `%,${f.tag.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)},%`;
    conditions.push(sql`(',' || lower(replace(${partners.tags}, ', ', ',')) || ',') like ${p} escape '\\'`);
  }
  return and(...conditions);
}

/**
 * The filtered, sorted partner list as a query that is NOT executed: the page adds
 * .limit().offset().all(), an exporter reads it row by row (src/exports/iterate.ts). Rows carry names, not ids.
 */
export function partnersQuery(db: Db, filters: PartnerFilters, order: SortOrder<PartnerSort>, only?: number[]) {
  const columns = {
    id: partners.id,
    name: partners.name,
    kind: partners.kind,
    organisationType: partners.organisationType,
    country: partners.country,
    cityRegion: partners.cityRegion,
    website: partners.website,
    tags: partners.tags,
    description: partners.description,
    annualFeeMinor: partners.annualFeeMinor,
    workingGroups: partners.workingGroups,
    fundingProgramme: partners.fundingProgramme,
    projectStartOn: partners.projectStartOn,
    projectEndOn: partners.projectEndOn,
    projectBudgetMinor: partners.projectBudgetMinor,
    partnershipCount,
    updatedAt: partners.updatedAt,
  };
  return db
    .select(columns)
    .from(partners)
    .where(only ? inArray(partners.id, only) : partnerWhere(filters))
    .orderBy(...partnerOrder(db, order));
}

function partnerOrder(db: Db, order: SortOrder<PartnerSort>): SQL[] {
  const dir = order.dir === 'desc' ? desc : asc;
  const name = partners.nameKey;
  const labels = order.labels;
  const kind = () => byLabel(partners.kind, PARTNER_KINDS, labels ? (k) => labels.t(`partners.kind.${k}`) : null, labels?.intlLocale);
  const country = () => byLabel(partners.country, partnerCountries(db), labels ? (c) => labels.country(c) : null, labels?.intlLocale);
  return {
    name: [dir(name), asc(partners.id)],
    kind: [dir(kind()), asc(name), asc(partners.id)],
    country: [dir(country()), asc(name), asc(partners.id)],
    partnerships: [dir(partnershipCount), asc(name), asc(partners.id)],
  }[order.sort];
}

/**
 * One page of the list. The page's ids are found first and only those rows are then read with their
 * partnership counts: SQLite would otherwise count for every matching row before sorting.
 */
export function partnersPage(db: Db, filters: PartnerFilters, order: SortOrder<PartnerSort>, limit: number, offset: number) {
  const ids = db
    .select({ id: partners.id })
    .from(partners)
    .where(partnerWhere(filters))
    .orderBy(...partnerOrder(db, order))
    .limit(limit)
    .offset(offset)
    .all()
    .map((r) => r.id);
  return ids.length === 0 ? [] : partnersQuery(db, filters, order, ids).all();
}

export function countPartners(db: Db, filters: PartnerFilters): number {
  return countRows(db, partners, partnerWhere(filters));
}

/** How many partners of each kind match the other filters (for the kind filter's counts). */
export function partnerKindCounts(db: Db, filters: PartnerFilters): Record<string, number> {
  const rows = db
    .select({ kind: partners.kind, n: count() })
    .from(partners)
    .where(partnerWhere({ ...filters, kind: null }))
    .groupBy(partners.kind)
    .all();
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

/** Countries in use, for the country filter. */
export function partnerCountries(db: Db): readonly string[] {
  return distinctValues(db, partners.country);
}

export function findPartner(db: Db, id: number) {
  return db.select().from(partners).where(eq(partners.id, id)).get() ?? null;
}

export type Partner = NonNullable<ReturnType<typeof findPartner>>;

/**
 * A partner's partnerships with their owner's name, newest first: those it is the main partner of
 * and those it takes part in with a role (role null for the main partner).
 */
export function partnershipsOfPartner(db: Db, partnerId: number) {
  const role = sql<
    'lead' | 'partner' | 'associate' | null
  >`(select pp."role" from "partnership_partners" pp where pp."partnership_id" = ${partnerships.id} and pp."partner_id" = ${partnerId})`;
  return db
    .select({
      id: partnerships.id,
      title: partnerships.title,
      status: partnerships.status,
      agreementType: partnerships.agreementType,
      department: partnerships.department,
      startOn: partnerships.startOn,
      ownerName: nameOfUser(partnerships.ownerId),
      role,
    })
    .from(partnerships)
    .where(
      or(
        eq(partnerships.partnerId, partnerId),
        sql`${partnerships.id} in (select pp."partnership_id" from "partnership_partners" pp where pp."partner_id" = ${partnerId})`,
      ),
    )
    .orderBy(desc(partnerships.startOn), asc(partnerships.titleKey))
    .all();
}

type PartnerValues = ReturnType<typeof partnerValues>;

export function createPartner(db: Db, actor: AuditActor, values: PartnerValues): number {
  return insertAudited(db, actor, partners, 'partner', { ...values, updatedAt: actor.now.toISOString() }, values);
}

/** Returns false when the partner no longer exists. */
export function updatePartner(db: Db, actor: AuditActor, id: number, values: PartnerValues): boolean {
  return updateAudited(db, actor, partners, 'partner', id, values, { updatedAt: actor.now.toISOString() });
}

/** Partners for a select box (id, name), by name. */
export function partnerChoices(db: Db) {
  return db.select({ id: partners.id, name: partners.name, kind: partners.kind }).from(partners).orderBy(partners.nameKey).all();
}

/** Partners whose name is this one, folded (case, accents, å/aa, spaces): "kopavogur" is Kópavogur. */
export function partnersNamed(db: Db, name: string): { id: number; name: string; country: string | null; kind: string }[] {
  const folded = (text: string) => foldText(text).replace(/\s+/g, ' ').trim();
  const wanted = folded(name);
  const match = ftsColumnQuery('name', name);
  if (!wanted || !match) return [];
  return db
    .all<{ id: number; name: string; country: string | null; kind: string }>(
      sql`SELECT p.id, p.name, p.country, p.kind FROM search_partners s JOIN partners p ON p.id = s.rowid WHERE search_partners MATCH ${match} LIMIT 50`,
    )
    .filter((p) => folded(p.name) === wanted);
}
