// Document files on disk: DATA_DIR/documents/<first two hex>/<sha256>, named by their content, so a
// file uploaded twice is stored once. An upload streams to a temporary file (hashed, counted and
// classified as it goes, never held in memory), is fsynced, judged, and only then renamed into place.
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { HEAD_BYTES, TextClassifier, type FileEvidence } from './domain.js';

/** The documents folder inside the data folder. */
export function documentsDir(dataDir: string): string {
  return join(dataDir, 'documents');
}

const HASH = /^[0-9a-f]{64}$/;

/** Where the file with this content hash lives. */
export function documentPath(dir: string, sha256: string): string {
  if (!HASH.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return join(dir, sha256.slice(0, 2), sha256);
}

/** An upload written to a temporary file, with what was learnt about it on the way. */
export interface ReceivedFile {
  tempPath: string;
  size: number;
  sha256: string;
  /** More bytes came than the limit allows: the temporary file is already gone. */
  tooLarge: boolean;
  evidence: FileEvidence;
}

/**
 * Streams `source` into a temporary file under `dir`/tmp. Stops writing at `limit` bytes (the rest
 * of the stream is read and dropped, so the request can end) and removes the partial file.
 * `truncated()` says whether the source itself cut the file short at its own limit.
 */
export async function receiveFile(
  dir: string,
  source: Readable,
  limit: number,
  truncated: () => boolean = () => false,
): Promise<ReceivedFile> {
  const tmpDir = join(dir, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  const tempPath = join(tmpDir, `${randomBytes(12).toString('hex')}.part`);
  const hash = createHash('sha256');
  const text = new TextClassifier();
  const head: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  let tooLarge = false;
  const file = await open(tempPath, 'wx', 0o600);
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (tooLarge) continue;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        continue;
      }
      if (headLength < HEAD_BYTES) {
        head.push(chunk.subarray(0, HEAD_BYTES - headLength));
        headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
      }
      hash.update(chunk);
      text.push(chunk);
      await file.write(chunk);
    }
    if (truncated()) tooLarge = true;
    if (!tooLarge) await file.sync();
  } catch (error) {
    await file.close();
    rmSync(tempPath, { force: true });
    throw error;
  }
  await file.close();
  if (tooLarge) rmSync(tempPath, { force: true });
  const headBytes = Buffer.concat(head);
  return {
    tempPath,
    size,
    sha256: hash.digest('hex'),
    tooLarge,
    evidence: { head: headBytes, zipNames: tooLarge ? null : zipEntryNames(tempPath), text: text.result() },
  };
}

/** The entry names in a zip's central directory, read from the end of the file; null when it is no zip. */
export function zipEntryNames(path: string): string[] | null {
  const fd = openSync(path, 'r');
  try {
    const size = statSync(path).size;
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLength);
    readSync(fd, tail, 0, tailLength, size - tailLength);
    let end = -1;
    for (let p = tailLength - 22; p >= 0; p--) {
      if (tail.readUInt32LE(p) === 0x06054b50) {
        end = p;
        break;
      }
    }
    if (end < 0) return null;
    const count = tail.readUInt16LE(end + 10);
    const cdSize = tail.readUInt32LE(end + 12);
    const cdOffset = tail.readUInt32LE(end + 16);
    if (cdOffset + cdSize > size || cdSize > 16 * 1024 * 1024) return null;
    const cd = Buffer.alloc(cdSize);
    readSync(fd, cd, 0, cdSize, cdOffset);
    const names: string[] = [];
    let p = 0;
    for (let i = 0; i < count && p + 46 <= cd.length; i++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) return null;
      const nameLength = cd.readUInt16LE(p + 28);
      names.push(cd.toString('utf8', p + 46, p + 46 + nameLength));
      p += 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    return names;
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* some file systems cannot fsync a folder; the rename is still atomic */
  }
}

/**
 * Moves a received (already fsynced) file to its place by content hash. Synchronous on purpose:
 * the caller inserts the row right after, with no await between, so no deletion can run in between.
 */
export function storeReceived(dir: string, received: ReceivedFile): string {
  const target = documentPath(dir, received.sha256);
  mkdirSync(dirname(target), { recursive: true });
  if (existsSync(target)) {
    rmSync(received.tempPath, { force: true });
  } else {
    renameSync(received.tempPath, target);
    fsyncDir(dirname(target));
  }
  return target;
}

/** Writes bytes as a document file (demo data, tests): the same place and the same atomic rename. */
export function storeBytes(dir: string, bytes: Buffer): { sha256: string; path: string } {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const target = documentPath(dir, sha256);
  if (!existsSync(target)) {
    mkdirSync(join(dir, 'tmp'), { recursive: true });
    mkdirSync(dirname(target), { recursive: true });
    const temp = join(dir, 'tmp', `${randomBytes(12).toString('hex')}.part`);
    const fd = openSync(temp, 'wx', 0o600);
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
    fsyncDir(dirname(target));
  }
  return { sha256, path: target };
}

/** Removes the file of a content hash (the caller has checked no document uses it any more). */
export function removeFile(dir: string, sha256: string): void {
  rmSync(documentPath(dir, sha256), { force: true });
}

/** Temporary upload files older than `maxAgeMs` (left by a crash mid-upload): removed at start-up. */
export function removeStaleTemporaryFiles(dir: string, now: Date, maxAgeMs = 3_600_000): string[] {
  const tmpDir = join(dir, 'tmp');
  if (!existsSync(tmpDir)) return [];
  const stale = readdirSync(tmpDir).filter((f) => f.endsWith('.part') && now.getTime() - statSync(join(tmpDir, f)).mtimeMs > maxAgeMs);
  for (const f of stale) rmSync(join(tmpDir, f), { force: true });
  return stale;
}
