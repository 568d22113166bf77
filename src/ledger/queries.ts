// Reads and writes of the investment ledger: one partnership's entries and totals, the portfolio's
// totals, and the costs list (filters and an unexecuted query, shared with the exports).
import { and, asc, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { countRows } from '../db/aggregates.js';
import { nameOfUser } from '../users/name.js';
import { deleteAudited, updateAudited } from '../audit/rows.js';
import { untilWrite } from '../db/memo.js';
import type { Db } from '../db/client.js';
import { byLabel, type Labels } from '../db/sort-key.js';
import { inTransaction } from '../db/client.js';
import { ledgerEntries, partners, partnerships } from '../db/schema.js';
import { created, recordAudit, type AuditActor } from '../audit/record.js';
import { COST_TYPES, FUNDING_TYPES, type ResolvedEntry } from './domain.js';

/** Add an entry; `links` ties it to the delegation or network membership it is for. */
export function addEntry(
  db: Db,
  actor: AuditActor,
  partnershipId: number,
  entry: ResolvedEntry,
  currency: string,
  links: { delegationId?: number; membershipId?: number } = {},
): number {
  return inTransaction(db, () => {
    const values = { partnershipId, ...links, ...entry, currency, createdById: actor.userId };
    const row = db.insert(ledgerEntries).values(values).returning({ id: ledgerEntries.id }).get();
    recordAudit(db, actor, 'create', 'ledger_entry', row.id, created(values));
    return row.id;
  });
}

export type LedgerEntry = typeof ledgerEntries.$inferSelect;

/** One entry of a partnership's ledger; undefined when it does not exist or belongs to another partnership. */
export function getEntry(db: Db, partnershipId: number, entryId: number): LedgerEntry | undefined {
  if (!Number.isSafeInteger(entryId) || entryId <= 0) return undefined;
  return db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.id, entryId), eq(ledgerEntries.partnershipId, partnershipId)))
    .get();
}

/**
 * Correct an entry. The audit row holds the old and new value of each changed field, and the
 * partnership, so the partnership's history finds it.
 */
export function updateEntry(db: Db, actor: AuditActor, entryId: number, entry: ResolvedEntry): void {
  updateAudited(db, actor, ledgerEntries, 'ledger_entry', entryId, entry);
}

/** Delete an entry; the audit row keeps everything it held (partnership included). */
export function deleteEntry(db: Db, actor: AuditActor, entryId: number): boolean {
  return deleteAudited(db, actor, ledgerEntries, 'ledger_entry', entryId);
}

export interface TotalRow {
  year: string;
  direction: 'cost' | 'funding';
  type: string;
  totalMinor: number;
  hours: number;
}

/** Sums per year, direction and type, for one partnership or (partnershipId null) the portfolio. */
export function totalsByYearAndType(db: Db, partnershipId: number | null, fromOn?: string, toOn?: string): readonly TotalRow[] {
  // The portfolio's totals read every ledger entry: kept until the next write (db/memo.ts).
  if (partnershipId === null) return untilWrite(db, `portfolioTotals:${fromOn}:${toOn}`, () => readTotals(db, null, fromOn, toOn));
  return readTotals(db, partnershipId, fromOn, toOn);
}

function readTotals(db: Db, partnershipId: number | null, fromOn?: string, toOn?: string): TotalRow[] {
  const where: SQL[] = [];
  if (partnershipId !== null) where.push(eq(ledgerEntries.partnershipId, partnershipId));
  if (fromOn) where.push(gte(ledgerEntries.occurredOn, fromOn));
  if (toOn) where.push(lte(ledgerEntries.occurredOn, toOn));
  const year = sql<string>`substr(${ledgerEntries.occurredOn}, 1, 4)`;
  return db
    .select({
      year,
      direction: ledgerEntries.direction,
      type: ledgerEntries.type,
      totalMinor: sql<number>`sum(${ledgerEntries.amountMinor})`,
      hours: sql<number>`coalesce(sum(${ledgerEntries.hours}), 0)`,
    })
    .from(ledgerEntries)
    .where(where.length ? and(...where) : undefined)
    .groupBy(year, ledgerEntries.direction, ledgerEntries.type)
    .orderBy(desc(year))
    .all();
}

export interface YearSummary {
  year: string;
  costs: Record<string, number>;
  funding: Record<string, number>;
  costTotal: number;
  fundingTotal: number;
  net: number;
  hours: number;
}

/** Totals arranged for a table: one row per year (newest first), a column per type. */
export function summariseByYear(rows: readonly TotalRow[]): YearSummary[] {
  const byYear = new Map<string, YearSummary>();
  for (const r of rows) {
    let y = byYear.get(r.year);
    if (!y) byYear.set(r.year, (y = { year: r.year, costs: {}, funding: {}, costTotal: 0, fundingTotal: 0, net: 0, hours: 0 }));
    const bucket = r.direction === 'cost' ? y.costs : y.funding;
    bucket[r.type] = (bucket[r.type] ?? 0) + r.totalMinor;
    if (r.direction === 'cost') y.costTotal += r.totalMinor;
    else y.fundingTotal += r.totalMinor;
    y.hours += r.hours;
  }
  for (const y of byYear.values()) y.net = y.costTotal - y.fundingTotal;
  return [...byYear.values()].sort((a, b) => b.year.localeCompare(a.year));
}

// ---------------------------------------------------------------- the costs list (page and export)

export const COST_SORTS = ['occurredOn', 'amount', 'partnership', 'type'] as const;
export type CostSort = (typeof COST_SORTS)[number];

export interface CostFilters {
  year: number | null;
  direction: 'cost' | 'funding' | null;
  type: string | null;
  partnershipId: number | null;
  sort: CostSort;
  dir: 'asc' | 'desc';
  /** The reader's words: the type column then sorts as its labels read. */
  labels?: Labels;
}

const ALL_TYPES: readonly string[] = [...new Set([...COST_TYPES, ...FUNDING_TYPES])];

/** The costs list's filters from a query string (the page's and the export's). Unknown values are ignored. */
export function costFilters(query: Record<string, unknown>): CostFilters {
  const year = Number(query.year);
  const pid = Number(query.partnershipId);
  return {
    year: Number.isInteger(year) && year >= 1900 && year <= 2999 ? year : null,
    direction: query.direction === 'cost' || query.direction === 'funding' ? query.direction : null,
    type: typeof query.type === 'string' && ALL_TYPES.includes(query.type) ? query.type : null,
    partnershipId: Number.isSafeInteger(pid) && pid > 0 ? pid : null,
    sort: (COST_SORTS as readonly string[]).includes(String(query.sort)) ? (query.sort as CostSort) : 'occurredOn',
    dir: query.dir === 'asc' ? 'asc' : 'desc',
  };
}

function costWhere(f: CostFilters): SQL | undefined {
  const where: SQL[] = [];
  if (f.year !== null) {
    where.push(gte(ledgerEntries.occurredOn, `${f.year}-01-01`), lte(ledgerEntries.occurredOn, `${f.year}-12-31`));
  }
  if (f.direction) where.push(eq(ledgerEntries.direction, f.direction));
  if (f.type) where.push(eq(ledgerEntries.type, f.type as 'other'));
  if (f.partnershipId !== null) where.push(eq(ledgerEntries.partnershipId, f.partnershipId));
  return where.length ? and(...where) : undefined;
}

/**
 * The costs list as a query not yet executed: names, not ids. The page adds limit/offset and
 * .all(); the export reads it row by row (src/exports/iterate.ts).
 */
export function costsQuery(db: Db, f: CostFilters) {
  const column = {
    occurredOn: ledgerEntries.occurredOn,
    // As the list shows it: funding offsets costs, so it reads (and sorts) as a negative amount.
    amount: sql`case when ${ledgerEntries.direction} = 'funding' then -${ledgerEntries.amountMinor} else ${ledgerEntries.amountMinor} end`,
    partnership: partnerships.titleKey,
    // As the list names it: the label of direction and type ("Travel", "Grant (e.g. EU)").
    type: byLabel(
      sql`${ledgerEntries.direction} || '.' || ${ledgerEntries.type}`,
      [...COST_TYPES.map((t) => `cost.${t}`), ...FUNDING_TYPES.map((t) => `funding.${t}`)],
      f.labels ? (kind) => f.labels!.t(`ledger.kind.${kind}`) : null,
      f.labels?.intlLocale,
    ),
  }[f.sort];
  const order = f.dir === 'asc' ? asc : desc;
  return db
    .select({
      id: ledgerEntries.id,
      occurredOn: ledgerEntries.occurredOn,
      direction: ledgerEntries.direction,
      type: ledgerEntries.type,
      amountMinor: ledgerEntries.amountMinor,
      currency: ledgerEntries.currency,
      hours: ledgerEntries.hours,
      note: ledgerEntries.note,
      partnershipId: ledgerEntries.partnershipId,
      partnershipTitle: partnerships.title,
      partnerName: partners.name,
      createdByName: nameOfUser(ledgerEntries.createdById),
    })
    .from(ledgerEntries)
    .innerJoin(partnerships, eq(partnerships.id, ledgerEntries.partnershipId))
    .innerJoin(partners, eq(partners.id, partnerships.partnerId))
    .where(costWhere(f))
    .orderBy(order(column), order(ledgerEntries.id));
}

export function countCosts(db: Db, f: CostFilters): number {
  return countRows(db, ledgerEntries, costWhere(f));
}

/** Years that have entries, newest first, for the year filter. */
export function ledgerYears(db: Db): readonly string[] {
  const year = sql<string>`substr(${ledgerEntries.occurredOn}, 1, 4)`;
  return untilWrite(db, 'ledgerYears', () =>
    db
      .selectDistinct({ year })
      .from(ledgerEntries)
      .orderBy(desc(year))
      .all()
      .map((r) => r.year),
  );
}
