import { describe, it, expect } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { buildTestApp, Client, createUser, signedIn, PASSWORD } from '../helpers/app.js';
import { auditLog, passwordTokens, sessions, users } from '../../src/db/schema.js';
import { hashToken } from '../../src/auth/tokens.js';

const linkIn = (html: string) => /value="http:\/\/localhost:3000\/password\/([\w-]+)"/.exec(html)?.[1];

function lastAudit(t: { db: import('../../src/db/client.js').Db }, entityId: number) {
  return t.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.entityId, entityId))
    .orderBy(sql`id desc`)
    .get();
}

describe('users admin', () => {
  it('lists users with role, department and status', async () => {
    const t = await buildTestApp();
    await createUser(t.db, 'coordinator', { name: 'Bo Coordinator', department: 'Culture' });
    const admin = await signedIn(t);
    const res = await admin.get('/users');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Bo Coordinator');
    expect(res.body).toContain('Culture');
    expect(res.body).toContain('Coordinator');
    expect(res.body).toContain('Ada Admin');
  });

  it('invites a user with a one-time link whose token is stored only as a hash', async () => {
    const t = await buildTestApp();
    const admin = await signedIn(t);
    await admin.get('/users/new');
    const res = await admin.post('/users', { name: 'Nina New', email: 'Nina@Example.org', role: 'contributor', department: 'Schools' });
    expect(res.statusCode).toBe(201);
    const token = linkIn(res.body)!;
    expect(token).toMatch(/^[\w-]{43}$/); // 32 random bytes
    const user = t.db.select().from(users).where(eq(users.email, 'nina@example.org')).get()!;
    expect(user.passwordHash).toBeNull();
    const stored = t.db.select().from(passwordTokens).where(eq(passwordTokens.userId, user.id)).get()!;
    expect(stored.tokenHash).toBe(hashToken(token));
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.expiresAt).toBe('2026-12-01T10:00:00.000Z');
    expect(lastAudit(t, user.id)).toMatchObject({ action: 'invite', entityType: 'user', userId: t.adminId });

    // The invited person sets a password through the link and can then sign in.
    const person = new Client(t.app);
    const page = await person.get(`/password/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Welcome, Nina New');
    const weak = await person.post(`/password/${token}`, { password: 'short', confirm: 'short' });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain('at least 12 characters');
    const common = await person.post(`/password/${token}`, { password: 'password1234', confirm: 'password1234' });
    expect(common.statusCode).toBe(422);
    expect(common.body).toContain('too common');
    const set = await person.post(`/password/${token}`, { password: PASSWORD, confirm: PASSWORD });
    expect(set.statusCode).toBe(303);
    expect(set.headers.location).toBe('/login');
    expect((await person.get('/login')).body).toContain('Your password is set');
    await person.login('nina@example.org');
    expect(lastAudit(t, user.id)).toMatchObject({ action: 'login' });

    const again = await new Client(t.app).get(`/password/${token}`);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('already been used');
  });

  it('refuses an expired or unknown link with a clear page', async () => {
    const t = await buildTestApp();
    const admin = await signedIn(t);
    const res = await admin.post('/users', { name: 'Late Larry', email: 'larry@example.org', role: 'viewer', department: '' });
    const token = linkIn(res.body)!;
    t.clock.advance(7 * 86_400_000 + 1000);
    const expired = await new Client(t.app).get(`/password/${token}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('expired');
    const unknown = await new Client(t.app).get('/password/not-a-real-token-at-all-xxxxxxxx');
    expect(unknown.statusCode).toBe(410);
    expect(unknown.body).toContain('not valid');
  });

  it('re-renders the invitation with 422 on bad input and a duplicate email', async () => {
    const t = await buildTestApp();
    const admin = await signedIn(t);
    const bad = await admin.post('/users', { name: '', email: 'nope', role: 'boss', department: 'x' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="e-name"[^>]*>This field is required/);
    expect(bad.body).toMatch(/id="e-email"[^>]*>Enter a valid email/);
    expect(bad.body).toMatch(/id="e-role"/);
    const dup = await admin.post('/users', { name: 'Twin', email: 'ADMIN@example.org', role: 'viewer' });
    expect(dup.statusCode).toBe(422);
    expect(dup.body).toContain('already uses this email');
  });

  it("changes a role, records it and ends that user's sessions at once", async () => {
    const t = await buildTestApp();
    const coordinator = await createUser(t.db, 'coordinator');
    const them = new Client(t.app);
    await them.login(coordinator.email);
    expect((await them.get('/')).statusCode).toBe(200);
    const admin = await signedIn(t);
    const res = await admin.post(`/users/${coordinator.id}`, { name: coordinator.name, role: 'viewer', department: 'Culture' });
    expect(res.statusCode).toBe(303);
    expect(t.db.select().from(users).where(eq(users.id, coordinator.id)).get()).toMatchObject({ role: 'viewer', department: 'Culture' });
    expect(lastAudit(t, coordinator.id)).toMatchObject({ action: 'role' });
    expect(JSON.parse(lastAudit(t, coordinator.id)!.changes)).toEqual({ role: ['coordinator', 'viewer'], department: ['', 'Culture'] });
    const after = await them.get('/');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toMatch(/^\/login/);
    // The sign-in page says why, so the change does not look like a fault.
    expect((await them.get(after.headers.location as string)).body).toContain('An administrator has changed your access');
    // Signed out everywhere: nothing of the sign-in is left in the session, only the mark.
    const theirs = t.db
      .select()
      .from(sessions)
      .all()
      .map((row) => JSON.parse(row.data))
      .filter((data) => data.accessChanged);
    expect(theirs.length).toBeGreaterThan(0);
    for (const data of theirs) expect(data).not.toHaveProperty('userId');
    // The admin's own session is untouched.
    expect((await admin.get('/users')).statusCode).toBe(200);
    // Signing in again works, with the new role.
    await them.login(coordinator.email);
    expect((await them.get('/')).statusCode).toBe(200);
    expect((await them.get('/partners/new')).statusCode).toBe(403);
  });

  it('an admin cannot lower their own role or deactivate themselves', async () => {
    const t = await buildTestApp();
    const admin = await signedIn(t);
    const role = await admin.post(`/users/${t.adminId}`, { name: 'Ada Admin', role: 'viewer', department: '' });
    expect(role.statusCode).toBe(422);
    expect(role.body).toContain('cannot change your own role');
    const off = await admin.post(`/users/${t.adminId}/deactivation`);
    expect(off.statusCode).toBe(422);
    expect(t.db.select().from(users).where(eq(users.id, t.adminId)).get()!.role).toBe('admin');
  });

  it('deactivates (ending sessions, blocking sign-in) and reactivates, never deleting', async () => {
    const t = await buildTestApp();
    const viewer = await createUser(t.db, 'viewer');
    const them = new Client(t.app);
    await them.login(viewer.email);
    const admin = await signedIn(t);
    expect((await admin.post(`/users/${viewer.id}/deactivation`)).statusCode).toBe(303);
    expect(
      t.db
        .select()
        .from(sessions)
        .all()
        .some((s) => JSON.parse(s.data).userId === viewer.id),
    ).toBe(false);
    const away = await them.get('/');
    expect(away.statusCode).toBe(303);
    expect(away.headers.location).toContain('changed=1');
    const retry = new Client(t.app);
    await retry.get('/login');
    const refused = await retry.post('/login', { email: viewer.email, password: PASSWORD });
    expect(refused.statusCode).toBe(401);
    expect(lastAudit(t, viewer.id)).toMatchObject({ action: 'login_failed' });
    expect((await admin.get(`/users/${viewer.id}`)).body).toContain('Deactivated');

    expect((await admin.post(`/users/${viewer.id}/reactivation`)).statusCode).toBe(303);
    await retry.login(viewer.email);
    const actions = t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, viewer.id))
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['deactivate', 'reactivate', 'login']));
  });

  it('resets a password with a new one-time link that voids the older ones', async () => {
    const t = await buildTestApp();
    const viewer = await createUser(t.db, 'viewer');
    const admin = await signedIn(t);
    const first = linkIn((await admin.post(`/users/${viewer.id}/password-reset`)).body)!;
    const second = linkIn((await admin.post(`/users/${viewer.id}/password-reset`)).body)!;
    expect(first).not.toBe(second);
    expect((await new Client(t.app).get(`/password/${first}`)).statusCode).toBe(410);
    const person = new Client(t.app);
    expect((await person.get(`/password/${second}`)).body).toContain('choose a new password');
    expect(
      (await person.post(`/password/${second}`, { password: 'a brand new long passphrase', confirm: 'a brand new long passphrase' }))
        .statusCode,
    ).toBe(303);
    await person.login(viewer.email, 'a brand new long passphrase');
    const actions = t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, viewer.id))
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['password_reset', 'password_set', 'login']));
  });

  it('answers 404 for an unknown user', async () => {
    const t = await buildTestApp();
    const admin = await signedIn(t);
    expect((await admin.get('/users/999')).statusCode).toBe(404);
    expect((await admin.post('/users/999/deactivation')).statusCode).toBe(404);
  });
});
