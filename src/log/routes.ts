// The contact log: list, quick log and full form (page or in place with htmx), one entry,
// edit and delete, the partner/partnership timelines and the losing-touch list.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CurrentUser } from '../plugins/context.js';
import { eq } from 'drizzle-orm';
import { parseForm, type FieldErrors, type FormValues } from '../lib/form.js';
import { pager, parsePaging } from '../lib/paging.js';
import { flash } from '../plugins/views.js';
import { redirectTo } from '../plugins/context.js';
import { atLeast } from '../plugins/access.js';
import { partners, partnerships } from '../db/schema.js';
import { losingTouch } from './last-contact.js';
import { LOG_TYPES, clientKeyOf, logEntrySchema, safeReturnPath } from './form.js';
import {
  LOG_SORTS,
  checkReferences,
  countLog,
  createLogEntry,
  deleteLogEntry,
  formOptions,
  getLogEntry,
  logEntryByClientKey,
  logFilters,
  logQuery,
  partnerOfPartnership,
  translateErrors,
  updateLogEntry,
} from './queries.js';
import { timelinePage, type TimelineScope } from './timeline.js';
import { foundOr404, idParam } from '../plugins/request.js';
import offlineRoutes from './offline.js';
import { partnerNames, pickedPartner, suggestPartners } from '../search/suggest.js';

const ids = (v: unknown): number[] =>
  (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]).map(Number).filter((n) => Number.isInteger(n) && n > 0);

/**
 * Who may edit or delete a log entry (and its follow-ups): coordinators and admins any, a
 * contributor the entries they logged.
 */
export function mayEditLogEntry(user: CurrentUser | null | undefined, createdById: number | null): boolean {
  return !!user && (atLeast(user.role, 'coordinator') || (user.role === 'contributor' && createdById === user.id));
}

export default async function routes(app: FastifyInstance): Promise<void> {
  await offlineRoutes(app);

  /** Everything the form needs, from the values as posted (or prefilled). */
  const formData = (request: FastifyRequest, values: FormValues, errors: FieldErrors, extra: Record<string, unknown> = {}) => {
    const partnerIds = ids(values.partnerIds);
    const options = formOptions(app.db, partnerIds, ids(values.contactIds));
    // The type-ahead partner picker (a long list): the chosen partners ticked, then what the typed text finds (no JavaScript).
    const typed = typeof values.partnerQuery === 'string' ? values.partnerQuery : '';
    const chosenPartners = options.partners
      ? []
      : [
          ...partnerNames(app.db, partnerIds).map((p) => ({ ...p, checked: true })),
          ...suggestPartners(app.db, typed)
            .filter((p) => !partnerIds.includes(p.id))
            .map((p) => ({ id: p.id, name: p.name, checked: false })),
        ];
    return { values, errors, options, chosenPartners, types: LOG_TYPES, today: request.today(), ...extra };
  };

  app.get('/log', { config: { access: 'signed_in' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const picked = pickedPartner(app.db, query, 'partner', 'partnerName');
    const filters = { ...logFilters(query), partnerId: picked?.id ?? null };
    const paging = parsePaging(query, LOG_SORTS, 'date', 'desc');
    const rows = logQuery(app.db, filters).limit(paging.perPage).offset(paging.offset).all();
    const total = countLog(app.db, filters);
    const options = formOptions(
      app.db,
      filters.partnerId ? [filters.partnerId] : [],
      [],
      filters.partnershipId ? [filters.partnershipId] : [],
    );
    return reply.page(
      'log/index',
      { filters, picked, paging, rows, pager: pager('/log', query, paging, total), options, types: LOG_TYPES },
      { fragment: 'log/_list' },
    );
  });

  app.get('/log/new', { config: { access: 'contributor' } }, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const partnershipIds = ids(q.partnershipId);
    const partnerIds = ids(q.partnerId);
    for (const p of partnershipIds) {
      const partnerId = partnerOfPartnership(app.db, p);
      if (partnerId && !partnerIds.includes(partnerId)) partnerIds.push(partnerId);
    }
    const referer = request.headers.referer ? safeReturnPath(new URL(request.headers.referer, 'http://x').pathname) : null;
    const returnTo = safeReturnPath(q.return) ?? (request.isHtmx ? referer : null) ?? '';
    const values = {
      occurredOn: request.today(),
      type: 'meeting',
      partnerIds: partnerIds.map(String),
      partnershipIds: partnershipIds.map(String),
      staffIds: [String(request.user!.id)],
      returnTo,
    };
    return reply.page('log/new', formData(request, values, {}, { quick: true, action: '/log' }), { fragment: 'log/_form' });
  });

  /** Shared by create and edit: validate, or re-render with 422 (or 200 for "update the people list"). */
  const validate = (request: FastifyRequest) => {
    const body = (request.body ?? {}) as FormValues;
    if (body._refresh) return { refresh: true as const, values: body };
    const parsed = parseForm(logEntrySchema, body, request.i18n);
    if (!parsed.ok) return { ok: false as const, values: parsed.values, errors: parsed.errors };
    const refErrors = checkReferences(app.db, parsed.data);
    if (Object.keys(refErrors).length > 0) return { ok: false as const, values: body, errors: translateErrors(refErrors, request.i18n) };
    return { ok: true as const, data: parsed.data, values: body };
  };

  /** The answer to a saved entry: the confirmation fragment for htmx, else back where the user came from. */
  type SavedEntry = { id: number; summary: string; partnerIds: number[]; partnershipIds: number[] };
  const saved = (request: FastifyRequest, reply: FastifyReply, entry: SavedEntry, returnTo: string | null) => {
    if (request.isHtmx) return reply.fragment('log/_saved', { ...entry, returnTo });
    flash(request, request.i18n.t('log.saved'));
    return reply.redirect(returnTo ?? `/log/${entry.id}`, 303);
  };

  app.post('/log', { config: { access: 'contributor' } }, async (request, reply) => {
    const body = (request.body ?? {}) as FormValues;
    // An entry logged offline carries the device's key: sent again (a retry, a lost answer), it gets
    // the entry the first send made, even if the form would no longer pass (a partner merged away since).
    const clientKey = clientKeyOf(body.clientKey);
    const earlier = clientKey && !body._refresh ? logEntryByClientKey(app.db, clientKey) : null;
    if (earlier) {
      if (earlier.createdById !== request.user!.id) return reply.code(409).renderError('badRequest');
      const found = getLogEntry(app.db, earlier.id)!;
      const links = { partnerIds: found.partners.map((p) => p.id), partnershipIds: found.partnerships.map((p) => p.id) };
      return saved(request, reply, { id: earlier.id, summary: earlier.summary, ...links }, safeReturnPath(body.returnTo));
    }
    const result = validate(request);
    const extra = { quick: body.quick === '1', action: '/log' };
    if ('refresh' in result) return reply.page('log/new', formData(request, result.values, {}, extra), { fragment: 'log/_form' });
    if (!result.ok)
      return reply.page('log/new', formData(request, result.values, result.errors, extra), { status: 422, fragment: 'log/_form' });
    const id = createLogEntry(app.db, request.actor(), result.data, clientKey);
    const { summary, partnerIds, partnershipIds } = result.data;
    return saved(request, reply, { id, summary, partnerIds, partnershipIds }, safeReturnPath(result.values.returnTo));
  });

  app.get('/log/:id', { config: { access: 'signed_in' } }, async (request, reply) => {
    const found = await foundOr404(request, reply, (id) => getLogEntry(app.db, id));
    if (!found) return reply;
    const canEdit = mayEdit(request, found.entry.createdById);
    return reply.page('log/show', { ...found, canEdit, today: request.today() });
  });

  const mayEdit = (request: FastifyRequest, createdById: number | null) => mayEditLogEntry(request.user, createdById);

  const entryValues = (found: NonNullable<ReturnType<typeof getLogEntry>>): FormValues => ({
    ...found.entry,
    occurredTime: found.entry.occurredTime ?? '',
    partnerIds: found.partners.map((p) => String(p.id)),
    partnershipIds: found.partnerships.map((p) => String(p.id)),
    contactIds: found.contacts.map((c) => String(c.id)),
    staffIds: found.staff.map((s) => String(s.id)),
  });

  app.get('/log/:id/edit', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await foundOr404(request, reply, (id) => getLogEntry(app.db, id));
    if (!found) return reply;
    if (!mayEdit(request, found.entry.createdById)) return reply.code(403).renderError('forbidden');
    return reply.page(
      'log/edit',
      formData(
        request,
        entryValues(found),
        {},
        { entry: found.entry, existingFollowUps: found.followUps, action: `/log/${found.entry.id}` },
      ),
    );
  });

  app.post('/log/:id', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await foundOr404(request, reply, (id) => getLogEntry(app.db, id));
    if (!found) return reply;
    if (!mayEdit(request, found.entry.createdById)) return reply.code(403).renderError('forbidden');
    const extra = { entry: found.entry, existingFollowUps: found.followUps, action: `/log/${found.entry.id}` };
    const result = validate(request);
    if ('refresh' in result) return reply.page('log/edit', formData(request, result.values, {}, extra), { fragment: 'log/_form' });
    if (!result.ok)
      return reply.page('log/edit', formData(request, result.values, result.errors, extra), { status: 422, fragment: 'log/_form' });
    updateLogEntry(app.db, request.actor(), found.entry.id, result.data);
    flash(request, request.i18n.t('common.saved'));
    return redirectTo(request, reply, `/log/${found.entry.id}`);
  });

  app.get('/log/:id/delete', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await foundOr404(request, reply, (id) => getLogEntry(app.db, id));
    if (!found) return reply;
    if (!mayEdit(request, found.entry.createdById)) return reply.code(403).renderError('forbidden');
    return reply.page('log/delete', { ...found, today: request.today() });
  });

  app.post('/log/:id/delete', { config: { access: 'contributor' } }, async (request, reply) => {
    const found = await foundOr404(request, reply, (id) => getLogEntry(app.db, id));
    if (!found) return reply;
    if (!mayEdit(request, found.entry.createdById)) return reply.code(403).renderError('forbidden');
    // Without the confirmation the confirmation page answers: nothing is deleted by a stray post.
    if ((request.body as Record<string, unknown> | undefined)?.confirmed !== '1')
      return reply.page('log/delete', { ...found, today: request.today() });
    deleteLogEntry(app.db, request.actor(), found.entry.id);
    flash(request, request.i18n.t('log.deleted'));
    const back = safeReturnPath((request.body as Record<string, unknown>).returnTo);
    return redirectTo(request, reply, back ?? '/log');
  });

  const timeline = (kind: 'partner' | 'partnership') => async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const id = idParam(request);
    const subject = !id
      ? undefined
      : kind === 'partner'
        ? app.db.select({ id: partners.id, name: partners.name }).from(partners).where(eq(partners.id, id)).get()
        : app.db
            .select({ id: partnerships.id, name: partnerships.title, partnerId: partnerships.partnerId })
            .from(partnerships)
            .where(eq(partnerships.id, id))
            .get();
    if (!subject) return reply.code(404).renderError('notFound');
    const page = Math.max(1, Math.min(100_000, Number((request.query as { page?: string }).page) || 1));
    const scope: TimelineScope = { kind, id: subject.id };
    const path = `/${kind}s/${subject.id}/timeline`;
    return reply.page(
      'log/timeline',
      {
        kind,
        subject,
        timeline: timelinePage(app.db, scope, page),
        timelinePath: path,
        partner: kind === 'partner' ? subject : undefined,
        partnership: kind === 'partnership' ? { id: subject.id, title: subject.name } : undefined,
      },
      { fragment: 'log/_timeline' },
    );
  };
  app.get('/partners/:id/timeline', { config: { access: 'signed_in' } }, timeline('partner'));
  app.get('/partnerships/:id/timeline', { config: { access: 'signed_in' } }, timeline('partnership'));

  app.get('/losing-touch', { config: { access: 'signed_in' } }, async (request, reply) => {
    const months = request.org!.losingTouchMonths;
    const rows = losingTouch(app.db, months, request.today());
    return reply.page('log/losing-touch', { rows, months });
  });
}
