// Responses compressed when the client asks; static files under content-hashed names, cached for
// a year as immutable, while an old hash and the plain name are revalidated; the CSP stays strict.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestApp, signedIn, type TestApp } from '../helpers/app.js';
import { AssetHashes, IMMUTABLE, staticFolder } from '../../src/plugins/assets.js';

describe('compression and static files', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('serves a page with gzip or brotli when asked, and plain when not; Vary names both encoding and htmx', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/login' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();

    const gzip = await t.app.inject({ method: 'GET', url: '/login', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const unzipped = gunzipSync(gzip.rawPayload).toString('utf8');
    expect(unzipped).toContain('<html');
    expect(gzip.rawPayload.length).toBeLessThan(Buffer.byteLength(unzipped));
    expect(String(gzip.headers.vary).toLowerCase()).toContain('accept-encoding');
    expect(String(gzip.headers.vary)).toContain('HX-Request');

    const br = await t.app.inject({ method: 'GET', url: '/login', headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toContain('<html');
  });

  it('streams a CSV export through compression: chunked, no length known in advance, and whole once unzipped', async () => {
    const user = await signedIn(t, 'coordinator');
    const res = await user.get('/exports/partners.csv', { 'accept-encoding': 'gzip' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['transfer-encoding']).toBe('chunked');
    const csv = gunzipSync(res.rawPayload).toString('utf8');
    expect(csv.split('\n').length).toBeGreaterThan(2);
  });

  it('links the stylesheet and script by content hash, served as immutable for a year', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/login' });
    const css = /href="(\/static\/app\.([0-9a-f]{12})\.css)"/.exec(page.body);
    const js = /src="(\/static\/app\.([0-9a-f]{12})\.js)"/.exec(page.body);
    expect(css).not.toBeNull();
    expect(js).not.toBeNull();
    const res = await t.app.inject({ method: 'GET', url: css![1]! });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toContain('text/css');
    expect(res.body).toBe(readFileSync(join(staticFolder, 'app.css'), 'utf8'));
    const script = await t.app.inject({ method: 'GET', url: js![1]! });
    expect(script.headers['cache-control']).toBe(IMMUTABLE);
    expect(script.headers['content-type']).toContain('javascript');
    // The stylesheet is compressed too.
    const zipped = await t.app.inject({ method: 'GET', url: css![1]!, headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
  });

  it('an old hash still gets the current file but is never cached as immutable; the plain name is revalidated; unknown files 404', async () => {
    const old = await t.app.inject({ method: 'GET', url: '/static/app.000000000000.css' });
    expect(old.statusCode).toBe(200);
    expect(old.headers['cache-control']).toBe('no-cache');
    expect(old.body).toBe(readFileSync(join(staticFolder, 'app.css'), 'utf8'));

    const plain = await t.app.inject({ method: 'GET', url: '/static/app.css' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('no-cache');
    expect(plain.headers.etag).toBeTruthy();
    const again = await t.app.inject({ method: 'GET', url: '/static/app.css', headers: { 'if-none-match': String(plain.headers.etag) } });
    expect(again.statusCode).toBe(304);

    expect((await t.app.inject({ method: 'GET', url: '/static/nothing.000000000000.css' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/static/nothing.css' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/static/..%2Fpackage.json' })).statusCode).toBeGreaterThanOrEqual(400);
    expect((await t.app.inject({ method: 'GET', url: '/static/../package.json' })).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('keeps the CSP strict: scripts only from the app itself, nothing inline', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/login' });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});

describe('content hashes', () => {
  it('change when the file changes, and refuse names outside the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'assets-'));
    try {
      writeFileSync(join(dir, 'site.css'), 'body { color: black }');
      const hashes = new AssetHashes(dir);
      const first = hashes.url('site.css');
      expect(first).toMatch(/^\/static\/site\.[0-9a-f]{12}\.css$/);
      expect(hashes.url('site.css')).toBe(first);
      writeFileSync(join(dir, 'site.css'), 'body { color: navy }');
      utimesSync(join(dir, 'site.css'), new Date(), new Date(Date.now() + 5_000));
      expect(hashes.url('site.css')).not.toBe(first);
      expect(hashes.hash('../site.css')).toBeNull();
      expect(hashes.hash('missing.css')).toBeNull();
      expect(() => hashes.url('missing.css')).toThrow(/No static file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('trust a hash for the recheck time without looking at the file (the app: a second)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'assets-'));
    try {
      writeFileSync(join(dir, 'site.css'), 'body { color: black }');
      const hashes = new AssetHashes(dir, 60_000);
      const first = hashes.url('site.css');
      writeFileSync(join(dir, 'site.css'), 'body { color: navy }');
      utimesSync(join(dir, 'site.css'), new Date(), new Date(Date.now() + 5_000));
      expect(hashes.url('site.css')).toBe(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
