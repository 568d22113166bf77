// Crash loop: a child process writes through the app's own database setup while clients record
// which writes it acknowledged; it is killed with SIGKILL at random moments, again and again.
// After every restart the database passes integrity_check and foreign_key_check, and every
// acknowledged write is there. (SIGKILL tests process crashes; the OS keeps its page cache, so
// this says nothing about power loss, which synchronous=FULL is for.)
import { describe, it, expect, beforeAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '../..');
const ROUNDS = 20;
const WRITERS = 4;
// The child is bundled once (the app's modules, packages left external) so each restart is a plain
// node start in a fraction of a second, not a TypeScript compile (src/paths.ts finds the migrations
// from the bundle's folder, as from src/).
const bundle = join(root, 'tests/.tmp/crash-child.mjs');

beforeAll(async () => {
  mkdirSync(join(root, 'tests/.tmp'), { recursive: true });
  await build({
    entryPoints: [join(import.meta.dirname, 'crash-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: bundle,
    logLevel: 'error',
  });
});

function startChild(file: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', DB_FILE: file },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}/` });
    });
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before it was ready: ${err}`)));
  });
}

/** Check the file as the next start would find it, with a connection of our own. */
function check(file: string, acknowledged: number[]) {
  const db = new Database(file);
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const brokenKeys = (db.pragma('foreign_key_check') as unknown[]).length;
    const present = new Set(db.prepare('select p.id from partners p join partnerships s on s.partner_id = p.id').pluck().all() as number[]);
    return { integrity, brokenKeys, missing: acknowledged.filter((id) => !present.has(id)), rows: present.size };
  } finally {
    db.close();
  }
}

describe('crash loop', () => {
  it(`keeps every acknowledged write and a sound database through ${ROUNDS} SIGKILLs`, { timeout: 120_000 }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'partnerships-crash-')), 'app.sqlite');
    const acknowledged: number[] = [];
    let failedRequests = 0;
    const started = performance.now();
    for (let round = 0; round < ROUNDS; round++) {
      const { child, url } = await startChild(file);
      const exited = new Promise((resolve) => child.on('exit', resolve));
      let running = true;
      const writer = async () => {
        while (running) {
          try {
            const res = await fetch(url, { method: 'POST' });
            if (res.ok) acknowledged.push(Number(await res.text()));
          } catch {
            failedRequests += 1; // cut by the kill: not acknowledged, may or may not be there
          }
        }
      };
      const writers = Array.from({ length: WRITERS }, writer);
      await new Promise((r) => setTimeout(r, 30 + Math.random() * 250));
      running = false; // no new requests; those in flight are cut by the kill
      child.kill('SIGKILL');
      await exited;
      await Promise.all(writers);
      const result = check(file, acknowledged);
      expect(result, `after round ${round + 1}`).toMatchObject({ integrity: 'ok', brokenKeys: 0, missing: [] });
    }
    // One more start: the app's own opening (migrations, foreign-key check) accepts what the kills left.
    const { child } = await startChild(file);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    const final = check(file, acknowledged);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `crash loop: ${ROUNDS} SIGKILLs in ${seconds.toFixed(1)} s, ${acknowledged.length} acknowledged writes, all present; ` +
        `${final.rows} rows in all (${final.rows - acknowledged.length} written but cut before the answer), ${failedRequests} requests cut`,
    );
    expect(acknowledged.length).toBeGreaterThan(ROUNDS);
  });
});
