// The offline quick log in Chromium: the service worker keeps the quick log; with the browser offline
// the page still loads, two contacts are logged and wait on the device, other pages say they need the
// network; back online the two are sent and the server holds exactly two entries, and sending one
// of them again (same key) does not make a third. axe on the page with entries waiting.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { startServer, launchBrowser, newPage, axeViolations, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { logEntries, partners, users } from '../../src/db/schema.js';
import { Clock, defaultSetup, testPasswordHash, PASSWORD } from '../helpers/app.js';

/** Starts listening for htmx's next swap; the function returned waits for it (call it after the action that causes it). */
async function nextSwap(page: Page): Promise<() => Promise<void>> {
  await page.evaluate(() => {
    (window as unknown as { swapped: Promise<void> }).swapped = new Promise((resolve) =>
      document.addEventListener('htmx:after:swap', () => resolve(), { once: true }),
    );
  });
  return () => page.evaluate(() => (window as unknown as { swapped: Promise<void> }).swapped);
}

/** Whether the service worker controls the page and has kept the quick log and the offline page. */
function keptForOffline(page: Page) {
  return page.evaluate(async () => {
    const match = { ignoreSearch: true, ignoreVary: true };
    return !!navigator.serviceWorker.controller && !!(await caches.match('/log/new', match)) && !!(await caches.match('/offline', match));
  });
}

describe('offline quick log (browser)', () => {
  let server: Server;
  let browser: Browser;
  const clock = new Clock();

  beforeAll(async () => {
    server = await startServer({ now: clock.now });
    applySetup(server.db, defaultSetup, await testPasswordHash(), clock.now());
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('logs two contacts offline, sends them when the network returns, and a replay makes no third entry', async () => {
    const partner = server.db.select().from(partners).where(eq(partners.name, 'Kópavogur')).get()!;
    const { page } = await newPage(browser);
    const context = page.context();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(defaultSetup.adminEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname !== '/login');

    // Online: the quick log installs the service worker, which keeps the page for use without network.
    await page.goto(`${server.url}/log/new`);
    expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest');
    await expect.poll(() => keptForOffline(page), { timeout: 20_000 }).toBe(true);
    // Installable: Chromium reads the manifest without errors and finds nothing missing but a normal
    // (not incognito) profile, which Playwright's contexts never are.
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest', {})) as { errors: unknown[] };
    expect(manifest.errors).toEqual([]);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);

    await context.setOffline(true);
    const summaries = ['Møde i Kópavogur om skoleudveksling', 'Telefon med rådhuset om venskabsbyaftalen'];
    const logContact = async (summary: string) => {
      const form = page.locator('#log-form');
      await form.locator('#f-partnerIds').selectOption(String(partner.id));
      await form.getByLabel('Summary').fill(summary);
      await form.getByRole('button', { name: 'Save to the log' }).click();
      await expect.poll(() => page.locator('#log-outbox-list li').filter({ hasText: summary }).count()).toBe(1);
      expect(await page.locator('#log-form').getByLabel('Summary').inputValue()).toBe(''); // a fresh form for the next one
    };
    for (const summary of summaries) await logContact(summary);

    const waiting = page.locator('#log-outbox');
    expect(await waiting.getByRole('heading', { name: 'Waiting to send' }).isVisible()).toBe(true);
    expect(await waiting.locator('li').count()).toBe(2);
    expect(await waiting.locator('li').allTextContents()).toEqual([
      expect.stringContaining('Waiting to send'),
      expect.stringContaining('Waiting to send'),
    ]);
    expect(await page.locator('#log-outbox-status').textContent()).toContain('Kept on this device');
    expect(server.db.select().from(logEntries).all()).toHaveLength(0);
    expect(await axeViolations(page)).toEqual([]);

    // Without network the quick log still opens (from the service worker) with the entries waiting,
    // and every other page says it needs the network.
    const other = await context.newPage();
    await other.goto(`${server.url}/log/new`);
    expect(await other.getByRole('heading', { level: 1 }).textContent()).toBe('Log a contact');
    await expect.poll(() => other.locator('#log-outbox-list li').count()).toBe(2);
    await other.goto(`${server.url}/partners`);
    expect(await other.getByRole('heading', { level: 1 }).textContent()).toBe('No network');
    expect(await other.locator('main').textContent()).toContain('This page needs the network.');
    expect(await axeViolations(other)).toEqual([]);
    await other.close();
    expect(server.db.select().from(logEntries).all()).toHaveLength(0);

    // The network returns: the two entries are sent, and the list empties.
    await context.setOffline(false);
    await expect.poll(() => server.db.select().from(logEntries).all().length, { timeout: 20_000 }).toBe(2);
    await expect.poll(() => waiting.isHidden()).toBe(true);
    expect(await page.locator('#log-outbox-status').textContent()).toMatch(/^Sent to the log: /);
    const rows = server.db.select().from(logEntries).all();
    expect(rows.map((r) => r.summary).sort()).toEqual([...summaries].sort());
    expect(rows.every((r) => r.clientKey && /^[0-9a-f-]{36}$/.test(r.clientKey))).toBe(true);

    // The same entry sent again (an answer lost on the way) is answered with the first, not saved twice.
    const first = rows[0]!;
    const replay = await page.evaluate(
      async ({ key, partnerId, summary }) => {
        const token = ((await (await fetch('/log/offline/token', { headers: { 'HX-Request': 'true' } })).json()) as { token: string })
          .token;
        const body = new URLSearchParams({ partnerIds: String(partnerId), type: 'meeting', occurredOn: '2026-11-20', summary, quick: '1' });
        body.set('clientKey', key);
        body.set('_csrf', token);
        const res = await fetch('/log', { method: 'POST', body, headers: { 'HX-Request': 'true' } });
        return { status: res.status, body: await res.text() };
      },
      { key: first.clientKey!, partnerId: partner.id, summary: first.summary },
    );
    expect(replay.status).toBe(200);
    expect(replay.body).toContain(`href="/log/${first.id}"`);
    expect(server.db.select().from(logEntries).all()).toHaveLength(2);

    // Signing out forgets the kept pages: the next person on this device finds no quick log offline.
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.waitForURL((u) => u.pathname === '/login');
    const kept = await page.evaluate(async () =>
      Promise.all(['/log/new', '/offline'].map(async (path) => !!(await caches.match(path, { ignoreSearch: true, ignoreVary: true })))),
    );
    expect(kept).toEqual([false, false]);
  }, 120_000);

  it('keeps entries while signed out until the user signs in, and brings back what the server refuses to fix', async () => {
    const kopavogur = server.db.select().from(partners).where(eq(partners.name, 'Kópavogur')).get()!;
    const gone = server.db
      .insert(partners)
      .values({ kind: 'twin_city', name: 'Tórshavn', country: 'FO', updatedAt: '2026-01-01T00:00:00Z' })
      .returning()
      .get();
    const before = server.db.select().from(logEntries).all().length;
    const { page } = await newPage(browser);
    const context = page.context();
    const signIn = async () => {
      await page.getByLabel('Email').fill(defaultSetup.adminEmail);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
    };
    await page.goto(`${server.url}/login?next=%2Flog%2Fnew`);
    await signIn();
    await page.waitForURL((u) => u.pathname === '/log/new');
    await expect.poll(() => keptForOffline(page), { timeout: 20_000 }).toBe(true);

    await context.setOffline(true);
    for (const [partnerId, summary] of [
      [gone.id, 'Besøg i Tórshavn om kulturudveksling'],
      [kopavogur.id, 'Opfølgning med Kópavogur'],
    ] as const) {
      await page.locator('#log-form #f-partnerIds').selectOption(String(partnerId));
      await page.locator('#log-form').getByLabel('Summary').fill(summary);
      await page.locator('#log-form').getByRole('button', { name: 'Save to the log' }).click();
      await expect.poll(() => page.locator('#log-outbox-list li').filter({ hasText: summary }).count()).toBe(1);
    }
    // While the device was offline the partner was removed, and the session ended.
    server.db.delete(partners).where(eq(partners.id, gone.id)).run();
    await context.clearCookies();

    await context.setOffline(false);
    await expect.poll(() => page.locator('#log-outbox-sign-in').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.locator('#log-outbox-list li').count()).toBe(2);
    expect(server.db.select().from(logEntries).all()).toHaveLength(before);
    expect(await axeViolations(page)).toEqual([]);

    await page.locator('#log-outbox-sign-in').getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    await signIn();
    await page.waitForURL((u) => u.pathname === '/log/new');
    // Back on the quick log the entries go: one is saved, the other refused with the server's message.
    await expect.poll(() => server.db.select().from(logEntries).all().length, { timeout: 20_000 }).toBe(before + 1);
    const refused = page.locator('#log-outbox-list li');
    await expect.poll(() => refused.filter({ hasText: 'Not saved' }).count()).toBe(1);
    expect(await refused.count()).toBe(1);
    expect(await refused.textContent()).toContain('Besøg i Tórshavn om kulturudveksling');
    expect(await refused.textContent()).toMatch(/Partners: \S/);
    expect(await axeViolations(page)).toEqual([]);

    // Fix: the server's form, with the text kept and the message by the field; another partner, and it is saved once.
    await refused.getByRole('button', { name: 'Fix' }).click();
    // The button reads the entry from IndexedDB before it puts the server's form in place: wait for that form.
    const form = page.locator('#log-form');
    await expect.poll(() => form.getByLabel('Summary').inputValue()).toBe('Besøg i Tórshavn om kulturudveksling');
    expect(await form.locator('#e-partnerIds').isVisible()).toBe(true);
    const refreshed = await nextSwap(page);
    await form.locator('#f-partnerIds').selectOption(String(kopavogur.id));
    await refreshed(); // the people for the partner chosen; the form (and its key) comes back
    await page.locator('#log-form').getByRole('button', { name: 'Save to the log' }).click();
    await expect.poll(() => server.db.select().from(logEntries).all().length, { timeout: 20_000 }).toBe(before + 2);
    await expect.poll(() => page.locator('#log-outbox').isHidden()).toBe(true);
    const saved = server.db.select().from(logEntries).where(eq(logEntries.summary, 'Besøg i Tórshavn om kulturudveksling')).all();
    expect(saved).toHaveLength(1);
  }, 120_000);

  it('keeps an entry whose sending fails on a network that is there but carries nothing, and sends it with "Send now"', async () => {
    const partner = server.db.select().from(partners).where(eq(partners.name, 'Kópavogur')).get()!;
    const before = server.db.select().from(logEntries).all().length;
    // No service worker here: the browser believes it is online, and the save itself fails.
    const context = await browser.newContext({ locale: 'en-GB', serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(`${server.url}/login?next=%2Flog%2Fnew`);
    await page.getByLabel('Email').fill(defaultSetup.adminEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/log/new');
    const saves = (url: URL) => url.pathname === '/log';
    let lost = 0; // saves that never got an answer
    await page.route(saves, (route) => {
      if (route.request().method() !== 'POST' || route.request().postData()?.includes('_refresh=')) return route.continue();
      lost++;
      return route.abort('internetdisconnected');
    });

    // Choosing the partner refreshes the form (the people); the save comes after that answer.
    const refreshed = await nextSwap(page);
    await page.locator('#log-form #f-partnerIds').selectOption(String(partner.id));
    await refreshed();
    await page.locator('#log-form').getByLabel('Summary').fill('Samtale på konferencen i Bergen');
    await page.locator('#log-form').getByRole('button', { name: 'Save to the log' }).click();
    await expect.poll(() => page.locator('#log-outbox-list li').filter({ hasText: 'Samtale på konferencen i Bergen' }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.onLine)).toBe(true);
    expect(await page.locator('#htmx-error').isHidden()).toBe(true);
    // The save through htmx, then the outbox's own first try at once: both lost; the next try is 30 s away.
    await expect.poll(() => lost).toBe(2);
    expect(server.db.select().from(logEntries).all()).toHaveLength(before);

    await page.unroute(saves);
    await page.getByRole('button', { name: 'Send now' }).click();
    await expect
      .poll(async () => `${server.db.select().from(logEntries).all().length} ${await page.locator('#log-outbox').innerText()}`, {
        timeout: 20_000,
      })
      .toMatch(new RegExp(`^${before + 1} `));
    await expect.poll(() => page.locator('#log-outbox').isHidden()).toBe(true);
    await context.close();
  }, 120_000);
  it('keeps the quick log anew after the user changes language, so that it opens in theirs without network', async () => {
    const { page } = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(defaultSetup.adminEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname !== '/login');
    const keptLanguage = () =>
      page.evaluate(async () => {
        const kept = await caches.match('/log/new', { ignoreSearch: true, ignoreVary: true });
        return kept ? /<html[^>]*\slang="([^"]*)"/.exec(await kept.text())?.[1] : null;
      });
    await page.goto(`${server.url}/log/new`);
    await expect.poll(() => keptForOffline(page), { timeout: 20_000 }).toBe(true);
    expect(await keptLanguage()).toBe('en');

    // The user chooses Danish (as on their profile page); the next page they open is in Danish.
    server.db.update(users).set({ locale: 'da' }).where(eq(users.email, defaultSetup.adminEmail)).run();
    await page.goto(`${server.url}/partners`);
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    await expect.poll(keptLanguage, { timeout: 20_000 }).toBe('da');

    await page.context().setOffline(true);
    await page.goto(`${server.url}/log/new`);
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    await page.context().setOffline(false);
    server.db.update(users).set({ locale: null }).where(eq(users.email, defaultSetup.adminEmail)).run();
    await page.context().close();
  }, 120_000);
});
