// The lists of reviews: a partnership's history, what is due, what is in progress and the reviews
// list behind the page and the exports.
import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { countRows } from '../db/aggregates.js';
import { nameOfUser } from '../users/name.js';
import { untilWrite } from '../db/memo.js';
import type { Db } from '../db/client.js';
import { byLabel, type Labels } from '../db/sort-key.js';
import { partners, partnerships, reviews } from '../db/schema.js';
import type { Organisation } from '../plugins/context.js';
import { addDays } from '../lib/dates.js';
import { DECISIONS, RECOMMENDATIONS } from '../lib/words.js';
import { reviewDueOn } from './schedule.js';
import { type Decision, type Recommendation, type ReviewState } from './domain.js';

/** What a review found and decided, as the history and the reviews list show it. */
const reviewOutcome = {
  periodStartOn: reviews.periodStartOn,
  periodEndOn: reviews.periodEndOn,
  state: reviews.state,
  valueIndex: reviews.valueIndex,
  investmentNetMinor: reviews.investmentNetMinor,
  investmentAnnualisedMinor: reviews.investmentAnnualisedMinor,
  recommendation: reviews.recommendation,
  reasons: reviews.reasons,
  decision: reviews.decision,
  decisionComment: reviews.decisionComment,
  signedAt: reviews.signedAt,
};

/** The investment level a review settled on: the computed one and the reviewer's adjustment. */
const investmentLevel = sql<number | null>`${reviews.investmentLevelComputed} + ${reviews.investmentLevelAdjustment}`;

/** A partnership's reviews, newest first: the history with its trend. */
export function reviewHistory(db: Db, partnershipId: number) {
  return db
    .select({ id: reviews.id, ...reviewOutcome, level: investmentLevel, reviewerName: nameOfUser(reviews.reviewerId) })
    .from(reviews)
    .where(eq(reviews.partnershipId, partnershipId))
    .orderBy(desc(reviews.periodEndOn), desc(reviews.id))
    .all();
}

export interface DueItem {
  partnershipId: number;
  title: string;
  partnerName: string;
  ownerId: number | null;
  ownerName: string | null;
  dueOn: string;
  lastReviewOn: string | null;
  openReviewId: number | null;
  openReviewState: ReviewState | null;
}

/** Active and dormant partnerships with their next review date, soonest first (one query). */
export function dueReviews(db: Db, org: Organisation, options: { ownerId?: number; until: string }): readonly DueItem[] {
  // Every active partnership's review dates: kept until the next write (db/memo.ts).
  return untilWrite(db, `dueReviews:${options.ownerId}:${options.until}:${org.councilPeriodEndOn}`, () => readDueReviews(db, org, options));
}

function readDueReviews(db: Db, org: Organisation, options: { ownerId?: number; until: string }): DueItem[] {
  const rows = db.all<{
    id: number;
    title: string;
    partnerName: string;
    status: 'active' | 'dormant';
    agreementType: string;
    activeSinceOn: string | null;
    reviewCadenceMonths: number;
    ownerId: number | null;
    ownerName: string | null;
    lastReviewOn: string | null;
    openId: number | null;
    openState: ReviewState | null;
  }>(sql`
    select p.id, p.title, pa.name as partnerName, p.status, p.agreement_type as agreementType, p.active_since_on as activeSinceOn,
      p.review_cadence_months as reviewCadenceMonths, p.owner_id as ownerId, u.name as ownerName,
      (select max(r.period_end_on) from reviews r where r.partnership_id = p.id and r.state = 'signed') as lastReviewOn,
      (select r.id from reviews r where r.partnership_id = p.id and r.state in ('draft','proposed','returned') order by r.id desc limit 1) as openId,
      (select r.state from reviews r where r.partnership_id = p.id and r.state in ('draft','proposed','returned') order by r.id desc limit 1) as openState
    from partnerships p join partners pa on pa.id = p.partner_id left join users u on u.id = p.owner_id
    where p.status in ('active', 'dormant') ${options.ownerId !== undefined ? sql`and p.owner_id = ${options.ownerId}` : sql``}`);
  const out: DueItem[] = [];
  for (const r of rows) {
    const dueOn = reviewDueOn(
      { status: r.status, agreementType: r.agreementType, activeSinceOn: r.activeSinceOn, reviewCadenceMonths: r.reviewCadenceMonths },
      r.lastReviewOn,
      org.councilPeriodEndOn,
    );
    if (!dueOn || dueOn > options.until) continue;
    out.push({
      partnershipId: r.id,
      title: r.title,
      partnerName: r.partnerName,
      ownerId: r.ownerId,
      ownerName: r.ownerName,
      dueOn,
      lastReviewOn: r.lastReviewOn,
      openReviewId: r.openId,
      openReviewState: r.openState,
    });
  }
  return out.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.title.localeCompare(b.title));
}

/** Reviews in progress (draft, proposed, returned), the oldest first. */
export function reviewsInProgress(db: Db, options: { states?: ReviewState[]; reviewerId?: number } = {}) {
  const where: SQL[] = [inArray(reviews.state, options.states ?? ['draft', 'proposed', 'returned'])];
  if (options.reviewerId !== undefined) where.push(eq(reviews.reviewerId, options.reviewerId));
  return db
    .select({
      id: reviews.id,
      state: reviews.state,
      partnershipId: reviews.partnershipId,
      title: partnerships.title,
      recommendation: reviews.recommendation,
      decision: reviews.decision,
      reviewerName: nameOfUser(reviews.reviewerId),
      proposedAt: reviews.proposedAt,
      createdAt: reviews.createdAt,
    })
    .from(reviews)
    .innerJoin(partnerships, eq(partnerships.id, reviews.partnershipId))
    .where(and(...where))
    .orderBy(asc(reviews.id))
    .limit(200)
    .all();
}

export const REVIEW_SORTS = ['periodEndOn', 'partnership', 'valueIndex', 'recommendation', 'signedAt'] as const;

export type ReviewSort = (typeof REVIEW_SORTS)[number];
const STATES = ['draft', 'proposed', 'returned', 'signed'] as const;

export interface ReviewFilters {
  state: ReviewState | null;
  recommendation: Recommendation | null;
  decision: Decision | null;
  year: number | null;
  partnershipId: number | null;
  sort: ReviewSort;
  dir: 'asc' | 'desc';
  /** The reader's words: the recommendation column then sorts as its labels read. */
  labels?: Labels;
}

/** The reviews list's filters from a query string; the done list shows signed reviews unless told otherwise. */
export function reviewFilters(query: Record<string, unknown>): ReviewFilters {
  const year = Number(query.year);
  const pid = Number(query.partnershipId);
  const state =
    query.state === 'any' ? null : (STATES as readonly string[]).includes(String(query.state)) ? (query.state as ReviewState) : 'signed';
  return {
    state,
    recommendation: (RECOMMENDATIONS as readonly string[]).includes(String(query.recommendation))
      ? (query.recommendation as Recommendation)
      : null,
    decision: (DECISIONS as readonly string[]).includes(String(query.decision)) ? (query.decision as Decision) : null,
    year: Number.isInteger(year) && year >= 1900 && year <= 2999 ? year : null,
    partnershipId: Number.isSafeInteger(pid) && pid > 0 ? pid : null,
    sort: (REVIEW_SORTS as readonly string[]).includes(String(query.sort)) ? (query.sort as ReviewSort) : 'periodEndOn',
    dir: query.dir === 'asc' ? 'asc' : 'desc',
  };
}

function reviewWhere(f: ReviewFilters): SQL | undefined {
  const where: SQL[] = [];
  if (f.state) where.push(eq(reviews.state, f.state));
  if (f.recommendation) where.push(eq(reviews.recommendation, f.recommendation));
  if (f.decision) where.push(eq(reviews.decision, f.decision));
  if (f.year !== null) where.push(gte(reviews.periodEndOn, `${f.year}-01-01`), lte(reviews.periodEndOn, `${f.year}-12-31`));
  if (f.partnershipId !== null) where.push(eq(reviews.partnershipId, f.partnershipId));
  return where.length ? and(...where) : undefined;
}

/** The reviews list as a query not yet executed, with names rather than ids. */
export function reviewsQuery(db: Db, f: ReviewFilters) {
  const column = {
    periodEndOn: reviews.periodEndOn,
    partnership: partnerships.titleKey,
    valueIndex: reviews.valueIndex,
    recommendation: byLabel(
      reviews.recommendation,
      RECOMMENDATIONS,
      f.labels ? (r) => f.labels!.t(`reviews.recommendation.${r}`) : null,
      f.labels?.intlLocale,
    ),
    signedAt: reviews.signedAt,
  }[f.sort];
  const order = f.dir === 'asc' ? asc : desc;
  return db
    .select({
      id: reviews.id,
      partnershipId: reviews.partnershipId,
      partnershipTitle: partnerships.title,
      partnerName: partners.name,
      ...reviewOutcome,
      investmentLevel,
      reviewerName: nameOfUser(reviews.reviewerId),
      signedByName: nameOfUser(reviews.signedById),
    })
    .from(reviews)
    .innerJoin(partnerships, eq(partnerships.id, reviews.partnershipId))
    .innerJoin(partners, eq(partners.id, partnerships.partnerId))
    .where(reviewWhere(f))
    .orderBy(order(column), order(reviews.id));
}

export function countReviews(db: Db, f: ReviewFilters): number {
  return countRows(db, reviews, reviewWhere(f));
}

/** Today plus the look-ahead of the due list. */
export const dueHorizon = (today: string) => addDays(today, 30);
