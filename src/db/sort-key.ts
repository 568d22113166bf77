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
  const collator = new Intl.Collator(intlLocale, { sensitivity: 'base' });
  const sorted = [...codes].sort((a, b) => collator.compare(label(a), label(b)) || (a < b ? -1 : 1));
  return sql`case ${column} ${sql.join(
    sorted.map((code, i) => sql`when ${code} then ${i}`),
    sql` `,
  )} else ${sorted.length} end`;
}
