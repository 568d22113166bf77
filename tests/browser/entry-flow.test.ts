// The whole entry flow in Chromium, in one go: an administrator proposes an exploring
// partnership; a second administrator approves it (the proposer may not approve their own proposal
// while another administrator exists); the signed agreement (a real PDF) is attached on the
// partnership; the first review shows the expected values beside the scores and the agreement among
// the review's documents. Axe checks every page on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { startServer, launchBrowser, newPage, axeViolations, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { Clock, defaultSetup, testPasswordHash, PASSWORD } from '../helpers/app.js';
import { documents, goals, partnerships, users } from '../../src/db/schema.js';
import { samplePdf } from '../documents/helpers.js';

describe('entering a partnership, from proposal to first review (browser)', () => {
  let server: Server;
  let browser: Browser;
  const clock = new Clock();
  let pid = 0;
  let goalNames: string[] = [];
  const SECOND_ADMIN = 'anders@example.org';

  beforeAll(async () => {
    server = await startServer({ now: clock.now });
    const db = server.db;
    applySetup(db, defaultSetup, await testPasswordHash(), clock.now());
    db.insert(users)
      .values({ email: SECOND_ADMIN, name: 'Anders Administrator', role: 'admin', passwordHash: await testPasswordHash() })
      .run();
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

  async function expectAccessible(page: Page) {
    expect(await axeViolations(page), page.url()).toEqual([]);
  }

  const PRINCIPLES = ['Værdi', 'Viden', 'Samarbejde', 'Partnerskaber', 'Bedre omdømme'];

  it('proposes, approves as the other administrator, attaches the agreement and sees both at the first review', async () => {
    // ---- the first administrator proposes
    const proposer = await newPage(browser);
    const page = proposer.page;
    await signIn(page, defaultSetup.adminEmail);
    await page.goto(`${server.url}/partnerships/${pid}`);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Propose for approval' }).click();
    await page.waitForURL(/\/proposal\/new$/);
    await expectAccessible(page);
    await page.getByLabel('Expected yearly investment (DKK)').fill('60,000');
    await page.getByLabel(goalNames[0]!, { exact: true }).selectOption('3');
    await page.getByLabel(goalNames[1]!, { exact: true }).selectOption('4');
    for (const name of PRINCIPLES) await page.getByLabel(name, { exact: true }).selectOption('2');
    await page.getByLabel('Proposal text for the council').fill('The administration recommends entering the partnership.');
    await page.getByRole('button', { name: 'Propose for approval' }).click();
    await page.waitForURL(/\/proposals\/\d+$/);
    const proposalUrl = page.url();
    expect((await page.locator('#verdict').innerText()).replace(/\s+/g, ' ')).toContain('Continue');
    // The proposer cannot approve their own proposal: another administrator exists.
    await page.getByText('You proposed this partnership').first().waitFor();
    await expect(page.getByLabel('Approve: the partnership becomes active').count()).resolves.toBe(0);
    await expectAccessible(page);

    // ---- the second administrator approves it
    const approver = await newPage(browser);
    const admin = approver.page;
    await signIn(admin, SECOND_ADMIN);
    await admin.goto(proposalUrl);
    await admin.getByLabel('Approve: the partnership becomes active').check();
    await admin.getByLabel('Council reference').fill('Byrådet 24.11.2026, sag 9');
    await admin.getByLabel('Date of the council decision').fill('2026-11-24');
    await admin.getByRole('button', { name: 'Record the decision' }).click();
    await admin.locator('h1 .status').getByText('Approved').waitFor();
    await expectAccessible(admin);
    expect(server.db.select().from(partnerships).where(eq(partnerships.id, pid)).get()).toMatchObject({ status: 'active' });

    // ---- the signed agreement, attached on the partnership (reached from the proposal's document section)
    await admin.locator('#council-document').getByRole('link', { name: 'Attach it on the partnership' }).click();
    await admin.waitForURL(new RegExp(`/partnerships/${pid}#documents$`));
    await admin.locator('#local-actors').getByText('No local actors take part yet.').waitFor();
    await admin.getByText('Attach a document').click();
    await expectAccessible(admin);
    const name = 'Venskabsaftale Shaoxing–Odense, underskrevet.pdf';
    const pdf = samplePdf('Signed agreement');
    const form = admin.locator('form.document-form');
    await form.getByLabel('Kind').selectOption('agreement');
    await form.getByLabel('Title').fill('Signed twin-city agreement');
    await form.getByLabel('File').setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf });
    await Promise.all([
      admin.waitForURL(new RegExp(`/partnerships/${pid}#documents$`)),
      form.getByRole('button', { name: 'Attach' }).click(),
    ]);
    await expect(admin.locator('#documents tbody tr').textContent()).resolves.toContain(name);
    expect(server.db.select().from(documents).all()).toHaveLength(1);
    await expectAccessible(admin);

    // ---- the first review: expected beside actual, and the agreement among its documents
    await admin.goto(`${server.url}/reviews/new?partnershipId=${pid}`);
    await expectAccessible(admin);
    await admin.getByRole('button', { name: 'Start a review' }).click();
    await admin.waitForURL(/\/reviews\/\d+$/);
    await admin.getByLabel(goalNames[0]!, { exact: true }).selectOption('1');
    await admin.getByLabel(goalNames[1]!, { exact: true }).selectOption('2');
    for (const principle of PRINCIPLES) await admin.getByLabel(principle, { exact: true }).selectOption('1');
    await admin.getByRole('button', { name: 'Save scores and apply the rule' }).click();
    const entry = admin.locator('#expected-at-entry');
    await entry.getByRole('heading', { name: 'Expected at entry' }).waitFor();
    const row = (label: string) => entry.getByRole('row', { name: new RegExp(`^${label}`) }).locator('td');
    await expect.poll(() => row('Value index').allInnerTexts()).toEqual(['2.8', '1.3']);
    expect(await row(goalNames[0]!).allInnerTexts()).toEqual(['3', '1']);
    const fromPartnership = admin.locator('#documents').getByRole('table', { name: 'From the partnership' });
    await expect(fromPartnership.textContent()).resolves.toContain(name);
    const link = fromPartnership.getByRole('link', { name: `Download ${name}` });
    const download = await admin.request.get(`${server.url}${await link.getAttribute('href')}`);
    expect(Buffer.from(await download.body()).equals(pdf)).toBe(true);
    await expectAccessible(admin);
    expect([...proposer.consoleErrors, ...approver.consoleErrors]).toEqual([]);
  });
});
