// The reviews list as an export: the very filters and sort of /reviews (signed reviews unless
// the query says otherwise), every page; reasons written out in the user's language.
import type { ExportSource } from '../exports/types.js';
import { iterateSelect } from '../exports/iterate.js';
import { parsePaging } from '../lib/paging.js';
import { REVIEW_SORTS, reviewFilters, reviewsQuery } from './queries.js';
import { describeReason, parseReasons } from './reasons.js';

export const reviewsExport: ExportSource = (db, query, i18n) => {
  const t = i18n.t;
  const paging = parsePaging(query, REVIEW_SORTS, 'periodEndOn', 'desc');
  const q = reviewsQuery(db, { ...reviewFilters(query), sort: paging.sort, dir: paging.dir });
  return {
    name: 'reviews',
    personal: false,
    columns: [
      { key: 'partnershipTitle', header: t('reviews.col.partnership'), type: 'text', width: 30 },
      { key: 'partnerName', header: t('partnerships.partner'), type: 'text', width: 24 },
      { key: 'periodStartOn', header: t('exports.col.periodStart'), type: 'date' },
      { key: 'periodEndOn', header: t('exports.col.periodEnd'), type: 'date' },
      { key: 'state', header: t('reviews.col.state'), type: 'text', width: 12 },
      { key: 'valueIndex', header: t('reviews.valueIndex'), type: 'number' },
      { key: 'investmentNetMinor', header: t('reviews.investment.net'), type: 'money', width: 16 },
      { key: 'investmentAnnualisedMinor', header: t('reviews.investment.annualised'), type: 'money', width: 16 },
      { key: 'investmentLevel', header: t('reviews.investment.level'), type: 'number' },
      { key: 'recommendation', header: t('reviews.recommendation'), type: 'text', width: 14 },
      { key: 'reasons', header: t('exports.col.reasons'), type: 'text', width: 48 },
      { key: 'decision', header: t('reviews.decision'), type: 'text', width: 14 },
      { key: 'decisionComment', header: t('reviews.field.comment'), type: 'text', width: 36 },
      { key: 'signedByName', header: t('reviews.signed'), type: 'text', width: 20 },
      { key: 'signedAt', header: t('reviews.signedAt'), type: 'instant' },
    ],
    *rows() {
      for (const r of iterateSelect(db, q)) {
        yield {
          ...r,
          state: t(`reviews.state.${r.state}`),
          recommendation: r.recommendation ? t(`reviews.recommendation.${r.recommendation}`) : '',
          decision: r.decision ? t(`reviews.decision.${r.decision}`) : '',
          reasons: parseReasons(r.reasons).map((x) => describeReason(x, i18n)).join('; '),
        };
      }
    },
  };
};
