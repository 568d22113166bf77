// Exports that go wrong: odd parameters are answered 4xx (never 500), and whether an export is
// refused, fails half-way or loses its client, its read-only connection is closed: after 50
// failed exports no export connection is open, and the file handles on the database (counted in
// /proc/self/fd) have not grown with them. SQLite keeps the handle of a closed connection for
// reuse while the app's own connection is open (one per export that ran at the same time), so
// the count may sit a handle or two above where it started, never fifty.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, Client, createUser, signedIn, type TestApp } from '../helpers/app.js';
import { EXPORT_SOURCES } from '../../src/exports/sources.js';
import { openExportReaders } from '../../src/exports/reader.js';
import { logExport } from '../../src/log/export.js';
import { download, fillLog, openHandlesOn, startFileServer, timeGet, type FileServer } from './server.js';

let s: FileServer;
let cookie: string;
let coordinator: Client;
let baseline: number;

beforeAll(async () => {
  s = await startFileServer();
  fillLog(s, 20_000);
  cookie = await s.cookieFor('coordinator');
  coordinator = new Client(s.app);
  await coordinator.login((await createUser(s.db, 'coordinator')).email);
  // A list whose reading fails half-way, as a disk error would.
  EXPORT_SOURCES.broken = (db, query, i18n, context) => {
    const list = logExport(db, query, i18n, context);
    return {
      ...list,
      *rows() {
        let n = 0;
        for (const row of list.rows()) {
          if (++n > 300) throw new Error('disk I/O error (test)');
          yield row;
        }
      },
    };
  };
  // One finished export first: the handle count it leaves is the one to come back to.
  expect((await (await download(`${s.origin}/exports/partners.csv`, cookie)).done).bytes).toBeGreaterThan(0);
  await vi.waitFor(() => expect(openExportReaders()).toBe(0));
  baseline = openHandlesOn(s.file);
}, 120_000);
afterAll(async () => {
  delete EXPORT_SOURCES.broken;
  await s?.close();
});

/** Waits until every export's read connection is closed; the handles have not grown with the failures. */
async function readersClosed(): Promise<void> {
  await vi.waitFor(() => expect(openExportReaders()).toBe(0), { timeout: 10_000, interval: 20 });
  expect(openHandlesOn(s.file) - baseline).toBeLessThan(3);
}

describe('odd parameters', () => {
  let t: TestApp;
  let user: Client;
  beforeAll(async () => {
    t = await buildTestApp();
    user = await signedIn(t, 'coordinator');
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('answers 400 to a delimiter that is not one, __proto__ and constructor included', async () => {
    for (const d of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '|', 'comma,tab', '%00']) {
      const res = await user.get(`/exports/partners.csv?delimiter=${encodeURIComponent(d)}`);
      expect(res.statusCode, d).toBe(400);
    }
    expect((await user.get('/exports/partners.csv?delimiter=comma&delimiter=tab')).statusCode).toBe(400);
    expect((await user.get('/exports/partners.csv?delimiter=semicolon')).statusCode).toBe(200);
    expect((await user.get('/exports/partners.csv?delimiter=%3B')).statusCode).toBe(200);
  });

  it('answers 404 to a list or format that does not exist, prototype names included', async () => {
    for (const path of [
      'constructor.csv',
      '__proto__.csv',
      'hasownproperty.xlsx',
      'partners.CSV',
      'partners.pdf',
      'partners.vcf',
      'log.vcf',
      'partners',
      'partners.csv.exe',
      '.csv',
      'partners.constructor',
    ]) {
      expect((await user.get(`/exports/${path}`)).statusCode, path).toBe(404);
    }
  });

  it('never answers 500 to odd filters on any list in any format', { timeout: 120_000 }, async () => {
    const odd = [
      'sort=__proto__',
      'dir=sideways',
      'page=-1',
      'sort=constructor&dir=__proto__',
      'kind=__proto__',
      'country=ZZ',
      'country[]=DK',
      'year=abc',
      'year=99999',
      'state=__proto__',
      'assignee=constructor',
      'assignee=99999999999999999999',
      'partnershipId=1e999',
      'from=2026-13-45',
      'to=__proto__',
      'q=%00%FF',
      'tag=%25_%5C',
      'type=toString',
      'recommendation=constructor',
    ];
    // The filters are read before the format matters: every query on every list as CSV, a few as XLSX and vCard.
    for (const list of Object.keys(EXPORT_SOURCES).filter((l) => l !== 'broken')) {
      for (const [format, queries] of [
        ['csv', odd],
        ['xlsx', odd.slice(0, 4)],
        ['vcf', odd.slice(0, 4)],
      ] as const) {
        for (const q of queries) {
          const res = await user.get(`/exports/${list}.${format}?${q}`);
          expect(res.statusCode, `${list}.${format}?${q}`).toBeLessThan(500);
        }
      }
    }
  });
});

describe('the read connection of a failed export', () => {
  it('is seen by the handle count while an export runs', async () => {
    const d = await download(`${s.origin}/exports/log.csv`, cookie, { pauseMs: 5 });
    expect(d.status).toBe(200);
    expect(openExportReaders()).toBe(1);
    expect(openHandlesOn(s.file)).toBeGreaterThan(baseline);
    d.cancel();
    await readersClosed();
  });

  it('is closed after 50 refused exports (viewer, vCard of a list of no people)', async () => {
    const viewer = new Client(s.app);
    await viewer.login((await createUser(s.db, 'viewer')).email);
    for (let i = 0; i < 25; i++) {
      expect((await viewer.get('/exports/contacts.csv')).statusCode).toBe(403);
      expect((await coordinator.get('/exports/partners.vcf')).statusCode).toBe(404);
    }
    await readersClosed();
  });

  it('is closed after 50 downloads the client abandoned half-way', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 50; i++) {
      const d = await download(`${s.origin}/exports/${i % 2 ? 'log.csv' : 'log.xlsx'}`, cookie, { abortAfterBytes: 1 });
      expect(d.status).toBe(200);
      await d.done;
    }
    await readersClosed();
    expect((await timeGet(`${s.origin}/health`)).status).toBe(200);
  });

  it('is closed after 50 exports that failed half-way, and the server goes on', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 50; i++) {
      const d = await download(`${s.origin}/exports/broken.${i % 2 ? 'csv' : 'xlsx'}`, cookie);
      expect(d.status).toBe(200); // the headers went out before the failure
      await expect(d.done).rejects.toThrow(/cut the response off|aborted|socket hang up|ECONNRESET/);
    }
    await readersClosed();
    expect((await timeGet(`${s.origin}/health`)).status).toBe(200);
    expect((await coordinator.get('/exports/log.csv')).statusCode).toBe(200);
    await readersClosed();
  });
});
