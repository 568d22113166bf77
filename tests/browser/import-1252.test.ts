// Import in the browser, in Danish: Odense's twin cities as a Windows-1252 CSV from Excel,
// uploaded over the preset. The preview shows updates with their changes (İzmir -> Izmir held
// until ticked) and no new rows; commit writes the updates; axe finds nothing on the pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import iconv from 'iconv-lite';
import { eq } from 'drizzle-orm';
import { startServer, launchBrowser, newPage, axeViolations, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { Clock, defaultSetup, testPasswordHash, PASSWORD } from '../helpers/app.js';
import { partners } from '../../src/db/schema.js';
import { TWIN_CITIES } from '../imports/helpers.js';

describe('import of a Windows-1252 file over the Odense preset (browser, Danish)', () => {
  let server: Server;
  let browser: Browser;
  const clock = new Clock();

  beforeAll(async () => {
    server = await startServer({ now: clock.now });
    applySetup(server.db, { ...defaultSetup, locale: 'da' }, await testPasswordHash(), clock.now());
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the updates with their changes and no new rows, then imports them', async () => {
    const before = server.db.select().from(partners).all().length;
    const { page, consoleErrors } = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('E-mail').fill(defaultSetup.adminEmail);
    await page.getByLabel('Adgangskode').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.waitForURL(`${server.url}/`);

    await page.goto(`${server.url}/imports`);
    await page.getByRole('heading', { level: 1, name: 'Import' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Partnere').check();
    await page
      .locator('#import-file')
      .setInputFiles({ name: 'venskabsbyer.csv', mimeType: 'text/csv', buffer: iconv.encode(TWIN_CITIES, 'windows-1252') });
    await page.getByRole('button', { name: 'Upload og tjek' }).click();
    await page.waitForURL(/\/imports\/\d+$/);

    await expect.poll(() => page.locator('[data-count="update"]').textContent()).toBe('13');
    expect(await page.locator('[data-count="new"]').textContent()).toBe('0');
    expect(await page.locator('[data-count="likely"]').textContent()).toBe('0');
    expect(await page.locator('[data-count="error"]').textContent()).toBe('0');
    expect(await page.getByText('windows-1252').count()).toBeGreaterThan(0);
    // İzmir -> Izmir is shown, held: the box to apply it is not ticked.
    const izmir = page.locator('tr[data-line="20"]');
    expect(await izmir.locator('[data-change="name"] del').textContent()).toBe('İzmir');
    expect(await izmir.locator('[data-change="name"] ins').textContent()).toBe('Izmir');
    expect(await izmir.getByLabel('Gennemfør ændringen').isChecked()).toBe(false);
    // Brno gets its region and website: shown old -> new.
    const brno = page.locator('tr[data-line="2"]');
    expect(await brno.locator('[data-change="website"] ins').textContent()).toBe('https://www.brno.cz');
    // The description with a line break and an en dash arrived whole.
    expect(await page.locator('tr[data-line="15"] [data-change="description"] ins').textContent()).toBe(
      'Sister Cities International – 2 × årligt',
    );
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Importer 13 rækker' }).click();
    await page.locator('p.flash').getByText('Importeret: 0 nye, 13 opdateret.').waitFor();
    expect(await page.getByText('Det kan ske i 30 dage').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    expect(server.db.select().from(partners).all()).toHaveLength(before);
    expect(server.db.select().from(partners).where(eq(partners.name, 'İzmir')).get()).toMatchObject({
      website: 'https://www.izmir.bel.tr',
    });
    expect(server.db.select().from(partners).where(eq(partners.name, 'Kópavogur')).get()).toMatchObject({
      description: 'Venskabsby siden 1961\nKontakt: borgmesterens kontor',
    });
    expect(consoleErrors).toEqual([]);
  });
});
