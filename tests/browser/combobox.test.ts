// The type-ahead partner picker in Chromium, by keyboard only: with a region's worth of partners the
// contact list's filter and the quick log pick partners through the combobox (type, Down, Enter,
// Escape), the ARIA state follows, and axe finds nothing with the suggestions open or closed.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { startServer, launchBrowser, newPage, axeViolations, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { contacts, partners } from '../../src/db/schema.js';
import { SHORT_PICKER } from '../../src/search/suggest.js';
import { Clock, defaultSetup, testPasswordHash, PASSWORD } from '../helpers/app.js';

describe('type-ahead partner picker (browser)', () => {
  let server: Server;
  let browser: Browser;
  const clock = new Clock();
  let kopavogur: number;
  let izmir: number;

  beforeAll(async () => {
    server = await startServer({ now: clock.now });
    applySetup(server.db, defaultSetup, await testPasswordHash(), clock.now()); // Odense: Kópavogur is a twin city
    server.db.transaction((tx) => {
      for (let i = 1; i <= SHORT_PICKER; i++)
        tx.insert(partners)
          .values({ kind: 'organisation', name: `Partner ${i}`, country: 'DE', updatedAt: '2026-01-01T00:00:00Z' })
          .run();
    });
    const existing = server.db.select().from(partners).where(eq(partners.name, 'İzmir')).get(); // a preset twin city
    izmir =
      existing?.id ??
      server.db
        .insert(partners)
        .values({ kind: 'twin_city', name: 'İzmir', country: 'TR', updatedAt: '2026-01-01T00:00:00Z' })
        .returning()
        .get().id;
    kopavogur = server.db.select().from(partners).where(eq(partners.name, 'Kópavogur')).get()!.id;
    server.db.insert(contacts).values({ partnerId: kopavogur, name: 'Guðrún Jónsdóttir', updatedAt: '2026-01-01T00:00:00Z' }).run();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(page: Page) {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(defaultSetup.adminEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname !== '/login');
  }

  it('filters the contact list by a partner chosen with the keyboard', async () => {
    const { page, consoleErrors } = await newPage(browser);
    await signIn(page);
    await page.goto(`${server.url}/contacts`);
    const input = page.getByRole('combobox', { name: 'Partner' });
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(await axeViolations(page)).toEqual([]);

    await input.focus();
    await page.keyboard.type('izm');
    const listbox = page.getByRole('listbox', { name: 'Partner' });
    await listbox.getByRole('option', { name: 'İzmir' }).waitFor();
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByRole('status').filter({ hasText: 'suggestion' }).textContent()).toContain('1 suggestions');
    // Escape closes the list, a second Escape clears the text.
    await page.keyboard.press('Escape');
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(await listbox.isHidden()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await input.inputValue()).toBe('');

    await page.keyboard.type('Kopavogur');
    await listbox.getByRole('option', { name: 'Kópavogur' }).waitFor();
    await page.keyboard.press('ArrowDown');
    const active = await input.getAttribute('aria-activedescendant');
    expect(active).toBeTruthy();
    expect(await page.locator(`#${active}`).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator(`#${active}`).getAttribute('data-label')).toBe('Kópavogur');
    expect(await axeViolations(page)).toEqual([]); // with the suggestions open
    await page.keyboard.press('Enter');
    expect(await input.inputValue()).toBe('Kópavogur');
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(await input.getAttribute('aria-activedescendant')).toBeNull();
    expect(await page.getByRole('form', { name: 'Filter' }).locator('input[name="partner"]').inputValue()).toBe(String(kopavogur));

    // Enter on the closed picker submits the filter form.
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('partner') === String(kopavogur));
    await page.getByRole('link', { name: 'Guðrún Jónsdóttir' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Partner' }).inputValue()).toBe('Kópavogur');
    expect(consoleErrors).toEqual([]);
  });

  it('adds partners to the quick log by keyboard and refreshes the people to choose from', async () => {
    const { page, consoleErrors } = await newPage(browser);
    await signIn(page);
    await page.goto(`${server.url}/log/new`);
    const input = page.getByRole('combobox', { name: 'Partners' });
    await input.focus();
    await page.keyboard.type('kópav');
    await page.getByRole('option', { name: 'Kópavogur' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    // The choice is a ticked checkbox; the form refreshes (htmx) and offers Kópavogur's people.
    await page.getByRole('checkbox', { name: 'Guðrún Jónsdóttir' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Kópavogur', exact: true }).isChecked()).toBe(true);

    // The refresh keeps the keyboard in the picker: the next partner is typed straight away.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-partnerIds');
    await page.keyboard.type('izmir');
    await page.getByRole('option', { name: 'İzmir' }).waitFor();
    await page.keyboard.press('ArrowUp'); // Up wraps to the last suggestion
    await page.keyboard.press('Enter');
    await page.getByRole('checkbox', { name: 'İzmir', exact: true }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'İzmir', exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Kópavogur', exact: true }).isChecked()).toBe(true);
    expect(
      await page.locator('input[name="partnerIds"]:checked').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    ).toEqual([String(kopavogur), String(izmir)]);
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
