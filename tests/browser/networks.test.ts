// A network's page in Chromium: a coordinator records the membership (a wrong end date first, the
// 422 shown with the input kept), adds a working group with our member and logs its meeting. axe
// on every state of the page.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, launchBrowser, newPage, axeViolations, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { logEntries, networkMemberships } from '../../src/db/schema.js';
import { Clock, defaultSetup, testPasswordHash, PASSWORD } from '../helpers/app.js';
import { makeNetwork } from '../networks/factories.js';

describe('network memberships (browser)', () => {
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

  it('records a membership, a working group and its meeting on the network page', async () => {
    const n = makeNetwork(server.db);
    const { page, consoleErrors } = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(defaultSetup.adminEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname !== '/login');

    await page.goto(`${server.url}/partners/${n.partner.id}`);
    await Promise.all([page.waitForURL(/\/network$/), page.getByRole('link', { name: 'Network membership' }).click()]);
    await expectAccessible(page);

    await page.getByLabel('Agreement (its ledger receives the fees)').selectOption(String(n.agreement.id));
    await page.getByLabel('Starts on').fill('2026-06-01');
    await page.getByLabel('Ends or renews on').fill('2026-01-01');
    await page.getByLabel('Annual fee (DKK)').fill('45,000');
    await page.getByRole('button', { name: 'Record the membership' }).click();
    await page.waitForSelector('#e-endsOn');
    expect(await page.getByLabel('Annual fee (DKK)').inputValue()).toBe('45,000');
    await expectAccessible(page);
    await page.getByLabel('Ends or renews on').fill('2026-12-31');
    await Promise.all([page.waitForURL(/\/network$/), page.getByRole('button', { name: 'Record the membership' }).click()]);
    await page.getByText('The membership period was recorded.').waitFor();
    expect(server.db.select().from(networkMemberships).all()).toHaveLength(1);

    await page.locator('#f-name').fill('Mobility Forum');
    await page.getByLabel('Our member').selectOption({ label: 'Ada Admin' });
    await Promise.all([page.waitForURL(/\/network$/), page.getByRole('button', { name: 'Add a working group' }).click()]);
    await page.getByRole('row', { name: /Mobility Forum/ }).waitFor();

    await page.locator('#f-workingGroupId').selectOption({ label: 'Mobility Forum' });
    await page.getByLabel('What was it about').fill('Spring meeting in Ghent');
    await page.getByLabel('What came of it').fill('Joined the school streets pilot');
    await Promise.all([page.waitForURL(/\/network$/), page.getByRole('button', { name: 'Log a working group meeting' }).click()]);
    await page.getByText('Joined the school streets pilot').waitFor();
    expect(
      server.db
        .select()
        .from(logEntries)
        .all()
        .map((e) => e.type),
    ).toEqual(['network_meeting']);
    await expectAccessible(page);
    expect(consoleErrors.filter((e) => !e.includes('422'))).toEqual([]);
  });
});
