// Reading text files as they come from real spreadsheets: Windows-1252 from older Excel (every
// byte 0x80-0x9F), UTF-8 with and without BOM, cells with line breaks, half-finished sheets.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { decodeText, parseUpload } from '../../src/imports/parse.js';
import { buildPreview, guessMapping } from '../../src/imports/domain.js';
import { validate } from './helpers.js';

/** Windows-1252's 0x80-0x9F, as the code page defines them; null where it defines nothing. */
const CP1252_HIGH: [number, string | null][] = [
  [0x80, '€'],
  [0x81, null],
  [0x82, '‚'],
  [0x83, 'ƒ'],
  [0x84, '„'],
  [0x85, '…'],
  [0x86, '†'],
  [0x87, '‡'],
  [0x88, 'ˆ'],
  [0x89, '‰'],
  [0x8a, 'Š'],
  [0x8b, '‹'],
  [0x8c, 'Œ'],
  [0x8d, null],
  [0x8e, 'Ž'],
  [0x8f, null],
  [0x90, null],
  [0x91, '‘'],
  [0x92, '’'],
  [0x93, '“'],
  [0x94, '”'],
  [0x95, '•'],
  [0x96, '–'],
  [0x97, '—'],
  [0x98, '˜'],
  [0x99, '™'],
  [0x9a, 'š'],
  [0x9b, '›'],
  [0x9c, 'œ'],
  [0x9d, null],
  [0x9e, 'ž'],
  [0x9f, 'Ÿ'],
];

const hex = (b: number) => `0x${b.toString(16).toUpperCase()}`;

describe('Windows-1252', () => {
  it.each(CP1252_HIGH.filter(([, ch]) => ch !== null).map(([b, ch]) => [hex(b), b, ch!] as const))(
    'reads byte %s as %s',
    async (_, byte, ch) => {
      // "Navn\nA<byte>B" is not valid UTF-8, so it is read as Windows-1252.
      const { text, encoding } = await decodeText(Buffer.from([0x4e, 0x61, 0x76, 0x6e, 0x0a, 0x41, byte, 0x42]));
      expect(encoding).toBe('windows-1252');
      expect(text).toBe(`Navn\nA${ch}B`);
    },
  );

  it('reads the five undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) as U+FFFD, and the preview leaves such a row out with its reason', async () => {
    for (const [byte] of CP1252_HIGH.filter(([, ch]) => ch === null)) {
      expect((await decodeText(Buffer.from([0x41, byte, 0x42, 0xe6]))).text).toBe('A\uFFFDBæ');
    }
    const file = await parseUpload(
      Buffer.concat([Buffer.from('Navn;Land\r\nBrno;CZ\r\nOdd'), Buffer.from([0x81]), Buffer.from('name;CZ\r\n')]),
    );
    expect(file.encoding).toBe('windows-1252');
    const preview = buildPreview(
      'partners',
      file.rows,
      guessMapping('partners', file.headers),
      { partners: [], contacts: [], logEntries: [] },
      validate,
    );
    expect(preview.map((r) => [r.status, r.included])).toEqual([
      ['new', true],
      ['error', false],
    ]);
    expect(preview[1]!.errors.name).toBe('imports.error.undecodable');
  });

  it('reads a file with every byte 0x80-0x9F in one description cell, each where it was', async () => {
    const bytes = CP1252_HIGH.filter(([, ch]) => ch !== null).map(([b]) => b);
    const file = await parseUpload(
      Buffer.concat([
        Buffer.from('Navn;Land;Beskrivelse\r\nKøbenhavn;DK;'.split('').map((c) => iconv.encode(c, 'windows-1252')[0]!)),
        Buffer.from(bytes),
        Buffer.from('\r\n'),
      ]),
    );
    expect(file.encoding).toBe('windows-1252');
    expect(file.rows).toEqual([
      [
        'København',
        'DK',
        CP1252_HIGH.filter(([, ch]) => ch !== null)
          .map(([, ch]) => ch)
          .join(''),
      ],
    ]);
    // Nothing in the C1 control range survives: that is what TextDecoder('windows-1252') would have produced.
    expect(file.rows[0]!.join('')).not.toMatch(/[\u0080-\u009f]/);
  });

  it('reads a real-world export: en dash, curly quotes, euro and æøå', async () => {
    const text = 'Navn;Land;By;Beskrivelse\r\nÆrø Kommune;Danmark;Ærøskøbing;Færge – 2 × dagligt, “Ø-samarbejde”, 1.200 €\r\n';
    const file = await parseUpload(iconv.encode(text, 'windows-1252'));
    expect(file.rows[0]).toEqual(['Ærø Kommune', 'Danmark', 'Ærøskøbing', 'Færge – 2 × dagligt, “Ø-samarbejde”, 1.200 €']);
  });
});

describe('UTF-8', () => {
  it('reads UTF-8 with a BOM, without a BOM, and an en dash that would be invalid in 1252 terms', async () => {
    const text = 'Navn;Beskrivelse\nİzmir;Ege – Türkiye\n';
    for (const bytes of [Buffer.from(text), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])]) {
      const file = await parseUpload(bytes);
      expect(file).toMatchObject({ encoding: 'utf-8', headers: ['Navn', 'Beskrivelse'], rows: [['İzmir', 'Ege – Türkiye']] });
    }
  });
});

describe('what spreadsheets really hold', () => {
  it('keeps a cell with a line break (Alt+Enter in Excel) in one cell of one row', async () => {
    const file = await parseUpload(Buffer.from('Navn;Land;Beskrivelse\r\nKaunas;LT;"Første linje\nanden linje"\r\nTampere;FI;\r\n'));
    expect(file.rows).toEqual([
      ['Kaunas', 'LT', 'Første linje\nanden linje'],
      ['Tampere', 'FI'],
    ]);
    // Numbered as the spreadsheet shows them: the cell with a line break is one row.
    expect(file.rowNumbers).toEqual([2, 3]);
  });

  it('numbers rows as the spreadsheet does when blank rows are left in, so a reason points at the right row', async () => {
    const file = await parseUpload(Buffer.from('Navn;Land\r\n\r\nBrno;CZ\r\n;;\r\n\r\nAtlantis;Narnia\r\n'));
    expect(file.rows).toEqual([
      ['Brno', 'CZ'],
      ['Atlantis', 'Narnia'],
    ]);
    expect(file.rowNumbers).toEqual([3, 6]);
    const preview = buildPreview(
      'partners',
      file.rows,
      ['name', 'country'],
      { partners: [], contacts: [], logEntries: [] },
      validate,
      undefined,
      file.rowNumbers,
    );
    expect(preview.map((r) => [r.line, r.status])).toEqual([
      [3, 'new'],
      [6, 'error'],
    ]);
  });

  it('reads a half-finished XLSX: blank rows skipped, short rows and a column without a header kept', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Ark1');
    ws.addRow(['Navn', 'Land', 'By']);
    ws.addRow(['Kópavogur', 'Island', 'Höfuðborgarsvæðið']);
    ws.addRow([]);
    ws.addRow(['Upernavik']); // missing its country and city
    ws.addRow([null, null, null]);
    ws.addRow(['Trondheim', 'Norge', 'Trøndelag', 'note without a header']);
    ws.addRow(['Schwerin', 'Tyskland', 'Mecklenburg-\nVorpommern']);
    const file = await parseUpload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(file.headers).toEqual(['Navn', 'Land', 'By', '']);
    expect(file.rowNumbers).toEqual([2, 4, 6, 7]);
    expect(file.rows).toEqual([
      ['Kópavogur', 'Island', 'Höfuðborgarsvæðið'],
      ['Upernavik'],
      ['Trondheim', 'Norge', 'Trøndelag', 'note without a header'],
      ['Schwerin', 'Tyskland', 'Mecklenburg-\nVorpommern'],
    ]);
    // The column without a header is not mapped, so the page lists it as ignored; it is never silently dropped.
    expect(guessMapping('partners', file.headers)).toEqual(['name', 'country', 'cityRegion', null]);
  });
});
