// The documents folder: content-addressed files and what an interrupted upload leaves.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { receiveFile, removeStaleTemporaryFiles, storeBytes, storeReceived } from '../../src/documents/storage.js';
import { filesUnder } from './helpers.js';

const folder = () => mkdtempSync(join(tmpdir(), 'documents-storage-'));

describe('document storage', () => {
  it('removes temporary files older than an hour at start-up, and keeps one being written now', () => {
    const dir = folder();
    mkdirSync(join(dir, 'tmp'), { recursive: true });
    writeFileSync(join(dir, 'tmp', 'old.part'), 'x');
    writeFileSync(join(dir, 'tmp', 'new.part'), 'y');
    const now = new Date('2026-11-30T12:00:00Z');
    utimesSync(join(dir, 'tmp', 'old.part'), new Date('2026-11-30T10:00:00Z'), new Date('2026-11-30T10:00:00Z'));
    utimesSync(join(dir, 'tmp', 'new.part'), new Date('2026-11-30T11:59:00Z'), new Date('2026-11-30T11:59:00Z'));
    expect(removeStaleTemporaryFiles(dir, now)).toEqual(['old.part']);
    expect(filesUnder(dir)).toEqual(['tmp/new.part']);
  });

  it('stores a received file under its hash, and a second copy of the same bytes not again', async () => {
    const dir = folder();
    const bytes = Buffer.from('Referat fra mødet i Tromsø\n');
    const first = await receiveFile(dir, Readable.from([bytes]), 1000);
    expect(first.evidence.text).toBe('utf8');
    storeReceived(dir, first);
    const second = await receiveFile(dir, Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]), 1000);
    expect(second.sha256).toBe(first.sha256);
    storeReceived(dir, second);
    expect(storeBytes(dir, bytes).sha256).toBe(first.sha256);
    expect(filesUnder(dir)).toEqual([`${first.sha256.slice(0, 2)}/${first.sha256}`]);
  });

  it('stops writing at the limit and removes the partial file', async () => {
    const dir = folder();
    const received = await receiveFile(dir, Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000);
    expect(received.tooLarge).toBe(true);
    expect(filesUnder(dir)).toEqual([]);
  });
});
