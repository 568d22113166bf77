// One place for errors: a 404 and error pages in the layout, a short fragment for htmx,
// the details in the log with the request id, never in the page.
import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import type { ErrorKind } from './views.js';

export default fp(async (app) => {
  app.setNotFoundHandler(async (request, reply) => {
    return reply.code(404).renderError('notFound');
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    let kind: ErrorKind = 'server';
    if (error.code === 'FST_CSRF_MISSING_SECRET' || error.code === 'FST_CSRF_INVALID_TOKEN') kind = 'csrf';
    else if (status === 404) kind = 'notFound';
    else if (status === 403) kind = 'forbidden';
    else if (status === 413) kind = 'tooLarge';
    else if (status === 429) kind = 'rateLimited';
    else if (status >= 400 && status < 500) kind = 'badRequest';
    if (status >= 500) request.log.error({ err: error, reqId: request.id }, 'request failed');
    else request.log.info({ err: { message: error.message, code: error.code }, reqId: request.id }, 'request refused');
    const code = kind === 'server' ? 500 : kind === 'csrf' ? 403 : status;
    // The error may come before our context hook ran (a body too large, a bad content type).
    if (!request.i18n) {
      const { createI18n } = await import('../i18n/index.js');
      request.i18n = createI18n('en', 'UTC', 'EUR');
    }
    const headers = (error as { headers?: Record<string, string> }).headers;
    if (headers) reply.headers(headers);
    return reply.code(code).renderError(kind, { id: String(request.id) });
  });
});
