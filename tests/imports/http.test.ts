// Imports through the real routes: upload, preview, commit all or nothing, revert.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { count, eq } from 'drizzle-orm';
import { buildTestApp, signedIn, type Client, type TestApp } from '../helpers/app.js';
import { auditLog, contacts, importBatches, logEntries, logEntryPartners, partners } from '../../src/db/schema.js';
import { commitBatch } from '../../src/imports/queries.js';
import { multipart, upload, validate, windows1252 } from './helpers.js';

let t: TestApp;
let client: Client;

beforeEach(async () => {
  // A blank framework: no preset twin cities, so every partner here is the test's own.
  t = await buildTestApp({ setup: { framework: 'blank' } });
  client = await signedIn(t, 'coordinator');
});
afterEach(async () => {
  await t.app.close();
});

function addPartner(name: string, country: string, extra: Partial<typeof partners.$inferInsert> = {}) {
  return t.db
    .insert(partners)
    .values({ name, country, kind: 'twin_city', updatedAt: '2026-01-01T00:00:00.000Z', ...extra })
    .returning()
    .get();
}

async function uploadAndOpen(entity: string, name: string, content: Buffer) {
  const res = await upload(client, entity, { name, content });
  expect(res.statusCode, res.body).toBe(303);
  const url = res.headers.location as string;
  const page = await client.get(url);
  return { url, id: Number(url.split('/').pop()), page };
}

const partnerCount = () => t.db.select({ n: count() }).from(partners).get()!.n;

describe('importing partners', () => {
  it('reads a Windows-1252 file with ; and Danish headers, keeping æøåäö, and imports it on commit', async () => {
    const file = windows1252(
      'Navn;Land;By;Type\r\nÆrø Kommune;Danmark;Ærøskøbing;Venskabsby\r\nÖstersunds kommun;Sverige;Östersund;vänort\r\n',
    );
    const { url, page } = await uploadAndOpen('partners', 'venskabsbyer.csv', file);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('windows-1252');
    expect(page.body).toContain('Ærø Kommune');
    expect(page.body).toMatch(/data-count="new">2</);
    expect(partnerCount()).toBe(0);

    const done = await client.post(`${url}/commit`);
    expect(done.statusCode).toBe(303);
    const rows = t.db.select().from(partners).orderBy(partners.name).all();
    expect(rows.map((p) => [p.name, p.country, p.cityRegion, p.kind])).toEqual([
      ['Ærø Kommune', 'DK', 'Ærøskøbing', 'twin_city'],
      ['Östersunds kommun', 'SE', 'Östersund', 'twin_city'],
    ]);
    const batch = t.db.select().from(importBatches).get()!;
    expect(batch).toMatchObject({ status: 'committed', createdCount: 2, updatedCount: 0, fileName: 'venskabsbyer.csv', staging: null });
    expect(rows.every((p) => p.importBatchId === batch.id)).toBe(true);
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, 'import')).all();
    expect(audit).toHaveLength(1);
  });

  it('reads an XLSX file', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Partners');
    ws.addRow(['Name', 'Country', 'City', 'Kind']);
    ws.addRow(['Kópavogur', 'IS', 'Kópavogur', 'twin city']);
    ws.addRow(['Eurocities', '', '', 'network']);
    const { url, page } = await uploadAndOpen('partners', 'partners.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(page.body).toContain('XLSX');
    expect(page.body).toMatch(/data-count="new">2</);
    await client.post(`${url}/commit`);
    expect(
      t.db.select({ name: partners.name, kind: partners.kind, country: partners.country }).from(partners).orderBy(partners.name).all(),
    ).toEqual([
      { name: 'Eurocities', kind: 'network', country: '' },
      { name: 'Kópavogur', kind: 'twin_city', country: 'IS' },
    ]);
  });

  it('updates a partner that matches by name and country instead of duplicating it', async () => {
    const existing = addPartner('Östersunds kommun', 'SE', { cityRegion: 'Jämtland', website: 'https://ostersund.se' });
    const { url, page } = await uploadAndOpen(
      'partners',
      'p.csv',
      Buffer.from('Name,Country,City,Tags\nOSTERSUNDS KOMMUN,Sweden,,vänort\n'),
    );
    expect(page.body).toMatch(/data-count="update">1</);
    expect(page.body).toMatch(/data-count="new">0</);
    await client.post(`${url}/commit`);
    expect(partnerCount()).toBe(1);
    const after = t.db.select().from(partners).where(eq(partners.id, existing.id)).get()!;
    expect(after.tags).toBe('vänort');
    // The empty City cell does not blank the region.
    expect(after.cityRegion).toBe('Jämtland');
    expect(after.website).toBe('https://ostersund.se');
    // The file's name only drops the Ö: kept unless the user ticks that change.
    expect(after.name).toBe('Östersunds kommun');
  });

  it('leaves rows with errors out, saying why, and imports the rest', async () => {
    const { url, page } = await uploadAndOpen('partners', 'bad.csv', Buffer.from('Name;Country\nBrno;CZ\nAtlantis;Narnia\nBrno;Czechia\n'));
    expect(page.body).toContain('Unknown country: &quot;Narnia&quot;');
    expect(page.body).toContain('The same record as row 2 of the file.');
    expect(page.body).toMatch(/data-count="error">2</);
    expect(page.body).toContain('Import 1 rows');
    const res = await client.post(`${url}/commit`);
    expect(res.statusCode).toBe(303);
    expect(t.db.select({ name: partners.name }).from(partners).all()).toEqual([{ name: 'Brno' }]);
    expect(t.db.select().from(importBatches).get()).toMatchObject({ status: 'committed', createdCount: 1, errorCount: 2 });
  });

  it('writes all rows or none when something fails in the middle', async () => {
    const { id } = await uploadAndOpen('partners', 'p.csv', Buffer.from('Name,Country\nBrno,CZ\nLund,SE\nKaunas,LT\nTampere,FI\n'));
    expect(() => commitBatch(t.db, id, { userId: t.adminId, now: t.clock.now() }, validate, { failAfter: 2 })).toThrow('injected failure');
    expect(partnerCount()).toBe(0);
    expect(t.db.select().from(importBatches).get()!.status).toBe('pending');
    expect(t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.entityType, 'partner')).get()!.n).toBe(0);
    expect(commitBatch(t.db, id, { userId: t.adminId, now: t.clock.now() }, validate)).toEqual({ ok: true, created: 4, updated: 0 });
    expect(partnerCount()).toBe(4);
  });

  it('lets the user change the column mapping before the preview', async () => {
    const { url } = await uploadAndOpen('partners', 'p.csv', Buffer.from('Organisation name,Nation code\nBrno,CZ\n'));
    let page = await client.get(url);
    expect(page.body).toContain('Required fields without a column: Name.');
    await client.post(`${url}/mapping`, { column0: 'name', column1: 'country' });
    page = await client.get(url);
    expect(page.body).not.toContain('Required fields without a column');
    expect(page.body).toMatch(/data-count="new">1</);
  });

  it('reverts an import: created records deleted, updated ones restored', async () => {
    const existing = addPartner('Lund', 'SE', { cityRegion: 'Skåne' });
    const { url } = await uploadAndOpen(
      'partners',
      'p.csv',
      Buffer.from('Name,Country,City,Website\nLund,SE,Skåne,https://lund.se\nBrno,CZ,Brno,\n'),
    );
    await client.post(`${url}/commit`);
    expect(partnerCount()).toBe(2);
    expect(t.db.select().from(partners).where(eq(partners.id, existing.id)).get()!.website).toBe('https://lund.se');
    t.clock.advance(60_000);
    const res = await client.post(`${url}/revert`);
    expect(res.statusCode).toBe(303);
    expect(
      t.db
        .select()
        .from(partners)
        .all()
        .map((p) => [p.name, p.cityRegion, p.updatedAt]),
    ).toEqual([['Lund', 'Skåne', existing.updatedAt]]);
    expect(t.db.select().from(importBatches).get()!.status).toBe('reverted');
  });

  it('refuses to revert once a record was changed since', async () => {
    const { url } = await uploadAndOpen('partners', 'p.csv', Buffer.from('Name,Country\nBrno,CZ\nLund,SE\n'));
    await client.post(`${url}/commit`);
    t.db.update(partners).set({ description: 'edited', updatedAt: '2027-01-01T00:00:00.000Z' }).where(eq(partners.name, 'Brno')).run();
    const res = await client.post(`${url}/revert`);
    expect(partnerCount()).toBe(2);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Cannot revert: 1 of its records have been changed or used since.');
  });
});

describe('importing contacts and log entries', () => {
  it('matches contacts by email and keeps their link to the partner', async () => {
    const brno = addPartner('Brno', 'CZ');
    const jana = t.db
      .insert(contacts)
      .values({ name: 'Jana Nováková', email: 'jana@brno.cz', partnerId: brno.id, updatedAt: '2026-01-01T00:00:00.000Z' })
      .returning()
      .get();
    const { url, page } = await uploadAndOpen(
      'contacts',
      'k.csv',
      Buffer.from('Navn;E-mail;Telefon;Partner\nJana Nováková;JANA@brno.cz;+420 1;\nPetr Novák;petr@brno.cz;;Brno\n'),
    );
    expect(page.body).toMatch(/data-count="update">1</);
    expect(page.body).toMatch(/data-count="new">1</);
    await client.post(`${url}/commit`);
    const all = t.db.select().from(contacts).orderBy(contacts.id).all();
    expect(all).toHaveLength(2);
    expect(all[0]).toMatchObject({ id: jana.id, phone: '+420 1', partnerId: brno.id });
    expect(all[1]).toMatchObject({ name: 'Petr Novák', email: 'petr@brno.cz', partnerId: brno.id });
  });

  it('imports log entries with Nordic dates and links them to their partner', async () => {
    const lund = addPartner('Lund', 'SE');
    const { url, page } = await uploadAndOpen(
      'log_entries',
      'logg.csv',
      Buffer.from('Datum;Typ;Sammanfattning;Partner\n14.03.2025;Möte;Planering av vänortsmöte;Lund\n31.02.2025;Möte;Fel;Lund\n'),
    );
    expect(page.body).toContain('Not a valid date: &quot;31.02.2025&quot;');
    await client.post(`${url}/mapping`, { column0: 'occurredOn', column1: 'type', column2: 'summary', column3: 'partner' });
    expect(t.db.select({ n: count() }).from(logEntries).get()!.n).toBe(0);
    const ok = await uploadAndOpen(
      'log_entries',
      'logg2.csv',
      Buffer.from('Datum;Typ;Sammanfattning;Partner\n14.03.2025;Möte;Planering av vänortsmöte;Lund\n'),
    );
    await client.post(`${ok.url}/commit`);
    const entry = t.db.select().from(logEntries).get()!;
    expect(entry).toMatchObject({ occurredOn: '2025-03-14', type: 'meeting', summary: 'Planering av vänortsmöte' });
    expect(t.db.select().from(logEntryPartners).all()).toEqual([{ logEntryId: entry.id, partnerId: lund.id, occurredOn: '2025-03-14' }]);
    expect(url).not.toBe(ok.url);
  });
});

describe('bad input and access', () => {
  it.each([
    ['not.pdf', Buffer.from('%PDF-1.4\x00\x01'), 'This is not a CSV or XLSX file.'],
    ['empty.csv', Buffer.alloc(0), 'The file is empty.'],
    ['header.csv', Buffer.from('Name;Country\r\n'), 'The file has column names but no rows.'],
  ])('refuses %s with a clear message and stores nothing', async (name, content, text) => {
    const res = await upload(client, 'partners', { name, content });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(text);
    expect(t.db.select({ n: count() }).from(importBatches).get()!.n).toBe(0);
  });

  it('refuses a file over the size limit', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 'a');
    const res = await upload(client, 'partners', { name: 'big.csv', content: big });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('larger than 10 MB');
  });

  it('answers a form it cannot read (cut off, too many fields) with a 422 page, not a 500', async () => {
    await client.get('/imports');
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const start = `--xx\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${client.csrf}\r\n--xx\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\n\r\nNavn\nBrno`;
    const cut = await t.app.inject({
      method: 'POST',
      url: '/imports',
      payload: start,
      headers: { 'content-type': 'multipart/form-data; boundary=xx', cookie },
    });
    expect(cut.statusCode).toBe(422);
    expect(cut.body).toContain('The file could not be read');
    const fields: Record<string, string> = { _csrf: client.csrf };
    for (let i = 0; i < 20; i++) fields[`extra${i}`] = 'x';
    const { payload, contentType } = multipart(fields, { name: 'p.csv', content: Buffer.from('Navn\nBrno\n') });
    const many = await t.app.inject({ method: 'POST', url: '/imports', payload, headers: { 'content-type': contentType, cookie } });
    expect(many.statusCode).toBe(422);
    expect(t.db.select({ n: count() }).from(importBatches).get()!.n).toBe(0);
  });

  it('refuses an upload without a file', async () => {
    const res = await upload(client, 'partners', null);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Choose a file to upload.');
  });

  it('is for coordinators and admins only', async () => {
    const contributor = await signedIn(t, 'contributor');
    expect((await contributor.get('/imports')).statusCode).toBe(403);
    const res = await upload(contributor, 'partners', { name: 'p.csv', content: Buffer.from('Name\nBrno\n') });
    expect(res.statusCode).toBe(403);
    expect((await client.get('/imports')).statusCode).toBe(200);
    expect((await client.get('/imports/999')).statusCode).toBe(404);
  });

  it('refuses an upload without the CSRF token', async () => {
    await client.get('/imports');
    const saved = client.csrf;
    client.csrf = 'wrong';
    const res = await upload(client, 'partners', { name: 'p.csv', content: Buffer.from('Name\nBrno\n') });
    client.csrf = saved;
    expect(res.statusCode).toBe(403);
  });
});
