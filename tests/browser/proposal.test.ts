// Entering a partnership in Chromium: a coordinator proposes an exploring partnership (a proposal
// without a goal is refused beside the goals, input kept), the review rule's verdict shows; an
// administrator approves it from the proposals list; the partnership is active and, at its first
// review, the expected values stand beside the scores. Axe checks every page on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { startServer, launchBrowser, newPage, axeViolations, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { Clock, defaultSetup, testPasswordHash, PASSWORD } from '../helpers/app.js';
import { goals, partnerships, users } from '../../src/db/schema.js';

describe('proposing and approving a partnership (browser)', () => {
  let server: Server;
  let browser: Browser;
  const clock = new Clock();
  let pid = 0;
  let goalNames: string[] = [];

  beforeAll(async () => {
    server = await startServer({ now: clock.now });
    const db = server.db;
    applySetup(db, defaultSetup, await testPasswordHash(), clock.now());
    db.insert(users)
      .values({ email: 'mette@example.org', name: 'Mette Coordinator', role: 'coordinator', passwordHash: await testPasswordHash() })
      .run();
    // Shaoxing is being explored: nothing decided, no goals linked yet.
    const p = db.select().from(partnerships).where(eq(partnerships.title, 'Shaoxing')).get()!;
    pid = p.id;
    db.update(partnerships).set({ status: 'exploring', activeSinceOn: null }).where(eq(partnerships.id, pid)).run();
    goalNames = db
      .select()
      .from(goals)
      .where(eq(goals.kind, 'goal'))
      .all()
      .slice(0, 2)
      .map((g) => g.name);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(page: Page, email: string) {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);
  }

  it('proposes, approves and shows the expected values at the first review', async () => {
    // ---- the coordinator proposes
    const { page, consoleErrors } = await newPage(browser);
    await signIn(page, 'mette@example.org');
    await page.goto(`${server.url}/partnerships/${pid}`);
    await page.getByRole('link', { name: 'Propose for approval' }).click();
    await page.waitForURL(/\/proposal\/new$/);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Expected yearly investment (DKK)').fill('60,000');
    await page.getByLabel('What the city expects back').fill('Know-how on robot-assisted elder care.');
    await page.getByRole('button', { name: 'Propose for approval' }).click();
    // No goal scored: refused beside the goals, the typed text kept.
    await page.locator('#e-goals').getByText('Score the expected contribution to at least one goal.').waitFor();
    expect(await page.getByLabel('What the city expects back').inputValue()).toBe('Know-how on robot-assisted elder care.');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel(goalNames[0]!, { exact: true }).selectOption('3');
    await page.getByLabel(goalNames[1]!, { exact: true }).selectOption('4');
    for (const name of ['Værdi', 'Viden', 'Samarbejde', 'Partnerskaber', 'Bedre omdømme'])
      await page.getByLabel(name, { exact: true }).selectOption('2');
    await page.getByLabel('Proposal text for the council').fill('The administration recommends entering the partnership.');
    await page.getByRole('button', { name: 'Propose for approval' }).click();
    await page.waitForURL(/\/proposals\/\d+$/);
    const proposalUrl = page.url();
    const verdict = (await page.locator('#verdict').innerText()).replace(/\s+/g, ' ');
    expect(verdict).toContain('Continue');
    expect(verdict).toContain('Value 2.8 covers investment level 2: DKK 60,000 in 12 months');
    expect(await axeViolations(page)).toEqual([]);

    // ---- an administrator approves it from the list awaiting approval
    const admin = await newPage(browser);
    await signIn(admin.page, defaultSetup.adminEmail);
    await admin.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Proposals' }).click();
    await admin.page.waitForURL(`${server.url}/proposals`);
    expect(await axeViolations(admin.page)).toEqual([]);
    await admin.page.getByRole('link', { name: 'Shaoxing' }).click();
    await admin.page.waitForURL(proposalUrl);
    await admin.page.getByLabel('Approve: the partnership becomes active').check();
    await admin.page.getByLabel('Council reference').fill('Byrådet 24.11.2026, sag 9');
    await admin.page.getByLabel('Date of the council decision').fill('2026-11-24');
    await admin.page.getByRole('button', { name: 'Record the decision' }).click();
    await admin.page
      .locator('p.flash')
      .getByText('Approved. The partnership is active and its first review is due on 24 November 2027.')
      .waitFor();
    await admin.page.locator('h1 .status').getByText('Approved').waitFor();
    expect(await axeViolations(admin.page)).toEqual([]);
    expect(server.db.select().from(partnerships).where(eq(partnerships.id, pid)).get()).toMatchObject({
      status: 'active',
      activeSinceOn: '2026-11-24',
    });

    // ---- the first review: expected beside actual
    await admin.page.goto(`${server.url}/reviews/new?partnershipId=${pid}`);
    await admin.page.getByRole('button', { name: 'Start a review' }).click();
    await admin.page.waitForURL(/\/reviews\/\d+$/);
    await admin.page.getByLabel(goalNames[0]!, { exact: true }).selectOption('1');
    await admin.page.getByLabel(goalNames[1]!, { exact: true }).selectOption('2');
    for (const name of ['Værdi', 'Viden', 'Samarbejde', 'Partnerskaber', 'Bedre omdømme'])
      await admin.page.getByLabel(name, { exact: true }).selectOption('1');
    await admin.page.getByRole('button', { name: 'Save scores and apply the rule' }).click();
    const entry = admin.page.locator('#expected-at-entry');
    await entry.getByRole('heading', { name: 'Expected at entry' }).waitFor();
    const row = (name: string) => entry.getByRole('row', { name: new RegExp(`^${name}`) }).locator('td');
    await expect.poll(() => row('Value index').allInnerTexts()).toEqual(['2.8', '1.3']);
    expect(await row(goalNames[0]!).allInnerTexts()).toEqual(['3', '1']);
    expect(await row('Recommendation').first().innerText()).toBe('Continue');
    expect(await axeViolations(admin.page)).toEqual([]);
    expect([...consoleErrors, ...admin.consoleErrors]).toEqual([]);
  });
});
