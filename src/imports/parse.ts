// Turns an uploaded file into rows of strings without holding the event loop: recognises XLSX by
// its zip signature and checks the zip's central directory (and what each entry really inflates
// to) before any spreadsheet code reads it; decodes text as UTF-8 (with or without BOM) or, when
// the bytes are not valid UTF-8, as Windows-1252 with a real codec (iconv-lite: Node's TextDecoder
// reads 0x80-0x9F as Latin-1 control characters); decodes and reads CSV in small pieces with a
// turn of the event loop between them; stops at the row and column limits with a clear message.
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import type ExcelJS from 'exceljs';

export type FileFormat = 'csv' | 'xlsx';
export type Encoding = 'utf-8' | 'windows-1252' | 'utf-16le';

/** Rows a file may hold (besides its header row). */
export const MAX_ROWS = 50_000;
/** Columns a file may hold. */
export const MAX_COLUMNS = 100;
/** What the parts of an .xlsx may unpack to, together. */
export const MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024;
/** An entry that unpacks to more than this many times its packed size is a zip bomb, not a spreadsheet. */
export const MAX_COMPRESSION_RATIO = 100;
const MAX_ZIP_ENTRIES = 2_000;
/** Rows read from a spreadsheet between two turns of the event loop. */
const ROWS_PER_TURN = 500;
/** Bytes of CSV decoded and parsed between two turns of the event loop (about a hundred short rows). */
const CSV_PIECE_BYTES = 1024;

export interface ParsedFile {
  format: FileFormat;
  encoding: Encoding | null;
  delimiter: string | null;
  /** The first non-empty row. */
  headers: string[];
  rows: string[][];
  /** Each row's number as the spreadsheet shows it (blank rows counted, a cell with line breaks is one row). */
  rowNumbers: number[];
}

export type ImportFileErrorKey =
  | 'imports.error.notSupported'
  | 'imports.error.empty'
  | 'imports.error.headerOnly'
  | 'imports.error.unreadable'
  | 'imports.error.tooManyRows'
  | 'imports.error.tooManyColumns'
  | 'imports.error.unpacksTooLarge';

export class ImportFileError extends Error {
  constructor(
    readonly key: ImportFileErrorKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

/** A turn of the event loop: other requests (health checks included) are answered meanwhile. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export function sniffFormat(bytes: Buffer): FileFormat | null {
  if (bytes.subarray(0, 4).equals(ZIP)) return 'xlsx';
  // Old binary Excel (.xls, OLE2), PDFs, images... are not CSV.
  const head = bytes.subarray(0, 8192);
  if (head[0] === 0xff && head[1] === 0xfe) return 'csv'; // UTF-16 LE text from Excel's "Unicode text"
  if (head.includes(0)) return null;
  return 'csv';
}

/**
 * UTF-16 LE by its BOM; UTF-8 with or without BOM when the bytes are valid UTF-8; else
 * Windows-1252 (Excel's "CSV" on Western Windows). Its five undefined bytes (0x81, 0x8D, 0x8F,
 * 0x90, 0x9D) become U+FFFD, which the preview reports on the row instead of importing it.
 */
export function detectEncoding(bytes: Buffer): { encoding: Encoding; bodyStart: number } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bodyStart: 2 };
  const bodyStart = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return { encoding: isUtf8(bytes.subarray(bodyStart)) ? 'utf-8' : 'windows-1252', bodyStart };
}

/** A decoder fed the bytes in pieces: a character split between two pieces comes out whole. */
async function streamingDecoder(encoding: Encoding): Promise<(piece: Buffer, last: boolean) => string> {
  if (encoding === 'windows-1252') {
    // iconv-lite (~0.5 MB of code tables) loads with the first such file, not at start-up.
    const { default: iconv } = await import('iconv-lite');
    const decoder = iconv.getDecoder('windows-1252');
    return (piece, last) => decoder.write(piece) + (last ? (decoder.end() ?? '') : '');
  }
  const decoder = new TextDecoder(encoding);
  return (piece, last) => decoder.decode(piece, { stream: !last });
}

export async function decodeText(bytes: Buffer): Promise<{ text: string; encoding: Encoding }> {
  const { encoding, bodyStart } = detectEncoding(bytes);
  return { text: (await streamingDecoder(encoding))(bytes.subarray(bodyStart), true), encoding };
}

/** The delimiter that splits the first lines most consistently (outside quotes). */
export function detectDelimiter(text: string): string {
  const lines = text
    .slice(0, 64 * 1024)
    .split(/\r\n|\n|\r/)
    .filter((l) => l.trim() !== '')
    .slice(0, 10);
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

/**
 * Collects rows: blank rows dropped, cells trimmed, the first non-empty row kept as the header;
 * refuses more than MAX_ROWS rows or MAX_COLUMNS columns as soon as it sees them.
 */
class RowCollector {
  headers: string[] | null = null;
  rows: string[][] = [];
  rowNumbers: number[] = [];
  private seen = 0;

  /** A row of the sheet; `rowNumber` when the reader knows it, else the count of rows so far. */
  add(raw: string[], rowNumber = this.seen + 1): void {
    this.seen = rowNumber;
    const row = raw.map((c) => c.trim());
    if (!row.some((c) => c !== '')) return;
    while (row.length > 0 && row[row.length - 1] === '') row.pop();
    if (row.length > MAX_COLUMNS) throw new ImportFileError('imports.error.tooManyColumns', { max: MAX_COLUMNS });
    if (this.headers === null) {
      this.headers = row;
      return;
    }
    if (this.rows.length >= MAX_ROWS) throw new ImportFileError('imports.error.tooManyRows', { max: MAX_ROWS });
    this.rows.push(row);
    this.rowNumbers.push(rowNumber);
  }

  finish(format: FileFormat, encoding: Encoding | null, delimiter: string | null): ParsedFile {
    if (this.headers === null) throw new ImportFileError('imports.error.empty');
    if (this.rows.length === 0) throw new ImportFileError('imports.error.headerOnly');
    // A row longer than the header gets named columns too, so no cell is silently dropped.
    let width = this.headers.length;
    for (const r of this.rows) if (r.length > width) width = r.length;
    const headers = Array.from({ length: width }, (_, i) => this.headers![i] ?? '');
    return { format, encoding, delimiter, headers, rows: this.rows, rowNumbers: this.rowNumbers };
  }
}

export async function parseCsv(bytes: Buffer): Promise<ParsedFile> {
  const { encoding, bodyStart } = detectEncoding(bytes);
  const delimiter = detectDelimiter((await streamingDecoder(encoding))(bytes.subarray(bodyStart, bodyStart + 64 * 1024), true));
  const decode = await streamingDecoder(encoding);
  const collector = new RowCollector();
  // The bytes are decoded and parsed a small piece at a time; the rows each piece completes are
  // taken at once, and the event loop gets a turn before the next piece.
  // Blank lines come through (as one empty cell) so rows are numbered as a spreadsheet shows them.
  const { parse: parseCsvStream } = await import('csv-parse');
  const parser = parseCsvStream({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true });
  let failure: unknown = null;
  parser.on('error', (error) => {
    failure = error;
  });
  const take = () => {
    for (let record = parser.read() as string[] | null; record !== null; record = parser.read() as string[] | null) collector.add(record);
  };
  try {
    for (let at = bodyStart; at < bytes.length; at += CSV_PIECE_BYTES) {
      const text = decode(bytes.subarray(at, at + CSV_PIECE_BYTES), at + CSV_PIECE_BYTES >= bytes.length);
      if (text) parser.write(text);
      take();
      if (failure) throw failure;
      await yieldToEventLoop();
    }
    // The last row (a file need not end with a line break) comes out when the parser finishes.
    await new Promise((resolve) => {
      parser.once('finish', resolve);
      parser.once('error', resolve);
      parser.end();
    });
    take();
    if (failure) throw failure;
  } catch (error) {
    parser.destroy();
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError('imports.error.unreadable');
  }
  return collector.finish('csv', encoding, delimiter);
}

// ---------------------------------------------------------------- xlsx

interface ZipEntry {
  name: string;
  method: number;
  packed: number;
  unpacked: number;
  localOffset: number;
}

/**
 * The entries of a zip from its central directory, without inflating anything. Refuses what a
 * spreadsheet never is: zip64, too many entries, too much unpacked, a suspicious ratio.
 */
export function zipEntries(bytes: Buffer): ZipEntry[] {
  const EOCD = 0x06054b50;
  let end = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 0xffff); p--) {
    if (bytes.readUInt32LE(p) === EOCD) {
      end = p;
      break;
    }
  }
  if (end < 0) throw new ImportFileError('imports.error.notSupported');
  const count = bytes.readUInt16LE(end + 10);
  const offset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff)
    throw new ImportFileError('imports.error.unpacksTooLarge', { max: MAX_XLSX_UNPACKED_BYTES / 1024 / 1024 });
  if (count > MAX_ZIP_ENTRIES) throw new ImportFileError('imports.error.notSupported');
  const entries: ZipEntry[] = [];
  let total = 0;
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) throw new ImportFileError('imports.error.notSupported');
    const method = bytes.readUInt16LE(p + 10);
    const packed = bytes.readUInt32LE(p + 20);
    const unpacked = bytes.readUInt32LE(p + 24);
    const nameLength = bytes.readUInt16LE(p + 28);
    const name = bytes.toString('utf8', p + 46, p + 46 + nameLength);
    const localOffset = bytes.readUInt32LE(p + 42);
    if (packed === 0xffffffff || unpacked === 0xffffffff)
      throw new ImportFileError('imports.error.unpacksTooLarge', { max: MAX_XLSX_UNPACKED_BYTES / 1024 / 1024 });
    total += unpacked;
    const ratio = unpacked / Math.max(packed, 1);
    if (total > MAX_XLSX_UNPACKED_BYTES || (unpacked > 1024 * 1024 && ratio > MAX_COMPRESSION_RATIO)) {
      throw new ImportFileError('imports.error.unpacksTooLarge', { max: MAX_XLSX_UNPACKED_BYTES / 1024 / 1024 });
    }
    entries.push({ name, method, packed, unpacked, localOffset });
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return entries;
}

const inflateRawAsync = promisify(inflateRaw) as (buf: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;

/**
 * A directory can lie. Inflates each entry (off the main thread, in zlib's pool) with its output
 * capped at the size the directory claims: an entry that unpacks to more is refused before
 * exceljs ever sees the file.
 */
export async function verifyZipEntries(bytes: Buffer, entries: ZipEntry[]): Promise<void> {
  for (const e of entries) {
    const p = e.localOffset;
    if (p + 30 > bytes.length || bytes.readUInt32LE(p) !== 0x04034b50) throw new ImportFileError('imports.error.notSupported');
    const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
    const data = bytes.subarray(start, start + e.packed);
    if (e.method === 0) {
      if (data.length !== e.unpacked) throw new ImportFileError('imports.error.notSupported');
      continue;
    }
    if (e.method !== 8) throw new ImportFileError('imports.error.notSupported');
    try {
      const out = await inflateRawAsync(data, { maxOutputLength: Math.max(e.unpacked, 1) });
      if (out.length !== e.unpacked) throw new ImportFileError('imports.error.notSupported');
    } catch (error) {
      if (error instanceof ImportFileError) throw error;
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
        throw new ImportFileError('imports.error.unpacksTooLarge', { max: MAX_XLSX_UNPACKED_BYTES / 1024 / 1024 });
      }
      throw new ImportFileError('imports.error.notSupported');
    }
  }
}

function cellText(value: ExcelJS.CellValue | undefined): string {
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

interface StreamRow {
  values: ExcelJS.CellValue[];
}
type StreamReader = AsyncIterable<AsyncIterable<StreamRow>>;

export async function parseXlsx(bytes: Buffer): Promise<ParsedFile> {
  const entries = zipEntries(bytes);
  if (!entries.some((e) => e.name.startsWith('xl/worksheets/'))) throw new ImportFileError('imports.error.notSupported');
  await verifyZipEntries(bytes, entries);
  const collector = new RowCollector();
  // Loaded on first use (exceljs adds seconds and ~30 MB to start-up). The streaming reader reads
  // row by row, so the row limit stops it early.
  const { default: excel } = await import('exceljs');
  const Reader = (excel as unknown as { stream: { xlsx: { WorkbookReader: new (input: Readable, options: object) => StreamReader } } })
    .stream.xlsx.WorkbookReader;
  try {
    const reader = new Reader(Readable.from([bytes]), {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      worksheets: 'emit',
      entries: 'emit',
    });
    let n = 0;
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = Array.isArray(row.values) ? row.values : [];
        if (values.length - 1 > MAX_COLUMNS) throw new ImportFileError('imports.error.tooManyColumns', { max: MAX_COLUMNS });
        collector.add(
          Array.from({ length: Math.max(values.length - 1, 0) }, (_, i) => cellText(values[i + 1])),
          (row as { number?: number }).number,
        );
        if (++n % ROWS_PER_TURN === 0) await yieldToEventLoop();
      }
      break; // the first sheet only
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError('imports.error.notSupported');
  }
  return collector.finish('xlsx', null, null);
}

export async function parseUpload(bytes: Buffer): Promise<ParsedFile> {
  if (bytes.length === 0) throw new ImportFileError('imports.error.empty');
  const format = sniffFormat(bytes);
  if (format === null) throw new ImportFileError('imports.error.notSupported');
  return format === 'xlsx' ? parseXlsx(bytes) : parseCsv(bytes);
}
