// Writes an export list as XLSX with exceljs's streaming WorkbookWriter: typed cells (dates as
// dates, money as numbers in the currency's format), a frozen, filtered header row and column
// widths. Rows are committed one by one and the writer waits when the client reads slowly.
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import type { I18n } from '../i18n/index.js';
import type { ExportColumn, ExportList, ExportRow } from './types.js';
import { currencyDigits, neutralise, rowCurrency, xlsxDateFormat } from './format.js';

type CellValue = string | number | Date | null;

function moneyFormat(currency: string): string {
  const digits = currencyDigits(currency);
  return `#,##0${digits > 0 ? '.' + '0'.repeat(digits) : ''} "${currency}"`;
}

function cellValue(column: ExportColumn, row: ExportRow, i18n: I18n): { value: CellValue; numFmt?: string } {
  const raw = row[column.key];
  if (raw === null || raw === undefined || raw === '') return { value: null };
  switch (column.type) {
    case 'date': {
      const d = DateTime.fromISO(String(raw), { zone: 'utc' });
      return d.isValid ? { value: d.toJSDate() } : { value: neutralise(String(raw)) };
    }
    case 'instant': {
      // Excel has no time zones: write the wall-clock time the user would read.
      const d = DateTime.fromISO(String(raw), { zone: 'utc' });
      if (!d.isValid) return { value: neutralise(String(raw)) };
      const local = d.setZone(i18n.timeZone);
      return { value: DateTime.fromObject(local.toObject(), { zone: 'utc' }).toJSDate() };
    }
    case 'number':
      return typeof raw === 'number' ? { value: raw } : { value: neutralise(String(raw)) };
    case 'money': {
      if (typeof raw !== 'number') return { value: neutralise(String(raw)) };
      const currency = rowCurrency(column, row, i18n.currency);
      return { value: raw / 10 ** currencyDigits(currency), numFmt: moneyFormat(currency) };
    }
    default:
      return { value: neutralise(String(raw)) };
  }
}

/** Node's writableNeedDrain, also for the readable-stream 2 streams inside archiver. */
function needsDrain(stream: Writable): boolean {
  const state = (stream as unknown as { _writableState?: { needDrain?: boolean } })._writableState;
  return stream.writableNeedDrain ?? state?.needDrain ?? false;
}

export function xlsxStream(list: ExportList, i18n: I18n, sheetName: string): Readable {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const columns = list.columns;
  const dateFmt = xlsxDateFormat(i18n.locale);
  const sheet = workbook.addWorksheet(sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Export', {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
  });
  sheet.columns = columns.map((c) => ({
    key: c.key,
    width: c.width ?? Math.min(60, Math.max(10, c.header.length + 2, c.type === 'instant' ? 18 : 0)),
    style: c.type === 'date' ? { numFmt: dateFmt } : c.type === 'instant' ? { numFmt: `${dateFmt} hh:mm` } : {},
  }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, columns.length) } };

  /** The writable(s) exceljs's StreamBuf for this sheet feeds (an internal of exceljs 4). */
  const sheetPipes = (): Writable[] => (sheet as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes ?? [];

  let aborted = false;
  const closed = new Promise<void>((resolve) => out.once('close', () => { aborted = true; resolve(); }));

  async function write(): Promise<void> {
    const header = sheet.addRow(columns.map((c) => neutralise(c.header)));
    header.font = { bold: true };
    header.commit();
    let n = 0;
    const iterator = list.rows()[Symbol.iterator]();
    try {
      for (let next = iterator.next(); !next.done; next = iterator.next()) {
        if (aborted) return;
        const row = next.value;
        const excelRow = sheet.addRow([]);
        columns.forEach((c, i) => {
          const { value, numFmt } = cellValue(c, row, i18n);
          if (value === null) return;
          const cell = excelRow.getCell(i + 1);
          cell.value = value;
          if (numFmt) cell.numFmt = numFmt;
        });
        excelRow.commit();
        n += 1;
        // Let the zip compress and the socket drain: a slow reader must not pile rows up in memory.
        if (n % 500 === 0) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          // exceljs's sheet stream writes into the zip's compressor without waiting for it:
          // wait here while the compressor or the client is behind.
          for (const target of [...sheetPipes(), out]) {
            while (needsDrain(target) && !aborted) await Promise.race([once(target, 'drain'), closed]);
          }
        }
      }
    } finally {
      iterator.return?.();
    }
    sheet.commit();
    await workbook.commit();
  }
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}
