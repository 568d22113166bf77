// The contact-log flow in Chromium: two contacts added to a partner, a contact with both of them
// quick-logged in place from the partner's page, seen on its timeline, found by searching a word
// of its summary typed without accents; axe on every page on the way.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { startServer, launchBrowser, newPage, axeViolations, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { partners } from '../../src/db/schema.js';
import { Clock, defaultSetup, testPasswordHash, PASSWORD } from '../helpers/app.js';

describe('contact log (browser)', () => {
  let server: Server;
  let browser: Browser;
  const clock = new Clock();

  beforeAll(async () => {
    server = await startServer({ now: clock.now });
    applySetup(server.db, defaultSetup, await testPasswordHash(), clock.now()); // Odense: Kópavogur is a twin city
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('quick-logs a contact with two people from the partner page, shows it on the timeline and finds it without accents', async () => {
    const partner = server.db.select().from(partners).where(eq(partners.name, 'Kópavogur')).get()!;
    const { page, consoleErrors } = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(defaultSetup.adminEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname !== '/login');

    for (const name of ['Guðrún Jónsdóttir', 'Ármann Kristinsson']) {
      await page.goto(`${server.url}/partners/${partner.id}/contacts`);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('link', { name: 'New contact' }).click();
      await page.waitForURL(/\/contacts\/new/);
      expect(await page.getByLabel('Partner').inputValue()).toBe(String(partner.id));
      await page.getByLabel('Name').fill(name);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/\/contacts\/\d+$/);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(name);
    }

    const timelineUrl = `${server.url}/partners/${partner.id}/timeline`;
    await page.goto(timelineUrl);
    await page.locator('.quick-log').getByRole('link', { name: 'Log contact' }).click();
    const form = page.locator('#quick-log-slot form');
    await form.waitFor();
    expect(page.url()).toBe(timelineUrl); // opened in place
    await form.getByLabel('Guðrún Jónsdóttir').check();
    await form.getByLabel('Ármann Kristinsson').check();
    await form.getByLabel('Summary').fill('Studiebesøg på Kársnesskóli om inkluderende undervisning');
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Save to the log' }).click();
    await expect.poll(() => page.locator('#quick-log-slot').textContent()).toContain('Logged:');
    expect(page.url()).toBe(timelineUrl); // the user stays where they were

    await page.reload();
    await expect.poll(() => page.locator('#timeline').textContent()).toContain('Studiebesøg på Kársnesskóli');
    await page
      .locator('#timeline')
      .getByRole('link', { name: /Kársnesskóli/ })
      .click();
    await page.waitForURL(/\/log\/\d+$/);
    expect(await page.locator('.facts').textContent()).toContain('Guðrún Jónsdóttir');
    expect(await page.locator('.facts').textContent()).toContain('Ármann Kristinsson');

    // Typing in the header box: grouped results appear while typing, the word highlighted.
    await page.locator('#header-q').pressSequentially('karsnesskoli');
    await expect
      .poll(() =>
        page
          .locator('#search-popup mark')
          .first()
          .textContent({ timeout: 5000 })
          .catch(() => ''),
      )
      .toBe('Kársnesskóli');
    expect(await axeViolations(page)).toEqual([]);
    // The arrows move into the results and back; Escape closes them and leaves the text; a click elsewhere closes them too.
    const results = page.locator('#search-popup a[href]');
    await page.locator('#header-q').press('ArrowDown');
    expect(await results.first().evaluate((a) => a === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowUp');
    expect(await page.locator('#header-q').evaluate((input) => input === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    expect(await results.count()).toBe(0);
    expect(await page.locator('#header-q').inputValue()).toBe('karsnesskoli');
    await page.locator('#header-q').press('Space');
    await results.first().waitFor();
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    expect(await results.count()).toBe(0);
    await page.locator('#header-q').fill('karsnesskoli');
    await page.locator('#header-q').press('Enter');
    await page.waitForURL(/\/search\?q=karsnesskoli/);
    expect(await page.locator('main').textContent()).toContain('Studiebesøg på Kársnesskóli');
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
