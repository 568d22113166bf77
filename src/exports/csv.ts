// Writes an export list as CSV: UTF-8 with a BOM (so Excel reads æøå right), RFC 4180 quoting
// by csv-stringify, the chosen delimiter, and cells formatted for the user's locale. Rows are
// pulled from the list's iterator as the client reads: memory stays flat.
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { I18n } from '../i18n/index.js';
import type { ExportList } from './types.js';
import { csvCellFormatter, neutralise } from './format.js';

export function csvStream(list: ExportList, i18n: I18n, delimiter: string): Readable {
  const columns = list.columns;
  const cell = csvCellFormatter(i18n);
  function* records(): Generator<string[]> {
    yield columns.map((c) => neutralise(c.header));
    for (const row of list.rows()) yield columns.map((c) => cell(c, row));
  }
  const stringifier = stringify({ bom: true, delimiter, record_delimiter: 'windows', quoted_match: /^\s|\s$/ });
  const source = Readable.from(records(), { objectMode: true, highWaterMark: 64 });
  source.on('error', (e) => stringifier.destroy(e));
  stringifier.on('close', () => source.destroy());
  return source.pipe(stringifier);
}
