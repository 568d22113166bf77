// Export and import in the browser: filter the partner list, download it as XLSX and read it
// back; import a CSV with two new partners and one update through preview and commit; axe on
// the import pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { startServer, launchBrowser, newPage, axeViolations, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { Clock, defaultSetup, testPasswordHash, PASSWORD } from '../helpers/app.js';
import { partners } from '../../src/db/schema.js';

describe('export and import (browser)', () => {
  let server: Server;
  let browser: Browser;
  const clock = new Clock();

  beforeAll(async () => {
    server = await startServer({ now: clock.now });
    applySetup(server.db, defaultSetup, await testPasswordHash(), clock.now()); // Odense: its 20 twin cities
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('exports the filtered partner list as XLSX and imports a CSV through preview and commit', async () => {
    const { page, consoleErrors } = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(defaultSetup.adminEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);

    // Filter: the Swedish twin cities.
    await page.goto(`${server.url}/partners`);
    await page.locator('#filter-country').selectOption('SE');
    await page.waitForURL(/country=SE/);
    await page.getByRole('link', { name: 'Excel (XLSX)' }).waitFor();
    expect(await page.getByRole('link', { name: 'Excel (XLSX)' }).getAttribute('href')).toContain('country=SE');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Excel (XLSX)' }).click()]);
    expect(download.suggestedFilename()).toBe('partners-odense-kommune-2026-11-24.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const names = sheet.getColumn(1).values.slice(2);
    expect(names).toEqual(['Norrköping', 'Östersund']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    // Import: two new partners and one that exists.
    await page.goto(`${server.url}/imports`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Partners').check();
    await page.locator('#import-file').setInputFiles({
      name: 'partnere.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        '\ufeffNavn;Land;By;Type\r\nLund;Sverige;Lund;Venskabsby\r\nTartu;Estland;Tartu;Venskabsby\r\nÖstersund;Sverige;Östersund, Jämtland;Venskabsby\r\n',
      ),
    });
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.waitForURL(/\/imports\/\d+$/);
    await expect.poll(() => page.locator('[data-count="new"]').textContent()).toBe('2');
    expect(await page.locator('[data-count="update"]').textContent()).toBe('1');
    expect(await page.locator('[data-count="error"]').textContent()).toBe('0');
    expect(await axeViolations(page)).toEqual([]);
    expect(server.db.select().from(partners).where(eq(partners.name, 'Lund')).all()).toHaveLength(0);

    await page.getByRole('button', { name: 'Import 3 rows' }).click();
    await page.locator('p.flash').getByText('Imported: 2 new, 1 updated.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(server.db.select().from(partners).where(eq(partners.name, 'Lund')).get()).toMatchObject({ country: 'SE', kind: 'twin_city' });
    expect(server.db.select().from(partners).where(eq(partners.name, 'Östersund')).all()).toEqual([
      expect.objectContaining({ cityRegion: 'Östersund, Jämtland' }),
    ]);
    expect(server.db.select().from(partners).all()).toHaveLength(23);
    expect(consoleErrors).toEqual([]);
  });
});
