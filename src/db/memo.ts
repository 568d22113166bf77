// Portfolio-wide figures (the latest review of every partnership, ledger totals per year, the due
// dates of every review) read whole tables but change only when the data does, while pages ask for
// them on every request. They are kept per connection until the next write: the key is SQLite's own
// count of rows this connection has changed (total_changes(), which triggers and raw statements
// move too) and data_version (which moves when another connection, the CLI or a restore, commits).
// Nothing has to remember to invalidate. Inside a transaction nothing is kept: what it reads may
// yet be rolled back. Results are frozen, so a caller that would change a shared result fails loudly.
import type { Statement } from 'better-sqlite3';
import type { Db } from './client.js';

interface Memo {
  version: string;
  values: Map<string, unknown>;
}

const memos = new WeakMap<Db, Memo>();
const MAX_KEPT = 256;

const versionStatements = new WeakMap<Db, { changes: Statement; data: Statement }>();

const uncounted = new WeakMap<Db, number>();

/**
 * Rows this connection changed that no page and no kept figure reads: the session store's own (a
 * sign-in, a CSRF secret, "last seen" once a minute per user). Left out of dataVersion, so one
 * person's session does not end what is kept for everyone. (A kept page's key holds its reader's
 * session content itself: src/plugins/kept-pages.ts.)
 */
export function leaveOutOfVersion(db: Db, changes: number): void {
  uncounted.set(db, (uncounted.get(db) ?? 0) + changes);
}

/** The database's state as far as this connection can tell: moves on every write, here or elsewhere. */
export function dataVersion(db: Db): string {
  // Asked several times a request: prepared once per connection (a prepare costs more than the read).
  let statements = versionStatements.get(db);
  if (!statements) {
    statements = { changes: db.$client.prepare('SELECT total_changes()').pluck(), data: db.$client.prepare('PRAGMA data_version').pluck() };
    versionStatements.set(db, statements);
  }
  return `${(statements.changes.get() as number) - (uncounted.get(db) ?? 0)}:${statements.data.get() as number}`;
}

/** compute(), or its result from an earlier call with the same key when nothing was written since. */
export function untilWrite<T extends object>(db: Db, key: string, compute: () => T): T {
  if (db.$client.inTransaction) return compute();
  const now = dataVersion(db);
  let memo = memos.get(db);
  if (!memo || memo.version !== now) memos.set(db, (memo = { version: now, values: new Map() }));
  if (memo.values.has(key)) return memo.values.get(key) as T;
  const value = freeze(compute());
  // Keys carry user input (a report's period, a user's id): a bound keeps many of them from piling up
  // between two writes.
  if (memo.values.size >= MAX_KEPT) memo.values.clear();
  memo.values.set(key, value);
  return value;
}

/** Freeze a result and the rows in it (one level: rows of plain values). */
function freeze<T extends object>(value: T): T {
  if (Array.isArray(value)) for (const row of value) if (row && typeof row === 'object') Object.freeze(row);
  return Object.freeze(value);
}
