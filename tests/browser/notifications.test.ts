// Reminders seen in the browser: the bell, the notification list with an htmx "mark as read",
// the notification settings, the calendar feed page and the outbox, each checked with axe.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, launchBrowser, newPage, axeViolations, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { runReminders } from '../../src/reminders/job.js';
import { Clock, defaultSetup, testConfig, testPasswordHash, PASSWORD } from '../helpers/app.js';
import { followUp, partnershipDue } from '../reminders/factories.js';

describe('notifications (browser)', () => {
  let server: Server;
  let browser: Browser;
  const clock = new Clock();

  beforeAll(async () => {
    server = await startServer({ now: clock.now });
    const adminId = applySetup(server.db, { ...defaultSetup, framework: 'blank' }, await testPasswordHash(), clock.now())!;
    partnershipDue(server.db, adminId, '2026-11-24', { title: 'Kaunas' });
    followUp(server.db, adminId, '2026-11-24', { task: 'Send the programme to Kaunas' });
    await runReminders(server.db, { now: clock.now(), config: testConfig() });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the bell, marks a notification read in place, saves settings, makes a feed address, and lists the outbox', async () => {
    const { page, consoleErrors } = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(defaultSetup.adminEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);

    await page.getByRole('link', { name: 'Notifications: 2 unread' }).click();
    await page.waitForURL(`${server.url}/notifications`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Notifications');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: /^Mark as read\s*: Review due today: Kaunas$/ }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Mark as read/ }).count()).toBe(1);
    expect(page.url()).toBe(`${server.url}/notifications`);

    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await expect.poll(() => page.locator('.flash').first().textContent()).toContain('All notifications are marked as read.');
    expect(await page.getByRole('link', { name: 'Notifications', exact: true }).count()).toBe(1);

    await page.getByRole('link', { name: 'Notification settings' }).click();
    await page.waitForURL(`${server.url}/profile/notifications`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Follow-ups due and overdue').selectOption('in_app');
    await page.getByLabel('Send me a weekly digest').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.flash').first().textContent()).toContain('Your notification settings are saved.');
    expect(await page.getByLabel('Follow-ups due and overdue').inputValue()).toBe('in_app');

    await page.goto(`${server.url}/profile/calendar`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Create feed address' }).click();
    await expect.poll(() => page.getByLabel('Your private feed address').inputValue()).toMatch(/\/calendar\/[\w-]{43}\.ics$/);
    expect(await axeViolations(page)).toEqual([]);
    const feedUrl = await page.getByLabel('Your private feed address').inputValue();
    const feed = await fetch(feedUrl.replace('http://localhost:3000', server.url));
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('SUMMARY:Review due: Kaunas');

    await page.goto(`${server.url}/outbox`);
    expect(await page.locator('#smtp-missing').textContent()).toContain('SMTP not configured');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Send test email' }).click();
    await expect.poll(() => page.locator('#test-email-result').textContent()).toContain('SMTP not configured');
    expect(consoleErrors).toEqual([]);
  });
});
