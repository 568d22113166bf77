// Delegations in Chromium: a visitor without an account requests a visit (a mistake first, the
// 422 swapped in place); a coordinator accepts it from triage, builds the programme (a day outside
// the visit refused in place) and adds a participant; the printable programme. axe on every page.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, launchBrowser, newPage, axeViolations, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { delegations, visitRequests } from '../../src/db/schema.js';
import { Clock, defaultSetup, testPasswordHash, PASSWORD } from '../helpers/app.js';

describe('delegations (browser)', () => {
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

  it('takes a public request, accepts it into a delegation and builds its programme', async () => {
    const visitor = await newPage(browser);
    const v = visitor.page;
    await v.goto(`${server.url}/visit-requests/new`);
    await expectAccessible(v);
    await v.getByLabel('Organisation').fill('Tartu linnavalitsus');
    await v.getByLabel('Country').selectOption('EE');
    await v.getByLabel('Your name').fill('Kadri Tamm');
    await v.getByLabel('Email').fill('kadri@tartu.example');
    await v.getByLabel('Preferred first day').fill('2027-02-08');
    await v.getByLabel('Preferred last day').fill('2027-02-10');
    await v.getByLabel('Number of people').fill('-2');
    await v.getByRole('button', { name: 'Send request' }).click();
    await v.waitForSelector('#e-groupSize');
    expect(await v.getByLabel('Your name').inputValue()).toBe('Kadri Tamm');
    await expectAccessible(v);
    await v.getByLabel('Number of people').fill('12');
    await Promise.all([v.waitForURL(/\/visit-requests\/thanks$/), v.getByRole('button', { name: 'Send request' }).click()]);
    await expectAccessible(v);
    expect(visitor.consoleErrors).toEqual([]);
    expect(server.db.select().from(visitRequests).all()).toHaveLength(1);

    const { page, consoleErrors } = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(defaultSetup.adminEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname !== '/login');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Visit requests' }).click();
    await page.waitForURL(/\/visit-requests$/);
    await expectAccessible(page);
    await page.getByLabel('Host department').fill('Climate and Environment');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/department=/);
    await expectAccessible(page);
    await Promise.all([page.waitForURL(/\/delegations\/\d+$/), page.getByRole('button', { name: 'Accept and plan a delegation' }).click()]);
    const delegation = server.db.select().from(delegations).get()!;
    expect(delegation).toMatchObject({ title: 'Tartu linnavalitsus', status: 'planned', hostDepartment: 'Climate and Environment' });
    await expectAccessible(page);

    // A day outside the visit comes back in place with the message beside the field.
    const programme = page.locator('#programme-item-form');
    await programme.getByLabel('Day').fill('2027-02-12');
    await programme.getByLabel('What').fill('Visit to the district heating plant');
    await programme.getByRole('button', { name: 'Add to the programme' }).click();
    await page.waitForSelector('#e-onDate');
    await expectAccessible(page);
    await page.locator('#programme-item-form').getByLabel('Day').fill('2027-02-09');
    await page.locator('#programme-item-form').getByRole('button', { name: 'Add to the programme' }).click();
    await page.locator('#delegation-programme td', { hasText: 'Visit to the district heating plant' }).waitFor();
    expect(await page.locator('.flash[role=status]').textContent()).toContain('Added to the programme.');

    const participant = page.locator('#participant-form');
    await participant.getByLabel('Name').fill('Kadri Tamm');
    await participant.getByLabel('Country').selectOption('EE');
    await participant.getByRole('button', { name: 'Add participant' }).click();
    await page.locator('#delegation-participants', { hasText: 'Ours: 0 · Theirs: 1 · Total: 1' }).waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Printable programme' }).click();
    await page.waitForURL(/\/programme$/);
    expect(await page.textContent('h1')).toContain('Programme: Tartu linnavalitsus');
    await expectAccessible(page);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.main-nav').isVisible()).toBe(false);
    expect(consoleErrors).toEqual([]);
  });
});
