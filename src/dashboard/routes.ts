// The home page: what needs attention first, then the portfolio with the value-versus-investment chart.
import type { FastifyInstance } from 'fastify';
import { todayIn } from '../lib/dates.js';
import { describeReason, parseReasons } from '../reviews/reasons.js';
import { COST_TYPES, FUNDING_TYPES } from '../ledger/domain.js';
import { attention, countsByKindAndStatus, latestReviews, spendThisAndLastYear } from './queries.js';
import { CHART, CHART_DOT_LIMIT, chartDots, chartScale, chartSummary } from './chart.js';
import { PARTNER_KINDS, PARTNERSHIP_STATUSES as STATUSES } from '../lib/words.js';
import { upcomingSummary } from '../delegations/queries.js';

export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { access: 'signed_in' } }, async (request, reply) => {
    const org = request.org!;
    const user = request.user!;
    const today = todayIn(org.timeZone, app.now());
    const year = Number(today.slice(0, 4));
    const a = attention(app.db, org, user.id, user.role, today);
    const reasons = (json: string) => parseReasons(json).map((r) => describeReason(r, request.i18n));
    const counts = countsByKindAndStatus(app.db);
    const signed = latestReviews(app.db, { signedOnly: true }).filter((r) => r.valueIndex !== null && r.level !== null);
    const items = signed.map((r) => ({
      partnershipId: r.partnershipId,
      title: r.title,
      valueIndex: r.valueIndex!,
      level: r.level!,
      recommendation: r.recommendation,
    }));
    // A large portfolio is summarised (one mark per position, the worst in the table): the page stays small.
    const summary = items.length > CHART_DOT_LIMIT ? chartSummary(items) : null;
    const dots = summary ? [] : chartDots(items);
    return reply.page('dashboard/index', {
      today,
      year,
      // The card lists the first ten with their reasons and counts the rest: only those ten are described.
      attention: { ...a, recommendEndShown: a.recommendEnd.slice(0, 10).map((r) => ({ ...r, reasonLines: reasons(r.reasons) })) },
      kinds: PARTNER_KINDS,
      statuses: STATUSES,
      counts: Object.fromEntries(counts.map((c) => [`${c.kind}:${c.status}`, c.n])),
      total: counts.reduce((s, c) => s + c.n, 0),
      spend: spendThisAndLastYear(app.db, year),
      costTypes: COST_TYPES,
      fundingTypes: FUNDING_TYPES,
      chart: CHART,
      scale: chartScale(),
      dots,
      summary,
      delegations: upcomingSummary(app.db, today),
    });
  });
}
