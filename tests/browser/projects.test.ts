// An EU project in Chromium: a coordinator adds two twin cities to a project run through the
// regional EU office (the same city twice refused with a message), saves the project's details and
// a reporting date, and sees the funding gap. axe on every state of the page.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, launchBrowser, newPage, axeViolations, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { partnershipPartners, projectDetails } from '../../src/db/schema.js';
import { Clock, defaultSetup, testPasswordHash, PASSWORD } from '../helpers/app.js';
import { ledger, partner, project } from '../projects/fixtures.js';

describe('a project with several partners (browser)', () => {
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

  it('adds partners with roles, refuses one twice, saves the project and shows its funding gap', async () => {
    const office = partner(server.db, 'EU-kontoret Fyn', { kind: 'regional_office', country: 'DK' });
    partner(server.db, 'Tartu', { country: 'EE' });
    partner(server.db, 'Lüneburg');
    const green = project(server.db, office.id);
    ledger(server.db, green.id, 'cost', 500_000);
    ledger(server.db, green.id, 'funding', 200_000);

    const { page, consoleErrors } = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(defaultSetup.adminEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname !== '/login');

    await page.goto(`${server.url}/partnerships/${green.id}`);
    await page.getByRole('link', { name: 'Partners and project' }).click();
    await page.waitForURL(/\/project$/);
    await expectAccessible(page);

    const add = async (name: string, role: string) => {
      await page.locator('#f-partnerId').selectOption({ label: `${name} (Twin city)` });
      await page.locator('#f-role').selectOption({ label: role });
      await page.getByRole('button', { name: 'Add the partner' }).click();
      await page.waitForLoadState('load');
    };
    await add('Tartu', 'Lead partner');
    await add('Lüneburg', 'Partner');
    await expect.poll(() => server.db.select().from(partnershipPartners).all().length).toBe(2);
    await add('Tartu', 'Associate partner');
    await page.waitForSelector('#e-partnerId');
    expect(await page.locator('#e-partnerId').textContent()).toBe('Tartu already takes part in this partnership.');
    await expectAccessible(page);
    expect(server.db.select().from(partnershipPartners).all()).toHaveLength(2);

    await page.getByLabel('Programme').fill('Interreg Baltic Sea Region');
    await page.getByLabel('Project status').selectOption({ label: 'Running' });
    await page.getByLabel('Budget (DKK)').fill('2,800,000');
    await page.getByRole('button', { name: 'Save the project details' }).click();
    await expect.poll(() => server.db.select().from(projectDetails).get()?.budgetMinor).toBe(280_000_000);
    await page.locator('#f-dueOn').fill('2027-01-31');
    await page.locator('#f-label').fill('Interim report');
    await page.getByRole('button', { name: 'Add the reporting date' }).click();
    await page.waitForSelector('text=Interim report');
    expect(await page.locator('#funding-gap').textContent()).toContain('does not cover the costs');
    await expectAccessible(page);
    expect(consoleErrors).toEqual([]);
  });
});
