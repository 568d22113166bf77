// OpenID Connect sign-in end to end against a real oidc-provider on 127.0.0.1: authorisation code
// with PKCE, the user matched by the email the provider vouches for, and no account made for a stranger.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import Provider from 'oidc-provider';
import { buildTestApp, Client, createUser, type TestApp } from '../helpers/app.js';
import { auditLog, users } from '../../src/db/schema.js';
import { oidcSettings } from '../../src/auth/oidc.js';

const REDIRECT = 'http://localhost:3000/login/oidc/callback'; // testConfig's BASE_URL
let server: Server;
let issuer = '';
/** Who the provider says is signing in (its login step is automatic here), and what it says of them. */
let account = { email: 'admin@example.org', verified: true };
const seenChallenges: string[] = [];

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'partnerships',
        client_secret: 'a-test-client-secret-that-is-long-enough',
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub, email: account.email, email_verified: account.verified, name: 'Someone' }),
    }),
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['a-test-cookie-key'] },
  });
  const callback = provider.callback();
  server.on('request', async (req, res) => {
    if (req.url?.startsWith('/auth?')) seenChallenges.push(new URL(req.url, issuer).searchParams.get('code_challenge_method') ?? '');
    if (!req.url?.startsWith('/interaction/')) return callback(req, res);
    // The provider's own login and consent, done at once: the test plays a user who is already signed in there.
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      return provider.interactionFinished(req, res, { login: { accountId: `user-${account.email}` } }, { mergeWithLastSubmission: false });
    }
    const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope('openid email profile');
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  });
  process.env.OIDC_ISSUER = issuer;
  process.env.OIDC_CLIENT_ID = 'partnerships';
  process.env.OIDC_CLIENT_SECRET = 'a-test-client-secret-that-is-long-enough';
  process.env.OIDC_NAME = 'Test IdP';
});

afterAll(async () => {
  for (const k of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_NAME']) delete process.env[k];
  await new Promise((resolve) => server.close(resolve));
});

/** The browser's trip: app -> provider (following its redirects with its cookies) -> back to the app's callback. */
async function signInThroughProvider(t: TestApp, next = '/partners') {
  const client = new Client(t.app);
  const login = await client.get('/login');
  expect(login.body).toContain('Sign in with Test IdP');
  const start = await client.get(`/login/oidc?next=${encodeURIComponent(next)}`);
  expect(start.statusCode).toBe(303);
  let url = String(start.headers.location);
  expect(url.startsWith(`${issuer}/auth?`)).toBe(true);
  const providerCookies = new Map<string, string>();
  for (let hops = 0; hops < 10 && !url.startsWith(REDIRECT); hops++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...providerCookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      providerCookies.set(k!, v ?? '');
    }
    expect([302, 303], await res.clone().text()).toContain(res.status);
    url = new URL(res.headers.get('location')!, url).href;
  }
  expect(url.startsWith(REDIRECT)).toBe(true);
  const callbackPath = url.slice('http://localhost:3000'.length);
  const back = await client.get(callbackPath);
  return { client, back, callbackPath };
}

describe('OpenID Connect sign-in', () => {
  it('signs in an existing user by the email the provider vouches for, with PKCE, and returns to the page asked for', async () => {
    const t = await buildTestApp();
    account = { email: 'Admin@Example.org', verified: true };
    const { client, back } = await signInThroughProvider(t);
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/partners');
    expect((await client.get('/partners')).statusCode).toBe(200);
    expect(seenChallenges.at(-1)).toBe('S256');
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, 'login')).all().at(-1)!;
    expect(audit).toMatchObject({ userId: t.adminId });
    expect(audit.changes).toContain('oidc');
  });

  it('makes no account for someone the app does not know, nor for a deactivated user', async () => {
    const t = await buildTestApp();
    account = { email: 'stranger@example.org', verified: true };
    const stranger = await signInThroughProvider(t);
    expect(stranger.back.statusCode).toBe(403);
    expect(stranger.back.body).toContain('no active account here');
    expect(t.db.select().from(users).where(eq(users.email, 'stranger@example.org')).get()).toBeUndefined();
    const gone = await createUser(t.db, 'contributor', { email: 'gone@example.org', active: false });
    account = { email: gone.email, verified: true };
    expect((await signInThroughProvider(t)).back.statusCode).toBe(403);
  });

  it('refuses an address the provider marks as unverified', async () => {
    const t = await buildTestApp();
    account = { email: 'admin@example.org', verified: false };
    const { client, back } = await signInThroughProvider(t);
    expect(back.statusCode).toBe(401);
    expect((await client.get('/partners')).statusCode).toBe(303);
  });

  it('refuses a callback that this session did not start (state), and a replayed one', async () => {
    const t = await buildTestApp();
    account = { email: 'admin@example.org', verified: true };
    const { back, callbackPath } = await signInThroughProvider(t);
    expect(back.statusCode).toBe(303);
    const replay = new Client(t.app);
    await replay.get('/login');
    expect((await replay.get(callbackPath)).statusCode).toBe(400);
    const other = new Client(t.app);
    expect((await other.get('/login/oidc/callback?code=abc&state=xyz')).statusCode).toBe(400);
  });

  it('is configured by OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together', () => {
    expect(oidcSettings({})).toBeNull();
    expect(() => oidcSettings({ OIDC_ISSUER: 'https://login.example.org' })).toThrow(/must be set together/);
    expect(oidcSettings({ OIDC_ISSUER: 'https://login.example.org', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y' })).toMatchObject({
      issuer: 'https://login.example.org',
    });
  });
});
