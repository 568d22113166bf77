// Eta templates through @fastify/view, and the two ways a handler answers with HTML:
// reply.page() for a full page (or its fragment for htmx) and reply.fragment() for a piece alone.
import fp from 'fastify-plugin';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import { fileURLToPath } from 'node:url';
import { and, count, eq, isNull } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notifications } from '../db/schema.js';
import { href, sortHref } from '../lib/paging.js';
import { APP_VERSION } from '../health/version.js';
import { csrfToken } from './context.js';

export const viewsFolder = fileURLToPath(new URL('../../views', import.meta.url));

export type ErrorKind = 'notFound' | 'forbidden' | 'csrf' | 'server' | 'badRequest' | 'tooLarge' | 'rateLimited' | 'notSaved' | 'unavailable' | 'setupToken';

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Render a full page (the template calls layout()). With `fragment`, an htmx request gets
     * only that partial, rendered with the same data.
     */
    page(template: string, data?: Record<string, unknown>, options?: { fragment?: string; status?: number }): Promise<FastifyReply>;
    /** Render a partial alone (no layout), e.g. a form re-rendered with its errors. */
    fragment(template: string, data?: Record<string, unknown>, status?: number): Promise<FastifyReply>;
    /** An error page in the layout, or a short fragment for htmx. The status must be set first. */
    renderError(kind: ErrorKind, details?: { id?: string }): Promise<FastifyReply>;
  }
  interface FastifyRequest {
    isHtmx: boolean;
  }
}

export default fp(async (app) => {
  await app.register(fastifyView, {
    engine: { eta: new Eta({ autoEscape: true, autoTrim: false }) },
    root: viewsFolder,
    production: true,
  });

  app.decorateRequest('isHtmx', {
    getter(this: FastifyRequest) {
      return this.headers['hx-request'] === 'true';
    },
  });

  // Pages and fragments share one URL: caches must keep them apart.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('Vary', 'HX-Request');
    return payload;
  });

  /** What every template may use: it.t, it.i18n, it.user, it.org, it.csrf, it.path, it.href ... */
  function locals(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
    const user = request.user;
    let unread = 0;
    if (user) {
      unread = app.db.select({ n: count() }).from(notifications)
        .where(and(eq(notifications.userId, user.id), isNull(notifications.readAt))).get()?.n ?? 0;
    }
    const flash = request.session?.flash ?? [];
    if (flash.length > 0 && !request.isHtmx) request.session.flash = [];
    const url = new URL(request.url, 'http://x');
    return {
      t: request.i18n.t,
      tn: request.i18n.tn,
      i18n: request.i18n,
      user,
      org: request.org,
      csrf: csrfToken(request, reply),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      unread,
      flash: request.isHtmx ? [] : flash,
      href,
      sortHref,
      isHtmx: request.isHtmx,
      version: APP_VERSION,
    };
  }

  app.decorateReply('page', async function (this: FastifyReply, template: string, data: Record<string, unknown> = {}, options: { fragment?: string; status?: number } = {}) {
    const request = this.request;
    const name = request.isHtmx && options.fragment ? options.fragment : template;
    const html = await app.view(name, { ...locals(request, this), ...data });
    if (options.status) this.code(options.status);
    return this.type('text/html; charset=utf-8').send(html);
  });

  app.decorateReply('fragment', async function (this: FastifyReply, template: string, data: Record<string, unknown> = {}, status?: number) {
    const html = await app.view(template, { ...locals(this.request, this), ...data });
    if (status) this.code(status);
    return this.type('text/html; charset=utf-8').send(html);
  });

  app.decorateReply('renderError', async function (this: FastifyReply, kind: ErrorKind, details: { id?: string } = {}) {
    const request = this.request;
    const template = request.isHtmx ? 'errors/_error' : 'errors/error';
    const html = await app.view(template, { ...locals(request, this), kind, errorId: details.id ?? '' });
    return this.type('text/html; charset=utf-8').send(html);
  });
});

/** Add a one-time message shown at the top of the next page. */
export function flash(request: FastifyRequest, message: string): void {
  request.session.flash = [...(request.session.flash ?? []), message];
}
