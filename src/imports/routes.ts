// Imports (coordinator and admin): upload a CSV or XLSX file, adjust the column mapping, look at
// the preview (each row new, update or error), commit all rows or none, revert a batch later.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import { FIELDS, ENTITIES, cleanMapping, countPreview, guessMapping, type Entity, type PreviewRow } from './domain.js';
import { ImportFileError, parseUpload } from './parse.js';
import {
  commitBatch, createPendingBatch, discardBatch, getBatch, previewBatch, recentBatches, revertBatch, saveMapping, stagingOf,
} from './queries.js';
import { flash } from '../plugins/views.js';
import { redirectTo } from '../plugins/context.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Rows shown in the preview table; every row is still checked and counted. */
export const PREVIEW_ROWS = 500;

function message(request: FastifyRequest, m: string): string {
  const [k, json] = m.split('|', 2) as [string, string | undefined];
  return request.i18n.t(k, json ? JSON.parse(json) : undefined);
}

export default async function routes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10, parts: 12 } });

  const idParam = (request: FastifyRequest<{ Params: { id: string } }>) => (/^\d+$/.test(request.params.id) ? Number(request.params.id) : 0);

  const uploadPage = (request: FastifyRequest, values: Record<string, unknown>, error: string | null) => ({
    entities: ENTITIES, values, error, batches: recentBatches(app.db), maxMb: MAX_FILE_BYTES / 1024 / 1024,
  });

  app.get('/imports', { config: { access: 'coordinator' } }, async (request, reply) => {
    return reply.page('imports/index', uploadPage(request, { entity: 'partners' }, null));
  });

  app.post('/imports', { config: { access: 'coordinator' } }, async (request, reply) => {
    let entity: Entity = 'partners';
    const fail = (key: string, params?: Record<string, string | number>) =>
      reply.page('imports/index', uploadPage(request, { entity }, request.i18n.t(key, params)), { status: 422, fragment: 'imports/_upload' });
    if (!request.isMultipart()) return fail('imports.error.noFile');
    let fileName = '';
    let bytes: Buffer | null = null;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          fileName = part.filename;
          bytes = await part.toBuffer();
        } else if (part.fieldname === 'entity' && (ENTITIES as readonly string[]).includes(String(part.value))) {
          entity = part.value as Entity;
        }
      }
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return fail('imports.error.tooLarge', { max: MAX_FILE_BYTES / 1024 / 1024 });
      throw error;
    }
    if (!bytes || !fileName) return fail('imports.error.noFile');
    let parsed;
    try {
      parsed = await parseUpload(bytes);
    } catch (error) {
      if (error instanceof ImportFileError) return fail(error.key);
      throw error;
    }
    const mapping = guessMapping(entity, parsed.headers);
    const id = createPendingBatch(app.db, entity, fileName, request.user!.id, parsed, mapping, app.now());
    return redirectTo(request, reply, `/imports/${id}`);
  });

  app.get<{ Params: { id: string } }>('/imports/:id', { config: { access: 'coordinator' } }, async (request, reply) => {
    const batch = getBatch(app.db, idParam(request));
    if (!batch) return reply.code(404).renderError('notFound');
    const staging = stagingOf(batch);
    const preview = staging ? previewBatch(app.db, batch) : [];
    const counts = countPreview(preview);
    const shown = [...preview.filter((r) => r.status === 'error'), ...preview.filter((r) => r.status !== 'error')].slice(0, PREVIEW_ROWS);
    const fields = FIELDS[batch.entity];
    const mapped = staging ? staging.mapping.filter((m): m is string => !!m) : [];
    return reply.page('imports/show', {
      batch, staging, counts, rows: shown, fields, mapped,
      missing: fields.filter((f) => f.required && !mapped.includes(f.key)).map((f) => f.key),
      errorText: (r: PreviewRow, field: string) => (r.errors[field] ? message(request, r.errors[field]!) : ''),
      previewLimit: PREVIEW_ROWS,
    });
  });

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/imports/:id/mapping', { config: { access: 'coordinator' } }, async (request, reply) => {
    const batch = getBatch(app.db, idParam(request));
    if (!batch) return reply.code(404).renderError('notFound');
    const staging = stagingOf(batch);
    if (!staging || batch.status !== 'pending') return redirectTo(request, reply, `/imports/${batch.id}`);
    const chosen = staging.headers.map((_, i) => {
      const v = request.body?.[`column${i}`];
      return typeof v === 'string' ? v : undefined;
    });
    saveMapping(app.db, batch, cleanMapping(batch.entity, staging.headers.length, chosen));
    return redirectTo(request, reply, `/imports/${batch.id}#preview`);
  });

  app.post<{ Params: { id: string } }>('/imports/:id/commit', { config: { access: 'coordinator' } }, async (request, reply) => {
    const batch = getBatch(app.db, idParam(request));
    if (!batch) return reply.code(404).renderError('notFound');
    const result = commitBatch(app.db, batch.id, { userId: request.user!.id, ip: request.ip, now: app.now() });
    if (result.ok) flash(request, request.i18n.t('imports.committed', { created: result.created, updated: result.updated }));
    else flash(request, request.i18n.t(`imports.commitRefused.${result.reason}`));
    return redirectTo(request, reply, `/imports/${batch.id}`);
  });

  app.post<{ Params: { id: string } }>('/imports/:id/revert', { config: { access: 'coordinator' } }, async (request, reply) => {
    const batch = getBatch(app.db, idParam(request));
    if (!batch) return reply.code(404).renderError('notFound');
    const result = revertBatch(app.db, batch.id, { userId: request.user!.id, ip: request.ip, now: app.now() });
    if (result.ok) flash(request, request.i18n.t('imports.reverted'));
    else flash(request, request.i18n.t(`imports.revertRefused.${result.reason}`, { count: result.changed?.length ?? 0 }));
    return redirectTo(request, reply, `/imports/${batch.id}`);
  });

  app.post<{ Params: { id: string } }>('/imports/:id/discard', { config: { access: 'coordinator' } }, async (request, reply) => {
    const batch = getBatch(app.db, idParam(request));
    if (!batch) return reply.code(404).renderError('notFound');
    discardBatch(app.db, batch.id);
    return redirectTo(request, reply, '/imports');
  });
}
