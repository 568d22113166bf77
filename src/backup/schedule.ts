// The daily backup inside the server: an online backup into config.backup.dir, then pruning by the
// retention rule. A failed run is logged and the next one tries again.
import { Cron } from 'croner';
import type { FastifyInstance } from 'fastify';
import { backupDatabase, pruneBackups } from './backup.js';

export function startBackupSchedule(app: FastifyInstance): { stop(): void; runNow(): Promise<void> } {
  const settings = app.config.backup;
  const run = async () => {
    if (!settings || app.config.databaseFile === ':memory:') return;
    try {
      const now = app.now();
      const file = await backupDatabase(app.db.$client, settings.dir, now, { folder: true });
      const deleted = pruneBackups(settings.dir, now);
      app.log.info({ backup: file, pruned: deleted.length }, 'backup written');
    } catch (err) {
      app.log.error({ err }, 'backup failed');
    }
  };
  if (!settings?.cron) return { stop() {}, runNow: run };
  const job = new Cron(settings.cron, { protect: true, name: 'backup' }, run);
  return { stop: () => job.stop(), runNow: run };
}
