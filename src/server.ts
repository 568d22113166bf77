// Starts the app: reads config, opens and migrates the database, starts the scheduler, listens,
// and shuts down cleanly on SIGTERM/SIGINT.
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { buildApp } from './app.js';
import { isSetUp } from './setup/queries.js';
import { startScheduler } from './reminders/scheduler.js';

let config;
try {
  config = loadConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

const db = openDatabase(config.databaseFile);
const app = await buildApp({ db, config });
const scheduler = startScheduler(app);

const shutdown = async (signal: string) => {
  app.log.info(`${signal} received, shutting down`);
  scheduler.stop();
  await app.close();
  db.$client.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

await app.listen({ port: config.port, host: config.host });
const url = `http://localhost:${config.port}`;
app.log.info(isSetUp(db) ? `Partnerships is running at ${url}` : `First run: open ${url}/setup to create the first administrator (or load demo data)`);
