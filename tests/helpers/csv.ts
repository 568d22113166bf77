// Reading CSV the way a spreadsheet does, for tests of what users download.
import { expect } from 'vitest';

/**
 * Reads a CSV as Excel does: fields split at the delimiter and records at CRLF, both only
 * outside quotes. Fails on an LF or CR outside quotes that is not part of a CRLF.
 */
export function readLikeExcel(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else if (c === '\r' || c === '\n')
      throw new Error(`bare ${c === '\n' ? 'LF' : 'CR'} outside quotes at ${i}, record ${records.length + 1}`);
    else field += c;
  }
  expect(quoted, 'a quote is left open').toBe(false);
  expect(record.length === 0 && field === '', 'the last record ends with CRLF').toBe(true);
  return records;
}
