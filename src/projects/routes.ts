// A partnership's partners and project page: the other partners with their roles (added and
// removed as sub-resources), and for a project its programme, funder status, budget, funding
// against costs and the reporting dates the funder expects.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm, type FieldErrors, type FormValues } from '../lib/form.js';
import { moneyInputValue } from '../lib/numbers.js';
import { PARTNER_ROLES, PROJECT_STATUSES } from '../lib/words.js';
import { redirectTo } from '../plugins/context.js';
import { flash } from '../plugins/views.js';
import { idParam } from '../plugins/request.js';
import { partnerChoices } from '../partners/queries.js';
import { partnerNames, partnersFitSelect, withPickedPartner } from '../search/suggest.js';
import { mayEditPartnership } from '../partnerships/domain.js';
import { partnershipOr404 } from '../partnerships/load.js';
import type { PartnershipHead } from '../partnerships/queries.js';
import { fundingShortfall, isProjectPartnership, policiesFor, projectFundingGap } from '../setup/policies.js';
import { addPartnerSchema, projectDetailsSchema, reportingDateSchema } from './form.js';
import {
  addPartner,
  addReportingDate,
  ledgerTotalsOf,
  markReportingDone,
  otherPartnersOf,
  projectDetailsOf,
  removePartner,
  reportingDatesOf,
  saveProjectDetails,
} from './queries.js';

type Form = 'partner' | 'project' | 'reporting';

export default async function routes(app: FastifyInstance): Promise<void> {
  /** The project's funding against its costs, by the one rule (src/setup/policies.ts). */
  function fundingOf(request: FastifyRequest, p: PartnershipHead) {
    const totals = ledgerTotalsOf(app.db, [p.id]).get(p.id) ?? { costTotal: 0, fundingTotal: 0 };
    return {
      ...totals,
      gap: projectFundingGap(p, totals),
      againstPolicy: fundingShortfall(policiesFor(request.org?.framework), p, totals) !== null,
    };
  }

  function pageData(
    request: FastifyRequest,
    p: PartnershipHead,
    form: Form | null = null,
    values: FormValues = {},
    errors: FieldErrors = {},
  ) {
    const details = projectDetailsOf(app.db, p.id);
    const locale = request.i18n.locale;
    const isProject = isProjectPartnership(p);
    const canEdit = mayEditPartnership(request.user, p);
    // A long list of partners is a type-ahead combobox (the partners' own picker), a short one a select.
    const pickerIsSelect = canEdit && partnersFitSelect(app.db);
    const partnerValues = form === 'partner' ? values : { role: 'partner' };
    return {
      partnership: p,
      tab: 'project',
      canEdit,
      isProject,
      others: otherPartnersOf(app.db, p.id),
      pickerIsSelect,
      partnerChoices: pickerIsSelect ? partnerChoices(app.db) : [],
      // What the picker shows again after a refusal: the text typed, else the chosen partner's name.
      pickedName:
        typeof partnerValues.partnerName === 'string'
          ? partnerValues.partnerName
          : (partnerNames(app.db, Number(partnerValues.partnerId) > 0 ? [Number(partnerValues.partnerId)] : [])[0]?.name ?? ''),
      roles: PARTNER_ROLES,
      projectStatuses: PROJECT_STATUSES,
      details,
      funding: isProject ? fundingOf(request, p) : null,
      reportingDates: isProject ? reportingDatesOf(app.db, p.id) : [],
      today: request.today(),
      partnerValues,
      partnerErrors: form === 'partner' ? errors : {},
      projectValues:
        form === 'project'
          ? values
          : {
              programme: details?.programme ?? '',
              call: details?.call ?? '',
              applicationDeadlineOn: details?.applicationDeadlineOn ?? '',
              projectStatus: details?.status ?? 'idea',
              budget: moneyInputValue(details?.budgetMinor, locale),
              coFinancing: moneyInputValue(details?.coFinancingMinor, locale),
            },
      projectErrors: form === 'project' ? errors : {},
      reportingValues: form === 'reporting' ? values : {},
      reportingErrors: form === 'reporting' ? errors : {},
    };
  }

  const refuse = (request: FastifyRequest, reply: FastifyReply, p: PartnershipHead, form: Form, values: FormValues, errors: FieldErrors) =>
    reply.page('projects/show', pageData(request, p, form, values, errors), { status: 422 });

  /** The partnership, when the user may change it; otherwise the 404 or 403 is already answered. */
  async function editable(request: FastifyRequest, reply: FastifyReply): Promise<PartnershipHead | null> {
    const p = await partnershipOr404(request, reply);
    if (!p) return null;
    if (!mayEditPartnership(request.user, p)) {
      await reply.code(403).renderError('forbidden');
      return null;
    }
    return p;
  }

  const back = (request: FastifyRequest, reply: FastifyReply, p: PartnershipHead, anchor: string) =>
    redirectTo(request, reply, `/partnerships/${p.id}/project#${anchor}`);

  app.get('/partnerships/:id/project', { config: { access: 'signed_in' } }, async (request, reply) => {
    const p = await partnershipOr404(request, reply);
    if (!p) return reply;
    return reply.page('projects/show', pageData(request, p));
  });

  app.post('/partnerships/:id/partners', { config: { access: 'contributor' } }, async (request, reply) => {
    const p = await editable(request, reply);
    if (!p) return reply;
    const parsed = parseForm(addPartnerSchema, withPickedPartner(app.db, request.body), request.i18n);
    if (!parsed.ok) return refuse(request, reply, p, 'partner', parsed.values, parsed.errors);
    const result = addPartner(app.db, request.actor(), p.id, parsed.data.partnerId, parsed.data.role);
    if (!result.ok) {
      const name = partnerNames(app.db, [parsed.data.partnerId])[0]?.name ?? '';
      const error =
        result.reason === 'duplicate' ? request.i18n.t('projects.partners.duplicate', { name }) : request.i18n.t('validation.notFound');
      return refuse(request, reply, p, 'partner', request.body as FormValues, { partnerId: error });
    }
    const name = otherPartnersOf(app.db, p.id).find((o) => o.partnerId === parsed.data.partnerId)?.name ?? '';
    flash(request, request.i18n.t('projects.partners.added', { name, role: request.i18n.t(`projects.role.${parsed.data.role}`) }));
    return back(request, reply, p, 'partners');
  });

  app.post('/partnerships/:id/partners/:partnerId/removal', { config: { access: 'contributor' } }, async (request, reply) => {
    const p = await editable(request, reply);
    if (!p) return reply;
    const partnerId = idParam(request, 'partnerId');
    const name = otherPartnersOf(app.db, p.id).find((o) => o.partnerId === partnerId)?.name;
    if (partnerId === null || !name || !removePartner(app.db, request.actor(), p.id, partnerId)) {
      return reply.code(404).renderError('notFound');
    }
    flash(request, request.i18n.t('projects.partners.removed', { name }));
    return back(request, reply, p, 'partners');
  });

  app.post('/partnerships/:id/project', { config: { access: 'contributor' } }, async (request, reply) => {
    const p = await editable(request, reply);
    if (!p) return reply;
    if (!isProjectPartnership(p)) return reply.code(404).renderError('notFound');
    const parsed = parseForm(projectDetailsSchema, request.body, request.i18n);
    if (!parsed.ok) return refuse(request, reply, p, 'project', parsed.values, parsed.errors);
    saveProjectDetails(app.db, request.actor(), p.id, parsed.data, request.org!.currency);
    flash(request, request.i18n.t('projects.saved'));
    return back(request, reply, p, 'project');
  });

  app.post('/partnerships/:id/reporting-dates', { config: { access: 'contributor' } }, async (request, reply) => {
    const p = await editable(request, reply);
    if (!p) return reply;
    if (!isProjectPartnership(p)) return reply.code(404).renderError('notFound');
    const parsed = parseForm(reportingDateSchema, request.body, request.i18n);
    if (!parsed.ok) return refuse(request, reply, p, 'reporting', parsed.values, parsed.errors);
    addReportingDate(app.db, request.actor(), p.id, parsed.data);
    flash(request, request.i18n.t('projects.reporting.added'));
    return back(request, reply, p, 'reporting');
  });

  app.post('/partnerships/:id/reporting-dates/:dateId/done', { config: { access: 'contributor' } }, async (request, reply) => {
    const p = await editable(request, reply);
    if (!p) return reply;
    const dateId = idParam(request, 'dateId');
    if (dateId === null || !markReportingDone(app.db, request.actor(), p.id, dateId, request.today())) {
      return reply.code(404).renderError('notFound');
    }
    flash(request, request.i18n.t('projects.reporting.done'));
    return back(request, reply, p, 'reporting');
  });
}
