// The one way a route finds the partnership it works on: by the URL's id, or a 404 page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { idParam, parseId } from '../plugins/request.js';
import { loadPartnership, type PartnershipHead } from './queries.js';

/** The partnership named by the route's :id (or the given id), or undefined after answering 404. */
export async function partnershipOr404(
  request: FastifyRequest,
  reply: FastifyReply,
  id: unknown = idParam(request),
): Promise<PartnershipHead | undefined> {
  const pid = parseId(id);
  const p = pid === null ? undefined : loadPartnership(request.server.db, pid);
  if (!p) await reply.code(404).renderError('notFound');
  return p;
}
