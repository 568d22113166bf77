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

export function openExportReader(db: Db): ExportReader {
  const file = db.$client.name;
  if (!file || file === ':memory:' || db.$client.memory) return { db, close() {} };
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  registerSortKey(sqlite);
  const reader = drizzle(sqlite, { schema }) as Db;
  let open = true;
  return {
    db: reader,
    close() {
      if (!open) return;
      open = false;
      try {
        sqlite.close();
      } catch {
        // An iterator still open: the connection is closed when it is collected.
      }
    },
  };
}
