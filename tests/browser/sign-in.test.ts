// Sign-in through the real form, the users and profile pages with axe, and an htmx request on an
// expired session that sends the browser to the sign-in page.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, launchBrowser, newPage, axeViolations, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { Clock, defaultSetup, testPasswordHash, PASSWORD } from '../helpers/app.js';

describe('signing in (browser)', () => {
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

  it('signs in, reaches the dashboard, users and profile with no axe violations, and an expired session returns to sign-in', async () => {
    const { page, consoleErrors } = await newPage(browser);
    await page.goto(`${server.url}/users`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await axeViolations(page)).toEqual([]);

    // A wrong password: a clear message, the email kept.
    await page.getByLabel('Email').fill(defaultSetup.adminEmail);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.form-error').textContent()).toContain('not correct');
    expect(await page.getByLabel('Email').inputValue()).toBe(defaultSetup.adminEmail);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/users`); // back where the user was going
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Users');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(`${server.url}/`);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.url}/users/new`);
    expect(await axeViolations(page)).toEqual([]);
    // Refused without htmx, the whole page comes back: focus is on the field to fix.
    await page.getByLabel('Name').fill('Nina New');
    await page.getByLabel('Email').fill('nina at example');
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('email');
    expect(await page.getByLabel('Name').inputValue()).toBe('Nina New');
    await page.getByLabel('Name').fill('Nina New');
    await page.getByLabel('Email').fill('nina@example.org');
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    await expect.poll(() => page.getByLabel('Link to copy').inputValue()).toMatch(/\/password\/[\w-]{43}$/);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.url}/profile`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your profile');
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.url}/audit`);
    expect(await axeViolations(page)).toEqual([]);

    // 31 idle minutes later, an htmx request (the header search) sends the browser to sign in.
    clock.advance(31 * 60_000);
    await page.getByLabel('Search', { exact: true }).fill('Brno');
    await page.waitForURL(/\/login\?next=%2Faudit&expired=1$/);
    expect(await page.locator('p.flash').first().textContent()).toContain('Your session has expired');
    expect(consoleErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });
});
