// Delegations: the list (filters in the URL), the report-missing list, create/edit, the detail
// page with programme, participants, status and report (each a POST sub-resource), and the
// printable programme. Visit requests live in ./visit-request-routes.ts, registered from here.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm } from '../lib/form.js';
import { pager, parsePaging } from '../lib/paging.js';
import { redirectTo } from '../plugins/context.js';
import { flash } from '../plugins/views.js';
import { atLeast } from '../plugins/access.js';
import { foundOr404, idParam } from '../plugins/request.js';
import { countryOptions } from '../i18n/index.js';
import { partnerChoices } from '../partners/queries.js';
import { activeUsers, goalChoices } from '../partnerships/queries.js';
import {
  CERV_MIN_DIRECT,
  CERV_MIN_INVITED,
  DELEGATION_DIRECTIONS,
  DELEGATION_STATUSES,
  INITIAL_DELEGATION_STATUSES,
  PARTICIPANT_SIDES,
  cervCounts,
  countBySide,
  nextDelegationStatuses,
  reportMissing,
} from './domain.js';
import {
  delegationCreateSchema,
  delegationEditSchema,
  delegationStatusSchema,
  participantSchema,
  programmeItemSchema,
  reportSchema,
  giftSchema,
} from './form.js';
import {
  DELEGATION_SORTS,
  addParticipant,
  contactsOfPartner,
  addProgrammeItem,
  countDelegations,
  createDelegation,
  delegationFilters,
  findDelegation,
  goalsOfDelegation,
  hostDepartments,
  listDelegations,
  overlapsFor,
  participantsOf,
  partnershipChoices,
  programmeOf,
  removeDelegationChild,
  requestOfDelegation,
  saveReport,
  addDelegationCost,
  costsOfDelegation,
  transitionDelegation,
  updateDelegation,
  validateReferences,
} from './queries.js';
import visitRequestRoutes from './visit-request-routes.js';
import { addGift, giftRegister, giftsOf, giftYears } from './gifts.js';
import { GIFT_DIRECTIONS } from '../lib/words.js';
import { entrySchema } from '../ledger/form.js';
import { resolveEntry } from '../ledger/domain.js';
import { partnersFitSelect, pickerText, withPickedPartner } from '../search/suggest.js';

/** The ledger kinds a visit's costs come in (a subset of the ledger's own). */
const COST_KINDS = ['cost:hosting', 'cost:travel', 'cost:staff_time', 'cost:other', 'funding:grant', 'funding:partner_paid'] as const;

type Found = NonNullable<ReturnType<typeof findDelegation>>;
type Values = Record<string, unknown>;
type Errors = Record<string, string>;

export default async function routes(app: FastifyInstance): Promise<void> {
  await app.register(visitRequestRoutes);

  /** Coordinators edit every delegation; a contributor those they registered. */
  const mayEdit = (request: FastifyRequest, found: Found) =>
    atLeast(request.user!.role, 'coordinator') ||
    (request.user!.role === 'contributor' && found.delegation.createdById === request.user!.id);

  const translate = (request: FastifyRequest, errors: Errors) =>
    Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, request.i18n.t(v)]));

  const formData = (values: Values, errors: Errors, found: Found | null) => ({
    values,
    errors,
    delegation: found ? { id: found.delegation.id, title: found.delegation.title } : null,
    // A long list of partners is a type-ahead combobox (null here), a short one a select.
    partners: partnersFitSelect(app.db) ? partnerChoices(app.db) : null,
    partnerName: pickerText(app.db, values),
    partnerships: partnershipChoices(app.db),
    goals: goalChoices(app.db),
    departments: hostDepartments(app.db),
    directions: DELEGATION_DIRECTIONS,
    initialStatuses: INITIAL_DELEGATION_STATUSES,
    selectedGoals: new Set((Array.isArray(values.goalIds) ? values.goalIds : values.goalIds ? [values.goalIds] : []).map(Number)),
  });

  async function list(request: FastifyRequest, reply: FastifyReply, missingOnly: boolean) {
    const query = request.query as Record<string, unknown>;
    const filters = { ...delegationFilters(query), ...(missingOnly ? { reportMissing: true } : {}) };
    const paging = parsePaging(query, DELEGATION_SORTS, 'startsOn', missingOnly ? 'asc' : 'desc');
    const today = request.today();
    const rows = listDelegations(app.db, filters, today, { ...paging, labels: request.i18n }, paging.perPage, paging.offset);
    const total = countDelegations(app.db, filters, today);
    const path = missingOnly ? '/delegations/report-missing' : '/delegations';
    return reply.page(
      'delegations/index',
      {
        rows: rows.map((r) => ({ ...r, reportMissing: reportMissing(r) })),
        total,
        filters,
        paging,
        path,
        missingOnly,
        directions: DELEGATION_DIRECTIONS,
        statuses: DELEGATION_STATUSES,
        pager: pager(path, query, paging, total),
        canCreate: atLeast(request.user!.role, 'contributor'),
      },
      { fragment: 'delegations/_list' },
    );
  }

  app.get('/delegations', { config: { access: 'signed_in' } }, (request, reply) => list(request, reply, false));
  app.get('/delegations/report-missing', { config: { access: 'signed_in' } }, (request, reply) => list(request, reply, true));

  app.get('/delegations/new', { config: { access: 'contributor' } }, async (request, reply) => {
    const values: Values = { direction: 'incoming', status: 'planned', hostDepartment: request.user!.department };
    return reply.page('delegations/new', formData(values, {}, null));
  });

  app.post('/delegations', { config: { access: 'contributor' } }, async (request, reply) => {
    const parsed = parseForm(delegationCreateSchema, withPickedPartner(app.db, request.body), request.i18n);
    const errors = parsed.ok ? translate(request, validateReferences(app.db, parsed.data)) : parsed.errors;
    if (!parsed.ok || Object.keys(errors).length) {
      const values = (parsed.ok ? request.body : parsed.values) as Values;
      return reply.page('delegations/new', formData(values, errors, null), { status: 422, fragment: 'delegations/_form' });
    }
    const id = createDelegation(app.db, request.actor(), parsed.data);
    flash(request, request.i18n.t('delegations.created', { title: parsed.data.title }));
    return redirectTo(request, reply, `/delegations/${id}`);
  });

  /**
   * Back to the delegation after a change, at the section changed. htmx navigates by HX-Redirect, and
   * a URL that differs from the current one only by its #fragment would not reload the page: it
   * gets the page without the fragment.
   */
  const backTo = (request: FastifyRequest, reply: FastifyReply, id: number, section: string) =>
    redirectTo(request, reply, request.isHtmx ? `/delegations/${id}` : `/delegations/${id}#${section}`);

  const load = (request: FastifyRequest, reply: FastifyReply) => foundOr404(request, reply, (id) => findDelegation(app.db, id));

  /** Load for a write: 404 when missing, 403 when the user may not edit it. */
  async function loadForEdit(request: FastifyRequest, reply: FastifyReply): Promise<Found | null> {
    const found = await load(request, reply);
    if (!found) return null;
    if (!mayEdit(request, found)) {
      await reply.code(403).renderError('forbidden');
      return null;
    }
    return found;
  }

  interface ShowForms {
    statusValues?: Values;
    statusErrors?: Errors;
    itemValues?: Values;
    itemErrors?: Errors;
    participantValues?: Values;
    participantErrors?: Errors;
    reportValues?: Values;
    reportErrors?: Errors;
    costValues?: Values;
    costErrors?: Errors;
    giftValues?: Values;
    giftErrors?: Errors;
  }

  const showData = (request: FastifyRequest, found: Found, forms: ShowForms = {}) => {
    const d = found.delegation;
    const participants = participantsOf(app.db, d.id);
    const next = nextDelegationStatuses(d.status);
    return {
      delegation: { ...d, partnerName: found.partnerName, partnershipTitle: found.partnershipTitle, createdByName: found.createdByName },
      goals: goalsOfDelegation(app.db, d.id),
      programme: programmeOf(app.db, d.id),
      participants,
      sideCounts: countBySide(participants),
      cerv: cervCounts(participants),
      cervMin: { direct: CERV_MIN_DIRECT, invited: CERV_MIN_INVITED },
      overlaps: overlapsFor(app.db, { id: d.id, startsOn: d.startsOn, endsOn: d.endsOn, hostDepartment: d.hostDepartment }),
      fromRequest: requestOfDelegation(app.db, d.id),
      reportMissing: reportMissing(d),
      next,
      canEdit: mayEdit(request, found),
      users: activeUsers(app.db),
      contacts: contactsOfPartner(app.db, d.partnerId),
      countries: countryOptions(request.i18n),
      sides: PARTICIPANT_SIDES,
      statusValues: { status: next[0] ?? '', ...forms.statusValues },
      statusErrors: forms.statusErrors ?? {},
      itemValues: { onDate: d.startsOn, hostDepartment: d.hostDepartment, ...forms.itemValues },
      itemErrors: forms.itemErrors ?? {},
      participantValues: { side: d.direction === 'incoming' ? 'theirs' : 'ours', ...forms.participantValues },
      participantErrors: forms.participantErrors ?? {},
      reportValues: { report: d.report, ...forms.reportValues },
      reportErrors: forms.reportErrors ?? {},
      costs: costsOfDelegation(app.db, d.id),
      costKinds: COST_KINDS,
      currency: request.org?.currency ?? 'EUR',
      costValues: { kind: d.direction === 'incoming' ? 'cost:hosting' : 'cost:travel', occurredOn: d.startsOn, ...forms.costValues },
      costErrors: forms.costErrors ?? {},
      gifts: giftsOf(app.db, d.id),
      giftDirections: GIFT_DIRECTIONS,
      giftValues: { direction: 'given', givenOn: d.startsOn, ...forms.giftValues },
      giftErrors: forms.giftErrors ?? {},
    };
  };

  app.get('/delegations/:id', { config: { access: 'signed_in' } }, async (request, reply) => {
    const found = await load(request, reply);
    if (!found) return reply;
    return reply.page('delegations/show', showData(request, found));
  });

  app.get('/delegations/:id/programme', { config: { access: 'signed_in' } }, async (request, reply) => {
    const found = await load(request, reply);
    if (!found) return reply;
    const d = found.delegation;
    return reply.page('delegations/programme', {
      delegation: { ...d, partnerName: found.partnerName },
      programme: programmeOf(app.db, d.id),
      participants: participantsOf(app.db, d.id),
    });
  });

  app.get('/delegations/:id/edit', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await loadForEdit(request, reply);
    if (!found) return reply;
    const d = found.delegation;
    const values = {
      ...d,
      partnerId: d.partnerId === null ? '' : String(d.partnerId),
      partnershipId: d.partnershipId === null ? '' : String(d.partnershipId),
      goalIds: goalsOfDelegation(app.db, d.id).map((g) => String(g.id)),
    };
    return reply.page('delegations/edit', formData(values, {}, found));
  });

  app.post('/delegations/:id', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await loadForEdit(request, reply);
    if (!found) return reply;
    const parsed = parseForm(delegationEditSchema, withPickedPartner(app.db, request.body), request.i18n);
    let errors = parsed.ok ? translate(request, validateReferences(app.db, parsed.data)) : parsed.errors;
    if (parsed.ok && Object.keys(errors).length === 0) {
      const result = updateDelegation(app.db, request.actor(), found.delegation.id, parsed.data);
      if (result === 'ok') {
        flash(request, request.i18n.t('common.saved'));
        return redirectTo(request, reply, `/delegations/${found.delegation.id}`);
      }
      errors = { startsOn: request.i18n.t('delegations.invalid.programmeOutside') };
    }
    const values = (parsed.ok ? request.body : parsed.values) as Values;
    return reply.page('delegations/edit', formData(values, errors, found), { status: 422, fragment: 'delegations/_form' });
  });

  app.post('/delegations/:id/status', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await loadForEdit(request, reply);
    if (!found) return reply;
    const t = request.i18n.t;
    const refuse = (values: Values, errors: Errors) =>
      reply.page('delegations/show', showData(request, found, { statusValues: values, statusErrors: errors }), {
        status: 422,
        fragment: 'delegations/_status-form',
      });
    const parsed = parseForm(delegationStatusSchema, request.body, request.i18n);
    if (!parsed.ok) return refuse(parsed.values, parsed.errors);
    const from = found.delegation.status;
    const result = transitionDelegation(app.db, request.actor(), found.delegation.id, parsed.data.status, request.today(), from);
    if (!result.ok && result.reason === 'changed') return redirectTo(request, reply, `/delegations/${found.delegation.id}`);
    if (!result.ok) {
      return refuse(request.body as Values, {
        status: t(result.reason, { from: t(`delegations.status.${from}`), to: t(`delegations.status.${parsed.data.status}`) }),
      });
    }
    flash(request, t('delegations.status.changed', { status: t(`delegations.status.${parsed.data.status}`) }));
    return redirectTo(request, reply, `/delegations/${found.delegation.id}`);
  });

  app.post('/delegations/:id/report', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await loadForEdit(request, reply);
    if (!found) return reply;
    const parsed = parseForm(reportSchema, request.body, request.i18n);
    if (!parsed.ok) {
      return reply.page('delegations/show', showData(request, found, { reportValues: parsed.values, reportErrors: parsed.errors }), {
        status: 422,
        fragment: 'delegations/_report-form',
      });
    }
    saveReport(app.db, request.actor(), found.delegation.id, parsed.data.report, request.today());
    flash(request, request.i18n.t('delegations.report.saved'));
    return backTo(request, reply, found.delegation.id, 'report-heading');
  });

  app.post('/delegations/:id/programme-items', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await loadForEdit(request, reply);
    if (!found) return reply;
    const d = found.delegation;
    const parsed = parseForm(programmeItemSchema(d), request.body, request.i18n);
    const errors = parsed.ok ? translate(request, validateReferences(app.db, { hostUserId: parsed.data.hostUserId })) : parsed.errors;
    if (!parsed.ok || Object.keys(errors).length) {
      const values = (parsed.ok ? request.body : parsed.values) as Values;
      return reply.page('delegations/show', showData(request, found, { itemValues: values, itemErrors: errors }), {
        status: 422,
        fragment: 'delegations/_programme',
      });
    }
    addProgrammeItem(app.db, request.actor(), d.id, parsed.data);
    flash(request, request.i18n.t('delegations.item.added'));
    return backTo(request, reply, d.id, 'programme-heading');
  });

  app.post('/delegations/:id/participants', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await loadForEdit(request, reply);
    if (!found) return reply;
    const parsed = parseForm(participantSchema, request.body, request.i18n);
    const errors = parsed.ok
      ? translate(
          request,
          validateReferences(app.db, {
            userId: parsed.data.userId,
            contact: { id: parsed.data.contactId, partnerId: found.delegation.partnerId },
          }),
        )
      : parsed.errors;
    if (!parsed.ok || Object.keys(errors).length) {
      const values = (parsed.ok ? request.body : parsed.values) as Values;
      return reply.page('delegations/show', showData(request, found, { participantValues: values, participantErrors: errors }), {
        status: 422,
        fragment: 'delegations/_participants',
      });
    }
    addParticipant(app.db, request.actor(), found.delegation.id, parsed.data);
    flash(request, request.i18n.t('delegations.participant.added'));
    return backTo(request, reply, found.delegation.id, 'participants-heading');
  });

  app.post('/delegations/:id/gifts', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await loadForEdit(request, reply);
    if (!found) return reply;
    const parsed = parseForm(giftSchema, request.body, request.i18n);
    if (!parsed.ok)
      return reply.page('delegations/show', showData(request, found, { giftValues: parsed.values, giftErrors: parsed.errors }), {
        status: 422,
        fragment: 'delegations/_gifts',
      });
    addGift(app.db, request.actor(), found.delegation.id, parsed.data, request.org?.currency ?? 'EUR');
    flash(request, request.i18n.t('delegations.gift.added'));
    return backTo(request, reply, found.delegation.id, 'gifts-heading');
  });

  // Removing a programme item, participant or gift: only one of this delegation's own (else 404), audited.
  const removals = [
    { path: 'programme-items', child: 'delegation_programme_item', removed: 'delegations.item.removed', anchor: 'programme-heading' },
    { path: 'participants', child: 'delegation_participant', removed: 'delegations.participant.removed', anchor: 'participants-heading' },
    { path: 'gifts', child: 'delegation_gift', removed: 'delegations.gift.removed', anchor: 'gifts-heading' },
  ] as const;
  for (const r of removals) {
    app.post(`/delegations/:id/${r.path}/:childId/removal`, { config: { access: 'contributor' } }, async (request, reply) => {
      const found = await loadForEdit(request, reply);
      if (!found) return reply;
      const childId = idParam(request, 'childId');
      if (childId === null || !removeDelegationChild(app.db, request.actor(), r.child, found.delegation.id, childId))
        return reply.code(404).renderError('notFound');
      flash(request, request.i18n.t(r.removed));
      return backTo(request, reply, found.delegation.id, r.anchor);
    });
  }

  /** The gift register: a year's gifts across all delegations, with the totals given and received. */
  app.get('/gifts', { config: { access: 'signed_in' } }, async (request, reply) => {
    const thisYear = Number(request.today().slice(0, 4));
    const asked = Number((request.query as Record<string, unknown>).year);
    const year = Number.isInteger(asked) && asked >= 1900 && asked <= 9999 ? asked : thisYear;
    const years = [...new Set([thisYear, ...giftYears(app.db)])].sort((a, b) => b - a);
    return reply.page('delegations/gifts', { year, years, ...giftRegister(app.db, year) });
  });

  app.post('/delegations/:id/costs', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await loadForEdit(request, reply);
    if (!found) return reply;
    const refuse = (values: Values, errors: Errors) =>
      reply.page('delegations/show', showData(request, found, { costValues: values, costErrors: errors }), {
        status: 422,
        fragment: 'delegations/_costs',
      });
    if (!found.delegation.partnershipId) return refuse(request.body as Values, { kind: request.i18n.t('delegations.costs.noPartnership') });
    const parsed = parseForm(entrySchema, request.body, request.i18n);
    if (!parsed.ok) return refuse(parsed.values, parsed.errors);
    if (!(COST_KINDS as readonly string[]).includes(parsed.data.kind))
      return refuse(request.body as Values, { kind: request.i18n.t('validation.invalidChoice') });
    const resolved = resolveEntry({ ...parsed.data, amountMinor: parsed.data.amount }, request.org?.hourlyRateMinor ?? null);
    if (!resolved.ok) return refuse(request.body as Values, { [resolved.field]: request.i18n.t(resolved.error) });
    addDelegationCost(app.db, request.actor(), found.delegation.id, resolved.entry, request.org?.currency ?? 'EUR');
    flash(request, request.i18n.t('delegations.costs.added'));
    return backTo(request, reply, found.delegation.id, 'costs-heading');
  });
}
