// Benchmark: export 500,000 contact-log entries as CSV and as XLSX through the real export
// source and writers, from a database file read by the export's own read-only connection.
// Prints time, bytes and peak RSS/heap; asserts nothing. Flat memory = peaks close to the
// baseline, whatever the row count.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { openDatabase } from '../../src/db/client.js';
import { createI18n } from '../../src/i18n/index.js';
import { logExport } from '../../src/log/export.js';
import { openExportReader } from '../../src/exports/reader.js';
import { csvStream } from '../../src/exports/csv.js';
import { xlsxStream } from '../../src/exports/xlsx.js';

const ROWS = Number(process.env.EXPORT_BENCH_ROWS ?? 500_000);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

function fill(file: string): void {
  const db = openDatabase(file);
  const c = db.$client;
  const now = '2026-11-24T10:00:00.000Z';
  c.transaction(() => {
    const partner = c.prepare(`insert into partners (kind, name, country, updated_at) values ('twin_city', ?, ?, ?)`);
    const countries = ['IS', 'SE', 'DK', 'NO', 'FI', 'LT'];
    const partnerNames = ['Kópavogur', 'Östersund', 'Ærø', 'Trondheim', 'Tampere', 'Kaunas'];
    partnerNames.forEach((n, i) => partner.run(n, countries[i], now));
    const contact = c.prepare(`insert into contacts (name, email, partner_id, updated_at) values (?, ?, ?, ?)`);
    for (let i = 0; i < 200; i++) contact.run(`Person ${i} Ødegård`, `p${i}@example.org`, (i % 6) + 1, now);
    const entry = c.prepare(`insert into log_entries (occurred_on, type, summary, outcome, updated_at) values (?, ?, ?, ?, ?)`);
    const link = c.prepare(`insert into log_entry_partners (log_entry_id, partner_id) values (?, ?)`);
    const person = c.prepare(`insert into log_entry_contacts (log_entry_id, contact_id) values (?, ?)`);
    const types = ['meeting', 'call', 'email', 'visit', 'conference'];
    for (let i = 0; i < ROWS; i++) {
      const day = new Date(Date.UTC(2015, 0, 1) + (i % 4000) * 86_400_000).toISOString().slice(0, 10);
      const id = Number(
        entry.run(
          day,
          types[i % 5],
          `Meeting ${i} about "green" transport; follow-up with Æbeltoft`,
          i % 3 ? '' : 'Agreed next steps,\nwith a line break',
          now,
        ).lastInsertRowid,
      );
      link.run(id, (i % 6) + 1);
      person.run(id, (i % 200) + 1);
    }
  })();
  c.close();
}

async function measure(label: string, make: () => Readable): Promise<void> {
  global.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 25);
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  const started = performance.now();
  await pipeline(make(), sink);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sample);
  console.log(
    `  ${label.padEnd(26)} ${seconds.toFixed(1).padStart(6)} s   ${mb(bytes).padStart(7)} written   RSS ${mb(base.rss)} -> peak ${mb(peakRss)}   heap ${mb(base.heapUsed)} -> peak ${mb(peakHeap)}`,
  );
}

export async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'export-bench-'));
  const file = join(dir, 'app.sqlite');
  try {
    const started = performance.now();
    fill(file);
    console.log(`exports: ${ROWS.toLocaleString('en')} log entries inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const db = openDatabase(file);
    const i18n = createI18n('da', 'Europe/Copenhagen', 'DKK');
    const context = { userId: 1, now: new Date('2026-11-24T10:00:00Z'), today: '2026-11-24' };
    for (const [label, write] of [
      ['CSV (da, ;)', (l: ReturnType<typeof logExport>) => csvStream(l, i18n, ';')],
      ['XLSX (streaming writer)', (l: ReturnType<typeof logExport>) => xlsxStream(l, i18n, 'Kontaktlog')],
    ] as const) {
      const reader = openExportReader(db);
      await measure(`log, ${label}`, () => write(logExport(reader.db, {}, i18n, context)));
      reader.close();
    }
    db.$client.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
