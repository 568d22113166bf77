// The slow queries of issue #15 at the large size, timed in process on a copy of the large demo
// database, with their query plans: losing touch, the partnerships list (first and a deep page) and
// the contact log (first and a deep page) with their counts. Prints figures; asserts nothing.
// Usage: npx tsx tests/bench/slow-queries.ts [file=<a copy of the cached large demo>] [runs=5]
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/db/client.js';
import { losingTouch } from '../../src/log/last-contact.js';
import { countPartnerships, partnershipFilters, partnershipsPage } from '../../src/partnerships/queries.js';
import { countLog, logFilters, logQuery } from '../../src/log/queries.js';
import { demoDatabase } from './http.js';
import { planOf, recordStatements } from '../perf/plans.js';

const [given, runs = '5'] = process.argv.slice(2);
const dir = given ? null : mkdtempSync(join(tmpdir(), 'bench-slow-'));
const file = given ?? join(dir!, 'app.sqlite');
if (dir) copyFileSync(demoDatabase('large'), file);
const db = openDatabase(file);

function time(label: string, fn: (d: Db) => unknown): void {
  const plans = recordStatements(db, () => fn(db)).flatMap((s) => planOf(db, s).map((l) => `      ${l}`));
  const samples: number[] = [];
  for (let i = 0; i < Number(runs); i++) {
    const start = performance.now();
    fn(db);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `  ${label.padEnd(44)} median ${samples[Math.floor(samples.length / 2)]!.toFixed(1).padStart(8)} ms   min ${samples[0]!.toFixed(1).padStart(8)} ms`,
  );
  if (process.env.PLANS) console.log([...new Set(plans)].join('\n'));
}

const today = new Date().toISOString().slice(0, 10);
time('losing touch (12 months)', (d) => losingTouch(d, 12, today));
const pf = partnershipFilters({});
time('partnerships by title, page 1', (d) => partnershipsPage(d, pf, { sort: 'title', dir: 'asc' }, 50, 0));
time('partnerships by title, page 101', (d) => partnershipsPage(d, pf, { sort: 'title', dir: 'asc' }, 50, 5000));
time('partnerships count', (d) => countPartnerships(d, pf));
const lf = logFilters({});
time('log, newest first, page 1', (d) => logQuery(d, lf).limit(50).offset(0).all());
time('log, newest first, page 101', (d) => logQuery(d, lf).limit(50).offset(5000).all());
time('log count', (d) => countLog(d, lf));
db.$client.close();
if (dir) rmSync(dir, { recursive: true, force: true });
