// Sorting by name in the organisation's language (lib/collation.ts), for drizzle queries: one
// expression, so every list, picker and export orders names the same way. The three large tables
// store the same key instead (partners.nameKey, partnerships.titleKey, contacts.nameKey, kept by the
// triggers of migration 0027), so their sorts walk an index: order by those columns, not byName().
import { sql, type SQL, type AnyColumn } from 'drizzle-orm';

/** ORDER BY this for names: the organisation's locale is read once per statement. */
export function byName(column: AnyColumn | SQL): SQL {
  return sql`sort_key(${column}, (select locale from organisation where id = 1))`;
}
