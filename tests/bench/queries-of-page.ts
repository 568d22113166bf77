// Where a page's time goes, statement by statement: loads a page in process on a copy of the demo
// database and prints each SQL statement it ran with its total time, slowest first. Not part of
// npm test or npm run bench.
// Usage: npx tsx tests/bench/queries-of-page.ts [size=large] [path=/partners] [n=5]
import type Database from 'better-sqlite3';
import { RENDERED, signedInApp } from './in-process.js';

const [size = 'large', path = '/partners', n = '5'] = process.argv.slice(2);
const { db, client, close } = await signedInApp(size);
await client.get(path, RENDERED);

// Time every statement's all/get/run/iterate by its SQL text.
const spent = new Map<string, { ms: number; calls: number }>();
const prepare = db.$client.prepare.bind(db.$client);
db.$client.prepare = ((source: string) => {
  const statement = prepare(source) as Database.Statement & Record<string, unknown>;
  for (const method of ['all', 'get', 'run'] as const) {
    const original = statement[method] as (...a: unknown[]) => unknown;
    if ((original as { timed?: boolean }).timed) continue;
    const timed = function (this: unknown, ...args: unknown[]) {
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const s = spent.get(source) ?? { ms: 0, calls: 0 };
        s.ms += performance.now() - start;
        s.calls += 1;
        spent.set(source, s);
      }
    };
    (timed as { timed?: boolean }).timed = true;
    statement[method] = timed as never;
  }
  return statement;
}) as typeof db.$client.prepare;

const start = performance.now();
for (let i = 0; i < Number(n); i++) await client.get(path, RENDERED);
const total = (performance.now() - start) / Number(n);
const sql = [...spent].sort((a, b) => b[1].ms - a[1].ms);
const inSql = sql.reduce((a, [, s]) => a + s.ms, 0) / Number(n);
console.log(`${path} (${size}): ${total.toFixed(1)} ms a request, ${inSql.toFixed(1)} ms of it in SQL`);
for (const [source, s] of sql.slice(0, 12))
  console.log(
    `${(s.ms / Number(n)).toFixed(2).padStart(8)} ms ${String(s.calls / Number(n)).padStart(4)}×  ${source.replace(/\s+/g, ' ').slice(0, 300)}`,
  );
await close();
