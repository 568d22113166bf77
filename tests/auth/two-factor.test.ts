// Two-factor sign-in (TOTP, RFC 6238) with recovery codes; codes are computed from the secret at the test clock.
import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, Client, createUser, PASSWORD, signedIn, type TestApp } from '../helpers/app.js';
import { auditLog, organisation, recoveryCodes, users } from '../../src/db/schema.js';
import { codeAt, PENDING_MS } from '../../src/auth/two-factor.js';
import { FREE_FAILURES } from '../../src/auth/login-limit.js';

/** Enrol the signed-in client: read the key from the page, prove it with the current code. */
async function enrol(t: TestApp, client: Client) {
  const page = await client.get('/profile/two-factor');
  expect(page.statusCode).toBe(200);
  expect(page.body).toMatch(/<svg [^>]*viewBox/);
  const secret = /<code class="totp-key">([A-Z2-7 ]+)<\/code>/.exec(page.body)![1]!.replace(/ /g, '');
  const wrong = await client.post('/profile/two-factor', { code: '000000' === codeAt(secret, t.clock.now()) ? '111111' : '000000' });
  expect(wrong.statusCode).toBe(422);
  const done = await client.post('/profile/two-factor', { code: codeAt(secret, t.clock.now()) });
  expect(done.statusCode).toBe(200);
  const codes = [...done.body.matchAll(/<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/g)].map((m) => m[1]!);
  expect(codes).toHaveLength(10);
  t.clock.advance(30_000); // the code just used to enrol is spent
  return { secret, codes };
}

async function passwordStep(t: TestApp, email: string, next = '/partners') {
  const client = new Client(t.app);
  await client.get('/login');
  const res = await client.post('/login', { email, password: PASSWORD, next });
  // The browser follows the redirect; the new session's form carries a new CSRF token.
  if (res.headers.location === '/login/two-factor') await client.get('/login/two-factor');
  return { client, res };
}

describe('two-factor sign-in', () => {
  it('enrols from the profile page with a server-rendered QR code, keeping only hashes of the recovery codes', async () => {
    const t = await buildTestApp();
    const admin = await signedIn(t);
    const { secret, codes } = await enrol(t, admin);
    const row = t.db.select().from(users).where(eq(users.id, t.adminId)).get()!;
    expect(row.totpSecret).toBe(secret);
    const stored = t.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, t.adminId)).all();
    expect(stored).toHaveLength(10);
    for (const code of codes) expect(JSON.stringify(stored)).not.toContain(code);
    expect((await admin.get('/profile')).body).toContain('Two-factor sign-in is on.');
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'two_factor_on')).all()).toHaveLength(1);
  });

  it('asks for the code after the password, signs in with it, and refuses the same code twice', async () => {
    const t = await buildTestApp();
    const { secret } = await enrol(t, await signedIn(t));
    const { client, res } = await passwordStep(t, 'admin@example.org');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login/two-factor');
    expect((await client.get('/login/two-factor')).body).toContain('name="code"');
    expect((await client.get('/')).statusCode).toBe(303); // not signed in yet
    const code = codeAt(secret, t.clock.now());
    const ok = await client.post('/login/two-factor', { code });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/partners');
    expect((await client.get('/partners')).statusCode).toBe(200);
    // Someone who saw the code over a shoulder, with the password, in the same 30 seconds:
    const replay = await passwordStep(t, 'admin@example.org');
    expect((await replay.client.post('/login/two-factor', { code })).statusCode).toBe(401);
    t.clock.advance(30_000);
    expect((await replay.client.post('/login/two-factor', { code: codeAt(secret, t.clock.now()) })).statusCode).toBe(303);
  });

  it('accepts a code one step old or ahead (clock drift), not two', async () => {
    const t = await buildTestApp();
    const { secret } = await enrol(t, await signedIn(t));
    t.clock.advance(120_000);
    const a = await passwordStep(t, 'admin@example.org');
    expect(
      (await a.client.post('/login/two-factor', { code: codeAt(secret, new Date(t.clock.now().getTime() - 60_000)) })).statusCode,
    ).toBe(401);
    expect(
      (await a.client.post('/login/two-factor', { code: codeAt(secret, new Date(t.clock.now().getTime() - 30_000)) })).statusCode,
    ).toBe(303);
  });

  it('takes each recovery code once', async () => {
    const t = await buildTestApp();
    const { codes } = await enrol(t, await signedIn(t));
    const first = await passwordStep(t, 'admin@example.org');
    const ok = await first.client.post('/login/two-factor', { code: codes[0]!.toUpperCase() });
    expect(ok.statusCode).toBe(303);
    expect((await first.client.get('/partners')).body).toContain('9 unused recovery codes are left');
    const again = await passwordStep(t, 'admin@example.org');
    expect((await again.client.post('/login/two-factor', { code: codes[0]! })).statusCode).toBe(401);
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'login')).all().at(-1)!.changes).toContain('recovery_code');
  });

  it('slows down guessing at the code like guessing at the password', async () => {
    const t = await buildTestApp();
    const { secret } = await enrol(t, await signedIn(t));
    const { client } = await passwordStep(t, 'admin@example.org');
    const right = codeAt(secret, t.clock.now());
    const wrong = right === '123456' ? '654321' : '123456';
    for (let i = 0; i < FREE_FAILURES; i++) expect((await client.post('/login/two-factor', { code: wrong })).statusCode).toBe(401);
    const blocked = await client.post('/login/two-factor', { code: right });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('Please wait 1 second');
    // Typing the password again does not buy fresh guesses: the account waits there too.
    expect((await passwordStep(t, 'admin@example.org')).res.statusCode).toBe(429);
    t.clock.advance(1_000);
    expect((await client.post('/login/two-factor', { code: right })).statusCode).toBe(303);
  });

  it('forgets a correct password after five minutes without the second step', async () => {
    const t = await buildTestApp();
    const { secret } = await enrol(t, await signedIn(t));
    const { client } = await passwordStep(t, 'admin@example.org');
    t.clock.advance(PENDING_MS + 1_000);
    const res = await client.post('/login/two-factor', { code: codeAt(secret, t.clock.now()) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?expired=1');
    expect((await client.get('/')).statusCode).toBe(303);
  });

  it('can be turned off with the password, and new recovery codes replace the old', async () => {
    const t = await buildTestApp();
    const admin = await signedIn(t);
    const { codes } = await enrol(t, admin);
    expect((await admin.post('/profile/two-factor/recovery-codes', { currentForTwoFactor: 'wrong password!' })).statusCode).toBe(422);
    const fresh = await admin.post('/profile/two-factor/recovery-codes', { currentForTwoFactor: PASSWORD });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.body).not.toContain(codes[0]!);
    expect((await admin.post('/profile/two-factor/disable', { currentForTwoFactor: PASSWORD })).statusCode).toBe(303);
    expect(t.db.select().from(users).where(eq(users.id, t.adminId)).get()!.totpSecret).toBeNull();
    expect(t.db.select().from(recoveryCodes).all()).toHaveLength(0);
    const { res } = await passwordStep(t, 'admin@example.org');
    expect(res.headers.location).toBe('/partners');
  });

  it('is required of administrators when the organisation says so: they must enrol before anything else', async () => {
    const t = await buildTestApp();
    const admin = await signedIn(t);
    expect((await admin.post('/users/security', { twoFactorRequired: 'admins' })).statusCode).toBe(303);
    expect(t.db.select().from(organisation).get()!.twoFactorRequired).toBe('admins');
    const gated = await admin.get('/partners');
    expect(gated.statusCode).toBe(303);
    expect(gated.headers.location).toBe('/profile/two-factor');
    expect((await admin.get('/profile/two-factor')).body).toContain('Your organisation requires two-factor sign-in');
    const contributor = await signedIn(t, 'contributor');
    expect((await contributor.get('/partners')).statusCode).toBe(200);
    await enrol(t, admin);
    expect((await admin.get('/partners')).statusCode).toBe(200);
    expect((await admin.post('/profile/two-factor/disable', { currentForTwoFactor: PASSWORD })).statusCode).toBe(422);
  });

  it('is required of everyone under the "all" policy', async () => {
    const t = await buildTestApp();
    t.db.update(organisation).set({ twoFactorRequired: 'all' }).run();
    const viewer = await createUser(t.db, 'viewer');
    const client = new Client(t.app);
    await client.login(viewer.email).catch(() => undefined);
    const res = await client.get('/');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/profile/two-factor');
  });
});
