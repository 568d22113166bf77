// Two-factor sign-in in the browser: enrol an authenticator on the profile page, sign out, and sign
// in again with a code computed from the key the page showed; axe on every page of the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { startServer, launchBrowser, newPage, axeViolations, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { Clock, defaultSetup, testPasswordHash, PASSWORD } from '../helpers/app.js';
import { users } from '../../src/db/schema.js';
import { codeAt } from '../../src/auth/two-factor.js';

describe('two-factor sign-in (browser)', () => {
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

  it('enrols an authenticator, signs out and signs in with a code', async () => {
    const { page, consoleErrors } = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(defaultSetup.adminEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);

    await page.goto(`${server.url}/profile/two-factor`);
    const secret = (await page.locator('code.totp-key').textContent())!.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await page.locator('.qr svg').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('#f-code').fill(codeAt(secret, clock.now()));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page
      .locator('code')
      .filter({ hasText: /^[a-z0-9]{5}-[a-z0-9]{5}$/ })
      .first()
      .waitFor();
    expect(
      await page
        .locator('code')
        .filter({ hasText: /^[a-z0-9]{5}-[a-z0-9]{5}$/ })
        .count(),
    ).toBe(10);
    expect(await axeViolations(page)).toEqual([]);
    expect(server.db.select().from(users).where(eq(users.email, defaultSetup.adminEmail)).get()!.totpSecret).toBe(secret);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    clock.advance(60_000); // the next code: a code is never accepted twice
    await page.getByLabel('Email').fill(defaultSetup.adminEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/login/two-factor`);
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('#f-code').fill('000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The code is not correct' }).waitFor();
    await page.locator('#f-code').fill(codeAt(secret, clock.now()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);
    expect(await page.getByRole('heading', { level: 1, name: 'Dashboard' }).count()).toBe(1);
    expect(consoleErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });
});
