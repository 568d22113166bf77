// Lazy iteration of a drizzle select on better-sqlite3. drizzle 0.45 has no .iterate() for this
// driver, so the built query's SQL is run as a raw statement and each row is decoded the way
// drizzle would (column mappers, .mapWith()), keyed by the select's own field names.
//
// One statement iterator stays open for the whole export, a chunk read per turn of the event
// loop: re-running the query with limit/offset per chunk would sort the whole list again for
// every chunk. An open iterator makes its connection refuse every other statement, so it is
// only used on the export's own read-only connection (src/exports/reader.ts).
import { Column, SQL, is } from 'drizzle-orm';
import type { Db } from '../db/client.js';

type Decoder = (value: unknown) => unknown;

export interface BuiltSelect {
  toSQL(): { sql: string; params: unknown[] };
  all(): unknown[];
}

function decoderOf(field: unknown): Decoder | null {
  if (is(field, Column)) return (v) => (v === null ? null : field.mapFromDriverValue(v));
  if (is(field, SQL.Aliased)) return decoderOf(field.sql);
  if (is(field, SQL)) {
    const decoder = (field as unknown as { decoder?: { mapFromDriverValue(v: unknown): unknown } }).decoder;
    return (v) => (v === null || !decoder ? v : decoder.mapFromDriverValue(v));
  }
  return null; // a nested object: not flat
}

/** Rows of a not-yet-executed select, read one at a time. */
export function iterateSelect<Q extends BuiltSelect>(db: Db, query: Q): Iterable<ReturnType<Q['all']>[number]> {
  const fields = (query as unknown as { config?: { fields?: Record<string, unknown> } }).config?.fields ?? {};
  const keys = Object.keys(fields);
  const decoders = keys.map((k) => decoderOf(fields[k]));
  if (keys.length === 0 || decoders.some((d) => d === null)) {
    // Nested selections are decoded by drizzle itself (reads all rows; none of our lists need it).
    return query.all() as ReturnType<Q['all']>[number][];
  }
  const { sql, params } = query.toSQL();
  const statement = db.$client.prepare(sql).raw(true);
  const decode = (row: unknown[]) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) out[keys[i]!] = decoders[i]!(row[i]);
    return out as ReturnType<Q['all']>[number];
  };
  if (!db.$client.readonly) {
    // The app's own connection (an in-memory database has no second one): never leave an
    // iterator open on it between chunks, where other requests' queries would find it busy.
    return (statement.all(...params) as unknown[][]).map(decode);
  }
  return {
    *[Symbol.iterator]() {
      for (const row of statement.iterate(...params) as Iterable<unknown[]>) yield decode(row);
    },
  };
}
