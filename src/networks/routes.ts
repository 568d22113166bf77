// A network's page (a tab of a partner of kind network): what we pay, who goes and what came of
// it; and the writes on it, each a POST sub-resource: a membership period, a fee payment into the
// ledger, a representative, a working group and a working group's meeting (a contact-log entry).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm, type FieldErrors, type FormResult, type FormValues } from '../lib/form.js';
import { moneyInputValue } from '../lib/numbers.js';
import { redirectTo } from '../plugins/context.js';
import { flash } from '../plugins/views.js';
import { atLeast } from '../plugins/access.js';
import { foundOr404, idParam } from '../plugins/request.js';
import { findPartner, type Partner } from '../partners/queries.js';
import { activeUsers } from '../partnerships/queries.js';
import { feePaymentSchema, meetingSchema, membershipSchema, representativeSchema, workingGroupSchema } from './form.js';
import {
  addRepresentative,
  addWorkingGroup,
  agreementsOfNetwork,
  createMembership,
  feePaymentsOf,
  findMembership,
  findWorkingGroup,
  logWorkingGroupMeeting,
  membershipsOf,
  networkMeetings,
  recordFeePayment,
  removeRepresentative,
  representativesOf,
  workingGroupsOf,
} from './queries.js';

/** The forms of the page; a refused one comes back with its values and errors. */
type FormName = 'membership' | 'fee' | 'representative' | 'group' | 'meeting';
interface Refused {
  form: FormName;
  values: FormValues;
  errors: FieldErrors;
}

export default async function routes(app: FastifyInstance): Promise<void> {
  /** The network the URL names (a partner of kind network), or a 404. */
  const loadNetwork = (request: FastifyRequest, reply: FastifyReply) =>
    foundOr404(request, reply, (id) => {
      const partner = findPartner(app.db, id);
      return partner?.kind === 'network' ? partner : null;
    });

  /**
   * A parsed form, or its refusal: the schema's errors, or the field naming a record that does not
   * exist (`missing` says which), as a 422 rather than a foreign-key 500.
   */
  const checked = <T>(request: FastifyRequest, parsed: FormResult<T>, missing: (data: T) => string | null): FormResult<T> => {
    if (!parsed.ok) return parsed;
    const field = missing(parsed.data);
    return field ? { ok: false, values: request.body as FormValues, errors: { [field]: request.i18n.t('validation.notFound') } } : parsed;
  };

  function pageData(request: FastifyRequest, partner: Partner, refused: Refused | null = null) {
    const memberships = membershipsOf(app.db, partner.id);
    const ids = memberships.map((m) => m.membership.id);
    const representatives = representativesOf(app.db, ids);
    const groups = workingGroupsOf(app.db, ids);
    const locale = request.i18n.locale;
    const current = memberships[0]?.membership ?? null;
    const formFor = (form: FormName, defaults: FormValues) =>
      refused && refused.form === form
        ? { values: refused.values, errors: refused.errors }
        : { values: defaults, errors: {} as FieldErrors };
    return {
      partner,
      tab: 'network',
      memberships: memberships.map((m) => ({
        ...m,
        representatives: representatives.filter((r) => r.membershipId === m.membership.id),
        groups: groups.filter((g) => g.membershipId === m.membership.id),
      })),
      current,
      // The forms act on the current (latest) membership; older periods are history.
      feeForm: formFor('fee', {
        paidOn: request.today(),
        amount: current ? moneyInputValue(current.annualFeeMinor, locale) : '',
      }),
      representativeForm: formFor('representative', {}),
      groupForm: formFor('group', {}),
      meetingForm: formFor('meeting', { meetingOn: request.today() }),
      groups,
      payments: feePaymentsOf(app.db, ids),
      meetings: networkMeetings(app.db, partner.id),
      membershipForm: formFor('membership', {
        startsOn: request.today(),
        annualFee: partner.annualFeeMinor === null ? '' : moneyInputValue(partner.annualFeeMinor, locale),
      }),
      agreements: agreementsOfNetwork(app.db, partner.id),
      users: activeUsers(app.db),
      currency: request.org?.currency ?? 'EUR',
      canManage: atLeast(request.user!.role, 'coordinator'),
      canLog: atLeast(request.user!.role, 'contributor'),
    };
  }

  const back = (request: FastifyRequest, reply: FastifyReply, partner: Partner, message: string) => {
    flash(request, message);
    return redirectTo(request, reply, `/partners/${partner.id}/network`);
  };

  const refuse = (request: FastifyRequest, reply: FastifyReply, partner: Partner, refused: Refused) =>
    reply.page('networks/show', pageData(request, partner, refused), { status: 422 });

  app.get('/partners/:id/network', { config: { access: 'signed_in' } }, async (request, reply) => {
    const partner = await loadNetwork(request, reply);
    if (!partner) return reply;
    return reply.page('networks/show', pageData(request, partner));
  });

  app.post('/partners/:id/network/memberships', { config: { access: 'coordinator' } }, async (request, reply) => {
    const partner = await loadNetwork(request, reply);
    if (!partner) return reply;
    const parsed = checked(request, parseForm(membershipSchema, request.body, request.i18n), (d) =>
      agreementsOfNetwork(app.db, partner.id).some((a) => a.id === d.partnershipId) ? null : 'partnershipId',
    );
    if (!parsed.ok) return refuse(request, reply, partner, { form: 'membership', values: parsed.values, errors: parsed.errors });
    createMembership(app.db, request.actor(), partner.id, parsed.data, request.org?.currency ?? 'EUR');
    return back(request, reply, partner, request.i18n.t('networks.membership.added'));
  });

  /** A membership of this network from the URL, or a 404. */
  async function loadMembership(request: FastifyRequest, reply: FastifyReply) {
    const partner = await loadNetwork(request, reply);
    const membership = partner && (await foundOr404(request, reply, (id) => findMembership(app.db, partner.id, id), 'membershipId'));
    return partner && membership ? { partner, membership } : null;
  }

  app.post(
    '/partners/:id/network/memberships/:membershipId/fee-payments',
    { config: { access: 'coordinator' } },
    async (request, reply) => {
      const found = await loadMembership(request, reply);
      if (!found) return reply;
      const parsed = parseForm(feePaymentSchema, request.body, request.i18n);
      if (!parsed.ok) return refuse(request, reply, found.partner, { form: 'fee', values: parsed.values, errors: parsed.errors });
      recordFeePayment(app.db, request.actor(), found.membership, {
        occurredOn: parsed.data.paidOn,
        amountMinor: parsed.data.amount,
        note: parsed.data.paymentNote,
      });
      return back(request, reply, found.partner, request.i18n.t('networks.fee.recorded'));
    },
  );

  /** A user id the form named that is no active user: a 422, not a foreign-key 500. */
  const unknownUser = (userId: number | null) => userId !== null && !activeUsers(app.db).some((u) => u.id === userId);

  app.post(
    '/partners/:id/network/memberships/:membershipId/representatives',
    { config: { access: 'coordinator' } },
    async (request, reply) => {
      const found = await loadMembership(request, reply);
      if (!found) return reply;
      const parsed = checked(request, parseForm(representativeSchema, request.body, request.i18n), (d) =>
        unknownUser(d.userId) ? 'userId' : null,
      );
      if (!parsed.ok)
        return refuse(request, reply, found.partner, { form: 'representative', values: parsed.values, errors: parsed.errors });
      addRepresentative(app.db, request.actor(), found.membership.id, parsed.data.userId, parsed.data.role);
      return back(request, reply, found.partner, request.i18n.t('networks.representative.added'));
    },
  );

  app.post(
    '/partners/:id/network/memberships/:membershipId/representatives/:userId/removal',
    { config: { access: 'coordinator' } },
    async (request, reply) => {
      const found = await loadMembership(request, reply);
      if (!found) return reply;
      const userId = idParam(request, 'userId');
      if (userId === null || !removeRepresentative(app.db, request.actor(), found.membership.id, userId))
        return reply.code(404).renderError('notFound');
      return back(request, reply, found.partner, request.i18n.t('networks.representative.removed'));
    },
  );

  app.post(
    '/partners/:id/network/memberships/:membershipId/working-groups',
    { config: { access: 'coordinator' } },
    async (request, reply) => {
      const found = await loadMembership(request, reply);
      if (!found) return reply;
      const parsed = checked(request, parseForm(workingGroupSchema, request.body, request.i18n), (d) =>
        unknownUser(d.memberUserId) ? 'memberUserId' : null,
      );
      if (!parsed.ok) return refuse(request, reply, found.partner, { form: 'group', values: parsed.values, errors: parsed.errors });
      addWorkingGroup(app.db, request.actor(), found.membership.id, parsed.data);
      return back(request, reply, found.partner, request.i18n.t('networks.group.added', { name: parsed.data.name }));
    },
  );

  app.post('/partners/:id/network/meetings', { config: { access: 'contributor' } }, async (request, reply) => {
    const partner = await loadNetwork(request, reply);
    if (!partner) return reply;
    const parsed = checked(request, parseForm(meetingSchema, request.body, request.i18n), (d) =>
      findWorkingGroup(app.db, partner.id, d.workingGroupId) ? null : 'workingGroupId',
    );
    if (!parsed.ok) return refuse(request, reply, partner, { form: 'meeting', values: parsed.values, errors: parsed.errors });
    logWorkingGroupMeeting(app.db, request.actor(), findWorkingGroup(app.db, partner.id, parsed.data.workingGroupId)!, parsed.data);
    return back(request, reply, partner, request.i18n.t('networks.meeting.logged'));
  });
}
