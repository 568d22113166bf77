// Documents in Chromium: attach the signed agreement on a partnership's page through the plain
// multipart form, see it listed with who added it, download it; a program disguised as a PDF is
// refused with the message on the form. axe on every page.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, launchBrowser, newPage, axeViolations, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { documents } from '../../src/db/schema.js';
import { Clock, defaultSetup, testPasswordHash, PASSWORD } from '../helpers/app.js';
import { makePartner, makePartnership } from '../log/fixtures.js';
import { EXE, samplePdf } from '../documents/helpers.js';

describe('documents (browser)', () => {
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

  async function expectAccessible(page: Page) {
    expect(await axeViolations(page), page.url()).toEqual([]);
  }

  it('attaches a signed agreement on a partnership page and downloads it under its Nordic name', async () => {
    const partner = makePartner(server.db, { name: 'Tromsø kommune', country: 'NO' });
    const partnership = makePartnership(server.db, partner.id, { title: 'Venskabsby Tromsø' });
    const { page, consoleErrors } = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(defaultSetup.adminEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname !== '/login');

    await page.goto(`${server.url}/partnerships/${partnership.id}`);
    await expect(page.locator('#documents').getByText('No documents yet.').isVisible()).resolves.toBe(true);
    await page.getByText('Attach a document').click();
    await expectAccessible(page);

    // A program named .pdf: refused, the message on the form, nothing saved.
    const form = page.locator('form.document-form');
    await form.getByLabel('File').setInputFiles({ name: 'aftale.pdf', mimeType: 'application/pdf', buffer: EXE });
    await Promise.all([page.waitForURL(/\/documents$/), form.getByRole('button', { name: 'Attach' }).click()]);
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('is not a PDF, Word, Excel');
    expect(server.db.select().from(documents).all()).toEqual([]);
    await expectAccessible(page);

    const name = 'Venskabsaftale Tromsø–Odense, underskrevet.pdf';
    const pdf = samplePdf('Signed agreement');
    const again = page.locator('form.document-form');
    await again.getByLabel('Kind').selectOption('agreement');
    await again.getByLabel('Title').fill('Signed twin-city agreement');
    await again.getByLabel('File').setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf });
    await Promise.all([
      page.waitForURL(new RegExp(`/partnerships/${partnership.id}#documents$`)),
      again.getByRole('button', { name: 'Attach' }).click(),
    ]);
    const row = page.locator('#documents tbody tr');
    await expect(row.count()).resolves.toBe(1);
    await expect(row.textContent()).resolves.toContain(name);
    await expect(row.textContent()).resolves.toContain(defaultSetup.adminName);
    await expectAccessible(page);

    const link = page.getByRole('link', { name: `Download ${name}` });
    const download = await page.request.get(`${server.url}${await link.getAttribute('href')}`);
    expect(download.status()).toBe(200);
    expect(Buffer.from(await download.body()).equals(pdf)).toBe(true);
    expect(decodeURIComponent(download.headers()['content-disposition']!.split("UTF-8''")[1]!)).toBe(name);
    expect(consoleErrors.filter((e) => !e.includes('422'))).toEqual([]);
  });
});
