// The investment ledger: a partnership's costs and funding (one-line add form, totals per year and
// type, correcting and deleting an entry) and the portfolio's costs page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm, type FieldErrors, type FormValues } from '../lib/form.js';
import { parsePaging, pager } from '../lib/paging.js';
import { redirectTo } from '../plugins/context.js';
import { flash } from '../plugins/views.js';
import { entrySchema } from './form.js';
import { COST_TYPES, ENTRY_KINDS, FUNDING_TYPES, resolveEntry } from './domain.js';
import { mayEditPartnership } from '../partnerships/domain.js';
import { partnershipOr404 } from '../partnerships/load.js';
import type { PartnershipHead } from '../partnerships/queries.js';
import {
  addEntry,
  costFilters,
  costsQuery,
  countCosts,
  deleteEntry,
  getEntry,
  ledgerYears,
  summariseByYear,
  totalsByYearAndType,
  updateEntry,
  COST_SORTS,
  type LedgerEntry,
} from './queries.js';
import { foundOr404 } from '../plugins/request.js';

export default async function routes(app: FastifyInstance): Promise<void> {
  function ledgerData(request: FastifyRequest, p: PartnershipHead, values: FormValues, errors: FieldErrors) {
    const query = { ...(request.query as Record<string, unknown>), partnershipId: String(p.id) };
    const filters = costFilters(query);
    const paging = parsePaging(query, COST_SORTS, 'occurredOn', 'desc', 50);
    const entries = costsQuery(app.db, { ...filters, sort: paging.sort, dir: paging.dir })
      .limit(paging.perPage)
      .offset(paging.offset)
      .all();
    const total = countCosts(app.db, filters);
    return {
      partnership: p,
      tab: 'costs',
      years: summariseByYear(totalsByYearAndType(app.db, p.id)),
      entries,
      pager: pager(`/partnerships/${p.id}/costs`, request.query as Record<string, unknown>, paging, total),
      costTypes: COST_TYPES,
      fundingTypes: FUNDING_TYPES,
      kinds: ENTRY_KINDS,
      canEdit: mayEditPartnership(request.user, p) && p.status !== 'ended',
      hourlyRateMinor: request.org!.hourlyRateMinor,
      canSetRate: request.user!.role === 'admin',
      values,
      errors,
    };
  }

  const defaults = (request: FastifyRequest) => ({ kind: 'cost:travel', occurredOn: request.today() });

  const withPartnership = partnershipOr404;

  app.get('/partnerships/:id/costs', { config: { access: 'signed_in' } }, async (request, reply) => {
    const p = await withPartnership(request, reply);
    if (!p) return reply;
    return reply.page('ledger/partnership', ledgerData(request, p, defaults(request), {}), { fragment: 'ledger/_ledger' });
  });

  app.post('/partnerships/:id/costs', { config: { access: 'contributor' } }, async (request, reply) => {
    const p = await withPartnership(request, reply);
    if (!p) return reply;
    if (!mayEditPartnership(request.user, p)) return reply.code(403).renderError('forbidden');
    const invalid = (values: FormValues, errors: FieldErrors) =>
      reply.page('ledger/partnership', ledgerData(request, p, values, errors), { status: 422, fragment: 'ledger/_ledger' });
    if (p.status === 'ended') return invalid((request.body ?? {}) as FormValues, { _form: request.i18n.t('ledger.error.ended') });
    const parsed = parseForm(entrySchema, request.body, request.i18n);
    if (!parsed.ok) return invalid(parsed.values, parsed.errors);
    const resolved = resolveEntry({ ...parsed.data, amountMinor: parsed.data.amount }, request.org!.hourlyRateMinor);
    if (!resolved.ok) return invalid(request.body as FormValues, { [resolved.field]: request.i18n.t(resolved.error) });
    addEntry(app.db, request.actor(), p.id, resolved.entry, request.org!.currency);
    if (request.isHtmx) {
      return reply.page('ledger/partnership', ledgerData(request, p, { ...defaults(request), kind: parsed.data.kind }, {}), {
        fragment: 'ledger/_ledger',
      });
    }
    flash(request, request.i18n.t('ledger.added'));
    return redirectTo(request, reply, `/partnerships/${p.id}/costs`);
  });

  // ---------------------------------------------------------------- correcting and deleting an entry
  // Whoever may add an entry may correct or delete one: the same rule, on the same loaded partnership.

  /** The partnership and its entry for /partnerships/:id/costs/:entryId…, or 404 / 403 already answered. */
  async function withEntry(request: FastifyRequest, reply: FastifyReply) {
    const p = await withPartnership(request, reply);
    if (!p) return undefined;
    const entry = await foundOr404(request, reply, (id) => getEntry(app.db, p.id, id), 'entryId');
    if (!entry) return undefined;
    if (!mayEditPartnership(request.user, p)) {
      await reply.code(403).renderError('forbidden');
      return undefined;
    }
    return { p, entry };
  }

  const plain = (request: FastifyRequest, n: number) =>
    new Intl.NumberFormat(request.i18n.intlLocale, { useGrouping: false, maximumFractionDigits: 2 }).format(n);

  /** The form's values from a stored entry, numbers written the reader's way (without grouping). */
  const entryFormValues = (request: FastifyRequest, e: LedgerEntry): FormValues => ({
    kind: `${e.direction}:${e.type}`,
    occurredOn: e.occurredOn,
    note: e.note,
    amount: e.hours === null ? plain(request, e.amountMinor / 100) : '',
    hours: e.hours === null ? '' : plain(request, e.hours),
  });

  const editData = (request: FastifyRequest, p: PartnershipHead, entry: LedgerEntry, values: FormValues, errors: FieldErrors) => ({
    partnership: p,
    entry,
    tab: 'costs',
    costTypes: COST_TYPES,
    fundingTypes: FUNDING_TYPES,
    hourlyRateMinor: request.org!.hourlyRateMinor,
    values,
    errors,
  });
  const endedError = (request: FastifyRequest, p: PartnershipHead): FieldErrors =>
    p.status === 'ended' ? { _form: request.i18n.t('ledger.error.ended') } : {};

  app.get('/partnerships/:id/costs/:entryId/edit', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await withEntry(request, reply);
    if (!found) return reply;
    const { p, entry } = found;
    return reply.page('ledger/edit', editData(request, p, entry, entryFormValues(request, entry), endedError(request, p)));
  });

  app.post('/partnerships/:id/costs/:entryId', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await withEntry(request, reply);
    if (!found) return reply;
    const { p, entry } = found;
    const invalid = (values: FormValues, errors: FieldErrors) =>
      reply.page('ledger/edit', editData(request, p, entry, values, errors), { status: 422 });
    if (p.status === 'ended') return invalid((request.body ?? {}) as FormValues, endedError(request, p));
    const parsed = parseForm(entrySchema, request.body, request.i18n);
    if (!parsed.ok) return invalid(parsed.values, parsed.errors);
    const resolved = resolveEntry({ ...parsed.data, amountMinor: parsed.data.amount }, request.org!.hourlyRateMinor);
    if (!resolved.ok) return invalid(request.body as FormValues, { [resolved.field]: request.i18n.t(resolved.error) });
    updateEntry(app.db, request.actor(), entry.id, resolved.entry);
    flash(request, request.i18n.t('common.saved'));
    return redirectTo(request, reply, `/partnerships/${p.id}/costs`);
  });

  app.get('/partnerships/:id/costs/:entryId/delete', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await withEntry(request, reply);
    if (!found) return reply;
    const { p, entry } = found;
    return reply.page('ledger/delete', { ...editData(request, p, entry, {}, {}), error: endedError(request, p)._form });
  });

  app.post('/partnerships/:id/costs/:entryId/delete', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await withEntry(request, reply);
    if (!found) return reply;
    const { p, entry } = found;
    const data = { ...editData(request, p, entry, {}, {}), error: endedError(request, p)._form };
    if (data.error) return reply.page('ledger/delete', data, { status: 422 });
    // Without the confirmation (a form elsewhere, a stray request) the confirmation page answers.
    if ((request.body as Record<string, unknown> | undefined)?.confirmed !== '1') return reply.page('ledger/delete', data);
    deleteEntry(app.db, request.actor(), entry.id);
    flash(request, request.i18n.t('ledger.deleted'));
    return redirectTo(request, reply, `/partnerships/${p.id}/costs`);
  });

  app.get('/costs', { config: { access: 'signed_in' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const filters = costFilters(query);
    const paging = parsePaging(query, COST_SORTS, 'occurredOn', 'desc', 50);
    const f = { ...filters, sort: paging.sort, dir: paging.dir, labels: request.i18n };
    const entries = costsQuery(app.db, f).limit(paging.perPage).offset(paging.offset).all();
    const total = countCosts(app.db, filters);
    const yearFrom = filters.year !== null ? `${filters.year}-01-01` : undefined;
    const yearTo = filters.year !== null ? `${filters.year}-12-31` : undefined;
    return reply.page(
      'ledger/index',
      {
        filters,
        paging,
        entries,
        pager: pager('/costs', query, paging, total),
        years: summariseByYear(totalsByYearAndType(app.db, null, yearFrom, yearTo)),
        allYears: ledgerYears(app.db),
        costTypes: COST_TYPES,
        fundingTypes: FUNDING_TYPES,
      },
      { fragment: 'ledger/_list' },
    );
  });
}
