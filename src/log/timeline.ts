// Timelines of a partner, a partnership or a contact: one UNION ALL query per page, newest first.
// Each kind of event is one SELECT with the same columns; to add a kind (delegations, ...), add
// a source below that returns its SELECT for the scopes it belongs to.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';

export type TimelineScope = { kind: 'partner' | 'partnership' | 'contact'; id: number };

export interface TimelineItem {
  kind: 'log' | 'status' | 'follow_up' | 'cost' | 'review';
  id: number;
  onDate: string;
  atTime: string | null;
  /** log: type; status: new status; follow_up: open|done; cost: direction; review: decision */
  sub: string | null;
  title: string;
  detail: string | null;
  amount: number | null;
  currency: string | null;
  refId: number | null;
  refName: string | null;
}

/** Columns, in order: kind, id, onDate, atTime, sub, title, detail, amount, currency, refId, refName. */
type TimelineSource = (scope: TimelineScope) => SQL | null;

const entriesOf = (scope: TimelineScope): SQL => {
  switch (scope.kind) {
    case 'partner':
      return sql`SELECT log_entry_id FROM log_entry_partners WHERE partner_id = ${scope.id}`;
    case 'partnership':
      return sql`SELECT log_entry_id FROM log_entry_partnerships WHERE partnership_id = ${scope.id}`;
    case 'contact':
      return sql`SELECT log_entry_id FROM log_entry_contacts WHERE contact_id = ${scope.id}`;
  }
};

/** Partnerships in scope, for events that belong to a partnership. */
const partnershipsOf = (scope: TimelineScope): SQL | null => {
  // A partner's partnerships: those it is the main partner of and those it takes part in with a role.
  if (scope.kind === 'partner') {
    return sql`SELECT id FROM partnerships WHERE partner_id = ${scope.id} UNION SELECT partnership_id FROM partnership_partners WHERE partner_id = ${scope.id}`;
  }
  if (scope.kind === 'partnership') return sql`SELECT ${scope.id}`;
  return null;
};

export const TIMELINE_SOURCES: TimelineSource[] = [
  // Contact-log entries.
  (scope) => sql`SELECT 'log' AS kind, le.id, le.occurred_on AS onDate, le.occurred_time AS atTime, le.type AS sub,
      le.summary AS title, le.outcome AS detail, NULL AS amount, NULL AS currency, NULL AS refId, NULL AS refName
    FROM log_entries le WHERE le.id IN (${entriesOf(scope)})`,
  // Status changes of the partnerships.
  (scope) => {
    const ps = partnershipsOf(scope);
    return (
      ps &&
      sql`SELECT 'status', sc.id, sc.changed_on, NULL, sc.to_status, coalesce(sc.from_status, ''), sc.reason, NULL, NULL, p.id, p.title
      FROM status_changes sc JOIN partnerships p ON p.id = sc.partnership_id WHERE sc.partnership_id IN (${ps})`
    );
  },
  // Follow-ups, on their due date: those of the entries in scope and those set on a partnership.
  (scope) => {
    const ps = partnershipsOf(scope);
    const own = ps ? sql` OR f.partnership_id IN (${ps})` : sql``;
    return sql`SELECT 'follow_up', f.id, f.due_on, NULL, CASE WHEN f.done_at IS NULL THEN 'open' ELSE 'done' END, f.task, f.done_at, NULL, NULL,
        f.log_entry_id, (SELECT name FROM users u WHERE u.id = f.assignee_id)
      FROM follow_ups f WHERE f.log_entry_id IN (${entriesOf(scope)})${own}`;
  },
  // Costs and funding from the investment ledger.
  (scope) => {
    const ps = partnershipsOf(scope);
    return (
      ps &&
      sql`SELECT 'cost', l.id, l.occurred_on, NULL, l.direction, l.type, l.note, l.amount_minor, l.currency, p.id, p.title
      FROM ledger_entries l JOIN partnerships p ON p.id = l.partnership_id WHERE l.partnership_id IN (${ps})`
    );
  },
  // Signed reviews, on the day they were signed.
  (scope) => {
    const ps = partnershipsOf(scope);
    return (
      ps &&
      sql`SELECT 'review', r.id, substr(r.signed_at, 1, 10), NULL, r.decision, r.period_start_on || ' – ' || r.period_end_on, r.decision_comment, NULL, NULL, p.id, p.title
      FROM reviews r JOIN partnerships p ON p.id = r.partnership_id WHERE r.partnership_id IN (${ps}) AND r.state = 'signed'`
    );
  },
];

export interface TimelinePage {
  items: TimelineItem[];
  page: number;
  hasMore: boolean;
}

/** One page of the timeline in one query; one extra row tells whether an older page exists. */
export function timelinePage(db: Db, scope: TimelineScope, page: number, perPage = 25): TimelinePage {
  const selects = TIMELINE_SOURCES.map((s) => s(scope)).filter((s): s is SQL => s !== null);
  const union = sql.join(selects, sql` UNION ALL `);
  const offset = (page - 1) * perPage;
  const rows = db.all<TimelineItem>(
    sql`SELECT * FROM (${union}) ORDER BY onDate DESC, coalesce(atTime, '') DESC, kind, id DESC LIMIT ${perPage + 1} OFFSET ${offset}`,
  );
  return { items: rows.slice(0, perPage), page, hasMore: rows.length > perPage };
}
