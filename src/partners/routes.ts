// Partners: the list (filters in the URL), a detail page, and the create/edit form.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { lastContactOfPartners } from '../log/last-contact.js';
import { parseForm } from '../lib/form.js';
import { pager, parsePaging } from '../lib/paging.js';
import { countryOptions } from '../i18n/index.js';
import { redirectTo } from '../plugins/context.js';
import { flash } from '../plugins/views.js';
import { atLeast } from '../plugins/access.js';
import { ORGANISATION_TYPES, PARTNER_KINDS, partnerFormValues, partnerSchema, partnerValues } from './form.js';
import { foundOr404 } from '../plugins/request.js';
import {
  PARTNER_SORTS,
  countPartners,
  createPartner,
  findPartner,
  partnerCountries,
  partnerFilters,
  partnerKindCounts,
  partnersPage,
  partnershipsOfPartner,
  partnersNamed,
  updatePartner,
} from './queries.js';

/** A route id: a positive whole number, else null (the caller answers 404). */

export default async function routes(app: FastifyInstance): Promise<void> {
  const formData = (
    request: FastifyRequest,
    values: Record<string, unknown>,
    errors: Record<string, string>,
    partner: { id: number; name: string } | null,
  ) => ({
    values,
    errors,
    partner,
    kinds: PARTNER_KINDS,
    organisationTypes: ORGANISATION_TYPES,
    countries: countryOptions(request.i18n),
  });

  app.get('/partners', { config: { access: 'signed_in' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const filters = partnerFilters(query);
    const paging = parsePaging(query, PARTNER_SORTS, 'name');
    const rows = partnersPage(app.db, filters, { ...paging, labels: request.i18n }, paging.perPage, paging.offset);
    const total = countPartners(app.db, filters);
    const countries = countryOptions(request.i18n, partnerCountries(app.db));
    return reply.page(
      'partners/index',
      {
        rows,
        lastContacts: lastContactOfPartners(
          app.db,
          rows.map((r) => r.id),
        ),
        total,
        filters,
        paging,
        kinds: PARTNER_KINDS,
        kindCounts: partnerKindCounts(app.db, filters),
        countries,
        pager: pager('/partners', query, paging, total),
        canEdit: atLeast(request.user!.role, 'coordinator'),
      },
      { fragment: 'partners/_list' },
    );
  });

  app.get('/partners/new', { config: { access: 'coordinator' } }, async (request, reply) => {
    const kind = (PARTNER_KINDS as readonly string[]).includes(String((request.query as { kind?: string }).kind))
      ? (request.query as { kind: string }).kind
      : 'twin_city';
    return reply.page('partners/new', formData(request, { kind, country: '' }, {}, null));
  });

  app.post('/partners', { config: { access: 'coordinator' } }, async (request, reply) => {
    const parsed = parseForm(partnerSchema, request.body, request.i18n);
    if (!parsed.ok)
      return reply.page('partners/new', formData(request, parsed.values, parsed.errors, null), { status: 422, fragment: 'partners/_form' });
    // The same name (folded: "kopavogur" is Kópavogur) in the same country is most likely the same partner.
    const body = request.body as Record<string, unknown>;
    const duplicates =
      body.confirmDuplicate === '1' ? [] : partnersNamed(app.db, parsed.data.name).filter((p) => p.country === parsed.data.country);
    if (duplicates.length > 0)
      return reply.page('partners/new', { ...formData(request, body, {}, null), duplicates }, { status: 422, fragment: 'partners/_form' });
    const id = createPartner(app.db, request.actor(), partnerValues(parsed.data));
    flash(request, request.i18n.t('partners.created', { name: parsed.data.name }));
    return redirectTo(request, reply, `/partners/${id}`);
  });

  const loadPartner = (request: FastifyRequest, reply: FastifyReply) => foundOr404(request, reply, (id) => findPartner(app.db, id));

  app.get('/partners/:id', { config: { access: 'signed_in' } }, async (request, reply) => {
    const partner = await loadPartner(request, reply);
    if (!partner) return reply;
    const role = request.user!.role;
    return reply.page('partners/show', {
      partner,
      partnerships: partnershipsOfPartner(app.db, partner.id),
      tab: 'overview',
      lastContact: lastContactOfPartners(app.db, [partner.id]).get(partner.id) ?? null,
      canEdit: atLeast(role, 'coordinator'),
      canLog: atLeast(role, 'contributor'),
    });
  });

  app.get('/partners/:id/edit', { config: { access: 'coordinator' } }, async (request, reply) => {
    const partner = await loadPartner(request, reply);
    if (!partner) return reply;
    return reply.page('partners/edit', formData(request, partnerFormValues(partner, request.i18n.locale), {}, partner));
  });

  app.post('/partners/:id', { config: { access: 'coordinator' } }, async (request, reply) => {
    const partner = await loadPartner(request, reply);
    if (!partner) return reply;
    const parsed = parseForm(partnerSchema, request.body, request.i18n);
    if (!parsed.ok)
      return reply.page('partners/edit', formData(request, parsed.values, parsed.errors, partner), {
        status: 422,
        fragment: 'partners/_form',
      });
    if (!updatePartner(app.db, request.actor(), partner.id, partnerValues(parsed.data))) return reply.code(404).renderError('notFound');
    flash(request, request.i18n.t('common.saved'));
    return redirectTo(request, reply, `/partners/${partner.id}`);
  });
}
