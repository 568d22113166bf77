// OpenID Connect sign-in in the browser: the sign-in page's button takes the user to a real
// oidc-provider on this machine, whose own sign-in page (served by the test, as every provider
// serves its own) asks for the email; the provider sends the browser back with a code, and the app
// signs in the user it already knows. A stranger the provider vouches for gets no account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import Provider from 'oidc-provider';
import { startServer, launchBrowser, newPage, axeViolations, freePort, type Server } from './harness.js';
import { applySetup } from '../../src/setup/queries.js';
import { Clock, defaultSetup, testPasswordHash } from '../helpers/app.js';

const OIDC_ENV = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_NAME'] as const;

/** The provider's sign-in page: plain HTML with one field, as a provider's own page would be. */
const providerLoginPage = (uid: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test IdP sign-in</title></head>
<body><main><h1>Test IdP</h1>
<form method="post" action="/interaction/${uid}/login">
<label for="email">Work email</label> <input id="email" name="email" type="email" required>
<button type="submit">Continue to the app</button>
</form></main></body></html>`;

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

describe('OpenID Connect sign-in (browser)', () => {
  let server: Server;
  let browser: Browser;
  let idp: HttpServer;
  const clock = new Clock(new Date());

  beforeAll(async () => {
    // The app must know its own address before the provider registers its redirect URI.
    const appPort = await freePort();
    idp = createServer();
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'partnerships',
          client_secret: 'a-browser-test-client-secret-long-enough',
          redirect_uris: [`http://127.0.0.1:${appPort}/login/oidc/callback`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      pkce: { required: () => true },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      // The account is the email typed on the provider's page; the provider vouches for it.
      findAccount: async (_ctx: unknown, sub: string) => ({
        accountId: sub,
        claims: async () => ({ sub, email: sub, email_verified: true, name: sub }),
      }),
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      cookies: { keys: ['a-browser-test-cookie-key'] },
    });
    const callback = provider.callback();
    idp.on('request', async (req, res) => {
      if (req.url === '/favicon.ico') return res.writeHead(204).end(); // the browser asks every origin
      const match = /^\/interaction\/([^/?]+)(\/login)?/.exec(req.url ?? '');
      if (!match) return callback(req, res);
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login' && req.method === 'GET') {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        return res.end(providerLoginPage(match[1]!));
      }
      if (details.prompt.name === 'login') {
        const email = (await formBody(req)).get('email') ?? '';
        return provider.interactionFinished(req, res, { login: { accountId: email } }, { mergeWithLastSubmission: false });
      }
      // Consent for a first-party client is given at once, as an organisation's provider does.
      const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
      grant.addOIDCScope('openid email profile');
      return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    });
    process.env.OIDC_ISSUER = issuer;
    process.env.OIDC_CLIENT_ID = 'partnerships';
    process.env.OIDC_CLIENT_SECRET = 'a-browser-test-client-secret-long-enough';
    process.env.OIDC_NAME = 'Test IdP';
    server = await startServer({ now: clock.now, port: appPort });
    applySetup(server.db, defaultSetup, await testPasswordHash(), clock.now());
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const k of OIDC_ENV) delete process.env[k];
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => idp?.close(resolve));
  });

  it("signs a known user in through the provider's own page, and refuses a stranger", async () => {
    const { page, consoleErrors } = await newPage(browser);
    await page.goto(`${server.url}/partners`);
    await page.waitForURL(/\/login/);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();

    // On the provider's page now, not the app's.
    await page.getByRole('heading', { name: 'Test IdP' }).waitFor();
    expect(new URL(page.url()).origin).toBe(process.env.OIDC_ISSUER);
    await page.getByLabel('Work email').fill(defaultSetup.adminEmail.toUpperCase());
    await page.getByRole('button', { name: 'Continue to the app' }).click();

    // Back in the app, signed in, on the page asked for first.
    await page.waitForURL(`${server.url}/partners`);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Someone the provider knows but the app does not: no account is made.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await page.context().clearCookies();
    await page.goto(`${server.url}/login`);
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await page.getByLabel('Work email').fill('stranger@elsewhere.example');
    await page.getByRole('button', { name: 'Continue to the app' }).click();
    await page.waitForURL(new RegExp(`^${server.url}/login/oidc/callback`));
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect(await page.locator('main').textContent()).toMatch(/no account|not.*invited|ask an administrator/i);
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors.filter((e) => !/status of 40[13]/.test(e))).toEqual([]);
  });
});
