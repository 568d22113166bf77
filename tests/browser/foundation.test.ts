// The foundation flow in Chromium: a fresh install leads to setup; set up Odense in Danish; the
// partners list shows the 20 twin cities; create a partnership through the form. axe checks
// WCAG 2.1 AA on every page visited.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, newPage, startServer, type Server } from './harness.js';

describe('foundation in a browser', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function expectAccessible(page: Page) {
    expect(await axeViolations(page), page.url()).toEqual([]);
  }

  it('sets up Odense in Danish, lists its twin cities and creates a partnership', async () => {
    const { page, consoleErrors } = await newPage(browser);
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/setup');
    // Without the link the server printed, setup is refused with a page that says where to find it.
    expect(await page.textContent('h1')).toContain('link from the server');
    await expectAccessible(page);
    // Chromium logs that deliberate 403 as a console error; it is the refusal working.
    expect(consoleErrors).toEqual([expect.stringContaining('status of 403')]);
    consoleErrors.length = 0;
    await page.goto(`${server.url}/setup?token=${server.app.setupToken}`);
    await expectAccessible(page);

    // A mistake first: the form comes back (422) with the message beside the field.
    await page.fill('#f-name', 'Odense Kommune');
    await page.fill('#f-adminName', 'Ada Admin');
    await page.fill('#f-adminEmail', 'ada@example.org');
    await page.fill('#f-adminPassword', 'short');
    await page.click('button[type=submit]');
    await page.waitForSelector('#e-adminPassword');
    await expectAccessible(page);

    await page.selectOption('#f-locale', 'da');
    await page.check('#fw-odense');
    await page.fill('#f-adminPassword', 'a long and careful passphrase');
    await Promise.all([page.waitForURL(`${server.url}/`), page.click('button[type=submit]')]);
    await expectAccessible(page);

    await page.goto(`${server.url}/partners`);
    await expect(page.locator('#partner-list')).toBeTruthy();
    const text = await page.textContent('#partner-list');
    expect(text).toContain('21 partnere');
    for (const name of ['Kópavogur', 'Östersund', 'İzmir', 'Klaksvík', 'Færøerne']) expect(text).toContain(name);
    const rows = await page.locator('#partner-list tbody tr').count();
    expect(rows).toBe(21);
    await expectAccessible(page);

    // Filter with htmx: the list is swapped and the URL follows.
    await page.selectOption('#filter-country', 'SE');
    await page.waitForFunction(() => document.querySelectorAll('#partner-list tbody tr').length === 2);
    expect(page.url()).toContain('country=SE');

    // Open Kópavogur and start a partnership from its page.
    await page.goto(`${server.url}/partners`);
    await page.click('text=Kópavogur');
    await expectAccessible(page);
    await page.click('a[href^="/partnerships/new?partnerId="]');
    await expectAccessible(page);
    await page.fill('#f-title', 'Kópavogur – klimasamarbejde');
    await page.selectOption('#f-agreementType', 'cooperation_agreement');
    await page.check('input[name=goalIds] >> nth=7');
    await Promise.all([page.waitForURL(/\/partnerships\/\d+$/), page.click('#partnership-form button[type=submit]')]);
    expect(await page.textContent('h1')).toContain('Kópavogur – klimasamarbejde');
    expect(await page.textContent('main')).toContain('En klima- og miljøvenlig storby');
    await expectAccessible(page);

    // Move it from exploring to active.
    await page.selectOption('#f-status', 'active');
    await page.fill('#f-reference', 'Byrådsbeslutning 2026/42');
    // The form posts to a sub-resource and comes back to the same address: wait for the new page's content.
    await page.click('#status-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('main')?.textContent?.includes('Byrådsbeslutning 2026/42'));
    expect(await page.textContent('main')).toContain('Byrådsbeslutning 2026/42');
    await expectAccessible(page);

    for (const path of ['/partnerships', '/goals', '/settings']) {
      await page.goto(`${server.url}${path}`);
      await expectAccessible(page);
    }
    expect(consoleErrors).toEqual([]);
  });
});
