// Contacts: list, create (with duplicate detection), show with timeline, edit/move, merge.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm, type FieldErrors, type FormValues } from '../lib/form.js';
import { pager, parsePaging } from '../lib/paging.js';
import { flash } from '../plugins/views.js';
import { redirectTo } from '../plugins/context.js';
import { seesContactDetails } from '../plugins/access.js';
import { timelinePage } from '../log/timeline.js';
import { contactSchema, mergeSchema } from './form.js';
import { foundOr404 } from '../plugins/request.js';
import { pickedPartner, withPickedPartner } from '../search/suggest.js';
import {
  CONTACT_SORTS,
  contactFilters,
  contactsPage,
  countContacts,
  createContact,
  findDuplicates,
  getContact,
  getPartner,
  mergeCandidates,
  mergeContacts,
  partnerExists,
  partnerOptions,
  updateContact,
} from './queries.js';

/** The partner pages' tabs are another feature's partial; show them when it exists. */

export default async function routes(app: FastifyInstance): Promise<void> {
  // Viewers get no email or phone unless the organisation allows it: left out of the data, not just hidden.
  const contactDetails = (request: FastifyRequest) => seesContactDetails(request.user?.role, request.org);
  /** A contact that has not been merged into another, or a 404 already sent (a merged one is only a redirect). */
  const unmergedOr404 = (request: FastifyRequest, reply: FastifyReply) =>
    foundOr404(request, reply, (id) => {
      const found = getContact(app.db, id);
      return found && !found.contact.mergedIntoId ? found : null;
    });
  const withoutDetails = <T extends { email?: string | null; phone?: string | null }>(row: T): T => ({ ...row, email: '', phone: '' });

  const listData = (request: FastifyRequest, path: string, query: Record<string, unknown>) => {
    const details = contactDetails(request);
    if (!details && query.sort === 'email') query = { ...query, sort: 'name' }; // the order would tell the addresses
    const picked = pickedPartner(app.db, query, 'partner', 'partnerName');
    const filters = { ...contactFilters(query), partnerId: picked?.id ?? null, textInDetails: details };
    const paging = parsePaging(query, CONTACT_SORTS, 'name');
    const found = contactsPage(app.db, filters, paging.perPage, paging.offset);
    const rows = details ? found : found.map(withoutDetails);
    const total = countContacts(app.db, filters);
    return {
      filters,
      paging,
      rows,
      pager: pager(path, query, paging, total),
      partners: partnerOptions(app.db),
      picked,
      listPath: path,
      contactDetails: details,
    };
  };

  app.get('/contacts', { config: { access: 'signed_in' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    return reply.page('contacts/index', listData(request, '/contacts', query), { fragment: 'contacts/_list' });
  });

  app.get('/partners/:id/contacts', { config: { access: 'signed_in' } }, async (request, reply) => {
    const partner = await foundOr404(request, reply, (id) => getPartner(app.db, id));
    if (!partner) return reply;
    const query = { ...(request.query as Record<string, unknown>), partner: String(partner.id) };
    return reply.page(
      'contacts/partner',
      { ...listData(request, `/partners/${partner.id}/contacts`, query), partner },
      { fragment: 'contacts/_list' },
    );
  });

  const formData = (values: FormValues, errors: FieldErrors, extra: Record<string, unknown> = {}) => ({
    values,
    errors,
    partners: partnerOptions(app.db),
    // The type-ahead picker shows the chosen partner's name.
    partnerName: pickedPartner(app.db, values, 'partnerId', 'partnerName')?.name ?? '',
    duplicates: [],
    ...extra,
  });

  app.get('/contacts/new', { config: { access: 'contributor' } }, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const values = {
      partnerId: typeof q.partnerId === 'string' ? q.partnerId : '',
      lawfulBasis: request.i18n.t('contacts.lawfulBasisDefault'),
    };
    return reply.page('contacts/new', formData(values, {}));
  });

  app.post('/contacts', { config: { access: 'contributor' } }, async (request, reply) => {
    const parsed = parseForm(contactSchema, withPickedPartner(app.db, request.body), request.i18n);
    if (!parsed.ok) return reply.page('contacts/new', formData(parsed.values, parsed.errors), { status: 422, fragment: 'contacts/_form' });
    const input = parsed.data;
    const values = request.body as FormValues;
    if (input.partnerId !== null && !partnerExists(app.db, input.partnerId)) {
      return reply.page('contacts/new', formData(values, { partnerId: request.i18n.t('validation.notFound') }), {
        status: 422,
        fragment: 'contacts/_form',
      });
    }
    if (!input.confirmDuplicate) {
      const duplicates = findDuplicates(app.db, input);
      if (duplicates.length > 0) {
        return reply.page('contacts/new', formData(values, {}, { duplicates }), { status: 422, fragment: 'contacts/_form' });
      }
    }
    const id = createContact(app.db, request.actor(), input);
    flash(request, request.i18n.t('contacts.created'));
    return redirectTo(request, reply, `/contacts/${id}`);
  });

  app.get('/contacts/:id', { config: { access: 'signed_in' } }, async (request, reply) => {
    const found = await foundOr404(request, reply, (id) => getContact(app.db, id));
    if (!found) return reply;
    if (found.contact.mergedIntoId) return reply.redirect(`/contacts/${found.contact.mergedIntoId}`, 303);
    const page = Math.max(1, Math.min(100_000, Number((request.query as { page?: string }).page) || 1));
    const timeline = timelinePage(app.db, { kind: 'contact', id: found.contact.id }, page);
    const duplicates = found.contact.erasedAt ? [] : findDuplicates(app.db, found.contact, found.contact.id);
    const details = contactDetails(request);
    const contact = details ? found.contact : withoutDetails(found.contact);
    return reply.page(
      'contacts/show',
      {
        contact,
        contactDetails: details,
        partnerName: found.partnerName,
        timeline,
        duplicates: details ? duplicates : duplicates.map(withoutDetails),
        timelinePath: `/contacts/${found.contact.id}`,
      },
      { fragment: 'log/_timeline' },
    );
  });

  app.get('/contacts/:id/edit', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await unmergedOr404(request, reply);
    if (!found) return reply;
    const c = found.contact;
    return reply.page('contacts/edit', formData({ ...c, partnerId: c.partnerId ?? '' }, {}, { contact: c }));
  });

  app.post('/contacts/:id', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await unmergedOr404(request, reply);
    if (!found) return reply;
    const parsed = parseForm(contactSchema, withPickedPartner(app.db, request.body), request.i18n);
    const extra = { contact: found.contact };
    if (!parsed.ok)
      return reply.page('contacts/edit', formData(parsed.values, parsed.errors, extra), { status: 422, fragment: 'contacts/_form' });
    if (parsed.data.partnerId !== null && !partnerExists(app.db, parsed.data.partnerId)) {
      return reply.page(
        'contacts/edit',
        formData(request.body as FormValues, { partnerId: request.i18n.t('validation.notFound') }, extra),
        { status: 422, fragment: 'contacts/_form' },
      );
    }
    updateContact(app.db, request.actor(), found.contact.id, parsed.data);
    flash(request, request.i18n.t('common.saved'));
    return redirectTo(request, reply, `/contacts/${found.contact.id}`);
  });

  app.get('/contacts/:id/merge', { config: { access: 'coordinator' } }, async (request, reply) => {
    const found = await unmergedOr404(request, reply);
    if (!found) return reply;
    const duplicates = findDuplicates(app.db, found.contact, found.contact.id);
    const candidates = mergeCandidates(app.db, found.contact);
    for (const d of duplicates)
      if (!candidates.some((c) => c.id === d.id)) candidates.unshift({ id: d.id, name: d.name, email: d.email, partnerName: null });
    const otherId = String((request.query as { otherId?: string }).otherId ?? duplicates[0]?.id ?? '');
    return reply.page('contacts/merge', {
      contact: found.contact,
      partnerName: found.partnerName,
      candidates,
      values: { otherId },
      errors: {},
    });
  });

  app.post('/contacts/:id/merge', { config: { access: 'coordinator' } }, async (request, reply) => {
    const found = await unmergedOr404(request, reply);
    if (!found) return reply;
    const parsed = parseForm(mergeSchema, request.body, request.i18n);
    const otherId = parsed.ok ? parsed.data.otherId : null;
    const result = otherId
      ? mergeContacts(app.db, request.actor(), found.contact.id, otherId)
      : { ok: false as const, reason: 'missing' as const };
    if (!result.ok) {
      const candidates = mergeCandidates(app.db, found.contact);
      return reply.page(
        'contacts/merge',
        {
          contact: found.contact,
          partnerName: found.partnerName,
          candidates,
          values: request.body as FormValues,
          errors: { otherId: request.i18n.t(`contacts.mergeError.${result.reason}`) },
        },
        { status: 422 },
      );
    }
    flash(request, request.i18n.tn('contacts.merged', result.moved));
    return reply.redirect(`/contacts/${found.contact.id}`, 303);
  });
}
