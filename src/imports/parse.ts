// Turns an uploaded file into rows of strings: recognises XLSX by its zip signature, decodes
// text as UTF-8 (with or without BOM) or, when the bytes are not valid UTF-8, as Windows-1252
// (older Excel), detects the delimiter, and reads the cells with csv-parse or exceljs.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export type FileFormat = 'csv' | 'xlsx';
export type Encoding = 'utf-8' | 'windows-1252' | 'utf-16le';

export interface ParsedFile {
  format: FileFormat;
  encoding: Encoding | null;
  delimiter: string | null;
  /** The first non-empty row. */
  headers: string[];
  rows: string[][];
}

export class ImportFileError extends Error {
  constructor(readonly key: 'imports.error.notSupported' | 'imports.error.empty' | 'imports.error.headerOnly' | 'imports.error.unreadable') {
    super(key);
  }
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export function sniffFormat(bytes: Buffer): FileFormat | null {
  if (bytes.subarray(0, 4).equals(ZIP)) return 'xlsx';
  // Old binary Excel (.xls, OLE2), PDFs, images... are not CSV.
  const head = bytes.subarray(0, 8192);
  if (head[0] === 0xff && head[1] === 0xfe) return 'csv'; // UTF-16 LE text from Excel's "Unicode text"
  if (head.includes(0)) return null;
  return 'csv';
}

export function decodeText(bytes: Buffer): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(body), encoding: 'windows-1252' };
  }
}

/** The delimiter that splits the first lines most consistently (outside quotes). */
export function detectDelimiter(text: string): string {
  const lines = text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '').slice(0, 10);
  let best = ',';
  let bestScore = -1;
  for (const d of [';', ',', '\t', '|']) {
    const counts = lines.map((line) => {
      let n = 0;
      let quoted = false;
      for (const ch of line) {
        if (ch === '"') quoted = !quoted;
        else if (ch === d && !quoted) n += 1;
      }
      return n;
    });
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    // Consistent counts across lines win; more columns break ties.
    const consistent = counts.filter((c) => c === first).length;
    const score = consistent * 100 + first;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

function cleanRows(rows: string[][]): string[][] {
  return rows.map((r) => r.map((c) => c.trim())).filter((r) => r.some((c) => c !== ''));
}

function finish(format: FileFormat, encoding: Encoding | null, delimiter: string | null, all: string[][]): ParsedFile {
  const rows = cleanRows(all);
  if (rows.length === 0) throw new ImportFileError('imports.error.empty');
  const [headers, ...data] = rows as [string[], ...string[][]];
  if (data.length === 0) throw new ImportFileError('imports.error.headerOnly');
  return { format, encoding, delimiter, headers, rows: data };
}

export function parseCsv(bytes: Buffer): ParsedFile {
  const { text, encoding } = decodeText(bytes);
  if (text.trim() === '') throw new ImportFileError('imports.error.empty');
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch {
    throw new ImportFileError('imports.error.unreadable');
  }
  return finish('csv', encoding, delimiter, records);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

export async function parseXlsx(bytes: Buffer): Promise<ParsedFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new ImportFileError('imports.error.notSupported');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ImportFileError('imports.error.empty');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= sheet.columnCount; i++) cells.push(cellText(row.getCell(i).value));
    rows.push(cells);
  });
  return finish('xlsx', null, null, rows);
}

export async function parseUpload(bytes: Buffer): Promise<ParsedFile> {
  if (bytes.length === 0) throw new ImportFileError('imports.error.empty');
  const format = sniffFormat(bytes);
  if (format === null) throw new ImportFileError('imports.error.notSupported');
  return format === 'xlsx' ? parseXlsx(bytes) : parseCsv(bytes);
}
