// Every list page's queries (the page of rows and its counts) must read through an index: a full
// SCAN of a large table fails here, so a lost or unusable index is caught without timing anything.
// The queries are built by the same functions the pages use, with typical filters and sorts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/index.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { countPartners, partnerFilters, partnerKindCounts, partnersQuery, type PartnerSort } from '../../src/partners/queries.js';
import {
  countPartnerships,
  partnershipFilters,
  partnershipsPage,
  partnershipStatusCounts,
  type PartnershipSort,
} from '../../src/partnerships/queries.js';
import { countLog, formOptions, logFilters, logQuery } from '../../src/log/queries.js';
import { contactFilters, contactsPage, contactsQuery, countContacts } from '../../src/contacts/queries.js';
import { countReviews, reviewFilters, reviewsQuery } from '../../src/reviews/lists.js';
import { costFilters, costsQuery, countCosts } from '../../src/ledger/queries.js';
import { partnershipsOfPartner } from '../../src/partners/queries.js';
import { ledgerTotalsOf, otherPartnersOf, openReportingDates, reportingDatesOf } from '../../src/projects/queries.js';
import { timelinePage } from '../../src/log/timeline.js';
import { lastContactOfPartners, lastContactOfPartnerships, losingTouch } from '../../src/log/last-contact.js';
import { searchAll } from '../../src/search/queries.js';
import { partnersFitSelect, pickedPartner, suggestContacts, suggestPartners } from '../../src/search/suggest.js';
import { costsOfDelegation, upcomingSummary } from '../../src/delegations/queries.js';
import { feePaymentsOf, membershipsOf, networkEvidence, networkMeetings } from '../../src/networks/queries.js';
import {
  ACTOR_SORTS,
  actorsOfTie,
  countActors,
  countTies,
  listActors,
  localActorEvidence,
  TIE_SORTS,
  tiesMap,
  tiesOf,
} from '../../src/local-actors/queries.js';
import { awaitingProposals, countAwaiting, PROPOSAL_SORTS, proposalsOf } from '../../src/proposals/queries.js';
import { fullScans, planOf, recordStatements } from './plans.js';

let db: Db;
beforeAll(() => {
  db = openDatabase(':memory:');
});
afterAll(() => db.$client.close());

/**
 * Partners, partnerships and contacts sort by their stored, indexed sort keys (migration 0027). The
 * local actors (hundreds at most) still sort by sort_key(name, locale) computed per row
 * (src/lib/collation.ts): those plans read the whole table by design and are listed here so that
 * nothing else may.
 */
const NAME_SORT_SCANS: Record<string, string[]> = {
  // Sorting codes as their labels read in the reader's language (byLabel): every matching row is ranked
  // by a CASE, which no index holds; a region's 10,000 partners take about 5 ms.
  'partners, by country as a Danish reader reads it': ['SCAN partners'],
  'partnerships, by status as a Danish reader reads it': ['SCAN partnerships'],
  'local actors, by name': ['SCAN local_actors'],
  // A city's local actors are hundreds at most; sector has no index yet and the tie count is
  // computed per row, like a name's sort key.
  'local actors, by sector': ['SCAN local_actors'],
  'local actors, by ties': ['SCAN local_actors'],
};

type Case = [name: string, run: (db: Db) => void];
const page = <T extends { limit(n: number): { offset(n: number): { all(): unknown } } }>(q: T) => {
  q.limit(50).offset(0).all();
};

const partnerCase = (name: string, query: Record<string, unknown>, sort: PartnerSort, dir: 'asc' | 'desc' = 'asc'): Case => [
  name,
  (d) => {
    const f = partnerFilters(query);
    page(partnersQuery(d, f, { sort, dir }));
    countPartners(d, f);
    partnerKindCounts(d, f);
  },
];
const partnershipCase = (name: string, query: Record<string, unknown>, sort: PartnershipSort, dir: 'asc' | 'desc' = 'asc'): Case => [
  name,
  (d) => {
    const f = partnershipFilters(query);
    partnershipsPage(d, f, { sort, dir }, 50, 0);
    countPartnerships(d, f);
    partnershipStatusCounts(d, f);
  },
];
const listCase = <F>(
  name: string,
  filters: (q: Record<string, unknown>) => F,
  query: Record<string, unknown>,
  list: (d: Db, f: F) => { limit(n: number): { offset(n: number): { all(): unknown } } },
  count: (d: Db, f: F) => number,
): Case => [
  name,
  (d) => {
    const f = filters(query);
    page(list(d, f));
    count(d, f);
  },
];

const cases: Case[] = [
  ...ACTOR_SORTS.map((sort): Case => [
    `local actors, by ${sort}`,
    (d) => {
      listActors(d, { sort, dir: 'asc', page: 1, perPage: 50, offset: 0 });
      countActors(d);
    },
  ]),
  ...TIE_SORTS.map((sort): Case => [
    `local actors' ties, by ${sort}`,
    (d) => {
      tiesMap(d, { sort, dir: 'asc', page: 1, perPage: 50, offset: 0 });
      countTies(d);
    },
  ]),
  [
    "one local actor's ties, a partnership's and a delegation's local actors, and a review's evidence",
    (d) => {
      tiesOf(d, 1);
      actorsOfTie(d, 'partnership', 1);
      actorsOfTie(d, 'delegation', 1);
      localActorEvidence(d, 1, '2025-01-01', '2025-12-31');
    },
  ],
  ...PROPOSAL_SORTS.map((sort): Case => [
    `proposals awaiting a decision, by ${sort}`,
    (d) => {
      awaitingProposals(d, { sort, dir: 'asc', page: 1, perPage: 50, offset: 0 });
      countAwaiting(d);
    },
  ]),
  [
    "a partnership's proposals",
    (d) => {
      proposalsOf(d, 1);
      countAwaiting(d);
    },
  ],
  [
    'partners, by country as a Danish reader reads it',
    (d) => {
      page(partnersQuery(d, partnerFilters({}), { sort: 'country', dir: 'asc', labels: createI18n('da', 'UTC', 'DKK') }));
      countPartners(d, partnerFilters({}));
    },
  ],
  [
    'partnerships, by status as a Danish reader reads it',
    (d) => {
      partnershipsPage(d, partnershipFilters({}), { sort: 'status', dir: 'asc', labels: createI18n('da', 'UTC', 'DKK') }, 50, 0);
      countPartnerships(d, partnershipFilters({}));
    },
  ],
  partnerCase('partners, by name', {}, 'name'),
  partnerCase('partners, kind, by country', { kind: 'organisation' }, 'country'),
  partnerCase('partners, country, by kind', { country: 'DE' }, 'kind'),
  partnershipCase('partnerships, by title', {}, 'title'),
  partnershipCase('partnerships, status, by partner', { status: 'active' }, 'partner'),
  partnershipCase('partnerships, owner', { owner: '1' }, 'title'),
  listCase('log, newest first', logFilters, {}, logQuery, countLog),
  listCase('log, type', logFilters, { type: 'meeting' }, logQuery, countLog),
  listCase('log, partner', logFilters, { partner: '1' }, logQuery, countLog),
  listCase('log, from date', logFilters, { from: '2026-01-01' }, logQuery, countLog),
  listCase('contacts, by name', contactFilters, {}, contactsQuery, countContacts),
  listCase('contacts, partner', contactFilters, { partner: '1' }, contactsQuery, countContacts),
  [
    'contacts, a deep page by name (its ids from the index, then those rows)',
    (d) => {
      contactsPage(d, contactFilters({}), 50, 10_000);
      countContacts(d, contactFilters({}));
    },
  ],
  listCase('reviews, signed, newest period first', reviewFilters, {}, reviewsQuery, countReviews),
  listCase('reviews, partnership', reviewFilters, { partnershipId: '1' }, reviewsQuery, countReviews),
  listCase('costs, newest first', costFilters, {}, costsQuery, countCosts),
  listCase('costs, year', costFilters, { year: '2025' }, costsQuery, countCosts),
  listCase('costs, partnership', costFilters, { partnershipId: '1' }, costsQuery, countCosts),
  partnershipCase('partnerships, with other partners, by start', { status: 'active' }, 'startOn', 'desc'),
  [
    "a partner's partnerships (main partner or with a role) and its timeline",
    (d) => {
      partnershipsOfPartner(d, 1);
      timelinePage(d, { kind: 'partner', id: 1 }, 1);
    },
  ],
  [
    "a partnership's other partners, reporting dates and ledger totals, and the reports due",
    (d) => {
      otherPartnersOf(d, 1);
      reportingDatesOf(d, 1);
      ledgerTotalsOf(d, [1, 2, 3]);
      openReportingDates(d);
    },
  ],
  [
    "a delegation's costs, the dashboard's visits, a network's page and its review evidence",
    (d) => {
      costsOfDelegation(d, 1);
      upcomingSummary(d, '2026-11-24');
      membershipsOf(d, 1);
      feePaymentsOf(d, [1, 2]);
      networkMeetings(d, 1);
      networkEvidence(d, 1, '2025-01-01', '2025-12-31');
    },
  ],
  [
    'losing touch: the active partnerships without a recent entry, and their last contacts',
    (d) => {
      losingTouch(d, 12, '2026-11-24');
      lastContactOfPartnerships(d, [1, 2]);
      lastContactOfPartners(d, [1, 2]);
    },
  ],
  [
    "search: partnerships found by any partner's name",
    (d) => {
      searchAll(d, 'tartu');
    },
  ],
  [
    'pickers: partner and contact suggestions, whether a select fits, the quick log and filter options',
    (d) => {
      suggestPartners(d, 'kopav');
      suggestContacts(d, 'gud jon');
      partnersFitSelect(d);
      formOptions(d, [1], [2], [3]);
      pickedPartner(d, { partner: '1', partnerName: 'Tartu' }, 'partner', 'partnerName');
    },
  ],
];

describe('list queries read through indexes', () => {
  it.each(cases)('%s', (name, run) => {
    const statements = recordStatements(db, () => run(db));
    expect(statements.length).toBeGreaterThanOrEqual(2); // the page and at least one count
    const allowed = NAME_SORT_SCANS[name] ?? [];
    const scans = statements.flatMap((s) =>
      fullScans(planOf(db, s), {})
        .filter((line) => !allowed.includes(line))
        .map((line) => `${line}\n    in: ${s.sql.slice(0, 200)}`),
    );
    expect(scans).toEqual([]);
  });

  it('catches a lost index: without log_entries_type_occurred the log filtered by type scans the table', () => {
    const other = openDatabase(':memory:');
    try {
      other.$client.exec('drop index log_entries_type_occurred');
      const f = logFilters({ type: 'meeting' });
      const statements = recordStatements(other, () => countLog(other, f));
      expect(statements.flatMap((s) => fullScans(planOf(other, s), {}))).toEqual(['SCAN log_entries']);
    } finally {
      other.$client.close();
    }
  });

  it("reads a delegation's costs through ledger_delegation, and walks the whole ledger without it", () => {
    const plan = (d: Db) => recordStatements(d, () => costsOfDelegation(d, 1)).flatMap((s) => planOf(d, s));
    expect(plan(db)).toContain('SEARCH ledger_entries USING INDEX ledger_delegation (delegation_id=?)');
    const other = openDatabase(':memory:');
    try {
      other.$client.exec('drop index ledger_delegation');
      // SQLite then walks another index of the table from end to end: fullScans() does not flag that form.
      expect(plan(other).some((line) => line.trim().startsWith('SCAN ledger_entries'))).toBe(true);
    } finally {
      other.$client.close();
    }
  });

  it('reports a full scan when a query has no usable index', () => {
    const plan = planOf(db, { sql: 'select * from log_entries where summary = ?', params: ['x'] });
    expect(fullScans(plan, {})).toEqual(['SCAN log_entries']);
  });
});
