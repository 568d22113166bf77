// A coordinator in Danish: types "2.800" in a cost and reads 2.800,00 kr.; "1,500" is refused with
// how to write it; the partner list exported as CSV is read back the strict way Excel reads it, and a
// description with a line break stays in its one field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { readLikeExcel } from '../helpers/csv.js';
import { eq } from 'drizzle-orm';
import { startServer, launchBrowser, newPage, axeViolations, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { Clock, defaultSetup, testPasswordHash, PASSWORD } from '../helpers/app.js';
import { ledgerEntries, partners, partnerships } from '../../src/db/schema.js';

describe('amounts and exports in Danish (browser)', () => {
  let server: Server;
  let browser: Browser;
  const clock = new Clock();

  beforeAll(async () => {
    server = await startServer({ now: clock.now });
    applySetup(server.db, { ...defaultSetup, locale: 'da' }, await testPasswordHash(), clock.now());
    server.db
      .update(partners)
      .set({ description: 'Venskabsby siden 1961\nKontakt: borgmesterens kontor' })
      .where(eq(partners.name, 'Kópavogur'))
      .run();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('reads 2.800 as two thousand eight hundred kroner and exports a CSV that a strict reader splits right', async () => {
    const { page, consoleErrors } = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('E-mail').fill(defaultSetup.adminEmail);
    await page.getByLabel('Adgangskode').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.waitForURL(`${server.url}/`);

    const brno = server.db.select().from(partnerships).where(eq(partnerships.title, 'Brno')).get()!;
    await page.goto(`${server.url}/partnerships/${brno.id}/costs`);
    const ledger = page.locator('#ledger');
    await ledger.getByLabel('Beløb (DKK)').fill('1,500');
    await ledger.getByRole('button', { name: 'Tilføj' }).click();
    await page.locator('#e-amount').getByText('Tallet kan læses på to måder').waitFor();
    expect(await page.locator('#e-amount').textContent()).toContain('1.500,50 eller 1500,50');
    expect(await page.locator('#f-amount').inputValue()).toBe('1,500');

    await page.locator('#f-amount').fill('2.800');
    await page.locator('#ledger').getByRole('button', { name: 'Tilføj' }).click();
    await page
      .locator('#ledger td')
      .getByText(/2\.800,00\s*kr\./)
      .first()
      .waitFor();
    expect(
      server.db
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.partnershipId, brno.id))
        .all()
        .map((e) => e.amountMinor),
    ).toEqual([280_000]);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.url}/partners`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('form.export-buttons button[type="submit"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('partnere-odense-kommune-2026-11-24.csv');
    const bytes = readFileSync((await download.path())!);
    const text = bytes.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff); // the BOM that makes Excel read UTF-8 and keep æ, ø, å
    // Strict, as Excel reads it: a record ends at CRLF outside quotes, and a bare LF outside quotes fails.
    const rows = readLikeExcel(text.slice(1), ';');
    const width = rows[0]!.length;
    for (const r of rows) expect(r.length).toBe(width);
    const names = rows.slice(1).map((r) => r[0]);
    expect(names).toHaveLength(21); // Odense's 20 twin cities and its EU office, SDEO
    expect(names).toContain('İzmir');
    expect(names).toContain('Columbus, Ohio');
    const kopavogur = rows.find((r) => r[0] === 'Kópavogur')!;
    expect(kopavogur).toContain('Venskabsby siden 1961\nKontakt: borgmesterens kontor');
    expect(consoleErrors).toEqual([]);
  });
});
