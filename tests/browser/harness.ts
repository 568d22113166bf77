// Browser tests: the real app on a temp database file and a real port, driven by Debian's
// Chromium through playwright-core, with axe checking WCAG 2.1 AA on the pages visited.
/// <reference lib="dom" />
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Db } from '../../src/db/client.js';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../helpers/app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Server {
  url: string;
  app: FastifyInstance;
  db: Db;
  close(): Promise<void>;
}

/** A port free right now on 127.0.0.1, for a server that must know its own address before it starts. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * The app on a temp database. Given a port, the app listens there and its BASE_URL is its real
 * address (links in emails, the OpenID Connect redirect); otherwise any free port will do.
 */
export async function startServer(options: { now?: () => Date; port?: number } = {}): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'partnerships-browser-'));
  const file = join(dir, 'app.sqlite');
  const db = openDatabase(file);
  const baseUrl = options.port ? { baseUrl: `http://127.0.0.1:${options.port}` } : {};
  const config = testConfig({ databaseFile: file, dataDir: dir, ...baseUrl });
  const app = await buildApp({ db, config, logger: false, ...(options.now ? { now: options.now } : {}) });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    db,
    async close() {
      await app.close();
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page in a fresh context (axe needs browser.newContext()), collecting console errors. */
export async function newPage(browser: Browser): Promise<{ page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    // Chromium logs our deliberate 422 answers as errors; they are the form working.
    if (m.type() === 'error' && !/status of 422/.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  return { page, consoleErrors };
}

/** WCAG 2.1 A/AA violations on the current page, as readable lines (empty = none). */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
