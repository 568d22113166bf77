// Script payloads saved in text fields come back escaped everywhere they are shown, and a
// SQL-looking string is stored literally.
import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { buildTestApp, Client, createUser, signedIn } from '../helpers/app.js';
import { users } from '../../src/db/schema.js';

const PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];
const SQLISH = "Robert'); DROP TABLE partners;--";

/** The page shows the payload only escaped. */
function expectEscaped(body: string, payload: string, label: string) {
  expect(body, label).not.toContain(payload);
  expect(body, label).not.toContain('<img src=x');
  expect(body, label).not.toMatch(/<script>alert/);
  const escaped = payload.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  expect(body, label).toContain(escaped);
}

/** Fill every text field of the form on `formPage` with the value (fields that refuse it are left empty), post it. */
async function submitForm(client: Client, formPage: string, value: string) {
  const page = await client.get(formPage);
  expect(page.statusCode, formPage).toBe(200);
  const form = /<form[^>]*method="post"[^>]*action="([^"]+)"[\s\S]*?<\/form>/.exec(
    page.body.replace(/<form[^>]*action="\/logout"[\s\S]*?<\/form>/, ''),
  )!;
  const html = form[0];
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(m[0])?.[1];
    const type = /type="([^"]+)"/.exec(m[0])?.[1] ?? 'text';
    if (!name || name === '_csrf') continue;
    if (type === 'text' || type === 'search') fields[name] = value;
    else if ((type === 'radio' || type === 'checkbox') && !(name in fields)) fields[name] = /value="([^"]*)"/.exec(m[0])?.[1] ?? 'on';
    else if (type === 'number') fields[name] = /value="([^"]+)"/.exec(m[0])?.[1] ?? '1';
    else if (type === 'hidden') fields[name] = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
  }
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"/g)) fields[m[1]!] = value;
  for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    fields[m[1]!] = /<option value="([^"]+)"/.exec(m[2]!)?.[1] ?? '';
  }
  const action = form[1]!;
  let res = await client.post(action, fields);
  if (res.statusCode === 422) {
    // Fields that need a number, a date or an address refuse the payload: leave those empty.
    for (const m of res.body.matchAll(/id="e-(\w+)"/g)) fields[m[1]!] = '';
    res = await client.post(action, fields);
  }
  return { res, fields };
}

describe('XSS and injection', () => {
  for (const payload of PAYLOADS) {
    it(`escapes ${payload} in every user and profile text field, on every page that shows it`, async () => {
      const t = await buildTestApp();
      const admin = await signedIn(t);
      const email = `${payload.replace(/\s/g, '')}@example.org`;
      const invited = await admin.post('/users', { name: payload, email, role: 'viewer', department: payload });
      expect(invited.statusCode).toBe(201);
      expectEscaped(invited.body, payload, 'invitation link page');
      const id = t.db.select().from(users).where(eq(users.name, payload)).get()!.id;
      for (const page of ['/users', `/users/${id}`, '/audit', `/history/user/${id}`]) {
        expectEscaped((await admin.get(page)).body, payload, page);
      }

      const viewer = await createUser(t.db, 'viewer');
      const client = new Client(t.app);
      await client.login(viewer.email);
      expect((await client.post('/profile', { name: payload, email: viewer.email, locale: '', timeZone: '' })).statusCode).toBe(303);
      for (const page of ['/profile', '/']) expectEscaped((await client.get(page)).body, payload, `${page} as the user`);
      expectEscaped((await admin.get(`/history/user/${viewer.id}`)).body, payload, 'profile change in the history');
      // A 422 re-render shows the typed value escaped too.
      const bad = await client.post('/profile', { name: payload, email: 'not-an-email', locale: '', timeZone: '' });
      expect(bad.statusCode).toBe(422);
      expectEscaped(bad.body, payload, 'profile 422');
    });

    it(`escapes ${payload} in the partner, partnership and contact forms`, async () => {
      const t = await buildTestApp();
      const admin = await signedIn(t);
      const forms = [
        ['/partners/new', '/partners', 'partner'],
        ['/partnerships/new', '/partnerships', 'partnership'],
        ['/contacts/new', '/contacts', 'contact'],
      ] as const;
      for (const [form, list, kind] of forms) {
        const { res } = await submitForm(admin, form, payload);
        expect(res.statusCode, `${form}: ${res.body.match(/field-error">[^<]*/g)}`).toBe(303);
        const shown = res.headers.location!;
        const recordId = /\/(\d+)/.exec(shown)![1];
        for (const page of [shown, `${shown}/edit`, list, `/history/${kind}/${recordId}`, '/audit']) {
          expectEscaped((await admin.get(page)).body, payload, page);
        }
      }
    });
  }

  it('stores a SQL-looking string literally', async () => {
    const t = await buildTestApp();
    const admin = await signedIn(t);
    expect((await admin.post('/users', { name: SQLISH, email: 'bobby@example.org', role: 'viewer', department: SQLISH })).statusCode).toBe(
      201,
    );
    expect(t.db.select().from(users).where(eq(users.email, 'bobby@example.org')).get()).toMatchObject({ name: SQLISH, department: SQLISH });
    const { res } = await submitForm(admin, '/partners/new', SQLISH);
    expect(res.statusCode).toBe(303);
    const partners = t.db.all<{ name: string }>(sql`select name from partners where name = ${SQLISH}`);
    expect(partners).toHaveLength(1);
    expect((await admin.get('/audit?user=' + t.adminId)).body).toContain('Robert&#39;); DROP TABLE partners;--');
  });
});
