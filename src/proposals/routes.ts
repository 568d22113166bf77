// Entry assessment: a coordinator proposes an exploring partnership with its expected values; the
// page shows the review rule's verdict on them; an administrator (or the council) decides.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm, type FieldErrors, type FormValues } from '../lib/form.js';
import { parsePaging, pager } from '../lib/paging.js';
import { redirectTo } from '../plugins/context.js';
import { flash } from '../plugins/views.js';
import { foundOr404, userActor } from '../plugins/request.js';
import { partnershipOr404 } from '../partnerships/load.js';
import { loadPartnership, type PartnershipHead } from '../partnerships/queries.js';
import { describeReason, parseReasons } from '../reviews/reasons.js';
import { activeAdministrators } from '../reviews/queries.js';
import { reviewDueOn } from '../reviews/schedule.js';
import { approvalRule } from './domain.js';
import { decisionSchema, DECISION_OUTCOMES, parseProposal } from './form.js';
import {
  awaitingProposals,
  countAwaiting,
  createProposal,
  decideProposal,
  findProposal,
  openProposal,
  proposalLines,
  proposalScoreMap,
  PROPOSAL_SORTS,
  userName,
  type ProposalRow,
} from './queries.js';

export default async function routes(app: FastifyInstance): Promise<void> {
  function formData(request: FastifyRequest, p: PartnershipHead, values: FormValues = {}, errors: FieldErrors = {}, refusal = '') {
    return { partnership: p, lines: proposalLines(app.db), values, errors, refusal, currency: request.org!.currency };
  }

  function showData(
    request: FastifyRequest,
    proposal: ProposalRow,
    p: PartnershipHead,
    extra: { values?: FormValues; errors?: FieldErrors; refusal?: string } = {},
  ) {
    const user = request.user!;
    const scores = proposalScoreMap(app.db, proposal.id);
    const mayApprove =
      user.role === 'admin' && proposal.state === 'proposed'
        ? approvalRule(proposal.state, proposal.proposedById, user.id, activeAdministrators(app.db), true)
        : null;
    return {
      proposal,
      partnership: p,
      lines: proposalLines(app.db).map((l) => ({ ...l, score: scores.get(l.goalId) ?? null })),
      reasonLines: parseReasons(proposal.reasons).map((r) => describeReason(r, request.i18n)),
      proposerName: userName(app.db, proposal.proposedById),
      deciderName: userName(app.db, proposal.decidedById),
      canDecide: user.role === 'admin' && proposal.state === 'proposed',
      mayApprove: mayApprove?.ok === true,
      soleAdmin: mayApprove?.ok === true && proposal.proposedById === user.id,
      outcomes: DECISION_OUTCOMES,
      values: extra.values ?? { outcome: mayApprove?.ok === false ? 'reject' : 'approve' },
      errors: extra.errors ?? {},
      refusal: extra.refusal ?? '',
    };
  }

  const proposalOr404 = (request: FastifyRequest, reply: FastifyReply) =>
    foundOr404(request, reply, (id) => {
      const proposal = findProposal(app.db, id);
      const p = proposal && loadPartnership(app.db, proposal.partnershipId);
      return proposal && p ? { proposal, p } : null;
    });

  app.get('/proposals', { config: { access: 'coordinator' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const paging = parsePaging(query, PROPOSAL_SORTS, 'proposedAt', 'asc', 50);
    const rows = awaitingProposals(app.db, paging);
    return reply.page('proposals/index', {
      rows,
      paging,
      query,
      path: '/proposals',
      pager: pager('/proposals', query, paging, countAwaiting(app.db)),
    });
  });

  app.get('/partnerships/:id/proposal/new', { config: { access: 'coordinator' } }, async (request, reply) => {
    const p = await partnershipOr404(request, reply);
    if (!p) return reply;
    const open = openProposal(app.db, p.id);
    if (open) return reply.redirect(`/proposals/${open.id}`, 303);
    if (p.status !== 'exploring')
      return reply.code(409).page('proposals/new', formData(request, p, {}, {}, request.i18n.t('proposals.error.notExploring')));
    return reply.page('proposals/new', formData(request, p));
  });

  app.post('/partnerships/:id/proposals', { config: { access: 'coordinator' } }, async (request, reply) => {
    const p = await partnershipOr404(request, reply);
    if (!p) return reply;
    const parsed = parseProposal(request.body, proposalLines(app.db), request.i18n);
    if (!parsed.ok) return reply.page('proposals/new', formData(request, p, parsed.values, parsed.errors), { status: 422 });
    const result = createProposal(app.db, request.actor(), request.org!, p, parsed.data, request.today());
    if (!result.ok)
      return reply.page('proposals/new', formData(request, p, request.body as FormValues, {}, request.i18n.t(result.error)), {
        status: 409,
      });
    flash(request, request.i18n.t('proposals.created'));
    return redirectTo(request, reply, `/proposals/${result.id}`);
  });

  app.get('/proposals/:id', { config: { access: 'signed_in' } }, async (request, reply) => {
    const found = await proposalOr404(request, reply);
    if (!found) return reply;
    return reply.page('proposals/show', showData(request, found.proposal, found.p));
  });

  app.post('/proposals/:id/decision', { config: { access: 'admin' } }, async (request, reply) => {
    const found = await proposalOr404(request, reply);
    if (!found) return reply;
    const { proposal, p } = found;
    const parsed = parseForm(decisionSchema, request.body, request.i18n);
    if (!parsed.ok)
      return reply.page('proposals/show', showData(request, proposal, p, { values: parsed.values, errors: parsed.errors }), {
        status: 422,
      });
    const today = request.today();
    const result = decideProposal(app.db, userActor(request), proposal.id, parsed.data, today);
    if (!result.ok) {
      const message = request.i18n.t(result.error, result.params);
      const fresh = findProposal(app.db, proposal.id) ?? proposal;
      const data = result.field ? { values: parsed.data, errors: { [result.field]: message } } : { values: parsed.data, refusal: message };
      const status = result.field ? 422 : result.error === 'proposals.error.ownProposal' ? 403 : 409;
      return reply.page('proposals/show', showData(request, fresh, p, data), { status });
    }
    if (result.approved) {
      const after = loadPartnership(app.db, p.id)!;
      const due = reviewDueOn(after, null, request.org!.councilPeriodEndOn);
      flash(request, request.i18n.t('proposals.approved', { date: due ? request.i18n.dateLong(due) : '' }));
    } else flash(request, request.i18n.t('proposals.rejected'));
    return redirectTo(request, reply, `/proposals/${proposal.id}`);
  });
}
