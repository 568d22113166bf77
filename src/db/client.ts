// Opens the SQLite database with its pragmas, wraps it in drizzle and runs the migrations; checks a
// database file before the server trusts it, and says which storage failures mean "not saved".
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  closeSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import * as schema from './schema.js';
import { registerSortKey } from '../lib/collation.js';
import { fromRoot } from '../paths.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const migrationsFolder = fromRoot('db', 'migrations');

export interface OpenOptions {
  /** Another migrations folder (tests of a failing migration). */
  migrationsFolder?: string;
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    // better-sqlite3 leaves WAL databases at NORMAL; a public record must survive a power cut.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    registerSortKey(sqlite);
    reuseStatements(sqlite);
    const db = drizzle(sqlite, { schema }) as Db;
    // Migrate with foreign keys off: drizzle-kit's table rebuilds would otherwise fire ON DELETE
    // CASCADE inside the migration transaction, where their own PRAGMA foreign_keys=OFF does nothing
    // (see STACK-NOTES). better-sqlite3 opens every connection with them ON, so say so. drizzle runs
    // every pending migration in one BEGIN ... COMMIT, so a failing one leaves the database as it was.
    sqlite.pragma('foreign_keys = OFF');
    const before = appliedMigrations(sqlite);
    migrate(db, { migrationsFolder: options.migrationsFolder ?? migrationsFolder });
    sqlite.pragma('foreign_keys = ON');
    // A migration that rebuilt a table could leave a row pointing nowhere: check after migrating.
    // Only then: the check reads every table (0.8 s on a region's 345 MB file), and with foreign
    // keys on, nothing else can break them.
    if (appliedMigrations(sqlite) !== before) {
      const broken = sqlite.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`Database has ${broken.length} broken foreign keys after migration`);
    }
    return db;
  } catch (err) {
    sqlite.close();
    throw err;
  }
}

/** How many migrations the database has recorded (drizzle's journal table), 0 for a new file. */
function appliedMigrations(sqlite: Database.Database): number {
  const journal = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  return journal ? (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n : 0;
}

/**
 * A private in-memory copy of an already migrated database image (`db.$client.serialize()`), with
 * the same connection settings: tests migrate once and copy the result for every test.
 */
export function openCopy(image: Buffer): Db {
  const sqlite = new Database(image);
  sqlite.pragma('busy_timeout = 5000');
  registerSortKey(sqlite);
  reuseStatements(sqlite);
  sqlite.pragma('foreign_keys = ON');
  return drizzle(sqlite, { schema }) as Db;
}

/**
 * Prepare each SQL text once per connection and reuse the statement: drizzle prepares every query
 * again on every call, which showed in the profile of a list page. A reused statement is reset to
 * plain rows (no raw/pluck left by the previous caller); one that is still iterating is not shared.
 */
export function reuseStatements(sqlite: Database.Database, max = 500): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const hit = cache.get(source);
    if (hit && !hit.busy) {
      if (hit.reader) hit.raw(false).pluck(false);
      return hit;
    }
    const statement = prepare(source);
    if (!hit) {
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof sqlite.prepare;
}

/** Run fn in one IMMEDIATE transaction: reads and writes see one consistent state, no await inside. */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

/**
 * A failed write that is the storage's fault, not the request's: 'full' (disk or quota full) or
 * 'unavailable' (read-only file, I/O error, locked for too long). Null for anything else.
 */
export function storageFailure(err: unknown): 'full' | 'unavailable' | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code === 'SQLITE_FULL' || (code === 'SQLITE_IOERR_WRITE' && /disk|space/i.test(String((err as Error).message)))) return 'full';
  if (/^SQLITE_(READONLY|IOERR|BUSY|LOCKED|CANTOPEN|PROTOCOL)/.test(code)) return 'unavailable';
  return null;
}

/** The newest migration this code knows (its folder time, as drizzle records it). */
export function latestMigration(folder = migrationsFolder): number {
  return Math.max(0, ...readMigrationFiles({ migrationsFolder: folder }).map((m) => m.folderMillis));
}

/** The newest migration the database has run, or 0 for none. */
export function appliedMigration(sqlite: Database.Database): number {
  try {
    const row = sqlite.prepare('select max(created_at) as at from __drizzle_migrations').get() as { at: number | null } | undefined;
    return Number(row?.at ?? 0);
  } catch {
    return 0;
  }
}

/** A problem that stops the server before it serves: one line an operator can act on. */
export class StartupError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'StartupError';
  }
}

/** Signs that this data directory once held an installation: a generated session secret or backups. */
export function previousInstallEvidence(dataDir: string, backupDir = join(dataDir, 'backups')): string | null {
  if (existsSync(join(dataDir, 'session-secret'))) return join(dataDir, 'session-secret');
  try {
    if (readdirSync(backupDir).some((f) => f.endsWith('.sqlite'))) return `${backupDir}/`;
  } catch {
    /* no backups folder */
  }
  return null;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Checks the database file before opening it for real, so a damaged or unexpected file gives one
 * clear line per cause instead of a stack trace, and an installation whose database went missing
 * is never mistaken for a fresh one (which would offer setup to whoever comes first).
 */
export function checkDatabaseFile(file: string, dataDir: string, backupDir?: string): 'new' | 'checked' | 'closed cleanly' {
  const problems: string[] = [];
  const sealedClean = takeCleanCloseSeal(file);
  const evidence = previousInstallEvidence(dataDir, backupDir);
  const exists = existsSync(file);
  const size = exists ? statSync(file).size : 0;
  if (!exists || size === 0) {
    if (evidence) {
      problems.push(
        `The database ${file} is ${exists ? 'empty (0 bytes)' : 'missing'}, but ${evidence} shows an installation existed here. ` +
          'Refusing to start a fresh one: restore a backup (npm run cli -- restore <file>), or move the data folder aside to really start over.',
      );
    }
    if (!exists) {
      try {
        mkdirSync(dataDir, { recursive: true });
        accessSync(dataDir, constants.W_OK);
      } catch {
        problems.push(`The data folder ${dataDir} cannot be created or written (check its owner and permissions).`);
      }
    }
    if (problems.length) throw new StartupError(problems);
    return 'new';
  }
  try {
    accessSync(file, constants.R_OK);
  } catch {
    throw new StartupError([`The database ${file} cannot be read (check its owner and permissions).`]);
  }
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let read = 0;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || !header.subarray(0, 16).equals(SQLITE_HEADER)) {
    throw new StartupError([
      `The database ${file} is not an SQLite database (${read < 100 ? 'only ' + read + ' bytes' : 'wrong header'}): it is damaged or not this app's file. Restore a backup.`,
    ]);
  }
  for (const target of [file, dataDir, `${file}-wal`]) {
    if (target.endsWith('-wal') && !existsSync(target)) continue;
    try {
      accessSync(target, constants.W_OK);
    } catch {
      problems.push(
        `${target} is read-only for this process (user ${process.getuid?.() ?? '?'}): the app must be able to write the database, its -wal and -shm files and their folder.`,
      );
    }
  }
  if (problems.length) throw new StartupError(problems);
  // Page size times page count against the file: a file cut short (a partial copy) is caught here
  // even when the pages SQLite happens to read first are intact.
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  const pageCount = header.readUInt32BE(28);
  const validFor = header.readUInt32BE(92);
  const changeCounter = header.readUInt32BE(24);
  if (pageCount > 0 && validFor === changeCounter && size < pageSize * pageCount) {
    throw new StartupError([
      `The database ${file} is truncated (${size} bytes, its header says ${pageSize * pageCount}): restore a backup.`,
    ]);
  }
  // The page-by-page check reads the whole file (1.1 s for a region's 345 MB): it is skipped only
  // when this server closed the file itself and nothing has touched it since (sealCleanClose below).
  if (sealedClean) return 'closed cleanly';
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    const result = sqlite.pragma('quick_check', { simple: true });
    if (result !== 'ok')
      throw new StartupError([`The database ${file} is corrupt (quick_check: ${String(result).split('\n')[0]}). Restore a backup.`]);
  } catch (err) {
    if (err instanceof StartupError) throw err;
    throw new StartupError([`The database ${file} cannot be opened: ${(err as Error).message}. Restore a backup.`]);
  } finally {
    sqlite?.close();
  }
  return 'checked';
}

/** The seal a clean shutdown leaves beside the database: its size and modification time then. */
const sealOf = (file: string) => `${file}.closed-cleanly`;

function fileState(file: string): { size: number; mtimeMs: number } {
  const st = statSync(file);
  return { size: st.size, mtimeMs: st.mtimeMs };
}

/**
 * After the server has closed the database (SQLite checkpointed and removed the -wal file), record
 * the file's size and modification time. Not after a crash or kill -9, so the next start checks.
 */
export function sealCleanClose(file: string): void {
  if (file === ':memory:' || !existsSync(file) || existsSync(`${file}-wal`)) return;
  try {
    writeFileSync(sealOf(file), JSON.stringify(fileState(file)));
  } catch {
    /* a full disk or read-only folder: the next start simply checks */
  }
}

/**
 * Whether the last stop was clean and the file is exactly as that stop left it (no -wal file, same
 * size, same modification time). The seal is removed either way: it vouches for one start only.
 */
function takeCleanCloseSeal(file: string): boolean {
  const seal = sealOf(file);
  if (!existsSync(seal)) return false;
  try {
    const sealed = JSON.parse(readFileSync(seal, 'utf8')) as { size?: unknown; mtimeMs?: unknown };
    rmSync(seal, { force: true });
    if (!existsSync(file) || existsSync(`${file}-wal`)) return false;
    const now = fileState(file);
    return sealed.size === now.size && sealed.mtimeMs === now.mtimeMs;
  } catch {
    rmSync(seal, { force: true });
    return false;
  }
}
