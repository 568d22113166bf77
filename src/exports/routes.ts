// GET /exports/<list>.<csv|xlsx|vcf>?<the list's own query>: the filtered, sorted list the user
// sees, all pages, streamed. Personal data (contacts, log entries, follow-ups) is refused to
// viewers and every such export is written to the audit trail.
import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';
import { EXPORT_SOURCES } from './sources.js';
import { FORMATS, type Format, contentDisposition, listFileName, parseDelimiter } from './format.js';
import type { ExportList, ExportSource } from './types.js';
import { csvStream } from './csv.js';
import { xlsxStream } from './xlsx.js';
import { vcardStream } from './vcard.js';
import { openExportReader } from './reader.js';
import { recordAudit } from '../audit/record.js';
import { href } from '../lib/paging.js';
import { todayIn } from '../lib/dates.js';

const CONTENT_TYPES: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  vcf: 'text/vcard; charset=utf-8',
};

/** The export source by name: own properties only (`constructor` is not a list). */
function sourceOf(name: string): ExportSource | undefined {
  return Object.hasOwn(EXPORT_SOURCES, name) ? EXPORT_SOURCES[name] : undefined;
}

export default async function routes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { file: string }; Querystring: Record<string, unknown> }>(
    '/exports/:file',
    { config: { access: 'signed_in' } },
    async (request, reply) => {
      const match = /^([a-z-]+)\.([a-z]+)$/.exec(request.params.file);
      const source = match ? sourceOf(match[1]!) : undefined;
      const format = match?.[2] as Format | undefined;
      if (!match || !source || !format || !FORMATS.includes(format)) return reply.code(404).renderError('notFound');
      const user = request.user!;
      const { delimiter: delimiterParam, ...query } = request.query;
      const delimiter = parseDelimiter(delimiterParam, request.i18n.locale);
      if (delimiter === null) return reply.code(400).renderError('badRequest');

      const now = app.now();
      const today = todayIn(request.i18n.timeZone, now);
      const reader = openExportReader(app.db);
      let stream: Readable;
      let list: ExportList;
      try {
        list = source(reader.db, query, request.i18n, { userId: user.id, now, today });
        if (format === 'vcf' && !list.vcard) {
          reader.close();
          return reply.code(404).renderError('notFound');
        }
        if (list.personal && user.role === 'viewer') {
          reader.close();
          return reply.code(403).renderError('forbidden');
        }
        if (list.personal) {
          recordAudit(app.db, { userId: user.id, ip: request.ip, now }, 'export', list.name, null, {
            format: [null, format],
            query: [null, href('', query)],
          });
        }
        stream =
          format === 'csv'
            ? csvStream(list, request.i18n, delimiter)
            : format === 'xlsx'
              ? xlsxStream(list, request.i18n, request.i18n.t(`exports.sheet.${list.name}`))
              : vcardStream(list);
      } catch (error) {
        reader.close();
        throw error;
      }
      // 'close' comes after the writer has let go of its statement iterator (src/exports/stream.ts),
      // whether the export finished, failed or the client went away.
      stream.once('close', () => reader.close());
      const file = listFileName(request.i18n.t(`exports.sheet.${list.name}`), request.org?.name ?? '', now, request.i18n.timeZone, format);
      return reply
        .header('Content-Type', CONTENT_TYPES[format])
        .header('Content-Disposition', contentDisposition(file.name, 'attachment', file.ascii))
        .header('Cache-Control', 'private, no-store')
        .header('X-Content-Type-Options', 'nosniff')
        .send(stream);
    },
  );
}
