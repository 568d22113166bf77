// Pages kept until the next write (src/plugins/kept-pages.ts): a repeat view is answered without
// rendering, and nothing a reader could see goes stale: any write (through the app, by raw SQL or by
// another process), another reader, a pending message, htmx's fragment, the next minute, a hard
// reload and a page that reads the disk each get a page rendered afresh.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { applySetup } from '../../src/setup/queries.js';
import { partners } from '../../src/db/schema.js';
import {
  Clock,
  Client,
  PASSWORD,
  buildTestApp,
  createUser,
  defaultSetup,
  signedIn,
  testConfig,
  testPasswordHash,
  type TestApp,
} from '../helpers/app.js';

let t: TestApp;
afterEach(async () => {
  await t?.app.close();
});

/** Counts the templates rendered from here on (every page and fragment goes through app.view). */
function renders(app: TestApp['app']) {
  const spy = vi.spyOn(app, 'view');
  return { count: () => spy.mock.calls.length, reset: () => spy.mockClear() };
}

function addPartner(t: TestApp, name: string) {
  const at = t.clock.now().toISOString();
  return t.db.insert(partners).values({ name, kind: 'twin_city', country: 'IS', createdAt: at, updatedAt: at }).returning().get();
}

describe('pages kept until the next write', () => {
  it('answers a repeat view with the same page without rendering it again', async () => {
    t = await buildTestApp();
    addPartner(t, 'Kópavogur');
    const client = await signedIn(t);
    const first = await client.get('/partners');
    expect(first.statusCode).toBe(200);
    const rendered = renders(t.app);
    const again = await client.get('/partners');
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(rendered.count()).toBe(0);
    // The headers a page has are all there again: security headers, no-store, the content type.
    expect(again.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(again.headers['cache-control']).toBe('no-store');
    expect(again.headers['content-security-policy']).toBe(first.headers['content-security-policy']);
  });

  it('renders afresh after a write through the app, and after one by raw SQL on the same connection', async () => {
    t = await buildTestApp();
    const partner = addPartner(t, 'Hveragerði');
    const client = await signedIn(t);
    expect((await client.get('/partners')).body).toContain('Hveragerði');
    await client.get('/partners');

    const saved = await client.post(`/partners/${partner.id}`, { kind: 'twin_city', name: 'Hveragerðisbær', country: 'IS' });
    expect(saved.statusCode).toBe(303);
    const afterEdit = await client.get('/partners');
    expect(afterEdit.body).toContain('Hveragerðisbær');
    expect(afterEdit.body).not.toContain('>Hveragerði<');

    await client.get('/partners'); // kept from here, as the first test shows
    t.db.$client.prepare("UPDATE partners SET name = 'Ölfus' WHERE id = ?").run(partner.id);
    expect((await client.get('/partners')).body).toContain('Ölfus');
  });

  it('renders afresh after another process commits to the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kept-pages-'));
    try {
      const file = join(dir, 'app.sqlite');
      const db = openDatabase(file);
      const clock = new Clock();
      applySetup(db, defaultSetup, await testPasswordHash(), clock.now());
      const app = await buildApp({ db, config: testConfig(), now: clock.now, logger: false });
      t = { app, db, clock, adminId: 0 };
      const client = new Client(app);
      await client.login(defaultSetup.adminEmail, PASSWORD);
      expect((await client.get('/partners')).body).not.toContain('Hafnarfjörður');
      await client.get('/partners');

      // Another connection to the file, as the CLI or a second process would open it.
      const other = openDatabase(file).$client;
      other
        .prepare(
          "INSERT INTO partners (name, kind, country, created_at, updated_at) VALUES ('Hafnarfjörður', 'twin_city', 'IS', '2026-11-24', '2026-11-24')",
        )
        .run();
      other.close();
      expect((await client.get('/partners')).body).toContain('Hafnarfjörður');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("never gives one reader another's page", async () => {
    t = await buildTestApp();
    addPartner(t, 'Kópavogur');
    const admin = await signedIn(t);
    const viewer = new Client(t.app);
    await viewer.login((await createUser(t.db, 'viewer', { name: 'Vera Viewer' })).email);
    // Both sign-ins wrote sessions; the admin's view is kept from here.
    await admin.get('/partners');
    const adminPage = await admin.get('/partners');
    const viewerPage = await viewer.get('/partners');
    expect(adminPage.body).toContain('Ada Admin');
    expect(viewerPage.body).toContain('Vera Viewer');
    expect(viewerPage.body).not.toContain('Ada Admin');
    // The viewer may not add partners: no such button on their page.
    expect(adminPage.body).toContain('href="/partners/new"');
    expect(viewerPage.body).not.toContain('href="/partners/new"');
  });

  it("keeps a reader's page while visitors come and go: session rows are not data a page reads", async () => {
    t = await buildTestApp();
    addPartner(t, 'Kópavogur');
    const admin = await signedIn(t);
    await admin.get('/partners');
    await admin.get('/partners');
    // Each visitor of the sign-in page gets a session row (its CSRF secret).
    for (let i = 0; i < 3; i++) expect((await new Client(t.app).get('/login')).statusCode).toBe(200);
    expect(t.db.$client.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 4 });
    const rendered = renders(t.app);
    expect((await admin.get('/partners')).statusCode).toBe(200);
    expect(rendered.count()).toBe(0);
    // A write of data still ends it.
    addPartner(t, 'Hafnarfjörður');
    expect((await admin.get('/partners')).body).toContain('Hafnarfjörður');
    expect(rendered.count()).toBeGreaterThan(0);
  });

  it('shows a pending message once, and the page after it without the message', async () => {
    t = await buildTestApp();
    const partner = addPartner(t, 'Kópavogur');
    const client = await signedIn(t);
    await client.get('/partners');
    await client.post(`/partners/${partner.id}`, { kind: 'twin_city', name: 'Kópavogur', country: 'IS' });
    const withMessage = await client.get('/partners');
    expect(withMessage.body).toContain('Saved.');
    const next = await client.get('/partners');
    expect(next.body).not.toContain('Saved.');
    expect((await client.get('/partners')).body).not.toContain('Saved.');
  });

  it("keeps htmx's fragment and the whole page of one address apart", async () => {
    t = await buildTestApp();
    addPartner(t, 'Kópavogur');
    const client = await signedIn(t);
    const page = await client.get('/partners?kind=municipality');
    await client.get('/partners?kind=municipality');
    const fragment = await client.get('/partners?kind=municipality', { 'hx-request': 'true', 'hx-target': 'partner-list' });
    const pageAgain = await client.get('/partners?kind=municipality');
    expect(page.body).toContain('<html');
    expect(fragment.body).not.toContain('<html');
    expect(fragment.body).toContain('Kópavogur');
    expect(pageAgain.body).toBe(page.body);
  });

  it('renders afresh in the next minute, on a hard reload (Cache-Control: no-cache) and for a page that reads the disk', async () => {
    t = await buildTestApp({ config: { backup: { cron: null, dir: mkdtempSync(join(tmpdir(), 'kept-backups-')) } } });
    const client = await signedIn(t);
    await client.get('/partners');
    const rendered = renders(t.app);
    await client.get('/partners');
    expect(rendered.count()).toBe(0);

    await client.get('/partners', { 'cache-control': 'no-cache' });
    expect(rendered.count()).toBe(1);

    t.clock.advance(60_000);
    await client.get('/partners');
    expect(rendered.count()).toBe(2);
    await client.get('/partners');
    expect(rendered.count()).toBe(2);

    await client.get('/admin/backups');
    await client.get('/admin/backups');
    expect(rendered.count()).toBe(4);
  });

  it('keeps no error page and no refused form', async () => {
    t = await buildTestApp();
    const client = await signedIn(t);
    await client.get('/partners/999999');
    const rendered = renders(t.app);
    expect((await client.get('/partners/999999')).statusCode).toBe(404);
    expect(rendered.count()).toBe(1);
  });

  it('holds a bounded number of pages however many addresses are asked for', async () => {
    t = await buildTestApp();
    const client = await signedIn(t);
    for (let page = 1; page <= 300; page++) await client.get(`/partners?page=${page}`);
    const kept = t.app.keptPages.size();
    expect(kept.pages).toBeGreaterThan(0);
    expect(kept.pages).toBeLessThanOrEqual(256);
    expect(kept.bytes).toBeLessThanOrEqual(16_000_000);
  });
});
