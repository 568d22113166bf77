// What a Danish office gets from every list: XLSX read back with exceljs (numbers, dates and
// times as typed cells with their formats; text as typed, phone numbers included), one ISO date
// format in every CSV, file names in the user's language with the organisation and the date,
// and column labels that are labels (placeholders filled, no sentences, no plurals).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { buildTestApp, createUser, signedIn, type Client, type TestApp } from '../helpers/app.js';
import { contacts, followUps, ledgerEntries, logEntries, logEntryPartners, partners, partnerships, reviews } from '../../src/db/schema.js';
import { EXPORT_SOURCES } from '../../src/exports/sources.js';
import { createI18n, LOCALES } from '../../src/i18n/index.js';
import { contentDisposition, listFileName } from '../../src/exports/format.js';

let t: TestApp;
let admin: Client;
let userId: number;

beforeAll(async () => {
  t = await buildTestApp({ setup: { locale: 'da' } }); // Odense Kommune, DKK, Europe/Copenhagen
  const now = '2026-11-01T00:00:00.000Z';
  const mette = await createUser(t.db, 'coordinator', { name: 'Mette Sørensen' });
  userId = t.adminId;
  const izmir = t.db
    .update(partners)
    .set({
      annualFeeMinor: 1234550,
      projectStartOn: '2025-06-29',
      description: 'Søsterby siden 1991.\nKontakt: kulturafdelingen',
      updatedAt: now,
    })
    .where(eq(partners.name, 'İzmir'))
    .returning()
    .get()!; // one of Odense's twin cities
  const kopavogur = t.db.select().from(partners).where(eq(partners.name, 'Kópavogur')).get()!;
  const p = t.db
    .insert(partnerships)
    .values({
      partnerId: izmir.id,
      title: 'İzmir kulturudveksling',
      agreementType: 'twin_city_agreement',
      status: 'active',
      startOn: '2025-06-29',
      activeSinceOn: '2025-06-29',
      reviewCadenceMonths: 12,
      updatedAt: now,
    })
    .returning()
    .get();
  t.db
    .insert(ledgerEntries)
    .values({
      partnershipId: p.id,
      direction: 'cost',
      type: 'travel',
      occurredOn: '2026-11-27',
      amountMinor: 1234550,
      currency: 'DKK',
      note: 'Fly København–İzmir',
    })
    .run();
  t.db
    .insert(contacts)
    .values({ name: 'Ayşe Yılmaz', email: 'ayse@izmir.bel.tr', phone: '+90 232 293 12 00', partnerId: izmir.id, updatedAt: now })
    .run();
  t.db.insert(contacts).values({ name: 'Sigríður Jónsdóttir', phone: '+354 441 0000', partnerId: kopavogur.id, updatedAt: now }).run();
  const entry = t.db
    .insert(logEntries)
    .values({ occurredOn: '2026-11-27', occurredTime: '14:05', type: 'meeting', summary: 'Møde om udveksling', updatedAt: now })
    .returning()
    .get();
  t.db.insert(logEntryPartners).values({ logEntryId: entry.id, partnerId: izmir.id }).run();
  t.db
    .insert(followUps)
    .values({ task: 'Send program til İzmir', dueOn: '2026-12-03', assigneeId: userId, partnershipId: p.id, logEntryId: entry.id })
    .run();
  t.db
    .insert(followUps)
    .values({ task: 'Book hotel', dueOn: '2026-11-20', assigneeId: userId, doneAt: '2026-11-19T13:45:00.000Z', doneById: mette.id })
    .run();
  t.db
    .insert(reviews)
    .values({
      partnershipId: p.id,
      periodStartOn: '2025-06-29',
      periodEndOn: '2026-06-29',
      state: 'signed',
      valueIndex: 3,
      investmentNetMinor: 1234550,
      investmentAnnualisedMinor: 1234550,
      investmentLevelComputed: 1,
      recommendation: 'continue',
      decision: 'continue',
      signedById: mette.id,
      signedAt: '2026-07-01T08:30:00.000Z',
      proposedAt: '2026-06-30T08:30:00.000Z',
    })
    .run();
  admin = await signedIn(t);
});
afterAll(async () => {
  await t.app.close();
});

/** The query that shows every row of each list (follow-ups: everyone's, done or not, as separate pages). */
const LIST_QUERIES: Record<string, string[]> = {
  partners: [''],
  partnerships: [''],
  contacts: [''],
  log: [''],
  costs: [''],
  'follow-ups': ['?assignee=all', '?assignee=all&state=done'],
  reviews: ['?state=any'],
};

async function sheetOf(url: string) {
  const res = await admin.get(url);
  expect(res.statusCode, url).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  /** The cell of the first data row whose first column is `first`, in the column headed `header`. */
  const cell = (header: string, row = 2) => {
    const column = headers.indexOf(header) + 1;
    expect(column, `column ${header} in ${url}: ${headers.join(' | ')}`).toBeGreaterThan(0);
    return sheet.getRow(row).getCell(column);
  };
  return { sheet, headers, cell };
}

describe('XLSX cells', () => {
  it('writes money as numbers in a currency number format, and dates as date cells', async () => {
    const costs = await sheetOf('/exports/costs.xlsx');
    const amount = costs.cell('Beløb (DKK)');
    expect(amount.type).toBe(ExcelJS.ValueType.Number);
    expect(amount.value).toBe(12345.5);
    expect(amount.numFmt).toBe('#,##0.00 "DKK"');
    const date = costs.cell('Dato');
    expect(date.type).toBe(ExcelJS.ValueType.Date);
    expect((date.value as Date).toISOString()).toBe('2026-11-27T00:00:00.000Z');
    expect(date.numFmt).toBe('dd.mm.yyyy');

    const partnerSheet = await sheetOf('/exports/partners.xlsx?country=TR');
    expect(partnerSheet.cell('Årligt kontingent').value).toBe(12345.5);
    expect(partnerSheet.cell('Årligt kontingent').type).toBe(ExcelJS.ValueType.Number);
    expect(partnerSheet.cell('Årligt kontingent').numFmt).toBe('#,##0.00 "DKK"');
    expect(partnerSheet.cell('Projektstart').type).toBe(ExcelJS.ValueType.Date);
    expect(partnerSheet.cell('Beskrivelse').value).toBe('Søsterby siden 1991.\nKontakt: kulturafdelingen');

    const reviewSheet = await sheetOf('/exports/reviews.xlsx');
    expect(reviewSheet.cell('Nettoinvestering i perioden').value).toBe(12345.5);
    expect(reviewSheet.cell('Nettoinvestering i perioden').numFmt).toBe('#,##0.00 "DKK"');
    const signedAt = reviewSheet.cell('Godkendt');
    expect(signedAt.type).toBe(ExcelJS.ValueType.Date);
    expect((signedAt.value as Date).toISOString()).toBe('2026-07-01T10:30:00.000Z'); // Copenhagen wall clock
    expect(signedAt.numFmt).toBe('dd.mm.yyyy hh:mm');
  });

  it("writes the contact log's time as a time cell, not text", async () => {
    const log = await sheetOf('/exports/log.xlsx');
    const time = log.cell('Tidspunkt');
    expect(time.numFmt).toBe('hh:mm');
    // A time is a fraction of a day; exceljs reads a number in a time format back as a date on Excel's day 0.
    expect(time.type).toBe(ExcelJS.ValueType.Date);
    expect((time.value as Date).toISOString()).toBe('1899-12-30T14:05:00.000Z');
    expect(log.cell('Dato').type).toBe(ExcelJS.ValueType.Date);
  });

  it('keeps phone numbers and other text exactly as typed, without the CSV quote', async () => {
    const sheet = await sheetOf('/exports/contacts.xlsx');
    const phones = sheet.sheet.getColumn(sheet.headers.indexOf('Telefon') + 1).values.slice(2);
    expect(phones).toEqual(expect.arrayContaining(['+90 232 293 12 00', '+354 441 0000']));
    for (let row = 2; row <= sheet.sheet.rowCount; row++) expect(sheet.cell('Telefon', row).type).toBe(ExcelJS.ValueType.String);
    // The CSV keeps its formula guard.
    const csv = parse((await admin.get('/exports/contacts.csv')).rawPayload, { bom: true, delimiter: ';' }) as string[][];
    const phone = csv[0]!.indexOf('Telefon');
    expect(csv.slice(1).map((r) => r[phone])).toEqual(expect.arrayContaining(["'+90 232 293 12 00", "'+354 441 0000"]));
  });
});

describe('CSV dates', () => {
  it('writes every date of every list as ISO 8601, and instants as date and time in the user zone', async () => {
    const i18n = createI18n('da', 'Europe/Copenhagen', 'DKK');
    const context = { userId, now: t.clock.now(), today: '2026-11-24' };
    for (const [name, queries] of Object.entries(LIST_QUERIES)) {
      const seen = { date: 0, instant: 0 };
      for (const query of queries) {
        const columns = EXPORT_SOURCES[name]!(t.db, Object.fromEntries(new URLSearchParams(query)), i18n, context).columns;
        const records = parse((await admin.get(`/exports/${name}.csv${query}`)).rawPayload, { bom: true, delimiter: ';' }) as string[][];
        expect(records[0]).toEqual(columns.map((c) => c.header));
        for (const [i, c] of columns.entries()) {
          if (c.type !== 'date' && c.type !== 'instant') continue;
          for (const r of records.slice(1)) {
            if (r[i] === '') continue;
            expect(r[i], `${name} ${c.header}`).toMatch(c.type === 'date' ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
            seen[c.type] += 1;
          }
        }
      }
      expect(seen.date + seen.instant, `${name} has dates to check`).toBeGreaterThan(0);
    }
  });

  it('writes Danish amounts and the instant a follow-up was done in Copenhagen time', async () => {
    const costs = parse((await admin.get('/exports/costs.csv')).rawPayload, { bom: true, delimiter: ';' }) as string[][];
    expect(costs[1]![costs[0]!.indexOf('Beløb (DKK)')]).toMatch(/^12\.345,50\s?kr\.$/);
    const done = parse((await admin.get('/exports/follow-ups.csv?assignee=all&state=done')).rawPayload, {
      bom: true,
      delimiter: ';',
    }) as string[][];
    expect(done[1]![done[0]!.indexOf('Udført den')]).toBe('2026-11-19 14:45');
    expect(done[1]![done[0]!.indexOf('Udført af')]).toBe('Mette Sørensen');
  });
});

describe('file names and column labels', () => {
  it('names the file in the user language with the organisation and the local date, with an RFC 5987 form', async () => {
    const partnersCsv = await admin.get('/exports/partners.csv');
    expect(partnersCsv.headers['content-disposition']).toBe(
      `attachment; filename="partnere-odense-kommune-2026-11-24.csv"; filename*=UTF-8''partnere-odense-kommune-2026-11-24.csv`,
    );
    const followUpsXlsx = await admin.get('/exports/follow-ups.xlsx?assignee=all');
    const disposition = String(followUpsXlsx.headers['content-disposition']);
    expect(disposition).toContain('filename="opfoelgninger-odense-kommune-2026-11-24.xlsx"');
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!)).toBe('opfølgninger-odense-kommune-2026-11-24.xlsx');
  });

  it('makes safe names of any organisation: Kópavogur, İzmir, Ærø, quotes and slashes', () => {
    const now = new Date('2026-11-30T22:30:00Z'); // 30 November in Reykjavík and Copenhagen, 1 December in İzmir
    expect(listFileName('Partnere', 'Kópavogsbær', now, 'Atlantic/Reykjavik', 'csv')).toEqual({
      name: 'partnere-kópavogsbær-2026-11-30.csv',
      ascii: 'partnere-kopavogsbaer-2026-11-30.csv',
    });
    expect(listFileName('Partners', 'İzmir Büyükşehir Belediyesi', now, 'Europe/Istanbul', 'xlsx')).toEqual({
      name: 'partners-izmir-büyükşehir-belediyesi-2026-12-01.xlsx',
      ascii: 'partners-izmir-buyuksehir-belediyesi-2026-12-01.xlsx',
    });
    expect(listFileName('Kontaktlog', 'Ærø Kommune / "Øst"', now, 'Europe/Copenhagen', 'csv').ascii).toBe(
      'kontaktlog-aeroe-kommune-oest-2026-11-30.csv',
    );
    const file = listFileName('Opfølgninger', 'Diyarbakır; Sur', now, 'UTC', 'csv');
    expect(file.ascii).toBe('opfoelgninger-diyarbakir-sur-2026-11-30.csv');
    expect(contentDisposition(file.name, 'attachment', file.ascii)).toBe(
      `attachment; filename="opfoelgninger-diyarbakir-sur-2026-11-30.csv"; filename*=UTF-8''opf%C3%B8lgninger-diyarbak%C4%B1r-sur-2026-11-30.csv`,
    );
  });

  it('heads columns with labels: placeholders filled, the signer as "Signed by", a partnership in the singular', async () => {
    const headers = async (url: string) => (parse((await admin.get(url)).rawPayload, { bom: true, delimiter: ';' }) as string[][])[0]!;
    expect(await headers('/exports/costs.csv')).toContain('Beløb (DKK)');
    const review = await headers('/exports/reviews.csv');
    expect(review).toContain('Godkendt af');
    expect(review).not.toContain('Evalueringen er godkendt.');
    expect((await headers('/exports/partnerships.csv'))[0]).toBe('Partnerskab');
  });

  it('has labels in every language for every column of every list: no keys, no placeholders, no sentences', () => {
    const context = { userId, now: t.clock.now(), today: '2026-11-24' };
    for (const locale of LOCALES) {
      const i18n = createI18n(locale, 'Europe/Copenhagen', 'DKK');
      for (const [name, source] of Object.entries(EXPORT_SOURCES)) {
        const headers = source(t.db, {}, i18n, context).columns.map((c) => c.header);
        for (const h of headers) {
          expect(h, `${locale} ${name}`).not.toMatch(/[{}]|\.$|^[a-z]+(\.[a-zA-Z-]+)+$/);
        }
        expect(new Set(headers).size, `${locale} ${name}: ${headers.join(' | ')}`).toBe(headers.length);
      }
    }
  });
});
