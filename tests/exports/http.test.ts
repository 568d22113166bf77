// The export route on the real lists: exactly the filtered, sorted list, every page, read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn, type Client, type TestApp } from '../helpers/app.js';
import {
  auditLog,
  contacts,
  logEntries,
  logEntryContacts,
  logEntryPartners,
  partners,
  partnerships,
  ledgerEntries,
} from '../../src/db/schema.js';

let t: TestApp;
let coordinator: Client;
let viewer: Client;

beforeAll(async () => {
  t = await buildTestApp(); // Odense: 20 twin cities, Kópavogur and Östersund among them
  const now = '2026-01-01T00:00:00.000Z';
  const brno = t.db.select().from(partners).where(eq(partners.name, 'Brno')).get()!;
  for (let i = 0; i < 60; i++) {
    t.db
      .insert(partners)
      .values({ name: `Network ${String(i).padStart(2, '0')}`, kind: 'network', country: '', annualFeeMinor: 1000 * i, updatedAt: now })
      .run();
  }
  t.db.insert(partners).values({ name: '=cmd|calc', kind: 'organisation', country: 'DK', cityRegion: 'Ærø', updatedAt: now }).run();
  const c = t.db
    .insert(contacts)
    .values({
      name: 'Jana Nováková',
      email: 'jana@brno.cz',
      phone: '+420 542 111',
      title: 'Head; international, relations',
      partnerId: brno.id,
      updatedAt: now,
    })
    .returning()
    .get();
  const e = t.db
    .insert(logEntries)
    .values({ occurredOn: '2026-03-14', type: 'meeting', summary: 'Robotics week\nwith "Brno"', updatedAt: now })
    .returning()
    .get();
  t.db.insert(logEntryPartners).values({ logEntryId: e.id, partnerId: brno.id }).run();
  t.db.insert(logEntryContacts).values({ logEntryId: e.id, contactId: c.id }).run();
  const p = t.db
    .insert(partnerships)
    .values({ partnerId: brno.id, title: 'Brno robotics', agreementType: 'twin_city_agreement', status: 'active', updatedAt: now })
    .returning()
    .get();
  t.db
    .insert(ledgerEntries)
    .values({ partnershipId: p.id, direction: 'cost', type: 'travel', occurredOn: '2026-02-01', amountMinor: 1234550, currency: 'DKK' })
    .run();
  coordinator = await signedIn(t, 'coordinator');
  viewer = await signedIn(t, 'viewer');
});
afterAll(async () => {
  await t.app.close();
});

const csvOf = (body: Buffer, delimiter = ',') => parse(body, { bom: true, delimiter }) as string[][];

describe('GET /exports/<list>.<format>', () => {
  it('exports the filtered, sorted partner list, all pages, as CSV with the locale default delimiter', async () => {
    const res = await coordinator.get('/exports/partners.csv?kind=network&sort=name&dir=desc&page=2');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="partners-odense-kommune-2026-11-24.csv"; filename*=UTF-8''partners-odense-kommune-2026-11-24.csv`,
    );
    const rows = csvOf(res.rawPayload);
    expect(rows[0]!.slice(0, 2)).toEqual(['Name', 'Kind']);
    expect(rows).toHaveLength(61); // the header + 60 networks, not one page of 50
    expect(rows[1]![0]).toBe('Network 59');
    expect(rows[60]![0]).toBe('Network 00');
    expect(rows[60]![3]).toBe('International');
  });

  it('takes the delimiter the user chose', async () => {
    const rows = csvOf((await coordinator.get('/exports/partners.csv?country=IS&delimiter=semicolon')).rawPayload, ';');
    expect(rows.map((r) => r[0])).toEqual(['Name', 'Kópavogur']);
    expect(rows[1]![3]).toBe('Iceland');
  });

  it('neutralises a formula in a partner name', async () => {
    const rows = csvOf((await coordinator.get('/exports/partners.csv?country=DK')).rawPayload);
    expect(rows.find((r) => r[0]!.includes('cmd'))![0]).toBe("'=cmd|calc");
  });

  it('exports XLSX with a frozen, filtered header and typed money', async () => {
    const res = await coordinator.get('/exports/partners.xlsx?kind=network&sort=name');
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.name).toBe('Partners');
    expect(sheet.rowCount).toBe(61);
    expect(sheet.getCell('A3').value).toBe('Network 01');
    expect(sheet.getCell('I3').value).toBe(10);
    expect(sheet.getCell('I3').numFmt).toBe('#,##0.00 "DKK"');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
  });

  it('exports contacts as vCards and records the export', async () => {
    const res = await coordinator.get('/exports/contacts.vcf');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/vcard; charset=utf-8');
    const text = res.body.replace(/\r\n /g, '');
    expect(text).toContain('FN:Jana Nováková');
    expect(text).toContain('ORG:Brno');
    expect(text).toContain('TITLE:Head\\; international\\, relations');
    expect(text).toContain('EMAIL;TYPE=work:jana@brno.cz');
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, 'export')).all();
    expect(audit.some((a) => a.entityType === 'contacts')).toBe(true);
  });

  it('exports the contact log with names, and records it', async () => {
    const before = t.db.select().from(auditLog).where(eq(auditLog.action, 'export')).all().length;
    const rows = csvOf((await coordinator.get('/exports/log.csv')).rawPayload);
    expect(rows[1]).toEqual(expect.arrayContaining(['2026-03-14', 'Meeting', 'Robotics week\nwith "Brno"', 'Brno', 'Jana Nováková']));
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'export')).all().length).toBe(before + 1);
  });

  it('exports costs with money in the entry currency', async () => {
    const rows = csvOf((await coordinator.get('/exports/costs.csv')).rawPayload);
    expect(rows[1]).toEqual(expect.arrayContaining(['Brno robotics', 'Brno', 'DKK\u00a012,345.50']));
  });

  it('refuses personal data to viewers, but not the partner list', async () => {
    for (const list of ['contacts.csv', 'contacts.vcf', 'log.xlsx', 'follow-ups.csv']) {
      expect((await viewer.get(`/exports/${list}`)).statusCode, list).toBe(403);
    }
    expect((await viewer.get('/exports/partners.csv')).statusCode).toBe(200);
    expect((await viewer.get('/exports/partnerships.xlsx')).statusCode).toBe(200);
  });

  it('answers 404 for an unknown list or format', async () => {
    expect((await coordinator.get('/exports/nothing.csv')).statusCode).toBe(404);
    expect((await coordinator.get('/exports/partners.pdf')).statusCode).toBe(404);
    expect((await coordinator.get('/exports/partners.vcf')).statusCode).toBe(404);
  });
});

describe('reviews and follow-ups exports', () => {
  it('export with their headers even when empty', async () => {
    const reviews = csvOf((await coordinator.get('/exports/reviews.csv?state=any')).rawPayload);
    expect(reviews[0]).toEqual(expect.arrayContaining(['Reasons', 'Period from']));
    const followUps = csvOf(
      (await coordinator.get('/exports/follow-ups.xlsx')).rawPayload.length
        ? (await coordinator.get('/exports/follow-ups.csv?assignee=all')).rawPayload
        : Buffer.alloc(0),
    );
    expect(followUps).toHaveLength(1);
  });
});
