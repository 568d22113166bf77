// Personal data: erasing a person, the access-request ZIP and the organisation's full export.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, signedIn, type Client, type TestApp } from '../helpers/app.js';
import { auditLog, contacts, logEntries, logEntryContacts, partners } from '../../src/db/schema.js';
import { recordAudit, created } from '../../src/audit/record.js';
import { contactDisplayName } from '../../src/privacy/erase.js';
import { createI18n } from '../../src/i18n/index.js';

let t: TestApp;
let client: Client;
let contactId: number;
let entryId: number;

beforeEach(async () => {
  t = await buildTestApp({ setup: { locale: 'da' } });
  client = await signedIn(t, 'coordinator');
  const partner = t.db
    .insert(partners)
    .values({ name: 'Kópavogur', country: 'IS', kind: 'twin_city', updatedAt: '2026-01-01T00:00:00Z' })
    .returning()
    .get();
  const values = {
    name: 'Sigríður Ólafsdóttir',
    email: 'sigga@kopavogur.is',
    phone: '+354 441 0000',
    title: 'Advisor',
    notes: 'Likes robots',
    partnerId: partner.id,
    updatedAt: '2026-01-01T00:00:00Z',
  };
  contactId = t.db.insert(contacts).values(values).returning().get().id;
  recordAudit(t.db, { userId: t.adminId, now: t.clock.now() }, 'create', 'contact', contactId, created(values));
  entryId = t.db
    .insert(logEntries)
    .values({ occurredOn: '2026-03-14', type: 'meeting', summary: 'Robot week in Kópavogur', updatedAt: '2026-01-01T00:00:00Z' })
    .returning()
    .get().id;
  t.db.insert(logEntryContacts).values({ logEntryId: entryId, contactId }).run();
});
afterEach(async () => {
  await t.app.close();
});

async function unzip(body: Buffer) {
  return JSZip.loadAsync(body);
}

describe('erasing a contact', () => {
  it('asks for confirmation first', async () => {
    const page = await client.get(`/contacts/${contactId}/erase`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sigríður Ólafsdóttir');
    expect(page.body).toContain('data-confirm=');
    expect(t.db.select().from(contacts).get()!.erasedAt).toBeNull();
  });

  it('anonymises the personal fields, keeps the log entries and records it without the old values', async () => {
    t.clock.advance(60_000);
    const res = await client.post(`/contacts/${contactId}/erase`);
    expect(res.statusCode).toBe(303);
    const c = t.db.select().from(contacts).where(eq(contacts.id, contactId)).get()!;
    expect(c).toMatchObject({ name: 'slettet kontakt', email: '', phone: '', title: '', notes: '' });
    expect(c.erasedAt).toBe(t.clock.now().toISOString());
    expect(c.partnerId).not.toBeNull();
    expect(t.db.select().from(logEntryContacts).all()).toEqual([{ logEntryId: entryId, contactId }]);
    const audit = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'contact'), eq(auditLog.entityId, contactId)))
      .all();
    expect(audit.map((a) => a.action)).toEqual(['create', 'erase']);
    expect(audit.map((a) => a.changes).join()).not.toMatch(/Sigr|sigga|354|robots/);
    expect(contactDisplayName(c, createI18n('sv', 'UTC', 'SEK').t)).toBe('raderad kontakt');
  });

  it('cannot be done twice, and is for coordinators and admins only', async () => {
    await client.post(`/contacts/${contactId}/erase`);
    const again = await client.post(`/contacts/${contactId}/erase`);
    expect(again.statusCode).toBe(303);
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'erase')).all()).toHaveLength(1);
    const contributor = await signedIn(t, 'contributor');
    expect((await contributor.post(`/contacts/${contactId}/erase`)).statusCode).toBe(403);
    expect((await client.get('/contacts/9999/erase')).statusCode).toBe(404);
  });
});

describe('access request', () => {
  it('exports the record, the log entries and the audit entries as a ZIP, and records the export', async () => {
    const res = await client.get(`/contacts/${contactId}/access-request.zip`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain(`access-request-contact-${contactId}-2026-11-24.zip`);
    const zip = await unzip(res.rawPayload);
    expect(Object.keys(zip.files).sort()).toEqual([
      'README.txt',
      'audit.csv',
      'contact.csv',
      'contact.json',
      'follow-ups.csv',
      'log-entries.csv',
    ]);
    const record = JSON.parse(await zip.file('contact.json')!.async('string'));
    expect(record).toMatchObject({ name: 'Sigríður Ólafsdóttir', email: 'sigga@kopavogur.is', partner: { name: 'Kópavogur' } });
    const log = parse(await zip.file('log-entries.csv')!.async('nodebuffer'), { bom: true, columns: true }) as Record<string, string>[];
    expect(log).toEqual([expect.objectContaining({ occurred_on: '2026-03-14', summary: 'Robot week in Kópavogur' })]);
    const audit = parse(await zip.file('audit.csv')!.async('nodebuffer'), { bom: true, columns: true }) as Record<string, string>[];
    expect(audit[0]!.action).toBe('create');
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'export')).all()).toHaveLength(1);
  });

  it('is refused to a viewer', async () => {
    const viewer = await signedIn(t, 'viewer');
    expect((await viewer.get(`/contacts/${contactId}/access-request.zip`)).statusCode).toBe(403);
  });
});

describe('full export', () => {
  it('gives the admin every table as CSV with a README of the columns, and no secrets', async () => {
    const admin = await signedIn(t);
    const res = await admin.get('/privacy/export.zip');
    expect(res.statusCode).toBe(200);
    const zip = await unzip(res.rawPayload);
    const names = Object.keys(zip.files);
    for (const table of [
      'partners.csv',
      'contacts.csv',
      'log_entries.csv',
      'users.csv',
      'audit_log.csv',
      'organisation.csv',
      'import_batches.csv',
    ])
      expect(names).toContain(table);
    expect(names).not.toContain('sessions.csv');
    expect(names.some((n) => /_fts/.test(n))).toBe(false);
    const readme = await zip.file('README.md')!.async('string');
    expect(readme).toContain('## partners.csv');
    expect(readme).toContain('| country | TEXT | yes |');
    const users = parse(await zip.file('users.csv')!.async('nodebuffer'), { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(users[0]!)).not.toContain('password_hash');
    expect(users.map((u) => u.email)).toContain('admin@example.org');
    const partnerRows = parse(await zip.file('partners.csv')!.async('nodebuffer'), { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    expect(partnerRows.map((p) => p.name)).toContain('Kópavogur');
    expect(
      t.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityType, 'organisation'))
        .all()
        .some((a) => a.action === 'export'),
    ).toBe(true);
  });

  it('is for the admin only', async () => {
    expect((await client.get('/privacy/export.zip')).statusCode).toBe(403);
    expect((await client.get('/privacy')).statusCode).toBe(403);
  });
});
