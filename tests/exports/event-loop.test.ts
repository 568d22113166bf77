// A large export does not freeze the server: 100,000 contact-log entries streamed over a real
// listening server from the database file to clients in processes of their own (fast and
// slow-ish readers), while /health and a page are asked in between.
// The bounds are the issue's: /health answers within 100 ms (median of 20) during an export,
// and a page still answers while three exports run. The figures go to the test's output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download, downloadElsewhere, fillLog, median, startFileServer, timeGet, type FileServer } from './server.js';

const ENTRIES = 100_000;
let s: FileServer;
let cookie: string;

beforeAll(async () => {
  s = await startFileServer();
  const started = performance.now();
  fillLog(s, ENTRIES);
  console.log(`event loop: ${ENTRIES.toLocaleString('en')} log entries written in ${Math.round(performance.now() - started)} ms`);
  cookie = await s.cookieFor('coordinator');
  // The first XLSX after start loads and compiles exceljs's writers (~0.2 s once): warm up on a
  // small list, so the figures below are the steady state.
  for (const url of ['/exports/partners.csv', '/exports/partners.xlsx']) await (await download(`${s.origin}${url}`, cookie)).done;
}, 120_000);
afterAll(async () => {
  await s?.close();
});

/**
 * /health every 50 ms from now, each on a new connection, for as long as the export runs (at most
 * 40). A request's time counts from when it was due, not from when it could be sent: a server
 * frozen for a second delays every request due in that second, not just the one in flight. Only
 * the answers that came while the export still ran count, and there must be at least 20 of them (the median of 20), so
 * a fast machine that finishes the export early cannot make the test pass on nothing.
 */
async function healthDuring(running: () => boolean): Promise<number[]> {
  const start = performance.now();
  const answers = await Promise.all(
    Array.from({ length: 40 }, async (_, i) => {
      const due = start + i * 50;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      if (!running()) return null;
      const { status } = await timeGet(`${s.origin}/health`);
      expect(status).toBe(200);
      return running() ? performance.now() - due : null;
    }),
  );
  const times = answers.filter((t): t is number => t !== null);
  expect(times.length, 'answers to /health while the export still ran').toBeGreaterThanOrEqual(20);
  return times;
}

const report = (times: number[]) =>
  `median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms [${times.map((t) => t.toFixed(0)).join(' ')}]`;

/**
 * The bound: 100 ms above what /health takes with no export at all, measured in the same run. On a
 * quiet machine that is ~100 ms; when other test files load both cores, the quiet figure rises too,
 * so the test still tells an event loop held by the export (seconds) from a busy machine.
 */
let quietMedian = 0;
const bound = () => 100 + quietMedian;

describe('a large export and the event loop', () => {
  it('measures /health and a page without an export, for comparison', async () => {
    const quiet = await healthDuring(() => true);
    expect(quiet).toHaveLength(40);
    quietMedian = median(quiet);
    console.log(`event loop: /health with no export running, ${report(quiet)}`);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push((await timeGet(`${s.origin}/partners`, cookie)).ms);
    console.log(`event loop: /partners with no export running, ${report(times)}`);
  });

  it(
    'answers /health within 100 ms (median of at least 20) from the start of a large CSV download by a fast client',
    { timeout: 120_000 },
    async () => {
      const started = performance.now();
      const csv = downloadElsewhere(`${s.origin}/exports/log.csv`, cookie, 1e12);
      const times = await healthDuring(() => !csv.finished);
      expect(await csv.status).toBe(200);
      const bytes = await csv.done;
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `event loop: CSV of ${ENTRIES.toLocaleString('en')} entries to a client in another process, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s (${Math.round(ENTRIES / seconds).toLocaleString('en')} rows/s); /health ${report(times)}`,
      );
      expect(bytes).toBeGreaterThan(ENTRIES * 50); // every entry arrived
      expect(median(times)).toBeLessThan(bound());
    },
  );

  it(
    'answers /health within 100 ms (median of at least 20) from the start of a large XLSX download by a slow-ish client',
    { timeout: 120_000 },
    async () => {
      const xlsx = downloadElsewhere(`${s.origin}/exports/log.xlsx`, cookie, 200_000);
      const times = await healthDuring(() => !xlsx.finished);
      expect(await xlsx.status).toBe(200);
      console.log(`event loop: XLSX to a client reading 200 kB/s; /health ${report(times)}`);
      expect(median(times)).toBeLessThan(bound());
      xlsx.cancel();
    },
  );

  it('still answers a page while three exports run', { timeout: 120_000 }, async () => {
    const downloads = [
      downloadElsewhere(`${s.origin}/exports/log.csv`, cookie, 1_000_000),
      downloadElsewhere(`${s.origin}/exports/log.xlsx`, cookie, 1e12),
      downloadElsewhere(`${s.origin}/exports/log.csv?delimiter=tab`, cookie, 300_000),
    ];
    expect(await Promise.all(downloads.map((d) => d.status))).toEqual([200, 200, 200]);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const page = await timeGet(`${s.origin}/partners`, cookie);
      expect(page.status).toBe(200);
      expect(
        downloads.filter((d) => !d.finished),
        'all three exports still run',
      ).toHaveLength(3);
      times.push(page.ms);
    }
    console.log(`event loop: /partners while three exports run, ${report(times)}`);
    for (const d of downloads) d.cancel();
  });
});
