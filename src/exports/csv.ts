// Writes an export list as CSV: UTF-8 with a BOM (so Excel reads æøå right), CRLF records, the
// chosen delimiter, and cells formatted by csvCellFormatter. Rows go out a chunk at a time
// through the shared export loop: memory stays flat and the event loop stays free.
import type { Readable } from 'node:stream';
import { stringify, type Options } from 'csv-stringify/sync';
import type { I18n } from '../i18n/index.js';
import type { ExportList } from './types.js';
import { csvCellFormatter, neutralise } from './format.js';
import { exportStream, forEachChunk } from './stream.js';

/**
 * csv-stringify quotes a field holding the delimiter, a quote or the record delimiter (\r\n),
 * but not a bare LF or CR: a description typed with Alt+Enter in Excel (a lone \n) would go out
 * unquoted and split the row. Quote every field with CR or LF, and with leading or trailing
 * space (which readers trim).
 */
const CSV_QUOTED_MATCH = [/[\r\n]/, /^\s|\s$/];

export function csvOptions(delimiter: string): Options {
  return { delimiter, record_delimiter: 'windows', quoted_match: CSV_QUOTED_MATCH };
}

export function csvStream(list: ExportList, i18n: I18n, delimiter: string): Readable {
  const columns = list.columns;
  const cell = csvCellFormatter(i18n);
  const options = csvOptions(delimiter);
  return exportStream(async (output) => {
    await output.write(stringify([columns.map((c) => neutralise(c.header))], { ...options, bom: true }));
    await forEachChunk(list.rows(), output, (rows) =>
      output.write(
        stringify(
          rows.map((row) => columns.map((c) => cell(c, row))),
          options,
        ),
      ),
    );
  });
}
