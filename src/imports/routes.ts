// Imports (coordinator and admin): upload a CSV or XLSX file, map or ignore each column, look at
// the preview a page at a time (each row new, update with its changes, unchanged, likely
// duplicate or error), exclude rows and decide on likely duplicates, commit the included rows
// all or none, revert a batch within its window. Every refusal re-renders the page with a 422.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import {
  FIELDS,
  ENTITIES,
  PENDING_TTL_MS,
  REVERT_WINDOW_DAYS,
  canRevert,
  cleanMapping,
  countPreview,
  guessMapping,
  pendingExpired,
  revertUntil,
  undecided,
  type Choices,
  type Entity,
  type PreviewRow,
  type Validate,
} from './domain.js';
import { ImportFileError, MAX_ROWS, parseUpload } from './parse.js';
import {
  choicesOf,
  commitBatch,
  createPendingBatch,
  discardBatch,
  getBatch,
  previewBatchInSlices,
  purgeExpiredImports,
  recentBatches,
  revertBatch,
  saveChoices,
  saveMapping,
  stagingOf,
  type Batch,
  type Staging,
} from './queries.js';
import { parseForm } from '../lib/form.js';
import { partnerSchema } from '../partners/form.js';
import { contactSchema } from '../contacts/form.js';
import { logEntrySchema } from '../log/form.js';
import type { I18n } from '../i18n/index.js';
import { flash } from '../plugins/views.js';
import { redirectTo } from '../plugins/context.js';
import { href, pager, parsePaging } from '../lib/paging.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Rows per page of the preview; every row is still checked and counted. */
export const PREVIEW_PAGE_ROWS = 100;
const FILTERS = ['all', 'attention', 'new', 'update', 'unchanged', 'likely', 'error', 'excluded'] as const;
type Filter = (typeof FILTERS)[number];

/** Each row validated by its feature's own form schema, in the reader's locale. */
export function validatorFor(i18n: I18n): Validate {
  return (entity, form) => {
    const result =
      entity === 'partners'
        ? parseForm(partnerSchema, form, i18n)
        : entity === 'contacts'
          ? parseForm(contactSchema, form, i18n)
          : parseForm(logEntrySchema, form, i18n);
    return result.ok ? { ok: true, data: result.data as Record<string, unknown> } : { ok: false, errors: result.errors };
  };
}

/** A stored message: a catalog key ("key|{params}") is translated; a message parseForm already translated is shown as it is. */
function message(request: FastifyRequest, m: string): string {
  if (!/^[a-z][\w]*\.[\w.]+(\|.*)?$/.test(m)) return m;
  const [k, json] = m.split('|', 2) as [string, string | undefined];
  return request.i18n.t(k, json ? JSON.parse(json) : undefined);
}

function matchesFilter(r: PreviewRow, filter: Filter): boolean {
  if (filter === 'all') return true;
  if (filter === 'excluded') return r.excluded;
  if (filter === 'attention') return r.status === 'likely' || r.status === 'error' || r.changes.some((c) => c.held);
  return !r.excluded && r.status === filter;
}

/** An uploaded file: its bytes, or null when it was larger than MAX_FILE_BYTES. */
interface Upload {
  filename: string;
  bytes: Buffer | null;
}
interface UploadForm {
  _csrf?: string;
  entity?: string;
  file?: Upload;
  unreadable?: boolean;
}

/**
 * The choices with what one page of the preview posted: the rows it showed (`lines`), which of
 * them stay in (`include`), decisions on likely duplicates and held changes ticked.
 */
function postedChoices(staging: Staging, body: Record<string, unknown>): Choices {
  const known = new Set(staging.rowNumbers ?? Array.from({ length: staging.rowCount }, (_, i) => i + 2));
  const shown = asList(body.lines)
    .map(Number)
    .filter((n) => known.has(n));
  const included = new Set(asList(body.include).map(Number));
  const before = choicesOf(staging);
  const choices: Choices = {
    excluded: [...before.excluded.filter((l) => !shown.includes(l)), ...shown.filter((l) => !included.has(l))],
    decisions: { ...before.decisions },
    accepted: { ...before.accepted },
  };
  for (const line of shown) {
    const decision = body[`decision${line}`];
    if (typeof decision === 'string' && /^(new|skip|match:\d+|)$/.test(decision)) {
      if (decision === '') delete choices.decisions[String(line)];
      else choices.decisions[String(line)] = decision;
    }
    const accepted = asList(body[`accept${line}`]).filter((f) => /^[a-zA-Z]+$/.test(f));
    if (accepted.length > 0) choices.accepted[String(line)] = accepted;
    else delete choices.accepted[String(line)];
  }
  return choices;
}

const asList = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

export default async function routes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10, parts: 12 },
    throwFileSizeLimit: false,
  });

  /**
   * Reads the upload form before the preHandler hooks, so the CSRF check finds its _csrf field
   * (the token is never read from the URL). A file over the limit is marked, and a form that
   * cannot be read is marked too: the handler answers both with a 422, never a 500.
   */
  async function readUploadForm(request: FastifyRequest): Promise<void> {
    if (!request.isMultipart()) return;
    const body: UploadForm = {};
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          body.file = { filename: part.filename, bytes: part.file.truncated ? null : bytes };
        } else if (typeof part.value === 'string') {
          if (part.fieldname === '_csrf' || part.fieldname === 'entity') body[part.fieldname] = part.value;
        }
      }
    } catch (error) {
      request.log.warn({ err: error }, 'import upload unreadable');
      body.unreadable = true;
    }
    request.body = body;
  }

  const idParam = (request: FastifyRequest<{ Params: { id: string } }>) =>
    /^\d+$/.test(request.params.id) ? Number(request.params.id) : 0;

  const uploadPage = (values: Record<string, unknown>, error: string | null) => ({
    entities: ENTITIES,
    values,
    error,
    batches: recentBatches(app.db),
    maxMb: MAX_FILE_BYTES / 1024 / 1024,
    maxRows: MAX_ROWS,
  });

  /** The batch page: mapping, the preview's page of rows, and what can be done next. */
  async function showPage(request: FastifyRequest, reply: FastifyReply, batch: Batch, error: string | null = null, status = 200) {
    const query = request.query as Record<string, unknown>;
    const staging = stagingOf(batch);
    const preview = staging ? await previewBatchInSlices(app.db, batch, validatorFor(request.i18n)) : [];
    const counts = countPreview(preview);
    const filter: Filter = (FILTERS as readonly string[]).includes(String(query.show)) ? (query.show as Filter) : 'all';
    const listed = preview.filter((r) => matchesFilter(r, filter));
    const paging = parsePaging(query, ['line'], 'line', 'asc', PREVIEW_PAGE_ROWS);
    const rows = listed.slice(paging.offset, paging.offset + paging.perPage);
    const fields = FIELDS[batch.entity];
    const mapped = staging ? staging.mapping.filter((m): m is string => !!m) : [];
    const ignored = staging
      ? staging.headers
          .map((h, i) => ({ header: h || request.i18n.t('imports.mapping.unnamed', { n: i + 1 }), i }))
          .filter((c) => !staging.mapping[c.i])
      : [];
    const now = app.now();
    const until = revertUntil(batch);
    const path = `/imports/${batch.id}`;
    return reply.page(
      'imports/show',
      {
        batch,
        staging,
        counts,
        rows,
        fields,
        mapped,
        ignored,
        error,
        filter,
        filters: FILTERS,
        filterHref: (f: string) => href(path, {}, { show: f === 'all' ? null : f }),
        pager: pager(path, query, paging, listed.length),
        returnTo: href(path, query),
        missing: fields.filter((f) => f.required && !mapped.includes(f.key)).map((f) => f.key),
        undecided: undecided(preview),
        errorText: (r: PreviewRow, field: string) => (r.errors[field] ? message(request, r.errors[field]!) : ''),
        expiresAt: new Date(Date.parse(batch.createdAt) + PENDING_TTL_MS).toISOString(),
        revertUntil: until?.toISOString() ?? null,
        canRevert: canRevert(batch, now),
        revertDays: REVERT_WINDOW_DAYS,
      },
      { status },
    );
  }

  /** The batch, or a reply already sent: 404 when unknown, the upload page when its preview expired. */
  async function loadBatch(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply): Promise<Batch | null> {
    const batch = getBatch(app.db, idParam(request));
    if (!batch) {
      await reply.code(404).renderError('notFound');
      return null;
    }
    if (pendingExpired(batch, app.now())) {
      purgeExpiredImports(app.db, app.now());
      await reply.page('imports/index', uploadPage({ entity: batch.entity }, request.i18n.t('imports.error.expired')), { status: 410 });
      return null;
    }
    return batch;
  }

  /** A batch still waiting to be committed, with its staging; otherwise the reply already sent (422 when it is no longer pending). */
  async function pendingBatch(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
    const batch = await loadBatch(request, reply);
    if (!batch) return null;
    const staging = stagingOf(batch);
    if (!staging || batch.status !== 'pending') {
      await showPage(request, reply, batch, request.i18n.t('imports.commitRefused.notPending'), 422);
      return null;
    }
    return { batch, staging };
  }

  app.get('/imports', { config: { access: 'coordinator' } }, async (request, reply) => {
    purgeExpiredImports(app.db, app.now());
    return reply.page('imports/index', uploadPage({ entity: 'partners' }, null));
  });

  app.post('/imports', { config: { access: 'coordinator' }, preValidation: readUploadForm }, async (request, reply) => {
    purgeExpiredImports(app.db, app.now());
    let entity: Entity = 'partners';
    const fail = (key: string, params?: Record<string, string | number>) =>
      reply.page('imports/index', uploadPage({ entity }, request.i18n.t(key, params)), { status: 422, fragment: 'imports/_upload' });
    if (!request.isMultipart()) return fail('imports.error.noFile');
    const body = (request.body ?? {}) as UploadForm;
    if (body.entity && (ENTITIES as readonly string[]).includes(body.entity)) entity = body.entity as Entity;
    if (body.unreadable) return fail('imports.error.unreadable');
    const file = body.file;
    if (!file || !file.filename) return fail('imports.error.noFile');
    if (file.bytes === null) return fail('imports.error.tooLarge', { max: MAX_FILE_BYTES / 1024 / 1024 });
    const fileName = file.filename;
    const bytes = file.bytes;
    let parsed;
    try {
      parsed = await parseUpload(bytes);
    } catch (error) {
      if (error instanceof ImportFileError) {
        return fail(
          error.key,
          Object.fromEntries(Object.entries(error.params).map(([k, v]) => [k, typeof v === 'number' ? request.i18n.number(v) : v])),
        );
      }
      request.log.warn({ err: error }, 'import file unreadable');
      return fail('imports.error.unreadable');
    }
    const mapping = guessMapping(entity, parsed.headers);
    const id = await createPendingBatch(app.db, entity, fileName, request.user!.id, parsed, mapping, app.now());
    return redirectTo(request, reply, `/imports/${id}`);
  });

  app.get<{ Params: { id: string } }>('/imports/:id', { config: { access: 'coordinator' } }, async (request, reply) => {
    const batch = await loadBatch(request, reply);
    if (!batch) return reply;
    return showPage(request, reply, batch);
  });

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
    '/imports/:id/mapping',
    { config: { access: 'coordinator' } },
    async (request, reply) => {
      const pending = await pendingBatch(request, reply);
      if (!pending) return reply;
      const { batch, staging } = pending;
      const chosen = staging.headers.map((_, i) => {
        const v = request.body?.[`column${i}`];
        return typeof v === 'string' ? v : undefined;
      });
      saveMapping(app.db, batch, cleanMapping(batch.entity, staging.headers.length, chosen));
      return redirectTo(request, reply, `/imports/${batch.id}#preview`);
    },
  );

  /** The choices made on one page of the preview: which rows are in, decisions on likely duplicates, held changes ticked. */
  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
    '/imports/:id/rows',
    { config: { access: 'coordinator' } },
    async (request, reply) => {
      const pending = await pendingBatch(request, reply);
      if (!pending) return reply;
      const { batch, staging } = pending;
      const body = request.body ?? {};
      saveChoices(app.db, batch, postedChoices(staging, body));
      const back =
        typeof body.returnTo === 'string' && body.returnTo.startsWith(`/imports/${batch.id}`) && !body.returnTo.includes('//')
          ? body.returnTo
          : `/imports/${batch.id}`;
      return redirectTo(request, reply, `${back}#preview`);
    },
  );

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
    '/imports/:id/commit',
    { config: { access: 'coordinator' } },
    async (request, reply) => {
      const batch = await loadBatch(request, reply);
      if (!batch) return reply;
      // The Import button belongs to the page's row form: what was ticked there counts, saved or not.
      const staging = stagingOf(batch);
      if (staging && batch.status === 'pending' && request.body?.lines !== undefined)
        saveChoices(app.db, batch, postedChoices(staging, request.body));
      let result;
      try {
        result = commitBatch(app.db, batch.id, request.actor(), validatorFor(request.i18n));
      } catch (error) {
        // The transaction rolled back: nothing of this import was written.
        request.log.error({ err: error }, 'import commit failed');
        return showPage(request, reply, getBatch(app.db, batch.id) ?? batch, request.i18n.t('imports.commitRefused.failed'), 422);
      }
      if (!result.ok)
        return showPage(request, reply, getBatch(app.db, batch.id) ?? batch, request.i18n.t(`imports.commitRefused.${result.reason}`), 422);
      flash(request, request.i18n.t('imports.committed', { created: result.created, updated: result.updated }));
      return redirectTo(request, reply, `/imports/${batch.id}`);
    },
  );

  app.post<{ Params: { id: string } }>('/imports/:id/revert', { config: { access: 'coordinator' } }, async (request, reply) => {
    const batch = await loadBatch(request, reply);
    if (!batch) return reply;
    let result;
    try {
      result = revertBatch(app.db, batch.id, request.actor());
    } catch (error) {
      request.log.error({ err: error }, 'import revert failed');
      return showPage(request, reply, batch, request.i18n.t('imports.revertRefused.failed'), 422);
    }
    if (!result.ok) {
      return showPage(
        request,
        reply,
        batch,
        request.i18n.t(`imports.revertRefused.${result.reason}`, { count: result.changed?.length ?? 0, days: REVERT_WINDOW_DAYS }),
        422,
      );
    }
    flash(request, request.i18n.t('imports.reverted'));
    return redirectTo(request, reply, `/imports/${batch.id}`);
  });

  app.post<{ Params: { id: string } }>('/imports/:id/discard', { config: { access: 'coordinator' } }, async (request, reply) => {
    const batch = getBatch(app.db, idParam(request));
    if (!batch) return reply.code(404).renderError('notFound');
    discardBatch(app.db, batch.id);
    return redirectTo(request, reply, '/imports');
  });
}
