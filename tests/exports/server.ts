// A real listening app on a database file (exports then read through their own read-only
// connection, as in production), signed-in cookies for plain HTTP requests, a quickly filled
// contact log, and a count of the open file handles on the database.
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '../../src/db/client.js';
import { buildApp } from '../../src/app.js';
import { applySetup } from '../../src/setup/queries.js';
import { Clock, createUser, defaultSetup, testConfig, testPasswordHash, Client, type TestApp } from '../helpers/app.js';
import type { Role } from '../../src/plugins/access.js';

export interface FileServer extends TestApp {
  file: string;
  origin: string;
  /** A Cookie header signed in as a new user of the role. */
  cookieFor(role: Role): Promise<string>;
  close(): Promise<void>;
}

export async function startFileServer(): Promise<FileServer> {
  const dir = mkdtempSync(join(tmpdir(), 'exports-server-'));
  const file = join(dir, 'app.sqlite');
  const db = openDatabase(file);
  const clock = new Clock();
  const app = await buildApp({ db, config: testConfig({ databaseFile: file, dataDir: dir }), now: clock.now, logger: false });
  const adminId = applySetup(db, { ...defaultSetup, locale: 'da' }, await testPasswordHash(), clock.now())!;
  await app.ready();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const t: TestApp = { app, db, clock, adminId };
  return {
    ...t,
    file,
    origin,
    async cookieFor(role) {
      const client = new Client(app);
      await client.login((await createUser(db, role)).email);
      return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    async close() {
      await app.close();
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Open file descriptors of this process on the database file (the db, its -wal and -shm). */
export function openHandlesOn(file: string): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith(file)) n++;
    } catch {
      // closed while we looked
    }
  }
  return n;
}

/**
 * `count` contact-log entries with a partner and a contact each, by prepared statements in one
 * transaction. The search index's triggers on log_entries are set aside meanwhile (they made
 * 120,000 inserts take 25 s on two cores); the entries are then not searchable, which no
 * export test needs.
 */
export function fillLog(s: FileServer, count: number): void {
  const c = s.db.$client;
  const triggers = c.prepare("select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'log_entries'").all() as {
    name: string;
    sql: string;
  }[];
  for (const t of triggers) c.exec(`drop trigger "${t.name}"`);
  c.transaction(() => {
    const partnerIds = c.prepare('select id from partners order by id limit 6').pluck().all() as number[];
    const contact = c.prepare('insert into contacts (name, email, partner_id, updated_at) values (?, ?, ?, ?)');
    const contactIds = partnerIds.map((p, i) =>
      Number(contact.run(`Sigríður Jónsdóttir ${i}`, `s${i}@kopavogur.is`, p, '2026-11-01T00:00:00Z').lastInsertRowid),
    );
    const entry = c.prepare(
      'insert into log_entries (occurred_on, occurred_time, type, summary, outcome, updated_at) values (?, ?, ?, ?, ?, ?)',
    );
    const partner = c.prepare('insert into log_entry_partners (log_entry_id, partner_id) values (?, ?)');
    const person = c.prepare('insert into log_entry_contacts (log_entry_id, contact_id) values (?, ?)');
    const types = ['meeting', 'call', 'email', 'visit'];
    for (let i = 0; i < count; i++) {
      const day = new Date(Date.UTC(2016, 0, 1) + (i % 3650) * 86_400_000).toISOString().slice(0, 10);
      const id = Number(
        entry.run(
          day,
          '14:05',
          types[i % 4],
          `Møde ${i} om "grøn" transport; opfølgning i İzmir`,
          i % 3 ? '' : 'Aftalt:\nnæste skridt',
          '2026-11-01T00:00:00Z',
        ).lastInsertRowid,
      );
      partner.run(id, partnerIds[i % partnerIds.length]);
      person.run(id, contactIds[i % contactIds.length]);
    }
  })();
  for (const t of triggers) c.exec(t.sql);
}

export interface Download {
  status: number;
  readonly bytes: number;
  /** Resolves when the body has been read to its end (rejects if the server cut it off). */
  done: Promise<{ bytes: number; endedAt: number }>;
  /** Hangs up, as a user closing the tab. */
  cancel(): void;
}

/**
 * GET with the cookie. `pauseMs` makes a slow-ish reader: after each chunk it stops reading for
 * that long, so the server's socket fills up and the export must wait for 'drain'.
 * `abortAfterBytes` disconnects once that much has arrived.
 */
export function download(url: string, cookie: string, options: { pauseMs?: number; abortAfterBytes?: number } = {}): Promise<Download> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { cookie }, agent: false }, (res) => {
      let bytes = 0;
      let cancelled = false;
      const done = new Promise<{ bytes: number; endedAt: number }>((finish, fail) => {
        const cut = (error: Error) => (cancelled ? finish({ bytes, endedAt: performance.now() }) : fail(error));
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (options.abortAfterBytes !== undefined && bytes >= options.abortAfterBytes) {
            request.destroy();
            finish({ bytes, endedAt: performance.now() });
            return;
          }
          if (options.pauseMs) {
            res.pause();
            setTimeout(() => res.resume(), options.pauseMs);
          }
        });
        res.on('end', () => finish({ bytes, endedAt: performance.now() }));
        res.on('close', () => {
          if (!res.complete) cut(new Error('the server cut the response off'));
        });
        res.on('error', cut);
        res.on('aborted', () => cut(new Error('the server cut the response off')));
      });
      done.catch(() => undefined); // the caller may not wait for it
      resolve({
        status: res.statusCode ?? 0,
        get bytes() {
          return bytes;
        },
        done,
        cancel: () => {
          cancelled = true;
          request.destroy();
        },
      });
    });
    request.on('error', reject);
  });
}

/** Milliseconds for one GET answered in full, on a fresh connection. */
export function timeGet(url: string, cookie = ''): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { cookie }, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0 }));
      })
      .on('error', reject);
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The downloading client of `downloadElsewhere`: prints the status, then the byte count at the end. */
const CHILD_CLIENT = `
const http = require('node:http');
const [url, cookie, rate] = process.argv.slice(1);
const started = Date.now();
http.get(url, { headers: { cookie } }, (res) => {
  process.stdout.write('status ' + res.statusCode + '\\n');
  let bytes = 0;
  res.on('data', (chunk) => {
    bytes += chunk.length;
    const wait = (bytes / Number(rate)) * 1000 - (Date.now() - started);
    if (wait > 0) { res.pause(); setTimeout(() => res.resume(), wait); }
  });
  res.on('end', () => { process.stdout.write('done ' + bytes + '\\n'); process.exit(0); });
  res.on('error', () => process.exit(1));
}).on('error', () => process.exit(1));
`;

export interface RemoteDownload {
  /** The response status, once the headers arrived. */
  status: Promise<number>;
  /** The body's size, once read to its end; rejects if the download did not finish. */
  done: Promise<number>;
  readonly finished: boolean;
  cancel(): void;
}

/**
 * A download by a client in a process of its own, reading at most `bytesPerSecond`: a slow-ish
 * reader whose own work does not run on the server's event loop, as a real browser's would not.
 */
export function downloadElsewhere(url: string, cookie: string, bytesPerSecond: number): RemoteDownload {
  const child = spawn(process.execPath, ['-e', CHILD_CLIENT, url, cookie, String(bytesPerSecond)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  let finished = false;
  let onStatus!: (n: number) => void;
  const status = new Promise<number>((resolve) => {
    onStatus = resolve;
  });
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    output += text;
    const m = /status (\d+)/.exec(output);
    if (m) onStatus(Number(m[1]));
  });
  const done = new Promise<number>((resolve, reject) => {
    child.on('exit', (code) => {
      finished = true;
      onStatus(0);
      const m = /done (\d+)/.exec(output);
      if (code === 0 && m) resolve(Number(m[1]));
      else reject(new Error(`the download ended with ${code ?? 'a signal'}`));
    });
  });
  done.catch(() => undefined); // the caller may not wait for it
  return {
    status,
    done,
    get finished() {
      return finished;
    },
    cancel: () => child.kill(),
  };
}
