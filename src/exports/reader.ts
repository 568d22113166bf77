// A read-only connection for a long export. better-sqlite3 refuses writes on a connection while
// one of its iterators is open, so a slow download on the app's connection would block every
// write in the app. On a database file (WAL) a second, read-only connection reads a consistent
// snapshot while the app goes on writing. An in-memory database (tests) has no second
// connection; there the app's own is used.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../db/schema.js';
import type { Db } from '../db/client.js';
import { registerSortKey } from '../lib/collation.js';

export interface ExportReader {
  db: Db;
  close(): void;
}

let openReaders = 0;

/** Read connections of exports open right now (a leak shows here first). */
export function openExportReaders(): number {
  return openReaders;
}

export function openExportReader(db: Db): ExportReader {
  const file = db.$client.name;
  if (!file || file === ':memory:' || db.$client.memory) return { db, close() {} };
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  openReaders += 1;
  sqlite.pragma('busy_timeout = 5000');
  registerSortKey(sqlite);
  const reader = drizzle(sqlite, { schema }) as Db;
  return {
    db: reader,
    close() {
      if (!sqlite.open) return;
      try {
        sqlite.close();
        openReaders -= 1;
      } catch {
        // A statement iterator still open ("busy"): the connection stays open until collected,
        // and openExportReaders() shows it. The export loop returns its iterator before its
        // stream closes, so list exports never get here.
      }
    },
  };
}
