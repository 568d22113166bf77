// Benchmark: the partners and partnerships list queries on the large demo portfolio (~10k partners):
// filtered and sorted, page 1 and a deep page, plus the count. Prints figures; asserts nothing.
import { openDatabase } from '../../src/db/client.js';
import { generateDemo } from '../../src/demo/index.js';
import { countPartners, partnerFilters, partnersQuery, type PartnerSort } from '../../src/partners/queries.js';
import { countPartnerships, partnershipFilters, partnershipsQuery, type PartnershipSort } from '../../src/partnerships/queries.js';
import { goals } from '../../src/db/schema.js';
import { iterateSelect } from '../../src/exports/iterate.js';

function time(label: string, fn: () => number, runs = 20): void {
  fn(); // warm up the statement cache
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
  const started = performance.now();
  generateDemo(db, { framework: 'odense', size: 'large', seed: 1, now: new Date('2026-11-24T10:00:00Z') });
  console.log(`lists: large demo data generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const perPage = 50;
  const deep = 100; // page 101: rows 5,001-5,050

  const partnerCases: [string, Record<string, unknown>, PartnerSort, 'asc' | 'desc'][] = [
    ['partners, no filter, by name', {}, 'name', 'asc'],
    ['partners, no filter, by partnerships desc', {}, 'partnerships', 'desc'],
    ['partners, kind=organisation, by country', { kind: 'organisation' }, 'country', 'asc'],
    ['partners, text "Energy", by name', { q: 'Energy' }, 'name', 'asc'],
    ['partners, tag=climate, by kind', { tag: 'climate' }, 'kind', 'asc'],
  ];
  for (const [label, query, sort, dir] of partnerCases) {
    const f = partnerFilters(query);
    time(`${label}: page 1`, () => partnersQuery(db, f, { sort, dir }).limit(perPage).offset(0).all().length);
    time(
      `${label}: page ${deep + 1}`,
      () =>
        partnersQuery(db, f, { sort, dir })
          .limit(perPage)
          .offset(deep * perPage)
          .all().length,
    );
    time(`${label}: count`, () => countPartners(db, f));
  }

  const goalId = db.select({ id: goals.id }).from(goals).get()!.id;
  const partnershipCases: [string, Record<string, unknown>, PartnershipSort, 'asc' | 'desc'][] = [
    ['partnerships, no filter, by title', {}, 'title', 'asc'],
    ['partnerships, status=active, by partner', { status: 'active' }, 'partner', 'asc'],
    ['partnerships, goal, by owner', { goal: String(goalId) }, 'owner', 'asc'],
    ['partnerships, country=DE + text "Lab", by start', { country: 'DE', q: 'Lab' }, 'startOn', 'desc'],
  ];
  for (const [label, query, sort, dir] of partnershipCases) {
    const f = partnershipFilters(query);
    time(`${label}: page 1`, () => partnershipsQuery(db, f, { sort, dir }).limit(perPage).offset(0).all().length);
    time(
      `${label}: page ${deep + 1}`,
      () =>
        partnershipsQuery(db, f, { sort, dir })
          .limit(perPage)
          .offset(deep * perPage)
          .all().length,
    );
    time(`${label}: count`, () => countPartnerships(db, f));
  }
  const f = partnershipFilters({});
  time(
    'partnerships, export: iterate every row',
    () => {
      let n = 0;
      for (const _ of iterateSelect(db, partnershipsQuery(db, f, { sort: 'title', dir: 'asc' }))) n++;
      return n;
    },
    3,
  );
  db.$client.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
