// Sorting by name in the organisation's language (lib/collation.ts), for drizzle queries: one
// expression, so every list, picker and export orders names the same way. The three large tables
// store the same key instead (partners.nameKey, partnerships.titleKey, contacts.nameKey, kept by the
// triggers of migration 0027), so their sorts walk an index: order by those columns, not byName().
import { sql, type SQL, type AnyColumn } from 'drizzle-orm';

/** ORDER BY this for names: the organisation's locale is read once per statement. */
export function byName(column: AnyColumn | SQL): SQL {
  return sql`sort_key(${column}, (select locale from organisation where id = 1))`;
}

/** What a list needs to sort coded columns as the reader reads them (a request's i18n has it). */
export interface Labels {
  intlLocale: string;
  t(key: string): string;
  country(code: string): string;
}

/**
 * ORDER BY a coded column (a status, a kind, a country code) as its labels read in the reader's
 * language: each code gets its place in the labels' alphabetical order; codes not listed come last.
 * Without labels (an export without a reader, a test), the codes' own order.
 */
export function byLabel(
  column: AnyColumn | SQL,
  codes: readonly string[],
  label: ((code: string) => string) | null,
  intlLocale?: string,
): SQL {
  if (!label || codes.length === 0) return sql`${column}`;
  const sorted = labelOrder(codes, label, intlLocale);
  return sql`case ${column} ${sql.join(
    sorted.map((code, i) => sql`when ${code} then ${i}`),
    sql` `,
  )} else ${sorted.length} end`;
}

// The orders already worked out, by locale and labels: every list page asks for them (the
// partnerships list for two on every request), and a collator and a sort of 250 country names cost
// more than the rest of building the query. The labels are part of the key, so a label that
// changes gets its own order. Bounded: the four languages times a few dozen code lists fit.
const orders = new Map<string, readonly string[]>();
const collators = new Map<string, Intl.Collator>();
const MAX_ORDERS = 256;

function labelOrder(codes: readonly string[], label: (code: string) => string, intlLocale: string | undefined): readonly string[] {
  const labelled = codes.map((code) => ({ code, label: label(code) }));
  const key = `${intlLocale ?? ''}\u0000${labelled.map((l) => `${l.code}\u0001${l.label}`).join('\u0002')}`;
  const known = orders.get(key);
  if (known) return known;
  const locale = intlLocale ?? '';
  let collator = collators.get(locale);
  if (!collator) collators.set(locale, (collator = new Intl.Collator(intlLocale, { sensitivity: 'base' })));
  const compare = collator.compare;
  const sorted = labelled.sort((a, b) => compare(a.label, b.label) || (a.code < b.code ? -1 : 1)).map((l) => l.code);
  if (orders.size >= MAX_ORDERS) orders.clear();
  orders.set(key, sorted);
  return sorted;
}
