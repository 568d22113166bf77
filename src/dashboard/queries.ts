// What the home page reads: what needs attention first (my reviews, the rule's end
// recommendations, losing touch, my follow-ups), then the portfolio. Each block is one or two
// queries, whatever the size of the portfolio.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { untilWrite } from '../db/memo.js';
import type { Db } from '../db/client.js';
import { followUps, partners, partnerships } from '../db/schema.js';
import type { Organisation } from '../plugins/context.js';
import { addDays } from '../lib/dates.js';
import { losingTouch } from '../log/last-contact.js';
import { dueReviews, reviewsInProgress } from '../reviews/lists.js';
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
export function latestReviews(db: Db, options: { signedOnly: boolean }): readonly LatestReview[] {
  // One index seek per partnership of the portfolio: kept until the next write (db/memo.ts).
  return untilWrite(db, `latestReviews:${options.signedOnly}`, () =>
    db.all<LatestReview>(sql`
    select r.id as reviewId, p.id as partnershipId, p.title, p.status, r.state, r.value_index as valueIndex,
      r.investment_level_computed + r.investment_level_adjustment as level, r.recommendation, r.reasons, r.decision, r.period_end_on as periodEndOn
    from partnerships p
    -- The latest per partnership from the index (partnership_id, period_end_on): no window over every review.
    join reviews r on r.id = (select r2.id from reviews r2
      where r2.partnership_id = p.id and ${options.signedOnly ? sql`r2.state = 'signed'` : sql`r2.state in ('signed', 'proposed')`}
      order by r2.period_end_on desc, r2.id desc limit 1)
    where p.status <> 'ended'
    order by p.title_key`),
  );
}

export function attention(db: Db, org: Organisation, userId: number, role: string, today: string) {
  const mine = dueReviews(db, org, { ownerId: userId, until: addDays(today, 30) });
  const latest = latestReviews(db, { signedOnly: false });
  const recommendEnd = latest.filter((r) => r.recommendation === 'end' && r.status !== 'ending');
  const lostTouch = losingTouch(db, org.losingTouchMonths, today);
  const myFollowUps = db
    .select({
      id: followUps.id,
      task: followUps.task,
      dueOn: followUps.dueOn,
      partnershipId: followUps.partnershipId,
      title: partnerships.title,
    })
    .from(followUps)
    .leftJoin(partnerships, eq(partnerships.id, followUps.partnershipId))
    // Every open follow-up of mine, not only those due this week: the most urgent first.
    .where(and(eq(followUps.assigneeId, userId), isNull(followUps.doneAt)))
    .orderBy(asc(followUps.dueOn), asc(followUps.id))
    .limit(20)
    .all();
  return {
    myOverdue: mine.filter((d) => d.dueOn < today),
    myDue: mine.filter((d) => d.dueOn >= today),
    myDrafts: reviewsInProgress(db, { reviewerId: userId, states: ['draft', 'returned'] }),
    awaitingSignOff: role === 'admin' ? reviewsInProgress(db, { states: ['proposed'] }) : [],
    recommendEnd,
    losingTouch: lostTouch,
    myFollowUps,
  };
}

/** Partnerships by partner kind and status, for the counts table. */
export function countsByKindAndStatus(db: Db) {
  return untilWrite(db, 'countsByKindAndStatus', () =>
    db
      .select({ kind: partners.kind, status: partnerships.status, n: sql<number>`count(*)` })
      .from(partnerships)
      .innerJoin(partners, eq(partners.id, partnerships.partnerId))
      .groupBy(partners.kind, partnerships.status)
      .all(),
  );
}

/** Costs and funding per type, this year against last. */
export function spendThisAndLastYear(db: Db, year: number) {
  const rows = totalsByYearAndType(db, null, `${year - 1}-01-01`, `${year}-12-31`);
  const by = (y: number, direction: string) =>
    Object.fromEntries(rows.filter((r) => r.year === String(y) && r.direction === direction).map((r) => [r.type, r.totalMinor]));
  return {
    thisYear: by(year, 'cost'),
    lastYear: by(year - 1, 'cost'),
    fundingThisYear: by(year, 'funding'),
    fundingLastYear: by(year - 1, 'funding'),
  };
}
