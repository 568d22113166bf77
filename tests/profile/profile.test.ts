import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, Client, createUser, PASSWORD } from '../helpers/app.js';
import { auditLog, users } from '../../src/db/schema.js';

async function viewerClient() {
  const t = await buildTestApp();
  const viewer = await createUser(t.db, 'viewer');
  const client = new Client(t.app);
  await client.login(viewer.email);
  return { t, viewer, client };
}

describe('profile', () => {
  it('shows name, email, language and time zone with the organisation defaults, and links to notifications and calendar', async () => {
    const { client, viewer } = await viewerClient();
    const res = await client.get('/profile');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`value="${viewer.email}"`);
    expect(res.body).toContain('Organisation default (English)');
    expect(res.body).toContain('Organisation default (Europe/Copenhagen)');
    expect(res.body).toContain('href="/profile/notifications"');
    expect(res.body).toContain('href="/profile/calendar"');
  });

  it('saves the profile, switches the language and records the change', async () => {
    const { t, client, viewer } = await viewerClient();
    const res = await client.post('/profile', { name: 'Vera Viewer', email: 'Vera@Example.org', locale: 'da', timeZone: 'Europe/Oslo' });
    expect(res.statusCode).toBe(303);
    expect(t.db.select().from(users).where(eq(users.id, viewer.id)).get()).toMatchObject({
      name: 'Vera Viewer',
      email: 'vera@example.org',
      locale: 'da',
      timeZone: 'Europe/Oslo',
    });
    const page = await client.get('/profile');
    // The confirmation speaks the language just chosen, like the page around it.
    expect(page.body).toContain('Gemt.');
    expect(page.body).not.toContain('Saved.');
    expect(page.body).toContain('Din profil');
    const entry = t.db.select().from(auditLog).where(eq(auditLog.entityId, viewer.id)).all().at(-1)!;
    expect(entry).toMatchObject({ action: 'update', entityType: 'user', userId: viewer.id });
    expect(JSON.parse(entry.changes)).toMatchObject({ locale: [null, 'da'], timeZone: [null, 'Europe/Oslo'] });
    // Back to the organisation's defaults.
    await client.post('/profile', { name: 'Vera Viewer', email: 'vera@example.org', locale: '', timeZone: '' });
    expect(t.db.select().from(users).where(eq(users.id, viewer.id)).get()).toMatchObject({ locale: null, timeZone: null });
  });

  it('re-renders with 422 for bad values and an email another account uses', async () => {
    const { client } = await viewerClient();
    const bad = await client.post('/profile', { name: '', email: 'x', locale: 'fr', timeZone: 'Mars/Olympus' });
    expect(bad.statusCode).toBe(422);
    for (const f of ['name', 'email', 'locale', 'timeZone']) expect(bad.body).toContain(`id="e-${f}"`);
    const taken = await client.post('/profile', { name: 'V', email: 'admin@example.org', locale: '', timeZone: '' });
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toContain('already uses this email');
  });

  it('changes the password only with the current one, refusing weak ones', async () => {
    const { t, client, viewer } = await viewerClient();
    const wrong = await client.post('/profile/password', {
      current: 'not it at all',
      password: 'new long passphrase',
      confirm: 'new long passphrase',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('current password is not correct');
    const weak = await client.post('/profile/password', { current: PASSWORD, password: 'qwertyuiopas', confirm: 'qwertyuiopas' });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain('too common');
    const mismatch = await client.post('/profile/password', {
      current: PASSWORD,
      password: 'new long passphrase',
      confirm: 'other long phrase',
    });
    expect(mismatch.statusCode).toBe(422);
    const ok = await client.post('/profile/password', {
      current: PASSWORD,
      password: 'new long passphrase',
      confirm: 'new long passphrase',
    });
    expect(ok.statusCode).toBe(303);
    expect((await client.get('/profile')).body).toContain('Your password is changed');
    await new Client(t.app).login(viewer.email, 'new long passphrase');
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'password_change')).get()).toMatchObject({ entityId: viewer.id });
  });

  it('is for signed-in users only', async () => {
    const t = await buildTestApp();
    const res = await new Client(t.app).get('/profile');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fprofile');
  });
});
