// File reading and the import rules as pure functions.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { decodeText, detectDelimiter, parseUpload, ImportFileError } from '../../src/imports/parse.js';
import { buildPreview, guessMapping, parseCountry, parseDate, parsePartnerKind, parseLogType, foldName } from '../../src/imports/domain.js';
import { validate, windows1252 } from './helpers.js';

describe('reading a file', () => {
  it('decodes Windows-1252 when the bytes are not UTF-8, keeping æøåäö', async () => {
    const { text, encoding } = await decodeText(windows1252('Navn;By\nÆrø Kommune;Ærøskøbing\nÖstersund;Östersund'));
    expect(encoding).toBe('windows-1252');
    expect(text).toContain('Ærø Kommune;Ærøskøbing');
    expect(text).toContain('Östersund');
  });

  it('reads UTF-8 with and without a BOM', async () => {
    expect((await decodeText(Buffer.from('\ufeffNavn\nKópavogur'))).text).toBe('Navn\nKópavogur');
    expect(await decodeText(Buffer.from('Navn\nKópavogur'))).toEqual({ text: 'Navn\nKópavogur', encoding: 'utf-8' });
  });

  it('detects the delimiter, ignoring separators inside quotes', () => {
    expect(detectDelimiter('Name;Country\n"Brno, CZ";CZ')).toBe(';');
    expect(detectDelimiter('Name,Country\n"Brno; CZ",CZ')).toBe(',');
    expect(detectDelimiter('Name\tCountry\nBrno\tCZ')).toBe('\t');
  });

  it('refuses what is not CSV or XLSX, empty files and header-only files', async () => {
    const fail = async (b: Buffer) =>
      parseUpload(b).then(
        () => '',
        (e: ImportFileError) => e.key,
      );
    expect(await fail(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]))).toBe('imports.error.notSupported');
    expect(await fail(Buffer.alloc(0))).toBe('imports.error.empty');
    expect(await fail(Buffer.from('\n\n'))).toBe('imports.error.empty');
    expect(await fail(Buffer.from('Name;Country\n'))).toBe('imports.error.headerOnly');
    expect(await fail(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBe('imports.error.notSupported');
  });

  it('reads an XLSX file, dates as ISO dates', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Ark1');
    ws.addRow(['Dato', 'Resumé']);
    ws.addRow([new Date(Date.UTC(2025, 2, 14)), 'Møde i Kópavogur']);
    const file = await parseUpload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(file.format).toBe('xlsx');
    expect(file.headers).toEqual(['Dato', 'Resumé']);
    expect(file.rows).toEqual([['2025-03-14', 'Møde i Kópavogur']]);
  });
});

describe('import rules', () => {
  it('recognises headers in English, Danish, Norwegian and Swedish', () => {
    expect(guessMapping('partners', ['Navn', 'Land', 'By', 'Type', 'Hjemmeside'])).toEqual([
      'name',
      'country',
      'cityRegion',
      'kind',
      'website',
    ]);
    expect(guessMapping('partners', ['Namn', 'Land', 'Stad', 'Typ'])).toEqual(['name', 'country', 'cityRegion', 'kind']);
    expect(guessMapping('contacts', ['Navn', 'E-post', 'Tlf', 'Partner', 'Land'])).toEqual([
      'name',
      'email',
      'phone',
      'partner',
      'partnerCountry',
    ]);
    expect(guessMapping('contacts', ['Name', 'E-mail', 'Organisation'])).toEqual(['name', 'email', 'partner']);
    expect(guessMapping('log_entries', ['Datum', 'Sammanfattning', 'Typ', 'Something else'])).toEqual([
      'occurredOn',
      'summary',
      'type',
      null,
    ]);
  });

  it.each([
    ['SE', 'SE'],
    ['se', 'SE'],
    ['Sverige', 'SE'],
    ['Sweden', 'SE'],
    ['Island', 'IS'],
    ['Iceland', 'IS'],
    ['Danmark', 'DK'],
    ['Tyskland', 'DE'],
    ['Færøerne', 'FO'],
    ['UK', 'GB'],
    ['Narnia', null],
    ['XX', null],
  ])('reads the country %s as %s', (input, code) => {
    expect(parseCountry(input)).toBe(code);
  });

  it.each([
    ['2025-03-14', '2025-03-14'],
    ['14.03.2025', '2025-03-14'],
    ['4.3.2025', '2025-03-04'],
    ['14/03/2025', '2025-03-14'],
    ['14-03-2025', '2025-03-14'],
    ['2025-02-30', null],
    ['31.02.2025', null],
    ['tomorrow', null],
  ])('reads the date %s as %s', (input, date) => {
    expect(parseDate(input)).toBe(date);
  });

  it('reads kinds and contact types in four languages', () => {
    expect(parsePartnerKind('Venskabsby')).toBe('twin_city');
    expect(parsePartnerKind('vänort')).toBe('twin_city');
    expect(parsePartnerKind('Nettverk')).toBe('network');
    expect(parsePartnerKind('twin_city')).toBe('twin_city');
    expect(parseLogType('Møde')).toBe('meeting');
    expect(parseLogType('Möte')).toBe('meeting');
    expect(parseLogType('besøk')).toBe('visit');
    expect(foldName('  ÆRØ  Kommune ')).toBe(foldName('Aeroe kommune'));
  });

  it('marks rows new, update or error, with a reason per cell and duplicates in the file', () => {
    const index = {
      partners: [{ id: 7, name: 'Östersunds kommun', country: 'SE', kind: 'twin_city', cityRegion: '' }],
      contacts: [],
      logEntries: [],
    };
    const rows = [
      ['ostersunds Kommun', 'Sverige', 'Vänort'],
      ['Kópavogur', 'Island', 'Venskabsby'],
      ['Narnia town', 'Narnia', 'Venskabsby'],
      ['Kopavogur', 'IS', 'twin city'],
      ['', 'DK', 'network'],
    ];
    const preview = buildPreview('partners', rows, ['name', 'country', 'kind'], index, validate);
    expect(preview.map((r) => r.status)).toEqual(['update', 'new', 'error', 'error', 'error']);
    expect(preview[0]!.matchId).toBe(7);
    expect(preview[0]!.changes).toEqual([
      { field: 'name', from: 'Östersunds kommun', to: 'ostersunds Kommun', held: true, applied: false },
    ]);
    expect(preview[1]!.values).toMatchObject({ name: 'Kópavogur', country: 'IS', kind: 'twin_city' });
    expect(preview[2]!.errors.country).toBe('imports.error.country|{"value":"Narnia"}');
    expect(preview[3]!.errors._row).toBe('imports.error.duplicate|{"line":3}');
    expect(preview[4]!.errors.name).toBe('validation.required');
  });

  it('matches contacts by email, else by name and partner, and resolves the partner', () => {
    const index = {
      partners: [
        { id: 1, name: 'Brno', country: 'CZ' },
        { id: 2, name: 'Lund', country: 'SE' },
      ],
      contacts: [
        { id: 10, name: 'Jana Nováková', email: 'jana@brno.cz', partnerId: 1 },
        { id: 11, name: 'Per Olsson', email: '', partnerId: 2 },
      ],
      logEntries: [],
    };
    const preview = buildPreview(
      'contacts',
      [
        ['Jana N.', 'JANA@brno.cz', ''],
        ['Per Olsson', '', 'Lund'],
        ['Eva', 'eva@x.org', 'Atlantis'],
        ['Bad', 'not-an-email', 'Brno'],
      ],
      ['name', 'email', 'partner'],
      index,
      validate,
    );
    // Per Olsson's row says nothing new about him: matched, and nothing to write.
    expect(preview.map((r) => [r.status, r.matchId])).toEqual([
      ['update', 10],
      ['unchanged', 11],
      ['error', null],
      ['error', null],
    ]);
    expect(preview[0]!.values.partnerId).toBeUndefined();
    expect(preview[2]!.errors.partner).toContain('imports.error.partnerUnknown');
    // The contact form's own schema says what a valid email is.
    expect(preview[3]!.errors.email).toBe('Enter a valid email address.');
  });
});
