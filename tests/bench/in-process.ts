// The app in process on a fresh copy of the demo database, signed in as the demo admin: what the
// in-process bench tools (cpu.ts, queries-of-page.ts) measure against.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/db/client.js';
import { buildApp } from '../../src/app.js';
import { Client, testConfig } from '../helpers/app.js';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../../src/demo/partners.js';
import { demoDatabase } from './http.js';

/** What these tools measure is rendering: ask past the kept pages (src/plugins/kept-pages.ts), as a hard reload does. */
export const RENDERED = { 'cache-control': 'no-cache' };

export async function signedInApp(size: string): Promise<{ db: Db; client: Client; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-in-process-'));
  const file = join(dir, 'app.sqlite');
  copyFileSync(demoDatabase(size === 'large' ? 'large' : 'small'), file);
  const db = openDatabase(file);
  const app = await buildApp({ db, config: testConfig({ databaseFile: file, dataDir: dir }), logger: false });
  const client = new Client(app);
  await client.login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
  return {
    db,
    client,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
