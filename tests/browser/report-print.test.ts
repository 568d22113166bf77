// The council report printed on A4: every column of every table on the paper (nothing clipped at the
// right edge) and no on-screen "scroll sideways" hint in the printout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, launchBrowser, newPage, type Server } from './harness.js';
import { generateDemo } from '../../src/demo/index.js';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../../src/demo/partners.js';
import { Clock } from '../helpers/app.js';

describe('the council report on paper (browser)', () => {
  let server: Server;
  let browser: Browser;
  const clock = new Clock();

  beforeAll(async () => {
    server = await startServer({ now: clock.now });
    generateDemo(server.db, { framework: 'odense', size: 'small', seed: 1, now: clock.now() });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('fits every table within an A4 page’s width and prints no scroll hint', async () => {
    const { page } = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.locator('input[name=email]').fill(DEMO_ADMIN_EMAIL);
    await page.locator('input[name=password]').fill(DEMO_PASSWORD);
    await page.locator('main form button[type=submit]').click();
    await page.waitForURL((u) => u.pathname === '/');
    // A4 portrait at 96 dpi with Chromium's default margins leaves about 718 CSS pixels.
    await page.setViewportSize({ width: 718, height: 1000 });
    await page.emulateMedia({ media: 'print' });
    await page.goto(`${server.url}/report`);
    const layout = await page.evaluate(() => ({
      page: document.documentElement.clientWidth,
      tables: [...document.querySelectorAll('table')].map((t) => Math.ceil(t.getBoundingClientRect().right)),
      hints: [...document.querySelectorAll('.scroll-hint')].filter((h) => h.getBoundingClientRect().height > 0).length,
    }));
    expect(layout.tables.length).toBeGreaterThan(2);
    expect(layout.tables.filter((right) => right > layout.page)).toEqual([]);
    expect(layout.hints).toBe(0);
  });
});
