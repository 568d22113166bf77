// Spreadsheet bombs and huge files: a small .xlsx that unpacks to 300 MB is refused before
// anything inflates it (memory measured), and a million-row CSV is refused while /health keeps
// answering (event-loop delay measured). The bounds are generous; the task asks for them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeflateRaw } from 'node:zlib';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { buildTestApp, signedIn, type Client, type TestApp } from '../helpers/app.js';
import { importBatches } from '../../src/db/schema.js';
import { MAX_ROWS, parseUpload, ImportFileError } from '../../src/imports/parse.js';
import { upload } from './helpers.js';

const MB = 1024 * 1024;

/** Raw deflate of `size` zero bytes, made in 1 MB steps so the test itself never holds them. */
async function deflatedZeros(size: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const chunk = Buffer.alloc(MB, 0x20);
  for (let written = 0; written < size; written += MB) {
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return Buffer.concat(out);
}

interface ZipEntry {
  name: string;
  data: Buffer;
  method: 0 | 8;
  claimedSize: number;
}

/** A zip with the given entries, each claiming the uncompressed size the test chooses. */
function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.claimedSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.claimedSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const stored = (name: string, text: string): ZipEntry => ({
  name,
  data: Buffer.from(text),
  method: 0,
  claimedSize: Buffer.byteLength(text),
});

let t: TestApp;
let client: Client;
let bomb: Buffer;
let liar: Buffer;

beforeAll(async () => {
  t = await buildTestApp();
  client = await signedIn(t, 'coordinator');
  const sheet = await deflatedZeros(300 * MB);
  const parts = [stored('[Content_Types].xml', '<Types/>'), stored('xl/workbook.xml', '<workbook/>')];
  // Honest about its size: the directory says 300 MB.
  bomb = zip([...parts, { name: 'xl/worksheets/sheet1.xml', data: sheet, method: 8, claimedSize: 300 * MB }]);
  // Lies about it: the directory says 2 KB, the data inflates to 300 MB.
  liar = zip([...parts, { name: 'xl/worksheets/sheet1.xml', data: sheet, method: 8, claimedSize: 2048 }]);
}, 120_000);

afterAll(async () => {
  await t.app.close();
});

async function measured<T>(fn: () => Promise<T>) {
  global.gc?.();
  const rss = process.memoryUsage().rss;
  const started = performance.now();
  let peak = rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, rssGrowthMb: (peak - rss) / MB, ms: performance.now() - started };
  } finally {
    clearInterval(sampler);
  }
}

describe('spreadsheet bombs', () => {
  it('refuses a small .xlsx whose directory says it unpacks to 300 MB, quickly and without inflating it', async () => {
    expect(bomb.length).toBeLessThan(MB);
    const { result, rssGrowthMb, ms } = await measured(() =>
      upload(client, 'partners', {
        name: 'bomb.xlsx',
        content: bomb,
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      }),
    );
    expect(result.statusCode).toBe(422);
    expect(result.body).toContain('This spreadsheet unpacks to more than 50 MB');
    expect(rssGrowthMb).toBeLessThan(100);
    expect(ms).toBeLessThan(5_000);
    expect(t.db.select().from(importBatches).all()).toEqual([]);
    console.info(
      `xlsx bomb (${(bomb.length / 1024).toFixed(0)} KB, claims 300 MB): refused in ${ms.toFixed(0)} ms, RSS +${rssGrowthMb.toFixed(1)} MB`,
    );
  });

  it('refuses one whose directory lies (says 2 KB, inflates to 300 MB): the inflate stops at the claimed size', async () => {
    const { result, rssGrowthMb, ms } = await measured(() =>
      parseUpload(liar).then(
        () => 'read',
        (e: unknown) => (e instanceof ImportFileError ? e.key : String(e)),
      ),
    );
    expect(result).toBe('imports.error.unpacksTooLarge');
    expect(rssGrowthMb).toBeLessThan(100);
    expect(ms).toBeLessThan(5_000);
    console.info(`lying xlsx bomb: refused in ${ms.toFixed(0)} ms, RSS +${rssGrowthMb.toFixed(1)} MB`);
  });
});

/** Polls /health until `work` settles; returns the slowest answer and the event loop's worst delay. */
async function healthWhile<T>(work: Promise<T>) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let settled = false;
  const result = work.finally(() => {
    settled = true;
  });
  const answers: number[] = [];
  while (!settled) {
    const started = performance.now();
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    answers.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  loop.disable();
  const sorted = [...answers].sort((a, b) => a - b);
  const p95HealthMs = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
  return {
    result: await result,
    slowestHealthMs: Math.max(...answers),
    p95HealthMs,
    healthChecks: answers.length,
    maxLoopDelayMs: loop.max / 1e6,
  };
}

describe('a million-row CSV', () => {
  it('is refused at the row limit with a clear message while /health keeps answering', async () => {
    const million = Buffer.from(`Navn;Land\n${'Tartu;EE\n'.repeat(1_000_000)}`);
    const { result, slowestHealthMs, p95HealthMs, healthChecks, maxLoopDelayMs } = await healthWhile(
      upload(client, 'partners', { name: 'million.csv', content: million }, { asSocket: true }),
    );
    console.info(
      `1,000,000-row CSV (${(million.length / MB).toFixed(1)} MB): ${healthChecks} health checks, 95th percentile ${p95HealthMs.toFixed(1)} ms, slowest ${slowestHealthMs.toFixed(1)} ms, max event-loop delay ${maxLoopDelayMs.toFixed(1)} ms`,
    );
    expect(result.statusCode).toBe(422);
    expect(result.body).toContain(`The file has more than ${MAX_ROWS.toLocaleString('en-GB')} rows`);
    expect(healthChecks).toBeGreaterThan(0);
    // /health answers within 100 ms on a quiet machine (the figure is printed above); the other test
    // worker shares the two cores, so the bounds leave room for a CPU wait while still catching an
    // event loop held by the parse (which took 6 s before it was sliced).
    expect(p95HealthMs).toBeLessThan(250);
    expect(slowestHealthMs).toBeLessThan(1_000);
    expect(maxLoopDelayMs).toBeLessThan(1_000);
  }, 60_000);

  // Checking 50,000 rows with the partner form takes seconds of CPU (tens of seconds on a busy
  // machine); the bound says /health is never held for long, not how fast the preview is.
  it('handles a file at the limit (50,000 rows): upload and preview page leave /health answering within a second', async () => {
    const rows = Array.from({ length: MAX_ROWS }, (_, i) => `Testby ${i};Estland;;https://example.org/${i}`).join('\n');
    const file = Buffer.from(`Navn;Land;By;Hjemmeside\n${rows}\n`);
    const up = await healthWhile(upload(client, 'partners', { name: 'limit.csv', content: file }, { asSocket: true }));
    expect(up.result.statusCode).toBe(303);
    const page = await healthWhile(client.get(String(up.result.headers.location)));
    expect(page.result.statusCode).toBe(200);
    expect(page.result.body).toMatch(/data-count="new">50,000</);
    console.info(
      `50,000-row CSV: upload slowest health ${up.slowestHealthMs.toFixed(1)} ms (loop ${up.maxLoopDelayMs.toFixed(1)} ms); preview page slowest health ${page.slowestHealthMs.toFixed(1)} ms (loop ${page.maxLoopDelayMs.toFixed(1)} ms), ${page.healthChecks} checks`,
    );
    for (const m of [up, page]) {
      expect(m.slowestHealthMs).toBeLessThan(1_000);
      expect(m.maxLoopDelayMs).toBeLessThan(1_000);
    }
  }, 120_000);
});
