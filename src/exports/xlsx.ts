// Writes an export list as XLSX with exceljs's streaming WorkbookWriter: typed cells (dates and
// times as date cells, money as numbers in the currency's format), a frozen, filtered header
// row and column widths. Rows go through the shared export loop, which waits when the zip
// compressor or the client is behind.
import type { Readable, Writable } from 'node:stream';
import { DateTime } from 'luxon';
import { plainDateUtc } from '../lib/dates.js';
import type { I18n } from '../i18n/index.js';
import type { ExportColumn, ExportList, ExportRow } from './types.js';
import { currencyDigits, minutesOfDay, rowCurrency, xlsxDateFormat } from './format.js';
import { exportStream, forEachChunk } from './stream.js';

type CellValue = string | number | Date | null;

function moneyFormat(currency: string): string {
  const digits = currencyDigits(currency);
  return `#,##0${digits > 0 ? '.' + '0'.repeat(digits) : ''} "${currency}"`;
}

/** A time of day is a fraction of a day in Excel, shown with a time format. */
const XLSX_TIME_FORMAT = 'hh:mm';

// Text cells are written as they are, without the CSV's formula-neutralising quote: an XLSX
// string cell is never evaluated, and "+45 12 34 56 78" must stay a phone number.
function cellValue(column: ExportColumn, row: ExportRow, i18n: I18n): { value: CellValue; numFmt?: string } {
  const raw = row[column.key];
  if (raw === null || raw === undefined || raw === '') return { value: null };
  switch (column.type) {
    case 'date': {
      const plain = plainDateUtc(String(raw));
      if (plain) return { value: plain };
      const d = DateTime.fromISO(String(raw), { zone: 'utc' });
      return d.isValid ? { value: d.toJSDate() } : { value: String(raw) };
    }
    case 'instant': {
      // Excel has no time zones: write the wall-clock time the user would read.
      const d = DateTime.fromISO(String(raw), { zone: 'utc' });
      if (!d.isValid) return { value: String(raw) };
      const local = d.setZone(i18n.timeZone);
      return { value: DateTime.fromObject(local.toObject(), { zone: 'utc' }).toJSDate() };
    }
    case 'time': {
      const minutes = minutesOfDay(String(raw));
      return minutes === null ? { value: String(raw) } : { value: minutes / 1440 };
    }
    case 'number':
      return typeof raw === 'number' ? { value: raw } : { value: String(raw) };
    case 'money': {
      if (typeof raw !== 'number') return { value: String(raw) };
      const currency = rowCurrency(column, row, i18n.currency);
      return { value: raw / 10 ** currencyDigits(currency), numFmt: moneyFormat(currency) };
    }
    default:
      return { value: String(raw) };
  }
}

const COLUMN_FORMATS: Partial<Record<ExportColumn['type'], (dateFmt: string) => string>> = {
  date: (d) => d,
  instant: (d) => `${d} hh:mm`,
  time: () => XLSX_TIME_FORMAT,
};

export function xlsxStream(list: ExportList, i18n: I18n, sheetName: string): Readable {
  const columns = list.columns;
  const dateFmt = xlsxDateFormat(i18n.locale);
  return exportStream(async (output) => {
    // Loaded on first use: exceljs adds seconds and ~30 MB to a start-up that never exports.
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output.out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet(sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Export', {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
    });
    sheet.columns = columns.map((c) => {
      const numFmt = COLUMN_FORMATS[c.type]?.(dateFmt);
      return {
        key: c.key,
        width: c.width ?? Math.min(60, Math.max(10, c.header.length + 2, c.type === 'instant' ? 18 : 0)),
        style: numFmt ? { numFmt } : {},
      };
    });
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, columns.length) } };
    /** The writable(s) exceljs's StreamBuf for this sheet feeds (an internal of exceljs 4). */
    const sheetPipes = (): Writable[] => (sheet as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes ?? [];

    const header = sheet.addRow(columns.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
    await forEachChunk(list.rows(), output, async (rows) => {
      for (const row of rows) {
        const excelRow = sheet.addRow([]);
        columns.forEach((c, i) => {
          const { value, numFmt } = cellValue(c, row, i18n);
          if (value === null) return;
          const cell = excelRow.getCell(i + 1);
          cell.value = value;
          if (numFmt) cell.numFmt = numFmt;
        });
        excelRow.commit();
      }
      // exceljs's sheet stream writes into the zip's compressor without waiting for it: wait
      // here while the compressor or the client is behind, so rows do not pile up in memory.
      for (const target of [...sheetPipes(), output.out]) await output.drained(target);
    });
    if (output.aborted) return;
    sheet.commit();
    await workbook.commit();
  });
}
