// Small aggregate reads that many features share: how many rows a filter matches (for pagers and
// checks), and which values a column holds (for a filter's choices). One statement each.
import { count, getTableName, ne, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './client.js';
import { untilWrite } from './memo.js';

/**
 * How many rows of `table` match `where` (all of them without one). A list's count walks every
 * matching row (100,000 meetings at a region's size: 3 ms) and is asked for on every page of the
 * list: kept until the next write (db/memo.ts), keyed by the statement and its parameters.
 */
export function countRows(db: Db, table: SQLiteTable, where?: SQL): number {
  const query = db.select({ n: count() }).from(table).where(where);
  const { sql, params } = query.toSQL();
  return untilWrite(db, `countRows:${sql}:${JSON.stringify(params)}`, () => ({ n: query.get()?.n ?? 0 })).n;
}

/** The different non-empty values of a text column, sorted: the choices of a filter. */
export function distinctValues(db: Db, column: SQLiteColumn): readonly string[] {
  // A whole-column read on every list page: kept until the next write (db/memo.ts).
  return untilWrite(db, `distinctValues:${getTableName(column.table)}.${column.name}`, () =>
    db
      .selectDistinct({ value: column })
      .from(column.table)
      .where(ne(column, ''))
      .orderBy(column)
      .all()
      .map((r) => r.value as string),
  );
}
