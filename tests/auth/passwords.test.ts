// New passwords: the breached list, one's own name and email, trivial repeats, wherever a password is set.
import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { breachedListSize, checkPassword, passwordStrength } from '../../src/auth/passwords.js';
import { buildTestApp, Client, PASSWORD, signedIn } from '../helpers/app.js';
import { createAdmin } from '../../src/users/cli.js';
import { issuePasswordToken } from '../../src/auth/tokens.js';
import { users } from '../../src/db/schema.js';

const me = { email: 'nina.berg@example.org', name: 'Nina Berg' };

describe('checkPassword', () => {
  it('checks against an offline list of more than 100,000 breached and common passwords', () => {
    expect(breachedListSize()).toBeGreaterThan(100_000);
  });

  it.each([
    ['            ', 'auth.password.repetitive'],
    ['aaaaaaaaaaaa', 'auth.password.repetitive'],
    ['abcabcabcabc', 'auth.password.repetitive'],
    ['12 12 12 12 12', 'auth.password.repetitive'],
    ['nina.berg@example.org', 'auth.password.personal'],
    ['NinaBerg2026!', 'auth.password.personal'],
    ['ninaberg is me', 'auth.password.personal'],
    ['password1234', 'auth.password.common'],
    ['qwertyuiop123', 'auth.password.common'],
    ['Sommer2024!!', 'auth.password.common'],
    ['iloveyou1234', 'auth.password.common'],
    ['qwertyuiopas', 'auth.password.common'],
    ['asdfghjkl123', 'auth.password.common'],
    ['zyxwvutsrqpo', 'auth.password.common'],
    ['lösenord1234', 'auth.password.common'],
    ['short', 'auth.password.tooShort'],
    ['x'.repeat(257), 'auth.password.tooLong'],
  ])('refuses %j (%s)', (password, problem) => {
    expect(checkPassword(password, me)).toBe(problem);
  });

  it.each(['correct horse battery staple', 'blue elephant kitchen', 'Tr0ub4dor&3xyz', 'berg crossing in winter light'])(
    'accepts %j',
    (password) => {
      expect(checkPassword(password, me)).toBeNull();
    },
  );

  it('rates strength from refused (0) to strong (4)', () => {
    expect(passwordStrength('aaaaaaaaaaaa', me)).toBe(0);
    expect(passwordStrength('bluekitchens', me)).toBe(1);
    expect(passwordStrength('correct horse battery staple', me)).toBe(4);
  });
});

describe('wherever a password is set', () => {
  it("refuses one's own email on the invitation page, which shows the hint and the strength meter", async () => {
    const t = await buildTestApp();
    const nina = t.db
      .insert(users)
      .values({ ...me, role: 'contributor' })
      .returning()
      .get();
    const token = issuePasswordToken(t.db, nina.id, 'invite', t.clock.now());
    const person = new Client(t.app);
    const page = await person.get(`/password/${token}`);
    expect(page.body).toContain('not your name or email');
    expect(page.body).toContain('data-password-meter="f-password"');
    expect(page.body).toMatch(/<script src="\/static\/password-strength\.[0-9a-f]{12}\.js" defer><\/script>/);
    const own = await person.post(`/password/${token}`, { password: me.email, confirm: me.email });
    expect(own.statusCode).toBe(422);
    expect(own.body).toContain('must not be made of your name or email');
    const spaces = ' '.repeat(12);
    expect((await person.post(`/password/${token}`, { password: spaces, confirm: spaces })).statusCode).toBe(422);
    expect((await person.post(`/password/${token}`, { password: PASSWORD, confirm: PASSWORD })).statusCode).toBe(303);
  });

  it("refuses twelve spaces, a repeat and one's own name on the profile page", async () => {
    const t = await buildTestApp();
    const admin = await signedIn(t);
    for (const password of [' '.repeat(12), 'aaaaaaaaaaaa', 'Ada Admin 2026']) {
      const res = await admin.post('/profile/password', { current: PASSWORD, password, confirm: password });
      expect(res.statusCode, password).toBe(422);
    }
    const hash = t.db.select().from(users).where(eq(users.id, t.adminId)).get()!.passwordHash;
    expect(
      (await admin.post('/profile/password', { current: PASSWORD, password: 'a new long passphrase', confirm: 'a new long passphrase' }))
        .statusCode,
    ).toBe(303);
    expect(t.db.select().from(users).where(eq(users.id, t.adminId)).get()!.passwordHash).not.toBe(hash);
  });

  it("refuses one's own email and a breached password in create-admin", async () => {
    const t = await buildTestApp();
    await expect(
      createAdmin(t.db, { email: 'ops.person@example.org', name: 'Ops Person', password: 'ops.person@example.org' }, t.clock.now()),
    ).rejects.toThrow(/name or email/);
    await expect(
      createAdmin(t.db, { email: 'ops.person@example.org', name: 'Ops Person', password: 'monkey123456' }, t.clock.now()),
    ).rejects.toThrow(/too common/);
  });
});
