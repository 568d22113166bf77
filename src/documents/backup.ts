// Documents in backups. A backup is one SQLite file; the documents' files go beside it, in a
// documents/ folder of the same folder, by content hash like the data folder's own. Files never
// change (a hash names one content), so backups share them and each backup copies only what is new.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { documentPath } from './storage.js';

/** The documents folder that goes with a backup file (shared by every backup in that folder). */
export function backupDocumentsDir(backupFile: string): string {
  return join(dirname(backupFile), 'documents');
}

/** The content hashes a database's documents use; none when it has no documents table (older schema). */
export function hashesIn(databaseFile: string): string[] {
  // A backup keeps the WAL mode of its source, so reading it creates -wal and -shm beside it: removed after.
  const sidecars = ['-wal', '-shm'].map((s) => databaseFile + s).filter((f) => !existsSync(f));
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare(`select 1 from sqlite_master where type = 'table' and name = 'documents'`).get();
    if (!table) return [];
    return (db.prepare('select distinct sha256 from documents').all() as { sha256: string }[]).map((r) => r.sha256);
  } finally {
    db.close();
    for (const f of sidecars) rmSync(f, { force: true });
  }
}

/** Copies a stored file unless the target already has it: beside the target first, then renamed into place. */
function copyFile(fromDir: string, toDir: string, sha256: string): 'copied' | 'present' | 'missing' {
  const target = documentPath(toDir, sha256);
  if (existsSync(target)) return 'present';
  const source = documentPath(fromDir, sha256);
  if (!existsSync(source)) return 'missing';
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, `${target}.partial`);
  renameSync(`${target}.partial`, target);
  return 'copied';
}

/** Every stored file's hash in a documents folder. */
function storedHashes(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((d) => /^[0-9a-f]{2}$/.test(d))
    .flatMap((d) => readdirSync(join(dir, d)).filter((f) => /^[0-9a-f]{64}$/.test(f)));
}

/** Before the database is copied: every file there is now, so one deleted while the copy runs is still kept. */
export function copyAllDocuments(fromDir: string, backupFile: string): void {
  const toDir = backupDocumentsDir(backupFile);
  for (const sha256 of storedHashes(fromDir)) copyFile(fromDir, toDir, sha256);
}

/**
 * After the database is copied: every file the backup's documents use must be beside it (one uploaded
 * during the copy is fetched now). Returns the hashes that could not be found.
 */
export function completeBackupDocuments(fromDir: string, backupFile: string): string[] {
  const toDir = backupDocumentsDir(backupFile);
  return hashesIn(backupFile).filter((sha256) => copyFile(fromDir, toDir, sha256) === 'missing');
}

/** After pruning: files no kept backup in the folder uses any more are deleted. */
export function pruneBackupDocuments(backupFolder: string, keptBackups: string[]): string[] {
  const dir = join(backupFolder, 'documents');
  if (!existsSync(dir)) return [];
  const used = new Set(keptBackups.flatMap((f) => hashesIn(join(backupFolder, f))));
  const removed = storedHashes(dir).filter((h) => !used.has(h));
  for (const h of removed) rmSync(documentPath(dir, h), { force: true });
  return removed;
}

/** After a restore: the restored database's files are copied from beside the backup into the data folder. */
export function restoreDocuments(backupFile: string, dataDocumentsDir: string): { copied: number; missing: string[] } {
  const fromDir = backupDocumentsDir(backupFile);
  let copied = 0;
  const missing: string[] = [];
  for (const sha256 of hashesIn(backupFile)) {
    const result = copyFile(fromDir, dataDocumentsDir, sha256);
    if (result === 'copied') copied += 1;
    if (result === 'missing') missing.push(sha256);
  }
  return { copied, missing };
}
