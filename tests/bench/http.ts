// Benchmark at the HTTP level: the real server process (the production build, dist/server.js, as
// `npm start` and the deployment run it; built here first) on a fresh copy of the demo database, signed in, measured with autocannon
// (20 connections) page by page against a baseline: the smallest page this stack can serve
// (tests/bench/baseline-server.ts), started the same way in the same run. Prints a table and
// writes the figures as JSON beside it (tests/bench/results/). Asserts nothing.
//
// Environment: BENCH_SIZES=small,large  BENCH_SECONDS=5  BENCH_ONLY=<regex on page names>
//              BENCH_LABEL=<name for the JSON file>  BENCH_CACHE=<folder for generated demo data>
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/db/client.js';
import { generateDemo } from '../../src/demo/index.js';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../../src/demo/partners.js';

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
  '3xx'?: number;
}
type Cannon = (opts: Record<string, unknown>) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

const root = fileURLToPath(new URL('../../', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 20;
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, 'i') : null;
const SIZES = (process.env.BENCH_SIZES ?? 'small,large').split(',').filter((s): s is 'small' | 'large' => s === 'small' || s === 'large');

export interface PageFigure {
  size: string;
  name: string;
  path: string;
  method: string;
  status: number;
  bytes: number;
  rps: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  ratio: number;
}

const kb = (n: number) => `${(n / 1024).toFixed(n < 10_240 ? 1 : 0)} KB`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The demo database for a size, generated once per version of the generator and kept in a cache folder. */
export function demoDatabase(size: 'small' | 'large'): string {
  const demoDir = join(root, 'src/demo');
  const hash = createHash('sha256');
  for (const f of readdirSync(demoDir).sort()) hash.update(readFileSync(join(demoDir, f)));
  const cache = process.env.BENCH_CACHE ?? join(tmpdir(), 'partnerships-bench-cache');
  mkdirSync(cache, { recursive: true });
  const file = join(cache, `${size}-${hash.digest('hex').slice(0, 12)}.sqlite`);
  if (existsSync(file)) return file;
  const started = performance.now();
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const db = openDatabase(partial);
  // Generation only: the real file's FULL sync makes the large portfolio take minutes of fsyncs.
  db.$client.pragma('synchronous = OFF');
  generateDemo(db, { framework: 'odense', size, seed: 1, now: new Date() });
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
  renameSync(partial, file);
  console.log(`http: ${size} demo data generated in ${((performance.now() - started) / 1000).toFixed(0)} s (cached as ${file})`);
  return file;
}

function rss(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}
/** Reset the kernel's peak-RSS counter of a process (Linux: write 5 to clear_refs). */
function resetPeak(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    /* not allowed: peak since start */
  }
}

interface Server {
  child: ChildProcess;
  base: string;
  pid: number;
  coldStartMs: number;
  stop(): Promise<void>;
}

export async function startProcess(args: string[], env: Record<string, string>, readyPath: string): Promise<Server> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production', BACKUP_CRON: 'off' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      const res = await fetch(base + readyPath, { redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status < 500) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 20));
    if (performance.now() - started > 180_000) {
      child.kill('SIGTERM');
      throw new Error(`server did not start within 180 s: ${stderr}`);
    }
  }
  const coldStartMs = performance.now() - started;
  return {
    child,
    base,
    pid: child.pid!,
    coldStartMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Sign in as the demo admin: returns the cookie header and the CSRF token for posts. */
export async function signIn(base: string): Promise<{ cookie: string; csrf: string }> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const login = await fetch(`${base}/login`);
  keep(login);
  const html = await login.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on the sign-in page');
  const body = new URLSearchParams({ email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD, _csrf: token, next: '/' });
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    body,
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
  });
  keep(res);
  await res.arrayBuffer();
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  const home = await fetch(`${base}/`, { headers: { cookie: cookie() }, redirect: 'manual' });
  keep(home);
  const page = await home.text();
  if (home.status !== 200) throw new Error(`home answered ${home.status} after sign-in`);
  const csrf = /"x-csrf-token":"([^"]+)"/.exec(page.replace(/&quot;/g, '"'))?.[1] ?? /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('no CSRF token on the home page');
  return { cookie: cookie(), csrf };
}

interface PageSpec {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

async function measurePage(base: string, spec: PageSpec, headers: Record<string, string>): Promise<Omit<PageFigure, 'size' | 'ratio'>> {
  const allHeaders = { ...headers, ...spec.headers };
  const once = () =>
    fetch(base + spec.path, {
      method: spec.method ?? 'GET',
      body: spec.body,
      headers: allHeaders,
      redirect: 'manual',
      signal: AbortSignal.timeout(120_000),
    });
  const first = await once();
  const bytes = (await first.arrayBuffer()).byteLength;
  for (let i = 0; i < 2; i++) await (await once()).arrayBuffer(); // warm-up
  const r = await autocannon({
    url: base + spec.path,
    method: spec.method ?? 'GET',
    body: spec.body,
    headers: allHeaders,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 30,
  });
  // Requests autocannon abandoned at the end are still being served: let the server drain before the next page.
  await (await fetch(`${base}/health`, { signal: AbortSignal.timeout(300_000) })).arrayBuffer();
  return {
    name: spec.name,
    path: spec.path,
    method: spec.method ?? 'GET',
    status: first.status,
    bytes,
    rps: r.requests.average,
    p50: r.latency.p50,
    p97_5: r.latency.p97_5,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

/** Ids the pages need, read from the database before the server opens it. */
function pickIds(file: string) {
  const db = openDatabase(file); // also migrates, so the server's cold start is a plain start
  const c = db.$client;
  const one = (sql: string) => (c.prepare(sql).pluck().get() as number | undefined) ?? 1;
  const ids = {
    busiestPartner: one('select partner_id from log_entry_partners group by partner_id order by count(*) desc limit 1'),
    partnership: one("select id from partnerships where status = 'active' order by id limit 1"),
    review: one('select id from reviews order by id desc limit 1'),
    partners: one('select count(*) from partners'),
    logEntries: one('select count(*) from log_entries'),
  };
  c.pragma('wal_checkpoint(TRUNCATE)');
  c.close();
  return ids;
}

function pages(ids: ReturnType<typeof pickIds>): PageSpec[] {
  const deep = (total: number) => Math.max(1, Math.floor(total / 50 / 2));
  return [
    { name: 'partners', path: '/partners' },
    { name: 'partners ?kind=organisation by country', path: '/partners?kind=organisation&sort=country' },
    { name: 'partners deep page', path: `/partners?page=${deep(ids.partners)}` },
    { name: 'partnerships', path: '/partnerships' },
    { name: 'partnerships ?status=active by partner', path: '/partnerships?status=active&sort=partner' },
    { name: 'partnerships deep page', path: `/partnerships?page=${deep(ids.partners)}` },
    { name: 'log', path: '/log' },
    { name: 'log ?type=meeting', path: '/log?type=meeting' },
    { name: 'log deep page', path: `/log?page=${deep(ids.logEntries)}` },
    { name: 'contacts', path: '/contacts' },
    { name: 'contacts ?text=an', path: '/contacts?text=an' },
    { name: 'contacts deep page', path: `/contacts?page=${deep(ids.partners * 2)}` },
    { name: 'reviews', path: '/reviews' },
    { name: 'reviews ?state=any', path: '/reviews?state=any' },
    { name: 'costs', path: '/costs' },
    { name: 'costs ?year=2025', path: '/costs?year=2025' },
    { name: 'costs deep page', path: '/costs?page=50' },
    { name: 'follow-ups', path: '/follow-ups' },
    { name: 'losing touch', path: '/losing-touch' },
    { name: 'partner page (busiest)', path: `/partners/${ids.busiestPartner}` },
    { name: 'partner timeline (busiest)', path: `/partners/${ids.busiestPartner}/timeline` },
    { name: 'partnership page', path: `/partnerships/${ids.partnership}` },
    { name: 'dashboard', path: '/' },
    { name: 'search kopavogur', path: '/search?q=kopavogur' },
    { name: 'search Kópavogur', path: `/search?q=${encodeURIComponent('Kópavogur')}` },
    { name: 'search århus', path: `/search?q=${encodeURIComponent('århus')}` },
    { name: 'search møde (htmx)', path: `/search?q=${encodeURIComponent('møde')}`, headers: { 'hx-request': 'true' } },
    { name: 'review page', path: `/reviews/${ids.review}` },
    { name: 'council report', path: '/report' },
  ];
}

async function exportFigure(server: Server, headers: Record<string, string>, path: string) {
  resetPeak(server.pid);
  const before = rss(server.pid, 'VmRSS');
  const started = performance.now();
  const res = await fetch(server.base + path, { headers });
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  const seconds = (performance.now() - started) / 1000;
  return { path, status: res.status, bytes, seconds, rssBefore: before, peakRss: rss(server.pid, 'VmHWM') };
}

function printTable(rows: PageFigure[]): void {
  const head = `${'size'.padEnd(6)}${'page'.padEnd(42)}${'status'.padStart(6)}${'req/s'.padStart(9)}${'p50'.padStart(7)}${'p99'.padStart(8)}${'bytes'.padStart(10)}${'ratio'.padStart(7)}`;
  console.log(head);
  for (const r of rows) {
    const flag = r.non2xx > 0 || r.errors > 0 ? `  (${r.non2xx} non-2xx, ${r.errors} errors)` : '';
    console.log(
      `${r.size.padEnd(6)}${r.name.slice(0, 41).padEnd(42)}${String(r.status).padStart(6)}${r.rps.toFixed(0).padStart(9)}${`${r.p50}`.padStart(7)}${`${r.p99}`.padStart(8)}${kb(r.bytes).padStart(10)}${r.ratio.toFixed(2).padStart(7)}${flag}`,
    );
  }
}

export async function bench(): Promise<void> {
  execFileSync(process.execPath, ['.ci/deploy/build.mjs'], { cwd: root, stdio: 'inherit' });
  const figures: PageFigure[] = [];
  const extra: Record<string, unknown> = {};
  for (const size of SIZES) {
    const source = demoDatabase(size);
    const dir = mkdtempSync(join(tmpdir(), `bench-http-${size}-`));
    let app: Server | null = null;
    let baseline: Server | null = null;
    try {
      const file = join(dir, 'app.sqlite');
      copyFileSync(source, file);
      const ids = pickIds(file);

      baseline = await startProcess(['--import', 'tsx', 'tests/bench/baseline-server.ts'], { DATA_DIR: dir }, '/');
      const base = await measurePage(baseline.base, { name: 'BASELINE (Fastify+Eta+1 query, 50 rows)', path: '/' }, {});
      await baseline.stop();
      baseline = null;
      const baseFigure: PageFigure = { size, ...base, ratio: 1 };
      figures.push(baseFigure);
      console.log(`http ${size}: baseline ${base.rps.toFixed(0)} req/s, p99 ${base.p99} ms`);

      // The first start on the copied file checks it page by page; a restart after a clean stop
      // (the usual case: an upgrade, a reboot) may skip that check. Both are measured.
      app = await startProcess(['dist/server.js'], { DATA_DIR: dir }, '/health');
      const checkedStartMs = Math.round(app.coldStartMs);
      await app.stop();
      app = await startProcess(['dist/server.js'], { DATA_DIR: dir }, '/health');
      const { cookie, csrf } = await signIn(app.base);
      await new Promise((r) => setTimeout(r, 500));
      const signedInRss = rss(app.pid, 'VmRSS');
      // Idle: V8 gives back what start-up used once the process has had nothing to do for a while.
      await new Promise((r) => setTimeout(r, 15_000));
      const idle = { checkedStartMs, coldStartMs: Math.round(app.coldStartMs), signedInRss, idleRss: rss(app.pid, 'VmRSS') };
      console.log(
        `http ${size}: cold start to first response ${idle.coldStartMs} ms after a clean stop, ${checkedStartMs} ms on a file it checks page by page; ` +
          `RSS ${mb(signedInRss)} just after a sign-in, ${mb(idle.idleRss)} idle (15 s later)`,
      );
      const headers = { cookie };
      const specs: PageSpec[] = [
        ...pages(ids),
        {
          name: 'quick-log POST (htmx)',
          path: '/log',
          method: 'POST',
          body: new URLSearchParams({
            occurredOn: '2026-11-24',
            type: 'call',
            partnerIds: String(ids.busiestPartner),
            summary: 'Bench call',
            quick: '1',
            _csrf: csrf,
          }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true', 'x-csrf-token': csrf },
        },
      ];
      // A GET page is measured twice: as a repeat view answers (the page kept until the next write,
      // src/plugins/kept-pages.ts) and rendered afresh on every request (Cache-Control: no-cache, as
      // a hard reload sends), which is what a first view or a view after any write costs.
      const measured = specs.flatMap((spec) =>
        (spec.method ?? 'GET') === 'GET'
          ? [spec, { ...spec, name: `${spec.name} [rendered]`, headers: { ...spec.headers, 'cache-control': 'no-cache' } }]
          : [spec],
      );
      for (const spec of measured) {
        if (ONLY && !ONLY.test(spec.name)) continue;
        let f: Awaited<ReturnType<typeof measurePage>>;
        try {
          f = await measurePage(app.base, spec, headers);
        } catch (err) {
          console.log(`  ${spec.name.padEnd(42)} failed: ${(err as Error).message}`);
          continue;
        }
        const figure: PageFigure = { size, ...f, ratio: f.rps / base.rps };
        figures.push(figure);
        console.log(
          `  ${spec.name.padEnd(42)} ${f.status} ${f.rps.toFixed(0).padStart(6)} req/s  p50 ${f.p50} ms  p99 ${f.p99} ms  ${kb(f.bytes)}  x${figure.ratio.toFixed(2)}${f.non2xx ? `  non-2xx ${f.non2xx}` : ''}`,
        );
      }
      // Idle again once the pages' 20 connections have stopped: what the server holds after a busy spell.
      let idleAfterPagesRss: number | null = null;
      if (figures.some((f) => f.size === size && f !== baseFigure)) {
        await new Promise((r) => setTimeout(r, 15_000));
        idleAfterPagesRss = rss(app.pid, 'VmRSS');
        console.log(`http ${size}: RSS ${mb(idleAfterPagesRss)} idle 15 s after the page benchmarks`);
      }
      const exports: unknown[] = [];
      if (!ONLY || ONLY.test('export')) {
        for (const path of ['/exports/log.csv', '/exports/log.xlsx']) {
          // Each export from a freshly started server: its peak RSS is the export's own, not what
          // V8's heap grew to under the page benchmarks' 20 connections.
          await app.stop();
          app = await startProcess(['dist/server.js'], { DATA_DIR: dir }, '/health');
          const fresh = { cookie: (await signIn(app.base)).cookie };
          const e = await exportFigure(app, fresh, path);
          const rowsPerSecond = ids.logEntries / e.seconds;
          exports.push({ ...e, rows: ids.logEntries, rowsPerSecond });
          console.log(
            `  export ${path.padEnd(20)} ${e.status} ${ids.logEntries} rows in ${e.seconds.toFixed(1)} s (${rowsPerSecond.toFixed(0)} rows/s), ${mb(e.bytes)}, server RSS ${mb(e.rssBefore)} -> peak ${mb(e.peakRss)}`,
          );
        }
      }
      extra[size] = { ...idle, idleAfterPagesRss, ids, exports };
    } finally {
      await baseline?.stop();
      await app?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`\nHTTP figures (${CONNECTIONS} connections, ${SECONDS} s per page; ratio = req/s / baseline req/s; p50/p99 in ms)`);
  printTable(figures);
  const outDir = join(root, 'tests/bench/results');
  mkdirSync(outDir, { recursive: true });
  const label = process.env.BENCH_LABEL ?? new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
  const out = join(outDir, `http-${label}.json`);
  writeFileSync(
    out,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        cpus: (await import('node:os')).cpus().length,
        connections: CONNECTIONS,
        seconds: SECONDS,
        figures,
        servers: extra,
      },
      null,
      2,
    ),
  );
  console.log(`written ${out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
