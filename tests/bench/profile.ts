// A CPU profile of one page under load: starts the server (node --cpu-prof) on a copy of the demo
// database, signs in, loads the page with autocannon (rendered each time, past the kept pages),
// stops the server and prints the self time by package, then the functions with the most self time.
// Not part of npm test or npm run bench.
// Usage: npx tsx tests/bench/profile.ts [path=/partners] [size=small] [seconds=8]
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoDatabase, freePort, signIn } from './http.js';
import { RENDERED } from './in-process.js';

const [path = '/partners', size = 'small', seconds = '8'] = process.argv.slice(2);
const root = fileURLToPath(new URL('../../', import.meta.url));
const autocannon = createRequire(import.meta.url)('autocannon') as (
  o: Record<string, unknown>,
) => Promise<{ requests: { average: number } }>;

const dir = mkdtempSync(join(tmpdir(), 'profile-'));
const profiles = join(dir, 'profiles');
mkdirSync(profiles);
copyFileSync(demoDatabase(size as 'small' | 'large'), join(dir, 'app.sqlite'));
const port = await freePort();
const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profiles}`, '--import', 'tsx', 'src/server.ts'], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    BACKUP_CRON: 'off',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
for (;;) {
  try {
    if ((await fetch(`${base}/health`)).status < 500) break;
  } catch {
    /* starting */
  }
  await new Promise((r) => setTimeout(r, 50));
}
const { cookie } = await signIn(base);
const r = await autocannon({ url: base + path, headers: { cookie, ...RENDERED }, connections: 10, duration: Number(seconds) });
console.log(`${path}: ${r.requests.average} req/s`);
await new Promise<void>((resolve) => {
  child.once('exit', () => resolve());
  child.kill('SIGTERM');
});

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const file = readdirSync(profiles).find((f) => f.endsWith('.cpuprofile'))!;
const profile = JSON.parse(readFileSync(join(profiles, file), 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const byFunction = new Map<string, number>();
for (const n of profile.nodes) {
  const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(`file://${root}`, '').replace(/^.*node_modules\//, 'nm/')}:${n.callFrame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + (self.get(n.id) ?? 0));
}
const total = [...byFunction.values()].reduce((a, b) => a + b, 0);
// Self time by where the code lives: a package, a folder of src/, Node itself, or V8's own work.
const byPackage = new Map<string, number>();
for (const [k, v] of byFunction) {
  const [name = '', where = ''] = k.split(' ');
  const owner = where.startsWith('nm/')
    ? where
        .split('/')
        .slice(1, where.startsWith('nm/@') ? 3 : 2)
        .join('/')
    : where.startsWith('src/')
      ? where.split('/').slice(0, 2).join('/')
      : where.startsWith('node:')
        ? 'node'
        : name;
  byPackage.set(owner, (byPackage.get(owner) ?? 0) + v);
}
for (const [k, v] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 20))
  console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
console.log('');
for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 40))
  console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
rmSync(dir, { recursive: true, force: true });
