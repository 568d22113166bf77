// Benchmark: the dashboard's queries (attention, portfolio counts, spend, the chart), the review
// lists and the council report on the large demo portfolio. Prints figures; asserts nothing.
import { openDatabase } from '../../src/db/client.js';
import { generateDemo } from '../../src/demo/index.js';
import { loadOrganisation } from '../../src/settings/queries.js';
import { attention, countsByKindAndStatus, latestReviews, spendThisAndLastYear } from '../../src/dashboard/queries.js';
import { losingTouch } from '../../src/log/last-contact.js';
import { chartDots } from '../../src/dashboard/chart.js';
import { countReviews, dueReviews, reviewFilters, reviewsQuery } from '../../src/reviews/lists.js';
import { costFilters, costsQuery, countCosts, summariseByYear, totalsByYearAndType } from '../../src/ledger/queries.js';
import { reportRows, spendInPeriod } from '../../src/report/queries.js';

function time(label: string, fn: () => number, runs = 10): void {
  fn();
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    rows = fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(runs / 2)]!;
  const p95 = samples[Math.floor(runs * 0.95)]!;
  console.log(`  ${label.padEnd(58)} median ${median.toFixed(2).padStart(7)} ms   p95 ${p95.toFixed(2).padStart(7)} ms   rows ${rows}`);
}

export async function bench(): Promise<void> {
  const db = openDatabase(':memory:');
  const now = new Date('2026-11-24T10:00:00Z');
  const started = performance.now();
  generateDemo(db, { framework: 'odense', size: 'large', seed: 1, now });
  console.log(`dashboard: large demo data generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const count = (table: string) => (db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  console.log(
    `  partnerships ${count('partnerships')}, ledger entries ${count('ledger_entries')}, reviews ${count('reviews')}, log entries ${count('log_entries')}`,
  );
  const org = loadOrganisation(db)!;
  const admin = db.$client.prepare("select id from users where role = 'admin' order by id limit 1").get() as { id: number };
  const today = '2026-11-24';

  time('attention (my reviews, rule says end, losing touch, follow-ups)', () => {
    const a = attention(db, org, admin.id, 'admin', today);
    return a.myDue.length + a.myOverdue.length + a.recommendEnd.length + a.losingTouch.length + a.myFollowUps.length;
  });
  time('  of which: losing touch', () => losingTouch(db, org.losingTouchMonths, today).length);
  time('  of which: due reviews (all partnerships)', () => dueReviews(db, org, { until: '2026-12-24' }).length);
  time('portfolio counts by kind and status', () => countsByKindAndStatus(db).length);
  time('spend this year against last by type', () => Object.keys(spendThisAndLastYear(db, 2026).thisYear).length);
  time(
    'chart: latest signed review per partnership + dots',
    () =>
      chartDots(
        latestReviews(db, { signedOnly: true })
          .filter((r) => r.valueIndex !== null && r.level !== null)
          .map((r) => ({
            partnershipId: r.partnershipId,
            title: r.title,
            valueIndex: r.valueIndex!,
            level: r.level!,
            recommendation: r.recommendation,
          })),
      ).length,
  );
  const rf = reviewFilters({});
  time('reviews done: page 1 + count', () => reviewsQuery(db, rf).limit(50).offset(0).all().length + countReviews(db, rf) * 0);
  const cf = costFilters({ year: '2026' });
  time('costs 2026: page 1 + count', () => costsQuery(db, cf).limit(50).offset(0).all().length + countCosts(db, cf) * 0);
  time('costs: totals by year and type (portfolio)', () => summariseByYear(totalsByYearAndType(db, null)).length);
  time('council report: rows with latest review', () => reportRows(db, '2026-01-01', today).length, 5);
  time('council report: spend in period', () => Object.keys(spendInPeriod(db, '2026-01-01', today).costs).length, 5);
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
