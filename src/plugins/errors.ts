// One place for errors: a 404 and error pages in the layout, a short fragment for htmx,
// the details in the log with the request id, never in the page, and never JSON: even Fastify's
// own errors (a bad body, a wrong content type, a body too large) and a page that fails to render
// answer HTML in the user's language. A write the storage refused (disk full, read-only, locked)
// says plainly that nothing was saved: 507 or 503.
import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorKind } from './views.js';
import { storageFailure } from '../db/client.js';
import { createI18n, isLocale, type Locale } from '../i18n/index.js';
import { escapeHtml } from '../mail/compose.js';
import { loadOrganisation } from '../settings/queries.js';

function acceptLanguage(request: FastifyRequest): Locale {
  for (const part of String(request.headers['accept-language'] ?? '').split(',')) {
    const lang = part.split(';')[0]!.trim().toLowerCase().split('-')[0]!;
    if (lang === 'no' || lang === 'nn') return 'nb';
    if (isLocale(lang)) return lang;
  }
  return 'en';
}

/** The language of an error that came before the context hook (or where the database cannot be read). */
function fallbackLocale(request: FastifyRequest): Locale {
  const org = request.org as { locale?: string } | null | undefined;
  if (org && isLocale(org.locale)) return org.locale;
  return acceptLanguage(request);
}

export function classify(error: FastifyError): { kind: ErrorKind; code: number } {
  const storage = storageFailure(error);
  if (storage === 'full') return { kind: 'notSaved', code: 507 };
  if (storage === 'unavailable') return { kind: 'unavailable', code: 503 };
  const status = error.statusCode ?? 500;
  if (error.code === 'FST_CSRF_MISSING_SECRET' || error.code === 'FST_CSRF_INVALID_TOKEN') return { kind: 'csrf', code: 403 };
  if (status === 404) return { kind: 'notFound', code: 404 };
  if (status === 403) return { kind: 'forbidden', code: 403 };
  if (status === 413) return { kind: 'tooLarge', code: 413 };
  if (status === 429) return { kind: 'rateLimited', code: 429 };
  if (status >= 400 && status < 500) return { kind: 'badRequest', code: status };
  return { kind: 'server', code: 500 };
}

/** The last resort: a page without the layout, the database or the session, that cannot fail. */
function plainPage(request: FastifyRequest, reply: FastifyReply, kind: ErrorKind, id: string): FastifyReply {
  const i18n = request.i18n ?? createI18n(fallbackLocale(request), 'UTC', 'EUR');
  const title = escapeHtml(i18n.t(`error.${kind}.title`));
  const body = escapeHtml(i18n.t(`error.${kind}.body`, { id }));
  const html = request.isHtmx
    ? `<section class="error-page" role="alert"><h1>${title}</h1><p>${body}</p></section>`
    : `<!doctype html><html lang="${i18n.locale}"><head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="/static/app.css"></head>` +
      `<body><main id="main"><section class="error-page" role="alert"><h1>${title}</h1><p>${body}</p></section></main></body></html>`;
  return reply.type('text/html; charset=utf-8').send(html);
}

/**
 * Errors Fastify answers before any route or hook (an address it cannot decode, a parameter too long):
 * the plain page in the browser's language instead of Fastify's JSON.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  request.log.info({ err: { message: error.message, code: error.code }, reqId: request.id }, 'request refused');
  reply.code(error.statusCode && error.statusCode < 500 ? error.statusCode : 400);
  plainPage(request, reply, 'badRequest', String(request.id));
}

export default fp(async (app) => {
  app.setNotFoundHandler(async (request, reply) => {
    return reply.code(404).renderError('notFound');
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const { kind, code } = classify(error);
    if (code >= 500) request.log.error({ err: error, reqId: request.id }, 'request failed');
    else request.log.info({ err: { message: error.message, code: error.code }, reqId: request.id }, 'request refused');
    // The error may come before our context hook ran (a body too large, a bad content type, the
    // sign-in rate limit): the organisation's name and language all the same, when it can be read.
    if (!request.org) {
      try {
        request.org = loadOrganisation(app.db);
      } catch {
        // The database is the problem: the browser's language, below.
      }
    }
    if (!request.i18n) request.i18n = createI18n(fallbackLocale(request), request.org?.timeZone ?? 'UTC', request.org?.currency ?? 'EUR');
    const headers = (error as { headers?: Record<string, string> }).headers;
    if (headers) reply.headers(headers);
    if (code === 503) reply.header('Retry-After', '30');
    reply.code(code);
    try {
      return await reply.renderError(kind, { id: String(request.id) });
    } catch (renderError) {
      // The layout reads the database and the session; when they are the problem, answer plainly.
      request.log.error({ err: renderError, reqId: request.id }, 'error page failed to render');
      return plainPage(request, reply, kind, String(request.id));
    }
  });
});
