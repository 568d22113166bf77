// Backups for administrators: when the last one was taken, the ones kept, one taken now, and a
// download of any of them (a consistent copy made by the backup API, never the live file).
import type { FastifyInstance } from 'fastify';
import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { redirectTo } from '../plugins/context.js';
import { flash } from '../plugins/views.js';
import { backupDatabase, listBackups, parseBackupName, pruneBackups } from './backup.js';

export default async function routes(app: FastifyInstance): Promise<void> {
  const folder = () => app.config.backup?.dir ?? null;

  // The list reads the backup folder, which no database write announces: rendered every time.
  app.get('/admin/backups', { config: { access: 'admin', keepPage: false } }, async (_request, reply) => {
    const dir = folder();
    const backups = dir
      ? listBackups(dir)
          .sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime())
          .map((b) => ({ name: b.name, takenAt: b.takenAt.toISOString(), bytes: statSync(join(dir, b.name)).size }))
      : [];
    return reply.page('backups/index', { backups, configured: !!dir, cron: app.config.backup?.cron ?? null });
  });

  app.post('/admin/backups', { config: { access: 'admin' } }, async (request, reply) => {
    const dir = folder();
    if (!dir) return reply.code(404).renderError('notFound');
    const now = app.now();
    await backupDatabase(app.db.$client, dir, now, { folder: true });
    pruneBackups(dir, now);
    flash(request, request.i18n.t('backups.taken'));
    return redirectTo(request, reply, '/admin/backups');
  });

  app.get('/admin/backups/:name', { config: { access: 'admin' } }, async (request, reply) => {
    const dir = folder();
    const name = String((request.params as { name?: string }).name ?? '');
    // Only names the backup job writes: no path, no other file of the data folder.
    if (!dir || !parseBackupName(name) || !listBackups(dir).some((b) => b.name === name)) return reply.code(404).renderError('notFound');
    return reply
      .header('Content-Type', 'application/vnd.sqlite3')
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .send(createReadStream(join(dir, name)));
  });
}
