// Last contact: the one place that decides when we last spoke with a partner and who has lost
// touch. The rule: an entry counts for a partnership when it is linked to the partnership itself
// or to its partner (a meeting logged against Kópavogur keeps the twin-city partnership alive),
// and for a partner when it is linked to the partner or to any of its partnerships. Lists, the
// dashboard, reviews and the losing-touch page all read it from here.
import { sql } from 'drizzle-orm';
import { untilWrite } from '../db/memo.js';
import type { Db } from '../db/client.js';
import { addDays, addMonths } from '../lib/dates.js';
import { hasLostTouch } from './losing-touch.js';

export interface LastContact {
  logEntryId: number;
  occurredOn: string;
  summary: string;
}

type Row = LastContact & { id: number };

function toMap(rows: Row[]): Map<number, LastContact> {
  return new Map(rows.map((r) => [r.id, { logEntryId: r.logEntryId, occurredOn: r.occurredOn, summary: r.summary }]));
}

// The newest entry per group, by date then id: SQLite takes the bare columns of a max()
// aggregate from the row that holds the maximum.
const NEWEST = `max(le.occurred_on || printf('%012d', le.id)) AS newest, le.id AS logEntryId, le.occurred_on AS occurredOn, le.summary AS summary`;

/**
 * The newest entry per id, over `links` (a CTE of id -> entry for the ids in `ids`), in one query.
 * Each branch of `links` keeps only the entries of its source's newest day, found by one seek on the
 * link table's (…_id, occurred_on) index, so a partner with thousands of entries costs a few rows.
 */
function newestOver(db: Db, links: string, ids: readonly number[]): Map<number, LastContact> {
  if (ids.length === 0) return new Map();
  const rows = db.$client
    .prepare(
      `
    WITH ids AS (SELECT value AS id FROM json_each(?)), links AS (${links})
    SELECT links.id AS id, ${NEWEST} FROM links JOIN log_entries le ON le.id = links.entry GROUP BY links.id`,
    )
    .all(JSON.stringify(ids)) as Row[];
  return toMap(rows);
}

// The joins below keep only the links of each source's newest day: the newest day of a partner or
// of a partnership is one seek on its link table's (…_id, occurred_on) index.
const newestDay = (alias: string, table: string, column: string, id: string) =>
  `JOIN ${table} ${alias} ON ${alias}.${column} = ${id}
      AND ${alias}.occurred_on = (SELECT max(x.occurred_on) FROM ${table} x WHERE x.${column} = ${id})`;
const partnerLinks = (id: string) => newestDay('lp', 'log_entry_partners', 'partner_id', id);
const partnershipLinks = (id: string) => newestDay('lep', 'log_entry_partnerships', 'partnership_id', id);

/** The last contact of each partnership (its own entries and its partner's), in one query. */
export function lastContactOfPartnerships(db: Db, partnershipIds: readonly number[]): Map<number, LastContact> {
  return newestOver(
    db,
    `
    SELECT ids.id AS id, lep.log_entry_id AS entry FROM ids ${partnershipLinks('ids.id')}
    UNION ALL
    SELECT p.id, lp.log_entry_id FROM ids JOIN partnerships p ON p.id = ids.id ${partnerLinks('p.partner_id')}`,
    partnershipIds,
  );
}

/** The last contact of each partner (its own entries and its partnerships'), in one query. */
export function lastContactOfPartners(db: Db, partnerIds: readonly number[]): Map<number, LastContact> {
  return newestOver(
    db,
    `
    SELECT ids.id AS id, lp.log_entry_id AS entry FROM ids ${partnerLinks('ids.id')}
    UNION ALL
    SELECT p.partner_id, lep.log_entry_id FROM ids JOIN partnerships p ON p.partner_id = ids.id ${partnershipLinks('p.id')}`,
    partnerIds,
  );
}

/** The date of a partnership's last contact, or null when there has been none. */
export function lastContactOn(db: Db, partnershipId: number): string | null {
  return lastContactOfPartnerships(db, [partnershipId]).get(partnershipId)?.occurredOn ?? null;
}

export interface LosingTouchRow {
  id: number;
  title: string;
  partnerId: number;
  partnerName: string;
  ownerId: number | null;
  ownerName: string | null;
  activeSinceOn: string | null;
  last: LastContact | null;
}

/**
 * Active partnerships that have lost touch (hasLostTouch, the rule), never contacted first, then
 * the oldest last contact. Fast on a large log: one index seek per active partnership on the link
 * tables' copy of the entry date (partnership_id, occurred_on) rules most partnerships out; the
 * exact last contact is read only for the rest.
 */
export function losingTouch(db: Db, months: number, today: string): readonly LosingTouchRow[] {
  // Every active partnership is looked at: kept until the next write (db/memo.ts).
  return untilWrite(db, `losingTouch:${months}:${today}`, () => readLosingTouch(db, months, today));
}

function readLosingTouch(db: Db, months: number, today: string): LosingTouchRow[] {
  // A week's margin: the rule itself decides at the edge.
  const cutoff = addDays(addMonths(today, -months), -7);
  const candidates = db.all<Omit<LosingTouchRow, 'last'>>(sql`
    select p.id, p.title, p.partner_id as partnerId, pa.name as partnerName, p.owner_id as ownerId,
      (select u.name from users u where u.id = p.owner_id) as ownerName, p.active_since_on as activeSinceOn
    from partnerships p join partners pa on pa.id = p.partner_id
    where p.status = 'active'
      and not exists (select 1 from log_entry_partnerships lep where lep.partnership_id = p.id and lep.occurred_on > ${cutoff})
      and not exists (select 1 from log_entry_partners lp where lp.partner_id = p.partner_id and lp.occurred_on > ${cutoff})`);
  const last = new Map<number, LastContact>();
  for (let i = 0; i < candidates.length; i += 500) {
    for (const [id, contact] of lastContactOfPartnerships(
      db,
      candidates.slice(i, i + 500).map((c) => c.id),
    ))
      last.set(id, contact);
  }
  const since = (r: LosingTouchRow) => r.last?.occurredOn ?? '';
  return candidates
    .map((p) => ({ ...p, last: last.get(p.id) ?? null }))
    .filter((p) => hasLostTouch(p.last?.occurredOn ?? null, p.activeSinceOn, months, today))
    .sort((a, b) => since(a).localeCompare(since(b)) || a.title.localeCompare(b.title) || a.id - b.id);
}
