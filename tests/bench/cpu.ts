// CPU time per request, in process (app.inject, no network): less sensitive to a busy machine than
// req/s, because it counts the process's own CPU time, not the wall clock. Signs in as the demo
// admin on a copy of the demo database and loads each page N times after a warm-up.
// Usage: npx tsx tests/bench/cpu.ts [size=small] [n=100] [paths...]
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.js';
import { buildApp } from '../../src/app.js';
import { Client, testConfig } from '../helpers/app.js';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../../src/demo/partners.js';
import { demoDatabase } from './http.js';

const [size = 'small', n = '100', ...rest] = process.argv.slice(2);
const paths = rest.length > 0 ? rest : ['/partners', '/log', '/contacts', '/reviews', '/', '/search?q=kopavogur'];
const dir = mkdtempSync(join(tmpdir(), 'bench-cpu-'));
const file = join(dir, 'app.sqlite');
copyFileSync(demoDatabase(size as 'small' | 'large'), file);
const db = openDatabase(file);
const app = await buildApp({ db, config: testConfig({ databaseFile: file, dataDir: dir }), logger: false });
const client = new Client(app);
await client.login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
for (const path of paths) {
  for (let i = 0; i < 5; i++) await client.get(path);
  const start = process.cpuUsage();
  let bytes = 0;
  for (let i = 0; i < Number(n); i++) bytes = (await client.get(path)).body.length;
  const used = process.cpuUsage(start);
  const ms = (used.user + used.system) / 1000 / Number(n);
  console.log(`${size.padEnd(6)}${path.padEnd(28)}${ms.toFixed(2).padStart(8)} ms CPU/request  ${(bytes / 1024).toFixed(0)} KB`);
}
await app.close();
db.$client.close();
rmSync(dir, { recursive: true, force: true });
