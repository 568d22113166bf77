// Records the SQL (with its parameters) that a read function runs, and explains its query plan.
// Used by query-plans.test.ts: a list page's queries must not scan a large table without an index.
import type { Db } from '../../src/db/client.js';

export interface Recorded {
  sql: string;
  params: unknown[];
}

/** Run fn with every statement it executes recorded. */
export function recordStatements(db: Db, fn: () => unknown): Recorded[] {
  const calls: Recorded[] = [];
  const client = db.$client;
  // Inside a transaction nothing is kept until the next write (src/db/memo.ts): every statement runs
  // and is recorded, however often the same count was asked for before. (Made before prepare is
  // watched, so BEGIN and COMMIT are not recorded.)
  const run = client.transaction(fn);
  const original = client.prepare;
  client.prepare = function (this: typeof client, source: string) {
    const statement = original.call(client, source);
    const proxy: typeof statement = new Proxy(statement, {
      get(target, key) {
        const value = Reflect.get(target, key) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (key === 'all' || key === 'get' || key === 'iterate' || key === 'run') calls.push({ sql: source, params: args });
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          return result === target ? proxy : result;
        };
      },
    });
    return proxy;
  } as typeof client.prepare;
  try {
    run();
  } finally {
    client.prepare = original;
  }
  return calls;
}

/** EXPLAIN QUERY PLAN's detail lines for one statement. */
export function planOf(db: Db, statement: Recorded): string[] {
  const rows = db.$client.prepare(`explain query plan ${statement.sql}`).all(...(statement.params as never[])) as { detail: string }[];
  return rows.map((r) => r.detail);
}

/**
 * The lines that read a whole large table with no index: "SCAN partners" (and "SCAN p" for an alias
 * of one). "SCAN x USING [COVERING] INDEX" walks an index in order and is fine for a paged list.
 */
export function fullScans(plan: string[], aliases: Record<string, string>): string[] {
  return plan.filter((line) => {
    const m = /^SCAN (\w+)(?: AS (\w+))?$/.exec(line.trim());
    if (!m) return false;
    const table = aliases[m[2] ?? ''] ?? aliases[m[1]!] ?? m[1]!;
    return LARGE_TABLES.has(table);
  });
}

export const LARGE_TABLES = new Set([
  'partners',
  'partnerships',
  'contacts',
  'log_entries',
  'log_entry_partners',
  'log_entry_contacts',
  'log_entry_partnerships',
  'reviews',
  'ledger_entries',
  'follow_ups',
  'status_changes',
  'audit_log',
  'partnership_goals',
  'review_scores',
  'partnership_partners',
  'project_reporting_dates',
  'local_actors',
  'local_actor_links',
  'proposals',
]);
