// The reviews list as an export: the very filters and sort of /reviews (signed reviews unless
// the query says otherwise), every page; reasons written out in the user's language.
import type { ExportSource } from '../exports/types.js';
import { col, defineExport } from '../exports/columns.js';
import { parsePaging } from '../lib/paging.js';
import { REVIEW_SORTS, reviewFilters, reviewsQuery } from './lists.js';
import { describeReason, parseReasons } from './reasons.js';

export const reviewsExport: ExportSource = (db, query, i18n) => {
  const t = i18n.t;
  const paging = parsePaging(query, REVIEW_SORTS, 'periodEndOn', 'desc');
  return defineExport(db, i18n, {
    name: 'reviews',
    personal: false,
    query: reviewsQuery(db, { ...reviewFilters(query), sort: paging.sort, dir: paging.dir, labels: i18n }),
    columns: {
      partnershipTitle: col.text('reviews.col.partnership', 30),
      partnerName: col.text('partnerships.partner', 24),
      periodStartOn: col.date('exports.col.periodStart'),
      periodEndOn: col.date('exports.col.periodEnd'),
      state: col.text('reviews.col.state', 12),
      valueIndex: col.number('reviews.valueIndex'),
      investmentNetMinor: col.money('reviews.investment.net'),
      investmentAnnualisedMinor: col.money('reviews.investment.annualised'),
      investmentLevel: col.number('reviews.investment.level'),
      recommendation: col.text('reviews.recommendation', 14),
      reasons: col.text('exports.col.reasons', 48),
      decision: col.text('reviews.decision', 14),
      decisionComment: col.text('reviews.field.comment', 36),
      signedByName: col.text('exports.col.signedBy', 20),
      signedAt: col.instant('reviews.signedAt'),
    },
    row: (r) => ({
      ...r,
      state: t(`reviews.state.${r.state}`),
      recommendation: r.recommendation ? t(`reviews.recommendation.${r.recommendation}`) : '',
      decision: r.decision ? t(`reviews.decision.${r.decision}`) : '',
      reasons: parseReasons(r.reasons)
        .map((x) => describeReason(x, i18n))
        .join('; '),
    }),
  });
};
