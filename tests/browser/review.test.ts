// The review flow in Chromium: an overdue review is opened, scored so that value falls below
// investment, "end" is recommended with its reasons, proposed and signed off by an admin; the
// partnership moves to ending and its dot lies below the line on the dashboard chart. Axe checks
// the review and dashboard pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { and, eq } from 'drizzle-orm';
import { startServer, launchBrowser, newPage, axeViolations, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { Clock, defaultSetup, testPasswordHash, PASSWORD } from '../helpers/app.js';
import { goals, ledgerEntries, logEntries, logEntryPartnerships, partnershipGoals, partnerships, reviews } from '../../src/db/schema.js';

describe('a review ending a partnership (browser)', () => {
  let server: Server;
  let browser: Browser;
  const clock = new Clock();
  let pid = 0;
  let title = '';
  let goalNames: string[] = [];

  beforeAll(async () => {
    server = await startServer({ now: clock.now });
    const db = server.db;
    applySetup(db, defaultSetup, await testPasswordHash(), clock.now());
    // Brno: reviewed a year ago on an 11-month cadence, so the next review is overdue; DKK 212,000 spent since.
    const p = db.select().from(partnerships).where(eq(partnerships.title, 'Brno')).get()!;
    pid = p.id;
    title = p.title;
    db.update(partnerships)
      .set({ activeSinceOn: '2024-10-01', agreementType: 'cooperation_agreement', reviewCadenceMonths: 11 })
      .where(eq(partnerships.id, pid))
      .run();
    db.insert(reviews)
      .values({
        partnershipId: pid,
        periodStartOn: '2024-10-01',
        periodEndOn: '2025-11-24',
        state: 'signed',
        valueIndex: 3,
        investmentLevelComputed: 1,
        recommendation: 'continue',
        decision: 'continue',
        decisionComment: 'Good year',
        signedAt: '2025-11-30T10:00:00Z',
      })
      .run();
    const twoGoals = db.select().from(goals).where(eq(goals.kind, 'goal')).all().slice(0, 2);
    goalNames = twoGoals.map((g) => g.name);
    for (const g of twoGoals) db.insert(partnershipGoals).values({ partnershipId: pid, goalId: g.id }).run();
    db.insert(ledgerEntries)
      .values({
        partnershipId: pid,
        direction: 'cost',
        type: 'travel',
        occurredOn: '2026-04-01',
        amountMinor: 21_200_000,
        currency: 'DKK',
        note: 'Delegation',
      })
      .run();
    const entry = db
      .insert(logEntries)
      .values({ occurredOn: '2026-10-15', type: 'meeting', summary: 'Møde om klimatilpasning', updatedAt: clock.now().toISOString() })
      .returning()
      .get();
    db.insert(logEntryPartnerships).values({ logEntryId: entry.id, partnershipId: pid }).run();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('scores a due review below investment, sees "end" with its reasons, signs it off and sees the dot below the line', async () => {
    const { page, consoleErrors } = await newPage(browser);
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(defaultSetup.adminEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);

    // The overdue review, from the reviews page.
    await page.goto(`${server.url}/reviews`);
    const overdue = page.locator('section[aria-labelledby="overdue-h"]');
    await overdue
      .getByRole('row', { name: new RegExp(title) })
      .getByRole('link', { name: 'Start a review' })
      .click();
    await page.waitForURL(/\/reviews\/new/);
    await page.getByRole('button', { name: 'Start a review' }).click();
    await page.waitForURL(/\/reviews\/\d+$/);
    const reviewUrl = page.url();
    await expect.poll(() => page.getByText('Møde om klimatilpasning').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);

    // Score it low: every goal and principle "1 – little".
    for (const name of [...goalNames, 'Værdi', 'Viden', 'Samarbejde', 'Partnerskaber', 'Bedre omdømme']) {
      await page.getByLabel(name, { exact: true }).selectOption('1');
    }
    await page.getByRole('button', { name: 'Save scores and apply the rule' }).click();
    const recommendation = page.locator('#recommendation');
    await expect.poll(() => recommendation.locator('.status').textContent()).toBe('End');
    const reasons = (await recommendation.locator('.reasons').innerText()).replace(/\s+/g, ' ');
    expect(reasons).toContain('Value 1.0 is below investment level 3: DKK 212,000 in 12 months');
    expect(reasons).toContain('Value fell from 3.0 to 1.0 since the previous review');
    expect(await axeViolations(page)).toEqual([]);

    // Propose ending, then sign it off as admin.
    await page.getByLabel('End the partnership').check();
    await page.getByLabel('Comment').fill('Costs far more than it gives back.');
    await page.getByRole('button', { name: 'Propose the decision' }).click();
    await page.locator('p.flash').getByText('The decision was proposed for sign-off.').waitFor();
    expect(page.url()).toBe(reviewUrl);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign off' }).click();
    await page.waitForURL(`${server.url}/partnerships/${pid}/reviews`);
    await page.locator('h1 .status').getByText('Ending').waitFor();
    expect(
      server.db
        .select()
        .from(partnerships)
        .where(and(eq(partnerships.id, pid), eq(partnerships.status, 'ending')))
        .all(),
    ).toHaveLength(1);
    await page.getByRole('heading', { name: 'End plan' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The dashboard: the partnership's dot lies below the line, a named link.
    await page.goto(`${server.url}/`);
    const dot = page.getByRole('link', { name: `${title}: value 1.0, investment level 3, below the line` });
    await dot.waitFor();
    expect(await dot.getAttribute('class')).toContain('dot-below');
    expect(await page.locator(`a.dot-below[data-partnership="${pid}"] polygon`).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
