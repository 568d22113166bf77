// A CPU profile of the real server under load: starts the production build with --cpu-prof on a copy
// of the demo database, signs in, runs autocannon on one page, stops the server (which writes the
// profile to the given folder). Not part of npm test or npm run bench.
// Usage: npx tsx tests/bench/profile-http.ts [size=small] [path=/partners] [profile folder=/tmp/prof-http] [extra header]
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoDatabase, signIn, startProcess } from './http.js';

const [size = 'small', path = '/partners', folder = '/tmp/prof-http', header] = process.argv.slice(2);
const autocannon = createRequire(import.meta.url)('autocannon') as (
  o: Record<string, unknown>,
) => Promise<{ requests: { average: number } }>;
const dir = mkdtempSync(join(tmpdir(), 'profile-http-'));
copyFileSync(demoDatabase(size === 'large' ? 'large' : 'small'), join(dir, 'app.sqlite'));
const server = await startProcess(['--cpu-prof', `--cpu-prof-dir=${folder}`, 'dist/server.js'], { DATA_DIR: dir }, '/health');
const { cookie } = await signIn(server.base);
const headers: Record<string, string> = { cookie };
if (header) {
  const i = header.indexOf(':');
  headers[header.slice(0, i).trim().toLowerCase()] = header.slice(i + 1).trim();
}
const r = await autocannon({ url: server.base + path, headers, connections: 20, duration: 5 });
console.log(`${path}: ${r.requests.average.toFixed(0)} req/s; profile in ${folder}`);
await server.stop();
rmSync(dir, { recursive: true, force: true });
