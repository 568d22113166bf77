// The council report: a print-ready page for a chosen period.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseForm, optionalDate } from '../lib/form.js';
import { describeReason, parseReasons } from '../reviews/reasons.js';
import { COST_TYPES, FUNDING_TYPES } from '../ledger/domain.js';
import { endingsInPeriod, goalLinks, organisationGoals, reportRows, reviewsSignedInPeriod, spendInPeriod } from './queries.js';

const periodSchema = z.object({ from: optionalDate(), to: optionalDate() });

export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/report', { config: { access: 'signed_in' } }, async (request, reply) => {
    const today = request.today();
    const parsed = parseForm(periodSchema, request.query, request.i18n);
    const fromOn = (parsed.ok && parsed.data.from) || `${today.slice(0, 4)}-01-01`;
    const toOn = (parsed.ok && parsed.data.to) || today;
    const errors = parsed.ok ? (fromOn > toOn ? { to: request.i18n.t('report.error.order') } : {}) : parsed.errors;
    const values = { from: String((request.query as Record<string, unknown>).from ?? fromOn), to: String((request.query as Record<string, unknown>).to ?? toOn) };
    if (Object.keys(errors).length > 0) return reply.page('report/index', { errors, values, report: null }, { status: 422 });

    const reasons = (json: string | null) => parseReasons(json).map((r) => describeReason(r, request.i18n));
    const rows = reportRows(app.db, fromOn, toOn).map((r) => ({ ...r, reasonLines: reasons(r.reasons) }));
    const byId = new Map(rows.map((r) => [r.partnershipId, r]));
    const links = goalLinks(app.db);
    const linked = new Set<number>();
    const sections = organisationGoals(app.db).map((g) => {
      const members = links.filter((l) => l.goalId === g.id).map((l) => byId.get(l.partnershipId)).filter((r) => r !== undefined);
      members.forEach((m) => linked.add(m.partnershipId));
      return { goal: g, rows: members.sort((a, b) => a.title.localeCompare(b.title)) };
    });
    const unlinked = rows.filter((r) => !linked.has(r.partnershipId));
    const endings = endingsInPeriod(app.db, fromOn, toOn);
    const endingIds = new Set(endings.map((e) => e.partnershipId));
    const forEnding = rows.filter((r) => endingIds.has(r.partnershipId) || r.recommendation === 'end' || r.decision === 'end' || r.status === 'ending')
      .map((r) => ({ ...r, changes: endings.filter((e) => e.partnershipId === r.partnershipId) }));
    const statusCounts: Record<string, number> = {};
    for (const r of rows) statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1;
    const recommendationCounts: Record<string, number> = {};
    for (const r of rows) if (r.recommendation) recommendationCounts[r.recommendation] = (recommendationCounts[r.recommendation] ?? 0) + 1;
    return reply.page('report/index', {
      errors: {}, values: { from: fromOn, to: toOn },
      report: {
        fromOn, toOn, total: rows.length, statusCounts, recommendationCounts, reviewsSigned: reviewsSignedInPeriod(app.db, fromOn, toOn),
        sections, unlinked, forEnding, spend: spendInPeriod(app.db, fromOn, toOn), costTypes: COST_TYPES, fundingTypes: FUNDING_TYPES,
      },
    });
  });
}
