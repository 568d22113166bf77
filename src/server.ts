// Starts the app: reads config, checks and opens the database, migrates, starts the schedulers,
// listens, and shuts down cleanly on SIGTERM/SIGINT. Anything that stops the start is one clear
// line per cause on stderr and a non-zero exit, never a stack trace.
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { ConfigError, ensureSessionSecret, loadConfig, type Config } from './config.js';
import { checkDatabaseFile, openDatabase, sealCleanClose, StartupError, type Db } from './db/client.js';
import { buildApp } from './app.js';
import { isSetUp } from './setup/queries.js';
import { startScheduler, type Scheduler } from './reminders/scheduler.js';
import { startBackupSchedule } from './backup/schedule.js';
import { collectWhenIdle, fullCollection } from './idle-collection.js';

export interface Running {
  app: FastifyInstance;
  db: Db;
  config: Config;
  url: string;
  /** The first-run setup link, or null once set up. */
  setupUrl: string | null;
  stop(): Promise<void>;
}

/** Open the database for serving, turning each way it can fail into one line for the operator. */
function openForServing(config: Config): Db {
  checkDatabaseFile(config.databaseFile, config.dataDir, config.backup?.dir);
  try {
    return openDatabase(config.databaseFile);
  } catch (err) {
    throw new StartupError([
      `Could not migrate the database ${config.databaseFile}: ${(err as Error).message}. It was left as it was (migrations run in one transaction).`,
    ]);
  }
}

export async function startServer(env: NodeJS.ProcessEnv = process.env): Promise<Running> {
  const config = loadConfig(env);
  const db = openForServing(config);
  let app: FastifyInstance;
  let scheduler: Scheduler;
  let backups: { stop(): void };
  try {
    try {
      ensureSessionSecret(config);
    } catch (err) {
      throw new StartupError([`Could not write the session secret in ${config.dataDir}: ${(err as Error).message}`]);
    }
    app = await buildApp({ db, config });
    scheduler = startScheduler(app);
    backups = startBackupSchedule(app);
  } catch (err) {
    db.$client.close();
    if (err instanceof StartupError) throw err;
    throw new StartupError([(err as Error).message]);
  }
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    scheduler.stop();
    backups.stop();
    await app.close(); // closes the database too
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new StartupError([`Port ${config.port} on ${config.host} is already in use (PORT).`]);
    if (e.code === 'EACCES')
      throw new StartupError([`Not allowed to listen on port ${config.port} (PORT): use a port above 1023 or a reverse proxy.`]);
    throw new StartupError([`Could not listen on ${config.host}:${config.port}: ${e.message}`]);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  const setupUrl = isSetUp(db) ? null : `${config.baseUrl.replace(`:${config.port}`, `:${port}`)}/setup?token=${app.setupToken}`;
  let stopping: Promise<void> | null = null;
  return {
    app,
    db,
    config,
    url,
    setupUrl,
    stop() {
      stopping ??= (async () => {
        scheduler.stop();
        backups.stop();
        await app.close(); // closes the database too
        // Closed cleanly: the next start may trust the file as this stop left it.
        sealCleanClose(config.databaseFile);
      })();
      return stopping;
    },
  };
}

/** Print the problems that stop the start, one line each; a stack trace only for the unexpected. */
function reportStartFailure(err: unknown): void {
  if (err instanceof ConfigError) console.error(err.message);
  else if (err instanceof StartupError) for (const line of err.problems) console.error(`Cannot start: ${line}`);
  else console.error(`Cannot start: ${(err as Error)?.message ?? String(err)}`);
}

async function main(): Promise<void> {
  let running: Running;
  try {
    running = await startServer();
  } catch (err) {
    reportStartFailure(err);
    process.exit(1);
  }
  const { app } = running;
  const shutdown = (signal: string) => {
    app.log.info(`${signal} received, shutting down`);
    // A second signal, or a close that hangs, must still end the process.
    setTimeout(() => process.exit(1), 10_000).unref();
    running.stop().then(
      () => process.exit(0),
      (err) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  collectWhenIdle(app.server, fullCollection());
  if (running.setupUrl) {
    // On the console, not only in the log: whoever started the server opens setup with it.
    console.log(
      `\nFirst run: open this link to set up Partnerships (it works until setup is done and changes at each start):\n\n  ${running.setupUrl}\n`,
    );
    app.log.info('First run: setup link printed on the console');
  } else {
    app.log.info(`Partnerships is running at ${running.url}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
