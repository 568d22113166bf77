// The council report: a print-ready page for a chosen period.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseForm, optionalDate } from '../lib/form.js';
import { pager, parsePaging } from '../lib/paging.js';
import { describeReason, parseReasons } from '../reviews/reasons.js';
import { COST_TYPES, FUNDING_TYPES } from '../ledger/domain.js';
import { reportOf, reviewsSignedInPeriod, spendInPeriod } from './queries.js';
import type { ReportSection } from './build.js';

const periodSchema = z.object({ from: optionalDate(), to: optionalDate() });

/** Rows shown per goal on the report itself; the whole goal is one link away, paged. */
export const REPORT_SECTION_ROWS = 20;
export const REPORT_ENDING_ROWS = 50;

export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/report', { config: { access: 'signed_in' } }, async (request, reply) => {
    const today = request.today();
    const parsed = parseForm(periodSchema, request.query, request.i18n);
    const fromOn = (parsed.ok && parsed.data.from) || `${today.slice(0, 4)}-01-01`;
    const toOn = (parsed.ok && parsed.data.to) || today;
    const errors = parsed.ok ? (fromOn > toOn ? { to: request.i18n.t('report.error.order') } : {}) : parsed.errors;
    const values = {
      from: String((request.query as Record<string, unknown>).from ?? fromOn),
      to: String((request.query as Record<string, unknown>).to ?? toOn),
    };
    if (Object.keys(errors).length > 0) return reply.page('report/index', { errors, values, report: null }, { status: 422 });

    const reasons = (json: string | null) => parseReasons(json).map((r) => describeReason(r, request.i18n));
    const report = reportOf(app.db, fromOn, toOn);
    // One goal in full (?goal=<id> or ?goal=none), paged: the report itself shows each goal's most urgent rows.
    const query = request.query as Record<string, unknown>;
    if (query.goal !== undefined) {
      const section =
        query.goal === 'none'
          ? { ...report.unlinked, goal: { id: 'none', name: request.i18n.t('report.noGoal') } }
          : report.sections.find((s) => String(s.goal.id) === String(query.goal));
      if (!section) return reply.code(404).renderError('notFound');
      const paging = parsePaging(query, ['need'] as const, 'need', 'asc', 100);
      const all = section.byNeed;
      return reply.page('report/goal', {
        errors: {},
        values: { from: fromOn, to: toOn },
        fromOn,
        toOn,
        goal: section.goal,
        rows: all.slice(paging.offset, paging.offset + paging.perPage),
        pager: pager('/report', { from: fromOn, to: toOn, goal: String(query.goal) }, paging, all.length),
      });
    }
    const summarise = (goalId: number | 'none', s: ReportSection<unknown>) => ({
      total: s.rows.length,
      recommendations: s.recommendations,
      rows: s.rows.length > REPORT_SECTION_ROWS ? s.byNeed.slice(0, REPORT_SECTION_ROWS) : s.rows,
      allHref:
        s.rows.length > REPORT_SECTION_ROWS ? `/report?${new URLSearchParams({ from: fromOn, to: toOn, goal: String(goalId) })}` : null,
    });
    const forEnding = report.forEnding
      .slice(0, REPORT_ENDING_ROWS)
      .map((r) => ({ ...r, reasonLines: reasons(r.reasons), changes: report.endingsOf.get(r.partnershipId) ?? [] }));
    return reply.page('report/index', {
      errors: {},
      values: { from: fromOn, to: toOn },
      report: {
        fromOn,
        toOn,
        total: report.rows.length,
        statusCounts: report.statusCounts,
        recommendationCounts: report.recommendationCounts,
        reviewsSigned: reviewsSignedInPeriod(app.db, fromOn, toOn),
        sections: report.sections.map((sct) => ({ goal: sct.goal, ...summarise(sct.goal.id, sct) })),
        unlinked: summarise('none', report.unlinked),
        forEnding,
        forEndingTotal: report.forEnding.length,
        spend: spendInPeriod(app.db, fromOn, toOn),
        costTypes: COST_TYPES,
        fundingTypes: FUNDING_TYPES,
      },
    });
  });
}
