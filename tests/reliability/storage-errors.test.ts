// A full disk (simulated with SQLite's max_page_count) or a read-only database must not take the
// UI down: reads keep working, a refused write answers a page in the user's language saying nothing
// was saved, and no write is half done. Fastify's own errors are pages too, never JSON.
import { describe, it, expect, beforeEach } from 'vitest';
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { buildTestApp, Client, signedIn, type TestApp } from '../helpers/app.js';
import { auditLog, partners } from '../../src/db/schema.js';

/**
 * Fill the database up to a page limit, so that any write needing a new page fails with SQLITE_FULL:
 * a filler table takes every free page, then the sessions table is packed until 300 inserts in a
 * row find no room (a new visitor's session row is the write a read-only page makes).
 */
function fillDisk(sqlite: Database.Database): void {
  sqlite.exec('create table filler (b blob)');
  sqlite.exec('vacuum');
  sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true }) as number}`);
  const full = (fn: () => void) => {
    try {
      fn();
      return false;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_FULL') throw err;
      return true;
    }
  };
  const filler = sqlite.prepare('insert into filler values (zeroblob(?))');
  for (let size = 4096; size >= 1; size = Math.floor(size / 2)) while (!full(() => filler.run(size)));
  const session = sqlite.prepare("insert into sessions (sid, data, expires_at) values (?, '{}', '2000-01-01')");
  for (let misses = 0; misses < 300;) misses = full(() => session.run(randomBytes(16).toString('hex'))) ? misses + 1 : 0;
}

const partner = (name: string, description = '') => ({
  kind: 'network',
  name,
  country: 'BE',
  cityRegion: '',
  website: '',
  description,
  tags: '',
  annualFee: '',
  workingGroups: '',
  fundingProgramme: '',
  projectStartOn: '',
  projectEndOn: '',
  projectBudget: '',
  organisationType: '',
});

describe('a full disk', () => {
  let t: TestApp;
  let client: Client;
  beforeEach(async () => {
    t = await buildTestApp();
    client = await signedIn(t, 'coordinator');
    fillDisk(t.db.$client);
  });

  it('keeps every page readable, for the signed-in and for a new visitor', async () => {
    for (const url of ['/', '/partners', '/partnerships', '/contacts', '/log', '/reviews']) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
    }
    t.clock.advance(5 * 60_000); // the session's last-seen touch is due
    expect((await client.get('/partners')).statusCode).toBe(200);
    const visitor = await new Client(t.app).get('/login');
    expect(visitor.statusCode).toBe(200);
    expect(visitor.body).toContain('<form');
  });

  it('refuses a write with a 507 page that says nothing was saved, and saves nothing', async () => {
    const res = await client.post('/partners', partner('Eurotowns', 'x'.repeat(4900)));
    expect(res.statusCode).toBe(507);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<html');
    expect(res.body).toContain('Not saved: the server is out of storage space');
    expect(t.db.select().from(partners).where(eq(partners.name, 'Eurotowns')).all()).toEqual([]);
    expect(t.db.select().from(auditLog).where(eq(auditLog.entityType, 'partner')).all()).toEqual([]);
  });

  it('answers in the user language, and htmx with a fragment', async () => {
    t.db.$client.prepare("update organisation set locale = 'da'").run();
    const res = await client.htmx('/partners', partner('Eurotowns', 'x'.repeat(4900)));
    expect(res.statusCode).toBe(507);
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain('Ikke gemt');
  });

  it('never reports a saved write as failed, nor a failed one as saved', async () => {
    // Small rows may still fit in a page's free space; whatever happens, the answer tells the truth.
    for (let i = 0; i < 12; i++) {
      const name = `Small ${i}`;
      const res = await client.post('/partners', partner(name, 'y'.repeat(i * 400)));
      const saved = t.db.select().from(partners).where(eq(partners.name, name)).all().length;
      const audited = t.db.$client
        .prepare("select count(*) n from audit_log where entity_type = 'partner' and entity_id = (select id from partners where name = ?)")
        .get(name) as { n: number };
      expect([303, 507], `${name}: ${res.statusCode}`).toContain(res.statusCode);
      expect(saved, name).toBe(res.statusCode === 303 ? 1 : 0);
      expect(audited.n, name).toBe(saved);
    }
  });

  it('saves again once there is room', async () => {
    expect((await client.post('/partners', partner('Eurotowns', 'x'.repeat(4900)))).statusCode).toBe(507);
    t.db.$client.pragma('max_page_count = 1000000'); // the operator freed space
    expect((await client.post('/partners', partner('Eurotowns', 'x'.repeat(4900)))).statusCode).toBe(303);
  });
});

describe('a read-only database', () => {
  it('keeps reads working and answers a write with 503 and Retry-After', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t, 'coordinator');
    t.db.$client.pragma('query_only = 1');
    expect((await client.get('/partners')).statusCode).toBe(200);
    const res = await client.post('/partners', partner('Eurotowns'));
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.body).toContain('the database cannot be written just now');
  });
});

describe("Fastify's own errors", () => {
  it('are HTML pages in the language the browser asks for, never JSON', async () => {
    const t = await buildTestApp({ setup: false });
    const cases = [
      { name: 'malformed JSON', headers: { 'content-type': 'application/json' }, payload: '{"a":', status: 400 },
      { name: 'unknown content type', headers: { 'content-type': 'text/x-unknown' }, payload: 'x', status: 415 },
      {
        name: 'body too large',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'a='.padEnd(17 * 1024 * 1024, 'x'),
        status: 413,
      },
    ];
    for (const c of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/login',
        headers: { ...c.headers, 'accept-language': 'sv-SE,sv;q=0.9' },
        payload: c.payload,
      });
      expect(res.statusCode, c.name).toBe(c.status);
      expect(res.headers['content-type'], c.name).toContain('text/html');
      expect(res.body, c.name).not.toMatch(/^\s*\{/);
      expect(res.body, c.name).toContain('lang="sv"');
    }
  });
});
