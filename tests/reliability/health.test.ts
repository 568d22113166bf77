// Probes: /healthz (alive) and /readyz (database, migrations, disk) need no sign-in and reveal
// nothing but the names of failing checks; /health stays as an alias. The version is in the footer.
import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.js';
import { buildApp } from '../../src/app.js';
import { buildTestApp, testConfig } from '../helpers/app.js';
import { APP_VERSION } from '../../src/health/version.js';

async function appOnFile(config: Parameters<typeof testConfig>[0] = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'partnerships-health-'));
  const file = join(dir, 'app.sqlite');
  const db = openDatabase(file);
  const app = await buildApp({
    db,
    config: testConfig({ databaseFile: file, dataDir: dir, minFreeDiskBytes: 0, ...config }),
    logger: false,
  });
  return { app, db };
}

describe('probes', () => {
  it('answer without a session, on a fresh install too, as plain text that is not cached', async () => {
    const { app } = await buildTestApp({ setup: false });
    for (const url of ['/healthz', '/health']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toBe('ok\n');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('/readyz is ready when the database answers, is migrated and the disk has room', async () => {
    const { app } = await appOnFile();
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('ready\n');
  });

  it('/readyz names a disk short of room, and nothing else about it', async () => {
    const { app } = await appOnFile({ minFreeDiskBytes: Number.MAX_SAFE_INTEGER });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toBe('not ready: disk\n');
  });

  it('/readyz names migrations that are behind', async () => {
    const { app, db } = await appOnFile();
    db.$client.prepare('delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)').run();
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toBe('not ready: migrations\n');
  });

  it('/readyz names a database that does not answer, while /healthz still answers', async () => {
    const { app, db } = await appOnFile();
    db.$client.close();
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toBe('not ready: database\n');
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('version', () => {
  it('is in the page footer', async () => {
    const { app } = await buildTestApp();
    const res = await app.inject({ method: 'GET', url: '/login' });
    expect(APP_VERSION).toMatch(/^\d+\.\d+\.\d+/);
    expect(res.body).toContain(`<footer class="site-footer"><small>Version ${APP_VERSION}</small></footer>`);
  });
});
