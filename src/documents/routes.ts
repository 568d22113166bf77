// Documents on partners, partnerships, reviews and delegations: upload (multipart, streamed to disk,
// limited in size, judged by content), download for whoever may see the record, deletion by
// coordinators after a confirmation.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createReadStream, existsSync, rmSync } from 'node:fs';
import { z } from 'zod';
import {
  DOCUMENT_KINDS,
  DOCUMENT_RECORDS,
  FILE_TYPES,
  MAX_DOCUMENT_BYTES,
  MAX_TITLE_LENGTH,
  cleanFileName,
  judgeContent,
  titleFromFileName,
  type DocumentRecord,
} from './domain.js';
import { documentsDir, documentPath, receiveFile, removeStaleTemporaryFiles, storeReceived, type ReceivedFile } from './storage.js';
import { addDocument, contactChoices, deleteDocument, findRecord, getDocument, recordOf, type RecordRef } from './queries.js';
import { UPLOAD_ACCESS, maySeeDocument, uploadAction } from './panel.js';
import { parseForm, text } from '../lib/form.js';
import { idParam } from '../plugins/request.js';
import { redirectTo } from '../plugins/context.js';
import { flash } from '../plugins/views.js';
import { contentDisposition } from '../exports/format.js';

/** Room for the form's other fields and the multipart framing around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;
const FIELDS = ['_csrf', 'kind', 'title', 'contactId'] as const;

interface UploadBody {
  _csrf?: string;
  kind?: string;
  title?: string;
  contactId?: string;
  fileName?: string;
  received?: ReceivedFile;
  tooLarge?: boolean;
  unreadable?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The temporary file of an upload under way: removed when the response is sent, whatever happened. */
    documentTemp?: string;
  }
}

const uploadSchema = (kinds: readonly string[]) =>
  z.object({
    kind: z.enum(kinds as [string, ...string[]]),
    title: text(MAX_TITLE_LENGTH),
    contactId: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.coerce.number().int().positive().nullable()),
  });

const ACCEPT = [...new Set(Object.values(FILE_TYPES).flatMap((t) => t.extensions.map((e) => `.${e}`)))].join(',');

export default async function routes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: FIELDS.length, parts: FIELDS.length + 1, fieldSize: 4096 },
    throwFileSizeLimit: false,
  });
  const dir = () => documentsDir(app.config.dataDir);

  // A crash mid-upload can leave a temporary file: gone at the next start.
  app.addHook('onReady', async () => {
    removeStaleTemporaryFiles(dir(), app.now());
  });

  // Whatever answer an upload got (refused, forbidden, a CSRF failure, a crash), no temporary file stays behind.
  app.addHook('onResponse', async (request) => {
    if (request.documentTemp) rmSync(request.documentTemp, { force: true });
  });

  /**
   * Reads the multipart form before the preHandler hooks, so the CSRF check finds its _csrf field.
   * The file streams to a temporary file; a body that says it is too large, or turns out to be, is
   * read to its end and dropped (never held in memory, never left on disk). Nobody signed in: nothing is read.
   */
  async function readUpload(request: FastifyRequest): Promise<void> {
    if (!request.isMultipart() || !request.session?.userId) return;
    const body: UploadBody = {};
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > MAX_DOCUMENT_BYTES + FORM_OVERHEAD_BYTES) body.tooLarge = true;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (body.tooLarge || body.received) {
            for await (const _ of part.file);
            continue;
          }
          body.fileName = cleanFileName(part.filename ?? '');
          const received = await receiveFile(dir(), part.file, MAX_DOCUMENT_BYTES, () => part.file.truncated);
          if (received.tooLarge) body.tooLarge = true;
          else {
            body.received = received;
            request.documentTemp = received.tempPath;
          }
        } else if ((FIELDS as readonly string[]).includes(part.fieldname) && typeof part.value === 'string') {
          body[part.fieldname as (typeof FIELDS)[number]] = part.value;
        }
      }
    } catch (error) {
      request.log.warn({ err: error }, 'document upload unreadable');
      body.unreadable = true;
    }
    request.body = body;
  }

  function uploadPage(
    request: FastifyRequest,
    reply: FastifyReply,
    ref: RecordRef,
    status: number,
    error: string | null,
    values: Record<string, unknown> = {},
    errors: Record<string, string> = {},
  ) {
    return reply.page(
      'documents/upload',
      {
        ref,
        error,
        values,
        errors,
        action: uploadAction(ref.record, ref.id),
        kinds: DOCUMENT_KINDS,
        contacts: contactChoices(app.db, ref.partnerId),
        maxMb: MAX_DOCUMENT_BYTES / 1024 / 1024,
        accept: ACCEPT,
      },
      { status },
    );
  }

  async function upload(record: DocumentRecord, request: FastifyRequest, reply: FastifyReply) {
    const id = idParam(request);
    const ref = id === null ? undefined : findRecord(app.db, record, id);
    if (!ref) return reply.code(404).renderError('notFound');
    const t = request.i18n.t;
    const body = (request.isMultipart() ? request.body : null) as UploadBody | null;
    if (!body) return uploadPage(request, reply, ref, 422, t('documents.error.noFile'));
    const values = { kind: body.kind, title: body.title, contactId: body.contactId };
    if (body.unreadable) return uploadPage(request, reply, ref, 422, t('documents.error.unreadable'), values);
    if (body.tooLarge)
      return uploadPage(request, reply, ref, 413, t('documents.error.tooLarge', { max: MAX_DOCUMENT_BYTES / 1024 / 1024 }), values);
    const received = body.received;
    if (!received || !body.fileName) return uploadPage(request, reply, ref, 422, t('documents.error.noFile'), values);
    const parsed = parseForm(uploadSchema(DOCUMENT_KINDS), values, request.i18n);
    if (!parsed.ok) return uploadPage(request, reply, ref, 422, null, values, parsed.errors);
    const { contactId } = parsed.data;
    if (contactId !== null && !contactChoices(app.db, ref.partnerId).some((c) => c.id === contactId))
      return uploadPage(request, reply, ref, 422, null, values, { contactId: t('validation.invalidChoice') });
    const verdict = judgeContent(body.fileName, received.size, received.evidence);
    if (!verdict.ok) {
      const params = { name: body.fileName, type: verdict.type ? t(`documents.type.${verdict.type}`) : '' };
      return uploadPage(request, reply, ref, 422, t(`documents.error.${verdict.reason}`, params), values);
    }
    // Stored and recorded with no await in between: a deletion elsewhere cannot remove the file under the new row.
    storeReceived(dir(), received);
    request.documentTemp = undefined;
    addDocument(
      app.db,
      ref,
      {
        kind: parsed.data.kind as (typeof DOCUMENT_KINDS)[number],
        title: parsed.data.title || titleFromFileName(body.fileName),
        fileName: body.fileName,
        mediaType: FILE_TYPES[verdict.type].mediaType,
        sizeBytes: received.size,
        sha256: received.sha256,
        contactId,
      },
      request.actor(),
    );
    flash(request, t('documents.added', { name: body.fileName }));
    return redirectTo(request, reply, `${ref.href}#documents`);
  }

  for (const record of DOCUMENT_RECORDS) {
    app.post(
      `${uploadAction(record, 0).replace('/0/', '/:id/')}`,
      { config: { access: UPLOAD_ACCESS[record] }, preValidation: readUpload },
      (request, reply) => upload(record, request, reply),
    );
  }

  /** The document and its record, or a reply already sent: 404 when either is gone, 403 when the reader may not see it. */
  async function documentOr404(request: FastifyRequest, reply: FastifyReply) {
    const id = idParam(request);
    const doc = id === null ? undefined : getDocument(app.db, id);
    const owner = doc ? recordOf(doc) : undefined;
    const ref = owner ? findRecord(app.db, owner.record, owner.id) : undefined;
    if (!doc || !ref) {
      await reply.code(404).renderError('notFound');
      return null;
    }
    if (!maySeeDocument(request, doc)) {
      await reply.code(403).renderError('forbidden');
      return null;
    }
    return { doc, ref };
  }

  app.get('/documents/:id/download', { config: { access: 'signed_in' } }, async (request, reply) => {
    const found = await documentOr404(request, reply);
    if (!found) return reply;
    const { doc } = found;
    const path = documentPath(dir(), doc.sha256);
    if (!existsSync(path)) {
      request.log.error({ documentId: doc.id, sha256: doc.sha256 }, 'document file missing');
      return reply.code(404).renderError('notFound');
    }
    return reply
      .header('Content-Type', doc.mediaType)
      .header('Content-Length', String(doc.sizeBytes))
      .header('Content-Disposition', contentDisposition(doc.fileName))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .header('Cache-Control', 'private, no-store')
      .send(createReadStream(path));
  });

  app.get('/documents/:id/delete', { config: { access: 'coordinator' } }, async (request, reply) => {
    const found = await documentOr404(request, reply);
    if (!found) return reply;
    return reply.page('documents/delete', found);
  });

  app.post('/documents/:id/deletion', { config: { access: 'coordinator' } }, async (request, reply) => {
    const found = await documentOr404(request, reply);
    if (!found) return reply;
    deleteDocument(app.db, dir(), found.doc, request.actor());
    flash(request, request.i18n.t('documents.deleted', { name: found.doc.fileName }));
    return redirectTo(request, reply, `${found.ref.href}#documents`);
  });
}
