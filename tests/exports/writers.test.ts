// Every export format read back with a real reader: CSV with csv-parse, XLSX with exceljs,
// vCards unfolded and parsed; formula injection neutralised; the writers stream.
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import { createI18n } from '../../src/i18n/index.js';
import type { ExportList, ExportRow } from '../../src/exports/types.js';
import { csvStream } from '../../src/exports/csv.js';
import { xlsxStream } from '../../src/exports/xlsx.js';
import { vcard, vcardStream, foldLine } from '../../src/exports/vcard.js';
import { contentDisposition, exportFileName, neutralise, parseDelimiter } from '../../src/exports/format.js';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}

const rows: ExportRow[] = [
  {
    name: 'Kópavogur',
    country: 'Iceland',
    since: '2019-03-14',
    fee: 1234550,
    currency: 'DKK',
    count: 3,
    note: 'line one\nline "two"; with, separators',
    at: '2026-11-24T10:30:00Z',
  },
  {
    name: 'Östersund',
    country: 'Sweden',
    since: null,
    fee: null,
    currency: 'SEK',
    count: -2,
    note: '=HYPERLINK("http://evil","x")',
    at: null,
  },
  { name: 'Ærø', country: 'Denmark', since: '2024-12-31', fee: 99, currency: 'EUR', count: 0, note: '+45 1234', at: null },
  { name: '@SUM(A1)', country: '-1+1', since: '2020-01-01', fee: 0, currency: 'DKK', count: 1.5, note: '\tcmd', at: null },
];

function list(data: ExportRow[] = rows): ExportList {
  return {
    name: 'partners',
    personal: false,
    columns: [
      { key: 'name', header: 'Name', type: 'text' },
      { key: 'country', header: 'Country', type: 'text' },
      { key: 'since', header: 'Since', type: 'date' },
      { key: 'fee', header: 'Fee', type: 'money', currencyKey: 'currency' },
      { key: 'count', header: 'Count', type: 'number' },
      { key: 'note', header: 'Note', type: 'text', width: 40 },
      { key: 'at', header: 'Changed', type: 'instant' },
    ],
    rows: () => data,
  };
}

const da = createI18n('da', 'Europe/Copenhagen', 'DKK');
const en = createI18n('en', 'Europe/Copenhagen', 'DKK');

describe('CSV export', () => {
  it('starts with a UTF-8 BOM and reads back with csv-parse, Nordic letters, quotes and newlines intact', async () => {
    const bytes = await collect(csvStream(list(), da, ';'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes, { bom: true, delimiter: ';' }) as string[][];
    expect(records[0]).toEqual(['Name', 'Country', 'Since', 'Fee', 'Count', 'Note', 'Changed']);
    expect(records.map((r) => r[0])).toEqual(['Name', 'Kópavogur', 'Östersund', 'Ærø', "'@SUM(A1)"]);
    expect(records[1]![5]).toBe('line one\nline "two"; with, separators');
    expect(records).toHaveLength(5);
  });

  it('writes dates as ISO 8601 in every language, money in the locale', async () => {
    const records = parse(await collect(csvStream(list(), da, ';')), { bom: true, delimiter: ';' }) as string[][];
    expect(records[1]![2]).toBe('2019-03-14');
    expect(records[1]![3]).toMatch(/^12\.345,50\s?kr\.$/);
    expect(records[3]![3]).toBe('0,99\u00a0€');
    expect(records[1]![6]).toBe('2026-11-24 11:30'); // 10:30 UTC in Copenhagen
    const english = parse(await collect(csvStream(list(), en, ',')), { bom: true }) as string[][];
    expect(english[1]![2]).toBe('2019-03-14');
    expect(english[1]![6]).toBe('2026-11-24 11:30');
    expect(english[1]![3]).toMatch(/^DKK\s12,345\.50$/);
  });

  it('neutralises values a spreadsheet would run as a formula, but not real numbers', async () => {
    const records = parse(await collect(csvStream(list(), en, ',')), { bom: true }) as string[][];
    expect(records[2]![5]).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(records[3]![5]).toBe("'+45 1234");
    expect(records[4]![1]).toBe("'-1+1");
    expect(records[4]![5]).toBe("'\tcmd");
    expect(records[2]![4]).toBe('-2');
  });

  it('uses the delimiter chosen, with the locale default when none is, and refuses others', () => {
    expect(parseDelimiter(undefined, 'da')).toBe(';');
    expect(parseDelimiter(undefined, 'nb')).toBe(';');
    expect(parseDelimiter(undefined, 'sv')).toBe(';');
    expect(parseDelimiter(undefined, 'en')).toBe(',');
    expect(parseDelimiter('tab', 'en')).toBe('\t');
    expect(parseDelimiter('comma', 'da')).toBe(',');
    expect(parseDelimiter('', 'da')).toBe(';');
    expect(parseDelimiter(';', 'en')).toBe(';');
    for (const bad of ['|', '__proto__', 'constructor', 'toString', 'hasOwnProperty', ['comma', 'tab'], { a: 1 }]) {
      expect(parseDelimiter(bad, 'da'), String(bad)).toBeNull();
    }
  });
});

describe('XLSX export', () => {
  async function workbook(data?: ExportRow[]) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await collect(xlsxStream(list(data), da, 'Partnere'))) as unknown as ArrayBuffer);
    return wb.worksheets[0]!;
  }

  it('writes typed cells: dates as dates, money as numbers in the currency format, numbers as numbers', async () => {
    const sheet = await workbook();
    expect(sheet.name).toBe('Partnere');
    expect(sheet.getCell('A2').value).toBe('Kópavogur');
    expect(sheet.getCell('A4').value).toBe('Ærø');
    const since = sheet.getCell('C2');
    expect(since.value).toBeInstanceOf(Date);
    expect((since.value as Date).toISOString()).toBe('2019-03-14T00:00:00.000Z');
    expect(since.numFmt).toBe('dd.mm.yyyy');
    expect(sheet.getCell('D2').value).toBe(12345.5);
    expect(sheet.getCell('D2').numFmt).toBe('#,##0.00 "DKK"');
    expect(sheet.getCell('D3').value).toBeNull();
    expect(sheet.getCell('E3').value).toBe(-2);
    expect(sheet.getCell('E5').value).toBe(1.5);
    expect((sheet.getCell('G2').value as Date).toISOString()).toBe('2026-11-24T11:30:00.000Z');
  });

  it('freezes and filters the header row and sets column widths', async () => {
    const sheet = await workbook();
    expect(sheet.getRow(1).values).toEqual([undefined, 'Name', 'Country', 'Since', 'Fee', 'Count', 'Note', 'Changed']);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getColumn(6).width).toBe(40);
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(10);
  });

  it('writes text as string cells as typed, without the CSV quote: a string cell is never evaluated', async () => {
    const sheet = await workbook();
    expect(sheet.getCell('F3').value).toBe(`=HYPERLINK("http://evil","x")`);
    expect(sheet.getCell('F3').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('F4').value).toBe('+45 1234');
    expect(sheet.getCell('F4').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('A5').value).toBe('@SUM(A1)');
    expect(sheet.getCell('B5').value).toBe('-1+1');
  });
});

describe('vCard export', () => {
  function parseCards(text: string) {
    const unfolded = text.replace(/\r\n[ \t]/g, '');
    return unfolded
      .split('END:VCARD\r\n')
      .filter(Boolean)
      .map((card) => {
        const fields: Record<string, string> = {};
        for (const line of card.split('\r\n').filter(Boolean)) {
          const colon = line.indexOf(':');
          fields[line.slice(0, colon).split(';')[0]!] = line.slice(colon + 1);
        }
        return fields;
      });
  }

  it('writes one file with a card per person, escaped and folded at 75 octets', async () => {
    const people: ExportList = {
      name: 'contacts',
      personal: true,
      columns: [],
      rows: () => [{ id: 1 }, { id: 2 }],
      vcard: (r) =>
        r.id === 1
          ? {
              name: 'Sigríður Ólafsdóttir',
              organisation: 'Kópavogsbær; Mayor, office',
              email: 'sigga@kopavogur.is',
              phone: '+354 441 0000',
              title: 'Advisor',
              note: 'Met in Brussels\nLikes robots. '.repeat(6),
              uid: 'contact-1',
              language: 'is',
              country: 'IS',
              city: 'Kópavogur',
            }
          : { name: 'Åsa Öberg', uid: 'contact-2' },
    };
    const text = (await collect(vcardStream(people))).toString('utf8');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const cards = parseCards(text);
    expect(cards).toHaveLength(2);
    expect(cards[0]).toMatchObject({
      BEGIN: 'VCARD',
      VERSION: '4.0',
      FN: 'Sigríður Ólafsdóttir',
      N: 'Ólafsdóttir;Sigríður;;;',
      ORG: 'Kópavogsbær\\; Mayor\\, office',
      EMAIL: 'sigga@kopavogur.is',
      TEL: 'tel:+3544410000',
      TITLE: 'Advisor',
      LANG: 'is',
      UID: 'contact-1',
    });
    expect(cards[0]!.NOTE).toContain('Met in Brussels\\nLikes robots.');
    expect(cards[1]).toMatchObject({ FN: 'Åsa Öberg', N: 'Öberg;Åsa;;;' });
    expect(cards[1]!.EMAIL).toBeUndefined();
  });

  it('never splits a multi-byte letter when folding', () => {
    const line = 'NOTE:' + 'æøå'.repeat(40);
    const folded = foldLine(line);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(vcard({ name: 'A' })).toBe('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nN:;A;;;\r\nEND:VCARD\r\n');
  });
});

describe('streaming', () => {
  function counting(total: number) {
    let pulled = 0;
    const l = list();
    l.rows = function* () {
      for (let i = 0; i < total; i++) {
        pulled += 1;
        yield {
          name: `Partner ${i}`,
          country: 'Denmark',
          since: '2020-01-01',
          fee: i,
          currency: 'DKK',
          count: i,
          note: 'x'.repeat(50),
          at: null,
        };
      }
    };
    return { l, pulled: () => pulled };
  }

  it('sends the first CSV bytes before the rows are all read', async () => {
    const { l, pulled } = counting(200_000);
    const stream = csvStream(l, en, ',');
    const first = await new Promise<Buffer>((resolve) =>
      stream.once('data', (d: Buffer) => {
        stream.pause();
        resolve(d);
      }),
    );
    expect(first.subarray(0, 3).toString('hex')).toBe('efbbbf');
    expect(pulled()).toBeLessThan(200_000);
    stream.destroy();
  });

  it('sends the first XLSX bytes before the rows are all read', async () => {
    const { l, pulled } = counting(200_000);
    const stream = xlsxStream(l, en, 'Partners');
    const first = await new Promise<Buffer>((resolve) =>
      stream.once('data', (d: Buffer) => {
        stream.pause();
        resolve(d);
      }),
    );
    expect(first.subarray(0, 2).toString()).toBe('PK');
    expect(pulled()).toBeLessThan(200_000);
    stream.destroy();
  });
});

describe('file names', () => {
  it('carry the list and the local date, with an RFC 5987 form', () => {
    expect(exportFileName('partners', new Date('2026-11-24T23:30:00Z'), 'Europe/Copenhagen', 'csv')).toBe('partners-2026-11-25.csv');
    expect(contentDisposition('kontaktlog-ærø.csv')).toBe(
      `attachment; filename="kontaktlog-_r_.csv"; filename*=UTF-8''kontaktlog-%C3%A6r%C3%B8.csv`,
    );
    expect(neutralise('plain')).toBe('plain');
  });
});
