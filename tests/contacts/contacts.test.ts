import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { auditLog, contacts, logEntryContacts } from '../../src/db/schema.js';
import { isSimilarName, normaliseName, mergedFields } from '../../src/contacts/domain.js';
import { mergeContacts } from '../../src/contacts/queries.js';
import { makeContact, makePartner } from '../log/fixtures.js';

describe('similar names', () => {
  it.each([
    ['Søren Ørsted', 'soeren oersted', true],
    ['Guðrún Jónsdóttir', 'Gudrun Jonsdottir', true],
    ['Anna Lindqvist', 'Lindqvist Anna', true],
    ['Anna Lindqvist', 'Anna Lindkvist', true],
    ['Anna Lindqvist', 'Anna Larsson', false],
    ['Bo Ek', 'Bo Ak', true],
    ['Bo Ek', 'Bo Åkesson', false],
  ])('%s ~ %s is %s', (a, b, expected) => {
    expect(isSimilarName(a, b)).toBe(expected);
  });

  it('normalises case, diacritics and punctuation', () => {
    expect(normaliseName('  Åse-Marie  ØSTBY ')).toBe('aase marie oestby');
  });

  it('keeps every differing value when merging fields', () => {
    const keep = { title: 'Mayor', email: 'a@x.dk', phone: '', preferredLanguage: '', notes: 'Met in 2024', lawfulBasis: 'x' };
    const other = {
      title: 'Deputy mayor',
      email: 'a@x.dk',
      phone: '+45 1234',
      preferredLanguage: 'da',
      notes: 'Likes cycling',
      lawfulBasis: 'x',
    };
    const merged = mergedFields(keep, other, 'Anna', (field) => (field === 'title' ? 'Titel' : field));
    expect(merged).toMatchObject({ title: 'Mayor', phone: '+45 1234', preferredLanguage: 'da' });
    expect(merged.notes).toContain('Met in 2024');
    expect(merged.notes).toContain('Likes cycling');
    expect(merged.notes).toContain('[Anna] Titel: Deputy mayor');
  });
});

describe('contacts', () => {
  it('creates a contact with the default lawful basis and shows it', async () => {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const client = await signedIn(t, 'contributor');
    const form = await client.get(`/contacts/new?partnerId=${partner.id}`);
    expect(form.body).toContain('Legitimate interest');
    const res = await client.post('/contacts', {
      name: 'Guðrún Jónsdóttir',
      partnerId: String(partner.id),
      email: 'Gudrun@Kopavogur.is',
      lawfulBasis: 'Legitimate interest',
    });
    expect(res.statusCode).toBe(303);
    const c = t.db.select().from(contacts).get()!;
    expect(c.email).toBe('gudrun@kopavogur.is');
    const page = await client.get(res.headers.location as string);
    expect(page.body).toContain('Guðrún Jónsdóttir');
    expect((await client.get('/contacts?text=gudrun')).body).toContain('Guðrún Jónsdóttir');
    // Through htmx the browser is told to navigate, not to swap the next page into the form.
    const viaHtmx = await client.htmx('/contacts', { name: 'Jón Sigurðsson', partnerId: String(partner.id) });
    expect(viaHtmx.statusCode).toBe(204);
    expect(viaHtmx.headers['hx-redirect']).toMatch(/^\/contacts\/\d+$/);
  });

  it('detects a duplicate by email or similar name at the partner and creates only when confirmed', async () => {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const existing = makeContact(t.db, partner.id, { name: 'Søren Ørsted', email: 'so@odense.dk' });
    const client = await signedIn(t, 'contributor');
    const byName = await client.post('/contacts', { name: 'Soren Orsted', partnerId: String(partner.id) });
    expect(byName.statusCode).toBe(422);
    expect(byName.body).toContain(`/contacts/${existing.id}/merge`);
    expect(byName.body).toContain('value="Soren Orsted"');
    const byEmail = await client.post('/contacts', { name: 'Someone Else', email: 'SO@odense.dk' });
    expect(byEmail.statusCode).toBe(422);
    const confirmed = await client.post('/contacts', { name: 'Soren Orsted', partnerId: String(partner.id), confirmDuplicate: '1' });
    expect(confirmed.statusCode).toBe(303);
    expect(t.db.select().from(contacts).all()).toHaveLength(2);
  });

  it('moves a person to another partner without losing their history', async () => {
    const t = await buildTestApp();
    const a = makePartner(t.db, { name: 'Kópavogur' });
    const b = makePartner(t.db, { name: 'Tampere' });
    const contact = makeContact(t.db, a.id);
    const client = await signedIn(t, 'contributor');
    await client.post('/log', {
      partnerIds: String(a.id),
      contactIds: String(contact.id),
      type: 'call',
      occurredOn: '2026-11-01',
      summary: 'Samtal om kultur',
    });
    const res = await client.post(`/contacts/${contact.id}`, { name: contact.name, partnerId: String(b.id) });
    expect(res.statusCode).toBe(303);
    const page = await client.get(`/contacts/${contact.id}`);
    expect(page.body).toContain('Tampere');
    expect(page.body).toContain('Samtal om kultur');
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'move')).all()).toHaveLength(1);
  });

  it('answers bad input and unknown ids', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t, 'contributor');
    const res = await client.post('/contacts', { name: '', email: 'not-an-email', partnerId: '99999' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="e-name"');
    expect(res.body).toContain('id="e-email"');
    expect((await client.post('/contacts', { name: 'X', partnerId: '99999' })).statusCode).toBe(422);
    expect((await client.get('/contacts/99999')).statusCode).toBe(404);
    expect((await client.get('/contacts/abc')).statusCode).toBe(404);
  });
});

describe('merging contacts', () => {
  it('keeps every log entry of both, once, and marks the other merged, audited', async () => {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const keep = makeContact(t.db, partner.id, { name: 'Anna Lindqvist' });
    const other = makeContact(t.db, partner.id, { name: 'Anna Lindkvist', phone: '+46 70 123' });
    const client = await signedIn(t, 'coordinator');
    const log = (ids: number[], summary: string) =>
      client.post('/log', {
        partnerIds: String(partner.id),
        contactIds: ids.map(String),
        type: 'meeting',
        occurredOn: '2026-10-01',
        summary,
      });
    await log([keep.id], 'Only keep');
    await log([other.id], 'Only other');
    await log([keep.id, other.id], 'Both');
    await client.post('/log', {
      partnerIds: String(partner.id),
      contactIds: String(other.id),
      type: 'call',
      occurredOn: '2026-10-02',
      summary: 'With follow-up',
      followUpTask: 'Send notes',
      followUpDue: '2026-10-10',
    });

    const page = await client.get(`/contacts/${keep.id}/merge`);
    expect(page.body).toContain('Anna Lindkvist');
    const res = await client.post(`/contacts/${keep.id}/merge`, { otherId: String(other.id) });
    expect(res.statusCode).toBe(303);

    const links = t.db.select().from(logEntryContacts).all();
    expect(links.filter((l) => l.contactId === keep.id)).toHaveLength(4);
    expect(links.filter((l) => l.contactId === other.id)).toHaveLength(0);
    const merged = t.db.select().from(contacts).where(eq(contacts.id, other.id)).get()!;
    expect(merged.mergedIntoId).toBe(keep.id);
    expect(t.db.select().from(contacts).where(eq(contacts.id, keep.id)).get()!.phone).toBe('+46 70 123');
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'merge')).all()).toHaveLength(2);
    const shown = await client.get(`/contacts/${keep.id}`);
    for (const s of ['Only keep', 'Only other', 'Both', 'With follow-up', 'Send notes']) expect(shown.body).toContain(s);
    expect((await client.get(`/contacts/${other.id}`)).headers.location).toBe(`/contacts/${keep.id}`);
  });

  it('refuses merges that make no sense, and rolls back rather than lose an entry', async () => {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const a = makeContact(t.db, partner.id, { name: 'A' });
    const b = makeContact(t.db, partner.id, { name: 'B' });
    const actor = { userId: t.adminId, now: t.clock.now() };
    expect(mergeContacts(t.db, actor, a.id, a.id)).toEqual({ ok: false, reason: 'same' });
    expect(mergeContacts(t.db, actor, a.id, 9999)).toEqual({ ok: false, reason: 'missing' });
    expect(mergeContacts(t.db, actor, a.id, b.id)).toEqual({ ok: true, moved: 0 });
    expect(mergeContacts(t.db, actor, b.id, a.id)).toEqual({ ok: false, reason: 'merged' });

    // Sabotage the copy step: a trigger that swallows inserted links. The merge must throw and roll back.
    const c = makeContact(t.db, partner.id, { name: 'C' });
    const d = makeContact(t.db, partner.id, { name: 'D' });
    const client = await signedIn(t, 'coordinator');
    await client.post('/log', {
      partnerIds: String(partner.id),
      contactIds: String(d.id),
      type: 'call',
      occurredOn: '2026-10-01',
      summary: 'Kept safe',
    });
    t.db.$client.exec(
      `CREATE TRIGGER lose BEFORE INSERT ON log_entry_contacts WHEN new.contact_id = ${c.id} BEGIN SELECT RAISE(IGNORE); END`,
    );
    expect(() => mergeContacts(t.db, actor, c.id, d.id)).toThrow(/would lose 1 log entries/);
    expect(t.db.select().from(logEntryContacts).where(eq(logEntryContacts.contactId, d.id)).all()).toHaveLength(1);
    expect(t.db.select().from(contacts).where(eq(contacts.id, d.id)).get()!.mergedIntoId).toBeNull();
  });

  it('is for coordinators, not contributors', async () => {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const a = makeContact(t.db, partner.id, { name: 'A' });
    const client = await signedIn(t, 'contributor');
    expect((await client.get(`/contacts/${a.id}/merge`)).statusCode).toBe(403);
  });
});
