// One entry for operator commands: npm run cli -- <command> [arguments] [--flags]
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { checkDatabaseFile, openDatabase, StartupError, type Db } from './db/client.js';
import type { Config } from './config.js';
import { commands as setupCommands } from './setup/cli.js';
import { commands as userCommands } from './users/cli.js';
import { commands as reminderCommands } from './reminders/cli.js';
import { commands as backupCommands, tools as backupTools } from './backup/cli.js';
import { APP_VERSION } from './health/version.js';

interface Flags {
  flags: Record<string, string | boolean | undefined>;
  /** Arguments that are not flags, in order (a file name, say). */
  positionals: string[];
  now: Date;
}

/** A command that works on the open, migrated database. */
export interface CliCommand {
  description: string;
  /** Flags for node:util parseArgs. */
  options?: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  run(ctx: Flags & { db: Db; config: Config }): Promise<void> | void;
}

/** A command that must not open the database first (it replaces it, or needs none). */
export interface CliTool {
  description: string;
  options?: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  run(ctx: Flags & { config: Config }): Promise<void> | void;
}

const commands: Record<string, CliCommand> = {
  migrate: {
    description: 'Create or migrate the database (the server also does this at start).',
    run: ({ config }) => console.log(`Database ready at ${config.databaseFile}`),
  },
  ...setupCommands,
  ...userCommands,
  ...reminderCommands,
  ...backupCommands,
};

const tools: Record<string, CliTool> = {
  version: {
    description: 'Print the version.',
    run: () => console.log(APP_VERSION),
  },
  ...backupTools,
};

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? (commands[name] ?? tools[name]) : undefined;
  if (!command) {
    console.log('Usage: npm run cli -- <command> [options]\n\nCommands:');
    for (const [n, c] of Object.entries({ ...commands, ...tools })) console.log(`  ${n.padEnd(16)} ${c.description}`);
    return name ? 2 : 0;
  }
  let parsed: { values: Flags['flags']; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options: command.options ?? {}, strict: true, allowPositionals: true }) as typeof parsed;
  } catch (err) {
    console.error(`Error: ${(err as Error).message}`);
    return 2;
  }
  const ctx = { flags: parsed.values, positionals: parsed.positionals, now: new Date() };
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : `Error: ${(err as Error).message}`);
    return 1;
  }
  if (name && name in tools) {
    try {
      await tools[name]!.run({ ...ctx, config });
      return 0;
    } catch (err) {
      console.error(`Error: ${(err as Error).message}`);
      return 1;
    }
  }
  let db: Db;
  try {
    checkDatabaseFile(config.databaseFile, config.dataDir, config.backup?.dir);
    db = openDatabase(config.databaseFile);
  } catch (err) {
    const lines = err instanceof StartupError ? err.problems : [(err as Error).message];
    for (const line of lines) console.error(`Error: ${line}`);
    return 1;
  }
  try {
    await (command as CliCommand).run({ ...ctx, db, config });
    return 0;
  } catch (err) {
    console.error(`Error: ${(err as Error).message}`);
    return 1;
  } finally {
    db.$client.close();
  }
}

process.exitCode = await main();
