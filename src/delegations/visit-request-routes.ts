// Visit requests: the public form (no account; a honeypot field and a per-address rate limit),
// its confirmation page, and the coordinators' triage list with the three decisions as POST
// sub-resources: acceptance (creates the delegation), decline (a stored reply) and redirect.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm } from '../lib/form.js';
import { pager, parsePaging } from '../lib/paging.js';
import { redirectTo } from '../plugins/context.js';
import { flash } from '../plugins/views.js';
import { foundOr404 } from '../plugins/request.js';
import { countryOptions, createI18n, translate } from '../i18n/index.js';
import { findPartner } from '../partners/queries.js';
import { VISIT_REQUEST_STATUSES, mayDecide, replyLocaleForCountry, type VisitRequestStatus } from './domain.js';
import { HONEYPOT_FIELD, acceptSchema, declineSchema, redirectSchema, visitRequestSchema } from './form.js';
import {
  acceptVisitRequest,
  countVisitRequests,
  createVisitRequest,
  declineVisitRequest,
  findVisitRequest,
  delegationsDuring,
  hostDepartments,
  hostedInQuarter,
  partnerMatching,
  redirectVisitRequest,
  visitRequestsByStatus,
  type VisitRequest,
} from './queries.js';

/** Requests per address through the public form: enough for an office behind one address, too few for a flood. */
export const VISIT_REQUEST_LIMIT = { max: 10, timeWindow: 60 * 60_000 };

type Values = Record<string, unknown>;
type Errors = Record<string, string>;

export default async function routes(app: FastifyInstance): Promise<void> {
  const orgName = (request: FastifyRequest) => request.org?.name ?? request.i18n.t('app.name');

  const publicForm = (request: FastifyRequest, values: Values, errors: Errors) => ({
    values,
    errors,
    countries: countryOptions(request.i18n),
    orgName: orgName(request),
    honeypot: HONEYPOT_FIELD,
  });

  app.get('/visit-requests/new', { config: { access: 'public' } }, async (request, reply) => {
    return reply.page('visit-requests/new', publicForm(request, {}, {}));
  });

  app.post(
    '/visit-requests/new',
    {
      config: { access: 'public', rateLimit: { ...VISIT_REQUEST_LIMIT, keyGenerator: (r: FastifyRequest) => `visit-request:${r.ip}` } },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Values;
      // A robot filled in the field no person sees: answer as if all went well, keep nothing.
      if (typeof body[HONEYPOT_FIELD] === 'string' && body[HONEYPOT_FIELD].trim() !== '') {
        request.log.info({ reqId: request.id }, 'visit request dropped: honeypot filled');
        return redirectTo(request, reply, '/visit-requests/thanks');
      }
      const parsed = parseForm(visitRequestSchema, body, request.i18n);
      if (!parsed.ok)
        return reply.page('visit-requests/new', publicForm(request, parsed.values, parsed.errors), {
          status: 422,
          fragment: 'visit-requests/_public-form',
        });
      const v = parsed.data;
      // The confirmation is in the requester's language (by country), like the reply to a decision.
      const their = createI18n(replyLocaleForCountry(v.country), request.i18n.timeZone, request.i18n.currency);
      const confirmation = app.config.smtp
        ? {
            subject: their.t('visitRequests.received.subject', { org: orgName(request) }),
            text: their.t('visitRequests.received.body', {
              name: v.contactName,
              org: orgName(request),
              from: their.date(v.preferredFrom),
              to: their.date(v.preferredTo),
              size: v.groupSize,
            }),
          }
        : null;
      createVisitRequest(app.db, v, app.now(), confirmation);
      return redirectTo(request, reply, '/visit-requests/thanks');
    },
  );

  app.get('/visit-requests/thanks', { config: { access: 'public' } }, async (request, reply) => {
    return reply.page('visit-requests/thanks', { orgName: orgName(request) });
  });

  /** The reply prefilled for a decline, in the requester's language (by country). */
  const declineTemplate = (request: FastifyRequest, r: VisitRequest) => {
    const locale = replyLocaleForCountry(r.country);
    return {
      locale,
      text: translate(locale, 'visitRequests.declineTemplate', {
        name: r.contactName,
        organisation: r.organisation,
        org: orgName(request),
      }),
    };
  };

  /** The reply's email, in the requester's language; null when email is not set up (the reply is only stored). */
  const replyMail = (request: FastifyRequest, r: VisitRequest) =>
    app.config.smtp
      ? { subject: translate(replyLocaleForCountry(r.country), 'visitRequests.reply.subject', { org: orgName(request) }) }
      : null;

  /** The partner the request comes from: matched when it arrived, or since (a partner registered later). */
  const withPartner = (r: VisitRequest, partnerName: string | null): { r: VisitRequest; partnerName: string | null } => {
    if (r.partnerId || r.status !== 'open') return { r, partnerName };
    const match = partnerMatching(app.db, r.organisation);
    return match ? { r: { ...r, partnerId: match.id }, partnerName: match.name } : { r, partnerName };
  };

  const triageRow = (request: FastifyRequest, found: VisitRequest, knownPartner: string | null, department: string) => {
    const { r, partnerName } = withPartner(found, knownPartner);
    return {
      request: r,
      partnerName,
      overlaps: r.status === 'open' ? delegationsDuring(app.db, r.preferredFrom, r.preferredTo, department) : [],
      quarterLoad: department ? hostedInQuarter(app.db, department, r.preferredFrom) : null,
      decline: declineTemplate(request, r),
    };
  };

  app.get('/visit-requests', { config: { access: 'coordinator' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const status: VisitRequestStatus = (VISIT_REQUEST_STATUSES as readonly string[]).includes(String(query.status))
      ? (query.status as VisitRequestStatus)
      : 'open';
    const department = typeof query.department === 'string' ? query.department.trim().slice(0, 200) : '';
    const paging = parsePaging(query, ['createdAt'] as const, 'createdAt', 'asc', 20);
    const rows = visitRequestsByStatus(app.db, status, paging.perPage, paging.offset);
    const total = countVisitRequests(app.db, status);
    const counts = Object.fromEntries(VISIT_REQUEST_STATUSES.map((s) => [s, countVisitRequests(app.db, s)]));
    return reply.page('visit-requests/index', {
      rows: rows.map((row) => triageRow(request, row.request, row.partnerName, department)),
      status,
      statuses: VISIT_REQUEST_STATUSES,
      counts,
      total,
      department,
      departments: hostDepartments(app.db),
      pager: pager('/visit-requests', query, paging, total),
    });
  });

  const load = (request: FastifyRequest, reply: FastifyReply) => foundOr404(request, reply, (id) => findVisitRequest(app.db, id));

  const detail = (
    request: FastifyRequest,
    r: VisitRequest,
    forms: { declineValues?: Values; declineErrors?: Errors; redirectValues?: Values; redirectErrors?: Errors } = {},
  ) => {
    const department = String(
      (request.query as Values | undefined)?.department ?? (request.body as Values | undefined)?.hostDepartment ?? '',
    )
      .trim()
      .slice(0, 200);
    const row = triageRow(request, r, r.partnerId ? (findPartner(app.db, r.partnerId)?.name ?? null) : null, department);
    return {
      ...row,
      department,
      departments: hostDepartments(app.db),
      decidable: mayDecide(r.status),
      declineValues: { replyText: row.decline.text, ...forms.declineValues },
      declineErrors: forms.declineErrors ?? {},
      redirectValues: forms.redirectValues ?? {},
      redirectErrors: forms.redirectErrors ?? {},
    };
  };

  app.get('/visit-requests/:id', { config: { access: 'coordinator' } }, async (request, reply) => {
    const r = await load(request, reply);
    if (!r) return reply;
    return reply.page('visit-requests/show', detail(request, r));
  });

  /** A request decided meanwhile (by someone else, or twice): say so and show it as it is. */
  const alreadyDecided = (request: FastifyRequest, reply: FastifyReply, id: number) => {
    flash(request, request.i18n.t('visitRequests.alreadyDecided'));
    return redirectTo(request, reply, `/visit-requests/${id}`);
  };

  app.post('/visit-requests/:id/acceptance', { config: { access: 'coordinator' } }, async (request, reply) => {
    const r = await load(request, reply);
    if (!r) return reply;
    const parsed = parseForm(acceptSchema, request.body, request.i18n);
    if (!parsed.ok) return reply.page('visit-requests/show', detail(request, r), { status: 422 });
    const result = acceptVisitRequest(app.db, request.actor(), r.id, parsed.data.hostDepartment);
    if (!result.ok) return alreadyDecided(request, reply, r.id);
    flash(request, request.i18n.t('visitRequests.accepted', { title: r.organisation }));
    return redirectTo(request, reply, `/delegations/${result.delegationId}`);
  });

  app.post('/visit-requests/:id/decline', { config: { access: 'coordinator' } }, async (request, reply) => {
    const r = await load(request, reply);
    if (!r) return reply;
    const parsed = parseForm(declineSchema, request.body, request.i18n);
    if (!parsed.ok) {
      return reply.page('visit-requests/show', detail(request, r, { declineValues: parsed.values, declineErrors: parsed.errors }), {
        status: 422,
        fragment: 'visit-requests/_decline-form',
      });
    }
    if (!declineVisitRequest(app.db, request.actor(), r.id, parsed.data.replyText, replyMail(request, r)).ok)
      return alreadyDecided(request, reply, r.id);
    flash(request, request.i18n.t(app.config.smtp ? 'visitRequests.declined.emailed' : 'visitRequests.declined'));
    return redirectTo(request, reply, '/visit-requests');
  });

  app.post('/visit-requests/:id/redirect', { config: { access: 'coordinator' } }, async (request, reply) => {
    const r = await load(request, reply);
    if (!r) return reply;
    const parsed = parseForm(redirectSchema, request.body, request.i18n);
    if (!parsed.ok) {
      return reply.page('visit-requests/show', detail(request, r, { redirectValues: parsed.values, redirectErrors: parsed.errors }), {
        status: 422,
        fragment: 'visit-requests/_redirect-form',
      });
    }
    if (!redirectVisitRequest(app.db, request.actor(), r.id, parsed.data.redirectedTo, parsed.data.replyText, replyMail(request, r)).ok)
      return alreadyDecided(request, reply, r.id);
    flash(request, request.i18n.t('visitRequests.redirected', { body: parsed.data.redirectedTo }));
    return redirectTo(request, reply, '/visit-requests');
  });
}
