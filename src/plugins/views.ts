// Eta templates through @fastify/view, and the two ways a handler answers with HTML:
// reply.page() for a full page (or its fragment for htmx) and reply.fragment() for a piece alone.
import fp from 'fastify-plugin';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import { and, count, eq, isNull } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notifications } from '../db/schema.js';
import { href, sortHref } from '../lib/paging.js';
import { APP_VERSION } from '../health/version.js';
import { csrfToken } from './context.js';
import { allows, mayTickFollowUp } from './access.js';
import { attrs } from '../lib/html.js';
import { EXPORT_SOURCES } from '../exports/sources.js';
import type { I18n } from '../i18n/index.js';
import { documentPanel } from '../documents/panel.js';
import type { DocumentRecord } from '../documents/domain.js';
import { actorsOfTie } from '../local-actors/queries.js';
import { fromRoot } from '../paths.js';

export const viewsFolder = fromRoot('views');

export type ErrorKind =
  'notFound' | 'forbidden' | 'csrf' | 'server' | 'badRequest' | 'tooLarge' | 'rateLimited' | 'notSaved' | 'unavailable' | 'setupToken';

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

/** What the export buttons of a list show: personal lists are not offered to viewers. */
interface ExportOffer {
  personal: boolean;
  vcard: boolean;
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
    // Added to what is there: compression has already said Vary: accept-encoding.
    const vary = reply.getHeader('Vary');
    reply.header('Vary', vary ? `${String(vary)}, HX-Request` : 'HX-Request');
    return payload;
  });

  // What an export list offers, as the list's own source in the export registry (src/exports/sources.ts)
  // declares it, so the export buttons and the /exports route cannot disagree. Building a source
  // builds its query without running it; the answer is kept per list.
  const exportOffers = new Map<string, ExportOffer>();
  function exportOffer(list: string, i18n: I18n): ExportOffer {
    let offer = exportOffers.get(list);
    if (offer === undefined) {
      const source = Object.hasOwn(EXPORT_SOURCES, list) ? EXPORT_SOURCES[list] : undefined;
      if (!source) throw new Error(`No export list named ${list}`);
      const declared = source(app.db, {}, i18n, { userId: 0, now: new Date(0), today: '1970-01-01' });
      offer = { personal: declared.personal, vcard: declared.vcard !== undefined };
      exportOffers.set(list, offer);
    }
    return offer;
  }

  /**
   * What every template may use: it.t, it.i18n, it.user, it.org, it.csrf, it.path, it.href,
   * it.attrs (escaped attributes, safe raw), it.can('coordinator') (the signed-in user's level;
   * templates never compare role names) ...
   */
  function locals(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
    const user = request.user;
    let unread = 0;
    if (user) {
      unread =
        app.db
          .select({ n: count() })
          .from(notifications)
          .where(and(eq(notifications.userId, user.id), isNull(notifications.readAt)))
          .get()?.n ?? 0;
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
      attrs,
      can: (level: 'contributor' | 'coordinator' | 'admin') => allows(user?.role ?? null, level),
      mayTickFollowUp: (f: { assigneeId: number | null; logCreatedById: number | null }) => mayTickFollowUp(user, f),
      exportOffer: (list: string) => exportOffer(list, request.i18n),
      /** A static file's content-hashed address: it.asset('app.css') (src/plugins/assets.ts). */
      asset: app.asset,
      /** A record's documents and upload form (views/partials/documents.eta). */
      documents: (record: DocumentRecord, id: number) => documentPanel(app.db, request, record, id),
      /** The local actors taking part in a partnership or delegation (views/local-actors/_of-tie.eta). */
      localActorsOf: (tie: 'partnership' | 'delegation', id: number) => actorsOfTie(app.db, tie, id),
    };
  }

  app.decorateReply(
    'page',
    async function (
      this: FastifyReply,
      template: string,
      data: Record<string, unknown> = {},
      options: { fragment?: string; status?: number } = {},
    ) {
      const request = this.request;
      const name = request.isHtmx && options.fragment ? options.fragment : template;
      const html = await app.view(name, { ...locals(request, this), ...data });
      if (options.status) this.code(options.status);
      this.type('text/html; charset=utf-8');
      app.keptPages.offer(request, this, html);
      return this.send(html);
    },
  );

  app.decorateReply('fragment', async function (this: FastifyReply, template: string, data: Record<string, unknown> = {}, status?: number) {
    const html = await app.view(template, { ...locals(this.request, this), ...data });
    if (status) this.code(status);
    this.type('text/html; charset=utf-8');
    app.keptPages.offer(this.request, this, html);
    return this.send(html);
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
