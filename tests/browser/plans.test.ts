// Action plans in Chromium: a coordinator creates the year's plan, adds a measure (a date outside the
// plan refused in place, the input kept), edits it in place in the table (totals follow), records an
// indicator, then writes the annual report's introduction and prints it (print media emulated,
// screenshot in tests/.tmp). axe on every page and state.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startServer, launchBrowser, newPage, axeViolations, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { actionPlans, planIndicators, planMeasures } from '../../src/db/schema.js';
import { Clock, defaultSetup, testPasswordHash, PASSWORD } from '../helpers/app.js';

describe('action plans and the annual report (browser)', () => {
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

  it('plans the year in a table edited in place, and prints the annual report', async () => {
    const { page, consoleErrors } = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(defaultSetup.adminEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname !== '/login');

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Action plans' }).click();
    await page.waitForURL(/\/plans$/);
    await expectAccessible(page);
    const planForm = page.locator('#plan-form');
    await planForm.getByLabel('Year').fill('2026');
    await planForm.getByLabel('Title').fill('Action plan 2026');
    await planForm.getByLabel('Start').fill('2026-01-01');
    await planForm.getByLabel('End').fill('2026-12-31');
    await Promise.all([page.waitForURL(/\/plans\/\d+$/), planForm.getByRole('button', { name: 'Create the plan' }).click()]);
    const plan = server.db.select().from(actionPlans).get()!;
    await expectAccessible(page);

    // A measure ending after the plan: refused in place, the error beside the field, the input kept.
    const form = page.locator('#measure-form');
    await form.getByLabel('Goal').selectOption({ label: 'Verdens bedste robotby' });
    await form.getByLabel('Measure').fill('Robot week with Kópavogur');
    await form.getByLabel('Responsible person').fill('Mette');
    await form.getByLabel('Estimated cost (DKK)').fill('12,000.50');
    await form.getByLabel('End').fill('2027-01-15');
    await form.getByRole('button', { name: 'Add a measure' }).click();
    await page.waitForSelector('#f-e-endsOn');
    expect(await page.locator('#f-e-endsOn').textContent()).toContain("outside the plan's period");
    expect(await page.locator('#measure-form').getByLabel('Measure').inputValue()).toBe('Robot week with Kópavogur');
    await expectAccessible(page);
    await page.locator('#measure-form').getByLabel('End').fill('2026-12-15');
    await page.locator('#measure-form').getByRole('button', { name: 'Add a measure' }).click();
    await page.locator('#plan-section table').getByRole('link', { name: 'Robot week with Kópavogur', exact: true }).waitFor();
    expect(await page.locator('#plan-total').textContent()).toMatch(/12,000\.50/);
    await expectAccessible(page);

    // Edited in place: the row becomes its form, the save swaps the table with the new totals.
    const measure = server.db.select().from(planMeasures).get()!;
    await page.locator(`#m-${measure.id}`).getByRole('link', { name: /Edit/ }).click();
    const row = page.locator(`#m-${measure.id}.editing`);
    await row.waitFor();
    await expectAccessible(page);
    await row.getByLabel('Estimated cost (DKK)').fill('15000');
    await row.getByLabel('Status').selectOption('in_progress');
    await row.getByRole('button', { name: 'Save' }).click();
    await page.locator(`#m-${measure.id}:not(.editing)`).waitFor();
    expect(await page.locator('#plan-total').textContent()).toMatch(/15,000\.00/);
    expect(await page.locator(`#m-${measure.id}`).textContent()).toContain('In progress');
    expect(server.db.select().from(planMeasures).get()).toMatchObject({ costMinor: 1_500_000, status: 'in_progress' });
    mkdirSync('tests/.tmp', { recursive: true });
    await page.screenshot({ path: 'tests/.tmp/plan-view.png', fullPage: true });

    // An indicator on the measure's page: a figure without a unit is refused in place.
    await page.locator(`#m-${measure.id}`).getByRole('link', { name: 'Robot week with Kópavogur', exact: true }).click();
    await page.waitForURL(new RegExp(`/plans/${plan.id}/measures/${measure.id}$`));
    const add = page.locator('#form-new-indicator');
    await add.getByLabel('Indicator').fill('Visitors');
    await add.getByLabel('Target').fill('200');
    await add.getByLabel('Actual').fill('150');
    await add.getByRole('button', { name: 'Add an indicator' }).click();
    await page.waitForSelector('#new-unit-e');
    await expectAccessible(page);
    await page.locator('#form-new-indicator').getByLabel('Unit').fill('people');
    await page.locator('#form-new-indicator').getByRole('button', { name: 'Add an indicator' }).click();
    await page.locator('#indicators .progress', { hasText: '75' }).waitFor();
    expect(server.db.select().from(planIndicators).get()).toMatchObject({ name: 'Visitors', target: 200, actual: 150, unit: 'people' });
    await expectAccessible(page);

    // The annual report: an introduction, then the print layout.
    await page.goto(`${server.url}/annual-report/2026`);
    await expectAccessible(page);
    await page.getByLabel('Introduction', { exact: true }).fill('The year the robots came to town.');
    await Promise.all([page.waitForURL(/\/annual-report\/2026$/), page.getByRole('button', { name: 'Save the texts' }).click()]);
    expect(await page.locator('#report-introduction').textContent()).toBe('The year the robots came to town.');
    expect(await page.locator('.report-goal', { hasText: 'Verdens bedste robotby' }).textContent()).toContain('Visitors: 150 / 200 people');
    await expectAccessible(page);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.main-nav').isVisible()).toBe(false);
    expect(await page.locator('#report-texts').isVisible()).toBe(false);
    expect(await page.locator('#report-introduction').isVisible()).toBe(true);
    expect(await page.locator('#fig-estimate').isVisible()).toBe(true);
    await page.screenshot({ path: 'tests/.tmp/annual-report-print.png', fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await expectAccessible(page);
    expect(consoleErrors).toEqual([]);
  });
});
