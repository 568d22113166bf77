// Personal data: erase a contact (behind a confirmation page), export everything about a person
// (access request), and the administrator's full export of the organisation's data.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { foundOr404 } from '../plugins/request.js';
import { eq } from 'drizzle-orm';
import { contacts } from '../db/schema.js';
import { eraseContact } from './erase.js';
import { accessRequestEntries } from './access-request.js';
import { fullExportZip, zipOf } from './archive.js';
import { openExportReader } from '../exports/reader.js';
import { contentDisposition, exportFileName } from '../exports/format.js';
import { recordAudit } from '../audit/record.js';
import { flash } from '../plugins/views.js';
import { redirectTo } from '../plugins/context.js';
import { documentFiles, documentFilesConcerning, documentsConcerning, removeUnusedFiles } from '../documents/queries.js';
import { documentsDir } from '../documents/storage.js';

export default async function routes(app: FastifyInstance): Promise<void> {
  const contactOr404 = (request: FastifyRequest, reply: FastifyReply) =>
    foundOr404(request, reply, (id) => app.db.select().from(contacts).where(eq(contacts.id, id)).get());

  app.get('/contacts/:id/erase', { config: { access: 'coordinator' } }, async (request, reply) => {
    const contact = await contactOr404(request, reply);
    if (!contact) return reply;
    return reply.page('privacy/erase', { contact });
  });

  app.post('/contacts/:id/erase', { config: { access: 'coordinator' } }, async (request, reply) => {
    const contact = await contactOr404(request, reply);
    if (!contact) return reply;
    const files = documentsConcerning(app.db, contact.id).map((d) => d.sha256);
    const result = eraseContact(app.db, contact.id, request.actor(), request.org!.locale);
    removeUnusedFiles(app.db, documentsDir(app.config.dataDir), files);
    flash(request, request.i18n.t(result === 'erased' ? 'privacy.erase.done' : 'privacy.erase.already'));
    return redirectTo(request, reply, `/contacts/${contact.id}`);
  });

  app.get('/contacts/:id/access-request.zip', { config: { access: 'coordinator' } }, async (request, reply) => {
    const contact = await contactOr404(request, reply);
    if (!contact) return reply;
    const now = app.now();
    const entries = [
      ...accessRequestEntries(app.db, contact.id)!,
      ...documentFilesConcerning(app.db, documentsDir(app.config.dataDir), contact.id),
    ];
    recordAudit(app.db, { userId: request.user!.id, ip: request.ip, now }, 'export', 'contact', contact.id, {
      accessRequest: [null, true],
    });
    return reply
      .header('Content-Type', 'application/zip')
      .header(
        'Content-Disposition',
        contentDisposition(exportFileName(`access-request-contact-${contact.id}`, now, request.i18n.timeZone, 'zip')),
      )
      .header('Cache-Control', 'private, no-store')
      .send(zipOf(entries, now));
  });

  app.get('/privacy', { config: { access: 'admin' } }, async (request, reply) => {
    return reply.page('privacy/index', {});
  });

  app.get('/privacy/export.zip', { config: { access: 'admin' } }, async (request, reply) => {
    const now = app.now();
    recordAudit(app.db, { userId: request.user!.id, ip: request.ip, now }, 'export', 'organisation', 1, { fullExport: [null, true] });
    const reader = openExportReader(app.db);
    const zip = fullExportZip(reader.db.$client, request.org!.name, now, documentFiles(reader.db, documentsDir(app.config.dataDir)));
    zip.once('close', () => reader.close());
    zip.once('end', () => setImmediate(() => reader.close()));
    zip.once('error', () => reader.close());
    return reply
      .header('Content-Type', 'application/zip')
      .header('Content-Disposition', contentDisposition(exportFileName('full-export', now, request.i18n.timeZone, 'zip')))
      .header('Cache-Control', 'private, no-store')
      .send(zip);
  });
}
