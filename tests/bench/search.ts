// Search benchmark: large demo data (about 500,000 log entries) in a temp database, then typical
// searches as a user types them (prefixes, with and without diacritics). Prints figures only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.js';
import { generateDemo } from '../../src/demo/index.js';
import { searchAll } from '../../src/search/queries.js';
import { countLog, logFilters, logQuery } from '../../src/log/queries.js';
import { losingTouch } from '../../src/log/last-contact.js';
import { timelinePage } from '../../src/log/timeline.js';

function time(label: string, fn: () => unknown, runs = 5): void {
  fn(); // warm the cache
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `  ${label.padEnd(44)} median ${samples[Math.floor(runs / 2)]!.toFixed(1).padStart(7)} ms   max ${samples[runs - 1]!.toFixed(1).padStart(7)} ms`,
  );
}

export async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-search-'));
  try {
    const db = openDatabase(join(dir, 'app.sqlite'));
    const t0 = Date.now();
    generateDemo(db, { framework: 'odense', size: 'large', seed: 1, now: new Date('2026-11-24T10:00:00Z') });
    const counts = db.$client
      .prepare('SELECT (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM log_entries) AS entries')
      .get() as { contacts: number; entries: number };
    console.log(
      `search: large demo in ${((Date.now() - t0) / 1000).toFixed(1)} s (${counts.contacts} contacts, ${counts.entries} log entries)`,
    );
    for (const q of [
      'k',
      'ko',
      'kopa',
      'kopavogur',
      'Kópavogur',
      'aarhus',
      'århus',
      'ostersund',
      'mø',
      'møde',
      'mode',
      'klimatilp',
      'møde klima',
      'tromso',
      '"NEAR(*',
    ]) {
      time(`header search "${q}" (5 per kind)`, () => searchAll(db, q, 5));
    }
    time('search page "kopavogur" (25 per kind)', () => searchAll(db, 'kopavogur', 25));
    const f = logFilters({ text: 'klimatilpasning' });
    time('log list text filter, page 1 + count', () => {
      logQuery(db, f).limit(50).offset(0).all();
      countLog(db, f);
    });
    const all = logFilters({});
    time('log list unfiltered, page 100 + count', () => {
      logQuery(db, all)
        .limit(50)
        .offset(99 * 50)
        .all();
      countLog(db, all);
    });
    const busiest = db.$client
      .prepare('SELECT partner_id FROM log_entry_partners GROUP BY partner_id ORDER BY count(*) DESC LIMIT 1')
      .pluck()
      .get() as number;
    time('busiest partner timeline, page 1', () => timelinePage(db, { kind: 'partner', id: busiest }, 1));
    time('losing touch list', () => losingTouch(db, 12, '2026-11-24'), 3);
    db.$client.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
