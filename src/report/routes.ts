// The council report: a print-ready page for a chosen period.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseForm, optionalDate } from '../lib/form.js';
import { pager, parsePaging } from '../lib/paging.js';
import { describeReason, parseReasons } from '../reviews/reasons.js';
import { COST_TYPES, FUNDING_TYPES } from '../ledger/domain.js';
import { endingsInPeriod, goalLinks, organisationGoals, reportRows, reviewsSignedInPeriod, spendInPeriod } from './queries.js';

const periodSchema = z.object({ from: optionalDate(), to: optionalDate() });

/** Rows shown per goal on the report itself; the whole goal is one link away, paged. */
export const REPORT_SECTION_ROWS = 20;
export const REPORT_ENDING_ROWS = 50;
const NEED: Record<string, number> = { end: 0, watch: 1, continue: 2 };
/** Most in need of the council's attention first: the rule says end, then watch, then the lowest value against investment. */
function byNeed(a: { recommendation: string | null; valueIndex: number | null; level: number | null; title: string }, b: typeof a): number {
  return (
    (NEED[a.recommendation ?? ''] ?? 3) - (NEED[b.recommendation ?? ''] ?? 3) ||
    (a.valueIndex ?? 99) - (a.level ?? 0) - ((b.valueIndex ?? 99) - (b.level ?? 0)) ||
    a.title.localeCompare(b.title)
  );
}
function tally(rows: readonly { recommendation: string | null }[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const r of rows) if (r.recommendation) t[r.recommendation] = (t[r.recommendation] ?? 0) + 1;
  return t;
}

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
    const rows = reportRows(app.db, fromOn, toOn);
    const byId = new Map(rows.map((r) => [r.partnershipId, r]));
    const links = goalLinks(app.db);
    const linked = new Set<number>();
    const sections = organisationGoals(app.db).map((g) => {
      const members = links
        .filter((l) => l.goalId === g.id)
        .map((l) => byId.get(l.partnershipId))
        .filter((r) => r !== undefined);
      members.forEach((m) => linked.add(m.partnershipId));
      return { goal: g, rows: members.sort((a, b) => a.title.localeCompare(b.title)) };
    });
    const unlinked = rows.filter((r) => !linked.has(r.partnershipId));
    // One goal in full (?goal=<id> or ?goal=none), paged: the report itself shows each goal's most urgent rows.
    const query = request.query as Record<string, unknown>;
    if (query.goal !== undefined) {
      const section =
        query.goal === 'none'
          ? { goal: { id: 'none', name: request.i18n.t('report.noGoal') }, rows: unlinked }
          : sections.find((s) => String(s.goal.id) === String(query.goal));
      if (!section) return reply.code(404).renderError('notFound');
      const paging = parsePaging(query, ['need'] as const, 'need', 'asc', 100);
      const all = section.rows.slice().sort(byNeed);
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
    const summarise = (goalId: number | 'none', members: typeof rows) => ({
      total: members.length,
      recommendations: tally(members),
      rows: members.length > REPORT_SECTION_ROWS ? members.slice().sort(byNeed).slice(0, REPORT_SECTION_ROWS) : members,
      allHref:
        members.length > REPORT_SECTION_ROWS ? `/report?${new URLSearchParams({ from: fromOn, to: toOn, goal: String(goalId) })}` : null,
    });
    const endings = endingsInPeriod(app.db, fromOn, toOn);
    const endingIds = new Set(endings.map((e) => e.partnershipId));
    const forEndingAll = rows
      .filter((r) => endingIds.has(r.partnershipId) || r.recommendation === 'end' || r.decision === 'end' || r.status === 'ending')
      .sort(byNeed);
    const forEnding = forEndingAll
      .slice(0, REPORT_ENDING_ROWS)
      .map((r) => ({ ...r, reasonLines: reasons(r.reasons), changes: endings.filter((e) => e.partnershipId === r.partnershipId) }));
    const statusCounts: Record<string, number> = {};
    for (const r of rows) statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1;
    const recommendationCounts: Record<string, number> = {};
    for (const r of rows) if (r.recommendation) recommendationCounts[r.recommendation] = (recommendationCounts[r.recommendation] ?? 0) + 1;
    return reply.page('report/index', {
      errors: {},
      values: { from: fromOn, to: toOn },
      report: {
        fromOn,
        toOn,
        total: rows.length,
        statusCounts,
        recommendationCounts,
        reviewsSigned: reviewsSignedInPeriod(app.db, fromOn, toOn),
        sections: sections.map((sct) => ({ goal: sct.goal, ...summarise(sct.goal.id, sct.rows) })),
        unlinked: summarise('none', unlinked),
        forEnding,
        forEndingTotal: forEndingAll.length,
        spend: spendInPeriod(app.db, fromOn, toOn),
        costTypes: COST_TYPES,
        fundingTypes: FUNDING_TYPES,
      },
    });
  });
}
