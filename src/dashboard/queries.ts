// What the home page reads: what needs attention first (my reviews, the rule's end
// recommendations, losing touch, my follow-ups), then the portfolio. Each block is one or two
// queries, whatever the size of the portfolio.
import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { followUps, partners, partnerships } from '../db/schema.js';
import type { Organisation } from '../plugins/context.js';
import { addDays, addMonths } from '../lib/dates.js';
import { hasLostTouch } from '../log/losing-touch.js';
import { dueReviews, reviewsInProgress } from '../reviews/queries.js';
import { totalsByYearAndType } from '../ledger/queries.js';

export interface LatestReview {
  reviewId: number;
  partnershipId: number;
  title: string;
  status: string;
  state: string;
  valueIndex: number | null;
  level: number | null;
  recommendation: string | null;
  reasons: string;
  decision: string | null;
  periodEndOn: string;
}

/** The latest review of each partnership that is not ended (signed only, or any state). */
export function latestReviews(db: Db, options: { signedOnly: boolean }): LatestReview[] {
  return db.all<LatestReview>(sql`
    select r.id as reviewId, p.id as partnershipId, p.title, p.status, r.state, r.value_index as valueIndex,
      r.investment_level_computed + r.investment_level_adjustment as level, r.recommendation, r.reasons, r.decision, r.period_end_on as periodEndOn
    from (select reviews.*, row_number() over (partition by partnership_id order by period_end_on desc, id desc) as rn
          from reviews ${options.signedOnly ? sql`where state = 'signed'` : sql`where state in ('signed', 'proposed')`}) r
    join partnerships p on p.id = r.partnership_id
    where r.rn = 1 and p.status <> 'ended'
    order by p.title`);
}

export function attention(db: Db, org: Organisation, userId: number, role: string, today: string) {
  const mine = dueReviews(db, org, { ownerId: userId, until: addDays(today, 30) });
  const latest = latestReviews(db, { signedOnly: false });
  const recommendEnd = latest.filter((r) => r.recommendation === 'end' && r.status !== 'ending');
  const losingTouch = losingTouchList(db, org.losingTouchMonths, today);
  const myFollowUps = db.select({ id: followUps.id, task: followUps.task, dueOn: followUps.dueOn, partnershipId: followUps.partnershipId, title: partnerships.title })
    .from(followUps).leftJoin(partnerships, eq(partnerships.id, followUps.partnershipId))
    .where(and(eq(followUps.assigneeId, userId), isNull(followUps.doneAt), lte(followUps.dueOn, addDays(today, 7))))
    .orderBy(asc(followUps.dueOn)).limit(20).all();
  return {
    myOverdue: mine.filter((d) => d.dueOn < today),
    myDue: mine.filter((d) => d.dueOn >= today),
    myDrafts: reviewsInProgress(db, { reviewerId: userId, states: ['draft', 'returned'] }),
    awaitingSignOff: role === 'admin' ? reviewsInProgress(db, { states: ['proposed'] }) : [],
    recommendEnd,
    losingTouch,
    myFollowUps,
  };
}

/** Partnerships by partner kind and status, for the counts table. */
export function countsByKindAndStatus(db: Db) {
  return db.select({ kind: partners.kind, status: partnerships.status, n: sql<number>`count(*)` })
    .from(partnerships).innerJoin(partners, eq(partners.id, partnerships.partnerId))
    .groupBy(partners.kind, partnerships.status).all();
}

/** Costs and funding per type, this year against last. */
export function spendThisAndLastYear(db: Db, year: number) {
  const rows = totalsByYearAndType(db, null, `${year - 1}-01-01`, `${year}-12-31`);
  const by = (y: number, direction: string) => Object.fromEntries(rows.filter((r) => r.year === String(y) && r.direction === direction).map((r) => [r.type, r.totalMinor]));
  return { thisYear: by(year, 'cost'), lastYear: by(year - 1, 'cost'), fundingThisYear: by(year, 'funding'), fundingLastYear: by(year - 1, 'funding') };
}

/**
 * Active partnerships that have lost touch (hasLostTouch), with their last contact. Only the
 * recent part of the contact log is read to rule most partnerships out (an index range on the
 * date); the exact last contact is then looked up for the few that remain.
 */
export function losingTouchList(db: Db, months: number, today: string) {
  // A week's margin: the rule itself (hasLostTouch) decides at the edge.
  const cutoff = addDays(addMonths(today, -months), -7);
  const candidates = db.all<{ id: number; title: string; activeSinceOn: string | null }>(sql`
    select p.id, p.title, p.active_since_on as activeSinceOn from partnerships p
    where p.status = 'active'
      and p.id not in (select lep.partnership_id from log_entries le join log_entry_partnerships lep on lep.log_entry_id = le.id where le.occurred_on > ${cutoff})
      and p.partner_id not in (select lp.partner_id from log_entries le join log_entry_partners lp on lp.log_entry_id = le.id where le.occurred_on > ${cutoff})
    order by p.title`);
  if (candidates.length === 0) return [];
  const last = new Map<number, string | null>();
  for (let i = 0; i < candidates.length; i += 500) {
    const ids = candidates.slice(i, i + 500).map((c) => c.id);
    for (const r of db.all<{ id: number; on: string | null }>(sql`
      select p.id, max(
        coalesce((select max(le.occurred_on) from log_entry_partnerships lep join log_entries le on le.id = lep.log_entry_id where lep.partnership_id = p.id), ''),
        coalesce((select max(le.occurred_on) from log_entry_partners lp join log_entries le on le.id = lp.log_entry_id where lp.partner_id = p.partner_id), '')
      ) as "on" from partnerships p where p.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`)) last.set(r.id, r.on || null);
  }
  return candidates
    .map((p) => ({ ...p, lastContactOn: last.get(p.id) ?? null }))
    .filter((p) => hasLostTouch(p.lastContactOn, p.activeSinceOn, months, today))
    .sort((a, b) => (a.lastContactOn ?? '').localeCompare(b.lastContactOn ?? '') || a.title.localeCompare(b.title));
}
