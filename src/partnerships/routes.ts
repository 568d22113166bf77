// Partnerships: the list (filters in the URL), a detail page with its status history, the
// create/edit form and the status change (a sub-resource: POST /partnerships/:id/status).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm } from '../lib/form.js';
import { pager, parsePaging } from '../lib/paging.js';
import { redirectTo } from '../plugins/context.js';
import { flash } from '../plugins/views.js';
import { atLeast } from '../plugins/access.js';
import { findPartner, partnerChoices, partnerCountries } from '../partners/queries.js';
import { lastContactOfPartnerships } from '../log/last-contact.js';
import { mayEditPartnership } from './domain.js';
import { countryOptions } from '../i18n/index.js';
import { partnershipOr404 } from './load.js';
import { AGREEMENT_TYPES, INITIAL_STATUSES, STATUSES, agreementTypeForKind, nextStatuses } from './domain.js';
import { partnershipCreateFormSchema, partnershipEditSchema, statusChangeSchema } from './form.js';
import { inTransaction } from '../db/client.js';
import { fundingShortfall, policiesFor, projectFundingGap, recordPolicyReason, twinCityAgainstPolicy } from '../setup/policies.js';
import { ledgerTotalsOf, otherPartnersOf } from '../projects/queries.js';
import { partnersFitSelect, pickerText, withPickedPartner } from '../search/suggest.js';
import {
  PARTNERSHIP_SORTS,
  activeUsers,
  transitionPartnership,
  countPartnerships,
  createPartnership,
  departments,
  findPartnership,
  goalChoices,
  goalsOfPartnership,
  partnershipFilters,
  partnershipStatusCounts,
  partnershipsPage,
  statusHistory,
  updatePartnership,
  validateReferences,
} from './queries.js';

type Found = NonNullable<ReturnType<typeof findPartnership>>;

export default async function routes(app: FastifyInstance): Promise<void> {
  const mayEdit = (request: FastifyRequest, found: Found) => mayEditPartnership(request.user, found.partnership);

  const translateErrors = (request: FastifyRequest, errors: Record<string, string>) =>
    Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, request.i18n.t(v)]));

  const formData = (request: FastifyRequest, values: Record<string, unknown>, errors: Record<string, string>, found: Found | null) => {
    const partnerId = Number(values.partnerId);
    const partner = found
      ? { id: found.partnership.partnerId, name: found.partnerName }
      : Number.isInteger(partnerId) && partnerId > 0
        ? findPartner(app.db, partnerId)
        : null;
    return {
      values,
      errors,
      partnership: found ? { id: found.partnership.id, title: found.partnership.title } : null,
      partner,
      // A long list of partners is a type-ahead combobox (null here), a short one a select.
      partners: partner ? [] : partnersFitSelect(app.db) ? partnerChoices(app.db) : null,
      partnerName: pickerText(app.db, values),
      users: activeUsers(app.db),
      goals: goalChoices(app.db),
      agreementTypes: AGREEMENT_TYPES,
      initialStatuses: INITIAL_STATUSES,
      canChooseOwner: atLeast(request.user!.role, 'coordinator'),
      // The framework's twin-city policy (Stockholm): the form warns and asks for a reason.
      noNewTwinCities: !found && !!policiesFor(request.org?.framework).noNewTwinCities,
      selectedGoals: new Set((Array.isArray(values.goalIds) ? values.goalIds : values.goalIds ? [values.goalIds] : []).map(Number)),
    };
  };

  app.get('/partnerships', { config: { access: 'signed_in' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const filters = partnershipFilters(query);
    const paging = parsePaging(query, PARTNERSHIP_SORTS, 'title');
    const rows = partnershipsPage(app.db, filters, { ...paging, labels: request.i18n }, paging.perPage, paging.offset);
    const totals = ledgerTotalsOf(
      app.db,
      rows.map((r) => r.id),
    );
    // A project whose funding does not cover its costs is flagged in the list (the rule: projectFundingGap).
    const fundingGaps = new Map(rows.map((r) => [r.id, totals.has(r.id) ? projectFundingGap(r, totals.get(r.id)!) : null]));
    const total = countPartnerships(app.db, filters);
    const countries = countryOptions(request.i18n, partnerCountries(app.db));
    return reply.page(
      'partnerships/index',
      {
        rows,
        lastContacts: lastContactOfPartnerships(
          app.db,
          rows.map((r) => r.id),
        ),
        fundingGaps,
        total,
        filters,
        paging,
        statuses: STATUSES,
        agreementTypes: AGREEMENT_TYPES,
        statusCounts: partnershipStatusCounts(app.db, filters),
        goals: goalChoices(app.db),
        departments: departments(app.db),
        users: activeUsers(app.db),
        countries,
        pager: pager('/partnerships', query, paging, total),
        canCreate: atLeast(request.user!.role, 'coordinator'),
      },
      { fragment: 'partnerships/_list' },
    );
  });

  app.get('/partnerships/new', { config: { access: 'coordinator' } }, async (request, reply) => {
    const partnerId = Number((request.query as { partnerId?: string }).partnerId);
    const partner = Number.isInteger(partnerId) && partnerId > 0 ? findPartner(app.db, partnerId) : null;
    const values: Record<string, unknown> = {
      status: 'exploring',
      reviewCadenceMonths: '12',
      ownerId: String(request.user!.id),
      department: request.user!.department,
    };
    if (partner)
      Object.assign(values, { partnerId: String(partner.id), title: partner.name, agreementType: agreementTypeForKind(partner.kind) });
    return reply.page('partnerships/new', formData(request, values, {}, null));
  });

  app.post('/partnerships', { config: { access: 'coordinator' } }, async (request, reply) => {
    const parsed = parseForm(partnershipCreateFormSchema, withPickedPartner(app.db, request.body), request.i18n);
    const errors = parsed.ok ? translateErrors(request, validateReferences(app.db, parsed.data)) : parsed.errors;
    const againstPolicy = parsed.ok && twinCityAgainstPolicy(policiesFor(request.org?.framework), parsed.data.agreementType);
    if (parsed.ok && againstPolicy && !parsed.data.policyReason)
      errors.policyReason = request.i18n.t('setup.policy.noNewTwinCities.reasonRequired');
    if (!parsed.ok || Object.keys(errors).length) {
      const values = (parsed.ok ? request.body : parsed.values) as Record<string, unknown>;
      return reply.page('partnerships/new', formData(request, values, errors, null), { status: 422, fragment: 'partnerships/_form' });
    }
    const { policyReason, ...input } = parsed.data;
    const id = inTransaction(app.db, () => {
      const created = createPartnership(app.db, request.actor(), input, request.today());
      if (againstPolicy) recordPolicyReason(app.db, request.actor(), created, policyReason);
      return created;
    });
    flash(request, request.i18n.t('partnerships.created', { title: parsed.data.title }));
    return redirectTo(request, reply, `/partnerships/${id}`);
  });

  /** The partnership with the details its own pages show (owner, partner's country), or a 404. */
  async function load(request: FastifyRequest, reply: FastifyReply): Promise<Found | null> {
    const head = await partnershipOr404(request, reply);
    return head ? findPartnership(app.db, head.id) : null;
  }

  const showData = (
    request: FastifyRequest,
    found: Found,
    statusValues: Record<string, unknown> = {},
    statusErrors: Record<string, string> = {},
  ) => {
    const p = found.partnership;
    const next = nextStatuses(p.status);
    const kindOf = { agreementType: p.agreementType, partnerKind: found.partnerKind };
    const totals = ledgerTotalsOf(app.db, [p.id]).get(p.id) ?? { costTotal: 0, fundingTotal: 0 };
    return {
      partnership: {
        ...p,
        partnerName: found.partnerName,
        partnerKind: found.partnerKind,
        partnerCountry: found.partnerCountry,
        ownerName: found.ownerName,
      },
      goals: goalsOfPartnership(app.db, p.id),
      history: statusHistory(app.db, p.id),
      tab: 'overview',
      lastContact: lastContactOfPartnerships(app.db, [p.id]).get(p.id) ?? null,
      next,
      canEdit: mayEdit(request, found),
      canLog: atLeast(request.user!.role, 'contributor'),
      statusValues: { status: next[0] ?? '', changedOn: request.today(), ...statusValues },
      statusErrors,
      today: request.today(),
      otherPartners: otherPartnersOf(app.db, p.id),
      // A project whose funding does not cover its costs; against the framework where aid-type projects must be fully paid by others (Stockholm).
      fundingGap: projectFundingGap(kindOf, totals),
      fundingShortfall: fundingShortfall(policiesFor(request.org?.framework), kindOf, totals),
    };
  };

  app.get('/partnerships/:id', { config: { access: 'signed_in' } }, async (request, reply) => {
    const found = await load(request, reply);
    if (!found) return reply;
    return reply.page('partnerships/show', showData(request, found));
  });

  app.get('/partnerships/:id/edit', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await load(request, reply);
    if (!found) return reply;
    if (!mayEdit(request, found)) return reply.code(403).renderError('forbidden');
    const p = found.partnership;
    const values = {
      ...p,
      ownerId: p.ownerId === null ? '' : String(p.ownerId),
      reviewCadenceMonths: String(p.reviewCadenceMonths),
      goalIds: goalsOfPartnership(app.db, p.id).map((g) => String(g.id)),
    };
    return reply.page('partnerships/edit', formData(request, values, {}, found));
  });

  app.post('/partnerships/:id', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await load(request, reply);
    if (!found) return reply;
    if (!mayEdit(request, found)) return reply.code(403).renderError('forbidden');
    const parsed = parseForm(partnershipEditSchema, request.body, request.i18n);
    // Only a coordinator hands a partnership to someone else.
    if (parsed.ok && !atLeast(request.user!.role, 'coordinator')) parsed.data.ownerId = found.partnership.ownerId;
    const errors = parsed.ok ? translateErrors(request, validateReferences(app.db, parsed.data)) : parsed.errors;
    if (!parsed.ok || Object.keys(errors).length) {
      const values = (parsed.ok ? request.body : parsed.values) as Record<string, unknown>;
      return reply.page('partnerships/edit', formData(request, values, errors, found), { status: 422, fragment: 'partnerships/_form' });
    }
    updatePartnership(app.db, request.actor(), found.partnership.id, parsed.data);
    flash(request, request.i18n.t('common.saved'));
    return redirectTo(request, reply, `/partnerships/${found.partnership.id}`);
  });

  app.post('/partnerships/:id/status', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await load(request, reply);
    if (!found) return reply;
    if (!mayEdit(request, found)) return reply.code(403).renderError('forbidden');
    const t = request.i18n.t;
    const refuse = (values: Record<string, unknown>, errors: Record<string, string>) =>
      reply.page('partnerships/show', showData(request, found, values, errors), { status: 422, fragment: 'partnerships/_status-form' });
    const parsed = parseForm(statusChangeSchema, request.body, request.i18n);
    if (!parsed.ok) return refuse(parsed.values, parsed.errors);
    const from = found.partnership.status;
    const result = transitionPartnership(app.db, request.actor(), found.partnership.id, parsed.data, request.today(), from);
    // Someone else changed it meanwhile: show the fresh state.
    if (!result.ok && result.reason === 'changed') return redirectTo(request, reply, `/partnerships/${found.partnership.id}`);
    if (!result.ok) {
      const params = {
        from: t(`partnerships.status.${from}`),
        to: t(`partnerships.status.${parsed.data.status}`),
        today: request.i18n.date(result.params.today),
        last: request.i18n.date(result.params.last),
      };
      const field = result.reason.endsWith('future') || result.reason.endsWith('beforeLast') ? 'changedOn' : 'status';
      return refuse(request.body as Record<string, unknown>, { [field]: t(result.reason, params) });
    }
    flash(request, t('partnerships.status.changed', { status: t(`partnerships.status.${parsed.data.status}`) }));
    return redirectTo(request, reply, `/partnerships/${found.partnership.id}`);
  });
}
