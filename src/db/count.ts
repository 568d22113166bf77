// Counting the rows a filter matches, for pagers and "n of m" headings: one statement, no rows read.
import { count, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './client.js';

/** How many rows of `table` match `where` (all of them without one). */
export function countRows(db: Db, table: SQLiteTable, where?: SQL): number {
  return db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;
}
