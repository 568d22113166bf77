// Operator commands for backups: an online backup (safe while the server runs) and a checked restore
// (with the server stopped).
import { existsSync } from 'node:fs';
import type { CliCommand, CliTool } from '../cli.js';
import { backupDatabase, pruneBackups, restoreDatabase } from './backup.js';

export const commands: Record<string, CliCommand> = {
  backup: {
    description: 'Write a consistent online backup (safe while the server runs): backup [file or folder], default the backups folder.',
    async run({ db, config, positionals, now }) {
      const target = positionals[0] ?? config.backup?.dir;
      if (!target) throw new Error('Give a file or folder to write the backup to.');
      const file = await backupDatabase(db.$client, target, now, positionals[0] ? {} : { folder: true });
      console.log(`Backup written to ${file}`);
      if (!positionals[0] && config.backup) {
        const deleted = pruneBackups(config.backup.dir, now);
        if (deleted.length) console.log(`Pruned ${deleted.length} old backups (keeping 7 daily, 4 weekly, 12 monthly).`);
      }
    },
  },
};

export const tools: Record<string, CliTool> = {
  restore: {
    description: 'Replace the database with a backup after checking it (integrity, foreign keys, schema version). Stop the server first.',
    run({ config, positionals, now }) {
      const source = positionals[0];
      if (!source) throw new Error('Usage: npm run cli -- restore <backup file>');
      if (!existsSync(source)) throw new Error(`${source} does not exist`);
      const { keptAs, documents } = restoreDatabase(source, config.databaseFile, now);
      console.log(`Restored ${source} into ${config.databaseFile}.`);
      console.log(`Documents: ${documents.copied} files copied back from beside the backup.`);
      if (documents.missing.length)
        console.log(`Missing beside the backup: ${documents.missing.length} document files (${documents.missing.join(', ')}).`);
      if (keptAs) console.log(`The database it replaced is kept as ${keptAs} (with its -wal/-shm, if any).`);
    },
  },
};
