// Request plumbing, one way each: who is acting (for the audit log), the organisation's today,
// and ids from the URL. Routes call request.actor(), request.today() and idParam(request).
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditActor } from '../audit/record.js';
import { todayIn } from '../lib/dates.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, their address and the app's clock, as the audit log records them. */
    actor(): AuditActor;
    /** The organisation's calendar date now (YYYY-MM-DD), in its time zone. */
    today(): string;
  }
}

/** A positive whole number from a URL parameter or query value ("12"), or null for anything else. */
export function parseId(value: unknown): number | null {
  const raw = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  return /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : null;
}

/** The route's `:id` (or another named parameter) as an id, or null: the caller answers 404. */
export function idParam(request: FastifyRequest, name = 'id'): number | null {
  return parseId((request.params as Record<string, unknown> | undefined)?.[name]);
}

/**
 * The record the route's `:id` (or another named parameter) names, found by `find`; null after
 * answering 404 when the id is malformed or names nothing. The one loader of routes on one record.
 */
export async function foundOr404<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  find: (id: number) => T | null | undefined,
  name = 'id',
): Promise<T | null> {
  const id = idParam(request, name);
  const found = id === null ? null : (find(id) ?? null);
  if (found === null) await reply.code(404).renderError('notFound');
  return found;
}

/** The actor of a route that only signed-in users reach: its user id is known. */
export function userActor(request: FastifyRequest): AuditActor & { userId: number } {
  if (!request.user) throw new Error('userActor() on a request without a signed-in user');
  return { ...request.actor(), userId: request.user.id };
}

export default fp(
  async (app) => {
    app.decorateRequest('actor', function actor(this: FastifyRequest): AuditActor {
      return { userId: this.user?.id ?? null, ip: this.ip, now: app.now() };
    });
    app.decorateRequest('today', function today(this: FastifyRequest): string {
      return todayIn(this.org?.timeZone ?? 'UTC', app.now());
    });
  },
  { name: 'request-plumbing' },
);
