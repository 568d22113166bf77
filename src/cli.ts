// One entry for operator commands: npm run cli -- <command> [--flags]
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { openDatabase, type Db } from './db/client.js';
import type { Config } from './config.js';
import { commands as setupCommands } from './setup/cli.js';
import { commands as userCommands } from './users/cli.js';
import { commands as reminderCommands } from './reminders/cli.js';

export interface CliCommand {
  description: string;
  /** Flags for node:util parseArgs. */
  options?: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  run(ctx: { db: Db; config: Config; flags: Record<string, string | boolean | undefined>; now: Date }): Promise<void> | void;
}

const commands: Record<string, CliCommand> = {
  migrate: {
    description: 'Create or migrate the database (the server also does this at start).',
    run: ({ config }) => console.log(`Database ready at ${config.databaseFile}`),
  },
  ...setupCommands,
  ...userCommands,
  ...reminderCommands,
};

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.log('Usage: npm run cli -- <command> [options]\n\nCommands:');
    for (const [n, c] of Object.entries(commands)) console.log(`  ${n.padEnd(16)} ${c.description}`);
    return name ? 2 : 0;
  }
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({ args: rest, options: command.options ?? {}, strict: true }).values as typeof flags;
  } catch (err) {
    console.error(`Error: ${(err as Error).message}`);
    return 2;
  }
  const config = loadConfig();
  const db = openDatabase(config.databaseFile);
  try {
    await command.run({ db, config, flags, now: new Date() });
    return 0;
  } catch (err) {
    console.error(`Error: ${(err as Error).message}`);
    return 1;
  } finally {
    db.$client.close();
  }
}

process.exitCode = await main();
