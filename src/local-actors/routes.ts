// Local actors: the list, one actor with its contact people and ties, the forms (coordinators), and
// the map of which local actors take part in which partnerships and delegations.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm, type FieldErrors, type FormValues } from '../lib/form.js';
import { parsePaging, pager } from '../lib/paging.js';
import { redirectTo } from '../plugins/context.js';
import { flash } from '../plugins/views.js';
import { atLeast } from '../plugins/access.js';
import { foundOr404, idParam } from '../plugins/request.js';
import { LOCAL_ACTOR_KINDS, LOCAL_ACTOR_ROLES } from '../lib/words.js';
import { actorSchema, contactSchema, linkSchema } from './form.js';
import {
  ACTOR_SORTS,
  addContact,
  contactByEmail,
  addLink,
  contactsOf,
  countActors,
  countTies,
  createActor,
  exists,
  findActor,
  listActors,
  removeContact,
  removeLink,
  tieChoices,
  tiesMap,
  tiesOf,
  TIE_SORTS,
  updateActor,
  type LocalActor,
} from './queries.js';

export default async function routes(app: FastifyInstance): Promise<void> {
  const actorOr404 = (request: FastifyRequest, reply: FastifyReply): Promise<LocalActor | null> =>
    foundOr404(request, reply, (id) => findActor(app.db, id));

  function showData(
    request: FastifyRequest,
    actor: LocalActor,
    extra: { contactValues?: FormValues; contactErrors?: FieldErrors; linkValues?: FormValues; linkErrors?: FieldErrors } = {},
  ) {
    const user = request.user!;
    const canEdit = atLeast(user.role, 'coordinator');
    return {
      actor,
      contacts: contactsOf(app.db, actor.id),
      ties: tiesOf(app.db, actor.id),
      canEdit,
      showEmail: user.role !== 'viewer' || request.org!.viewersSeeContactDetails,
      choices: canEdit ? tieChoices(app.db) : { partnerships: [], delegations: [] },
      roles: LOCAL_ACTOR_ROLES,
      contactValues: extra.contactValues ?? {},
      contactErrors: extra.contactErrors ?? {},
      linkValues: extra.linkValues ?? { role: 'participant' },
      linkErrors: extra.linkErrors ?? {},
    };
  }

  /** After a change: back to the actor's page with a message. */
  function backTo(request: FastifyRequest, reply: FastifyReply, actorId: number, message: string) {
    flash(request, message);
    return redirectTo(request, reply, `/local-actors/${actorId}`);
  }

  /** The actor's page again with one of its forms' errors beside the fields and the input kept. */
  function invalidChild(request: FastifyRequest, reply: FastifyReply, actor: LocalActor, form: 'contact' | 'link', errors: FieldErrors) {
    const values = request.body as FormValues;
    const extra = form === 'contact' ? { contactValues: values, contactErrors: errors } : { linkValues: values, linkErrors: errors };
    return reply.page('local-actors/show', showData(request, actor, extra), { status: 422 });
  }

  app.get('/local-actors', { config: { access: 'signed_in' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const paging = parsePaging(query, ACTOR_SORTS, 'name', 'asc', 50);
    return reply.page('local-actors/index', {
      rows: listActors(app.db, { ...paging, labels: request.i18n }),
      paging,
      query,
      path: '/local-actors',
      pager: pager('/local-actors', query, paging, countActors(app.db)),
      canEdit: atLeast(request.user!.role, 'coordinator'),
    });
  });

  app.get('/local-actors/ties', { config: { access: 'signed_in' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const paging = parsePaging(query, TIE_SORTS, 'actor', 'asc', 50);
    return reply.page('local-actors/ties', {
      rows: tiesMap(app.db, paging),
      paging,
      query,
      path: '/local-actors/ties',
      pager: pager('/local-actors/ties', query, paging, countTies(app.db)),
    });
  });

  const formPage = (actor: LocalActor | null, values: FormValues, errors: FieldErrors) => ({
    actor,
    values,
    errors,
    kinds: LOCAL_ACTOR_KINDS,
  });

  app.get('/local-actors/new', { config: { access: 'coordinator' } }, async (_request, reply) =>
    reply.page('local-actors/form', formPage(null, { kind: 'university' }, {})),
  );

  app.post('/local-actors', { config: { access: 'coordinator' } }, async (request, reply) => {
    const parsed = parseForm(actorSchema, request.body, request.i18n);
    if (!parsed.ok) return reply.page('local-actors/form', formPage(null, parsed.values, parsed.errors), { status: 422 });
    const id = createActor(app.db, request.actor(), parsed.data);
    return backTo(request, reply, id, request.i18n.t('localActors.created', { name: parsed.data.name }));
  });

  app.get('/local-actors/:id', { config: { access: 'signed_in' } }, async (request, reply) => {
    const actor = await actorOr404(request, reply);
    if (!actor) return reply;
    return reply.page('local-actors/show', showData(request, actor));
  });

  app.get('/local-actors/:id/edit', { config: { access: 'coordinator' } }, async (request, reply) => {
    const actor = await actorOr404(request, reply);
    if (!actor) return reply;
    return reply.page('local-actors/form', formPage(actor, actor, {}));
  });

  app.post('/local-actors/:id', { config: { access: 'coordinator' } }, async (request, reply) => {
    const actor = await actorOr404(request, reply);
    if (!actor) return reply;
    const parsed = parseForm(actorSchema, request.body, request.i18n);
    if (!parsed.ok) return reply.page('local-actors/form', formPage(actor, parsed.values, parsed.errors), { status: 422 });
    updateActor(app.db, request.actor(), actor.id, parsed.data);
    return backTo(request, reply, actor.id, request.i18n.t('common.saved'));
  });

  app.post('/local-actors/:id/contacts', { config: { access: 'coordinator' } }, async (request, reply) => {
    const actor = await actorOr404(request, reply);
    if (!actor) return reply;
    const parsed = parseForm(contactSchema, request.body, request.i18n);
    const invalid = (errors: FieldErrors) => invalidChild(request, reply, actor, 'contact', errors);
    if (!parsed.ok) return invalid(parsed.errors);
    const contactId = contactByEmail(app.db, parsed.data.email);
    if (contactId === null && parsed.data.name === '') return invalid({ name: request.i18n.t('localActors.error.unknownContact') });
    addContact(app.db, request.actor(), actor.id, { contactId, ...parsed.data });
    return backTo(request, reply, actor.id, request.i18n.t('localActors.contactAdded'));
  });

  app.post('/local-actors/:id/links', { config: { access: 'coordinator' } }, async (request, reply) => {
    const actor = await actorOr404(request, reply);
    if (!actor) return reply;
    const parsed = parseForm(linkSchema, request.body, request.i18n);
    const invalid = (errors: FieldErrors) => invalidChild(request, reply, actor, 'link', errors);
    if (!parsed.ok) return invalid(parsed.errors);
    const { partnershipId, delegationId } = parsed.data;
    if (partnershipId !== null && !exists(app.db, 'partnership', partnershipId))
      return invalid({ partnershipId: request.i18n.t('validation.notFound') });
    if (delegationId !== null && !exists(app.db, 'delegation', delegationId))
      return invalid({ delegationId: request.i18n.t('validation.notFound') });
    addLink(app.db, request.actor(), actor.id, parsed.data);
    return backTo(request, reply, actor.id, request.i18n.t('localActors.linked'));
  });

  // Removing a contact person or a link: the child must belong to the actor in the URL.
  for (const [child, remove] of [
    ['contacts', removeContact],
    ['links', removeLink],
  ] as const) {
    app.post(`/local-actors/:id/${child}/:childId/delete`, { config: { access: 'coordinator' } }, async (request, reply) => {
      const actor = await actorOr404(request, reply);
      if (!actor) return reply;
      if (!remove(app.db, request.actor(), actor.id, idParam(request, 'childId') ?? 0)) return reply.code(404).renderError('notFound');
      return backTo(request, reply, actor.id, request.i18n.t('localActors.removed'));
    });
  }
}
