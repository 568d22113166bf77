// Online backups with SQLite's backup API (consistent while the app writes; never a file copy),
// their names and pruning, and a restore that checks a file before it replaces the database.
import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { appliedMigration, latestMigration } from '../db/client.js';
import { backupsToKeep, type BackupEntry } from './retention.js';
import { documentsDir } from '../documents/storage.js';
import { completeBackupDocuments, copyAllDocuments, pruneBackupDocuments, restoreDocuments } from '../documents/backup.js';

const NAME = /^app-(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(\d{2})Z\.sqlite$/;

/** app-2026-11-30T023000Z.sqlite: sorts by time, and says when it was taken. */
export function backupName(now: Date): string {
  return `app-${now.toISOString().slice(0, 19).replace(/:/g, '')}Z.sqlite`;
}

export function parseBackupName(name: string): Date | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function listBackups(dir: string): BackupEntry[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const takenAt = parseBackupName(name);
    return takenAt ? [{ name, takenAt }] : [];
  });
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Write a consistent copy of the open database to `target`: a file, or with `folder` (or an existing
 * folder) a dated file inside it.
 * The copy is written beside the target and renamed into place, so a target never holds half a backup.
 * The documents' files go to a documents/ folder beside it (src/documents/backup.ts); `documentsDir`
 * defaults to the one beside the database (DATA_DIR/documents), null leaves them out.
 */
export async function backupDatabase(
  sqlite: Database.Database,
  target: string,
  now: Date,
  options: { folder?: boolean; documentsDir?: string | null } = {},
): Promise<string> {
  const folder = options.folder ?? (existsSync(target) && statSync(target).isDirectory());
  const file = folder ? join(target, backupName(now)) : target;
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const documents = options.documentsDir !== undefined ? options.documentsDir : sqlite.memory ? null : documentsDir(dirname(sqlite.name));
  if (documents) copyAllDocuments(documents, file);
  // All pages in one step, under one read transaction: copied in small steps, any write from another
  // connection (the server, while the CLI backs up) restarts the copy, and a busy app never lets it end.
  // In WAL mode the step blocks no writer; for a city's database it takes a fraction of a second.
  await sqlite.backup(partial, { progress: () => 0x7fffffff });
  fsyncFile(partial);
  renameSync(partial, file);
  if (documents) completeBackupDocuments(documents, file);
  return file;
}

/** Delete the dated backups in `dir` that the retention rule does not keep. Returns the deleted names. */
export function pruneBackups(dir: string, now: Date): string[] {
  const backups = listBackups(dir);
  const keep = backupsToKeep(backups, now);
  const deleted: string[] = [];
  for (const b of backups) {
    if (keep.has(b.name)) continue;
    rmSync(join(dir, b.name), { force: true });
    deleted.push(b.name);
  }
  pruneBackupDocuments(dir, [...keep]);
  return deleted;
}

/** Why a file cannot be restored, one line each; empty when it can. */
export function checkRestorable(file: string, migrationsFolder?: string): string[] {
  if (!existsSync(file)) return [`${file} does not exist`];
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const problems: string[] = [];
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check failed: ${String(integrity)}`);
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length) problems.push(`foreign_key_check found ${broken.length} rows pointing at nothing`);
    const applied = appliedMigration(db);
    const expected = latestMigration(migrationsFolder);
    if (applied !== expected) {
      problems.push(
        applied < expected
          ? 'its schema is older than this version of the app (restore it with the version that made it, then upgrade)'
          : 'its schema is newer than this version of the app (upgrade the app first)',
      );
    }
    return problems;
  } catch (err) {
    return [`cannot be read as an SQLite database: ${(err as Error).message}`];
  } finally {
    db?.close();
  }
}

/**
 * Replace the database with a checked backup. The server must be stopped. The current database (with
 * its -wal and -shm) is moved aside, not deleted; returns where it went.
 */
export function restoreDatabase(
  source: string,
  databaseFile: string,
  now: Date,
  migrationsFolder?: string,
): { replacedBy: string; keptAs: string | null; documents: { copied: number; missing: string[] } } {
  const problems = checkRestorable(source, migrationsFolder);
  if (problems.length) throw new Error(`${basename(source)} cannot be restored:\n  - ${problems.join('\n  - ')}`);
  const incoming = `${databaseFile}.restoring`;
  copyFileSync(source, incoming);
  fsyncFile(incoming);
  let keptAs: string | null = null;
  if (existsSync(databaseFile)) {
    // Fold the WAL into the file first so what is kept aside is one self-contained file (when it can be opened).
    try {
      const current = new Database(databaseFile, { fileMustExist: true });
      current.pragma('wal_checkpoint(TRUNCATE)');
      current.close();
    } catch {
      /* a damaged database is kept aside as it is, with its -wal */
    }
    keptAs = `${databaseFile}.before-restore-${now.toISOString().slice(0, 19).replace(/:/g, '')}Z`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(databaseFile + suffix)) renameSync(databaseFile + suffix, keptAs + suffix);
    }
  }
  renameSync(incoming, databaseFile);
  const documents = restoreDocuments(source, documentsDir(dirname(databaseFile)));
  return { replacedBy: source, keptAs, documents };
}
