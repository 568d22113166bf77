// Pure helpers shared by the CSV, XLSX and vCard writers: formula neutralising, the delimiter
// choice, file names and how a typed cell reads in a CSV for the user's locale.
import { DateTime } from 'luxon';
import type { I18n, Locale } from '../i18n/index.js';
import type { ExportColumn, ExportRow } from './types.js';

export const FORMATS = ['csv', 'xlsx', 'vcf'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * A spreadsheet treats text starting with = + - @ (and tab or CR, which some strip first) as a
 * formula. Prefixing a single quote makes it plain text (OWASP "CSV injection"). Only for text
 * cells: real numbers are written as numbers and never pass through here.
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export const DELIMITERS = { comma: ',', semicolon: ';', tab: '\t' } as const;
export type DelimiterName = keyof typeof DELIMITERS;

/** Nordic Excel expects ';' (the comma is their decimal separator); English Excel expects ','. */
export function defaultDelimiter(locale: Locale): DelimiterName {
  return locale === 'en' ? 'comma' : 'semicolon';
}

/** ?delimiter= accepts a name (comma, semicolon, tab) or the character itself. */
export function parseDelimiter(value: unknown, locale: Locale): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v === 'string') {
    if (v in DELIMITERS) return DELIMITERS[v as DelimiterName];
    if (v === ',' || v === ';' || v === '\t') return v;
  }
  return DELIMITERS[defaultDelimiter(locale)];
}

/** partners-2026-11-24.csv: the list and the user's local date. */
export function exportFileName(name: string, now: Date, timeZone: string, format: string): string {
  const day = DateTime.fromJSDate(now, { zone: timeZone }).toISODate() ?? now.toISOString().slice(0, 10);
  return `${name}-${day}.${format}`;
}

/** Content-Disposition with a plain ASCII fallback and the RFC 5987 UTF-8 form. */
export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const digitsByCurrency = new Map<string, number>();

/** Minor units per major unit for a currency (2 for DKK, 0 for ISK). */
export function currencyDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

export function rowCurrency(column: ExportColumn, row: ExportRow, fallback: string): string {
  const c = column.currencyKey ? row[column.currencyKey] : null;
  return typeof c === 'string' && /^[A-Z]{3}$/.test(c) ? c : fallback;
}

/**
 * Formats cells as the CSV shows them: dates, instants, numbers and money in the user's locale.
 * Intl formatters are costly to build, so one formatter per currency is kept for the export.
 */
export function csvCellFormatter(i18n: I18n): (column: ExportColumn, row: ExportRow) => string {
  const numberFormat = new Intl.NumberFormat(i18n.intlLocale, { maximumFractionDigits: 6 });
  const money = new Map<string, { digits: number; format: Intl.NumberFormat }>();
  const moneyFormat = (currency: string) => {
    let m = money.get(currency);
    if (!m) {
      const digits = currencyDigits(currency);
      m = { digits, format: new Intl.NumberFormat(i18n.intlLocale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }) };
      money.set(currency, m);
    }
    return m;
  };
  const dateFormat = new Intl.DateTimeFormat(i18n.intlLocale, { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
  const dateTimeFormat = new Intl.DateTimeFormat(i18n.intlLocale, { timeZone: i18n.timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return (column, row) => {
    const value = row[column.key];
    if (value === null || value === undefined || value === '') return '';
    switch (column.type) {
      case 'date':
      case 'instant': {
        const s = String(value);
        const ms = column.type === 'date' ? (/^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : NaN) : Date.parse(s);
        if (Number.isNaN(ms)) return neutralise(s);
        return (column.type === 'date' ? dateFormat : dateTimeFormat).format(ms);
      }
      case 'number':
        return typeof value === 'number' ? numberFormat.format(value) : neutralise(String(value));
      case 'money': {
        if (typeof value !== 'number') return neutralise(String(value));
        const m = moneyFormat(rowCurrency(column, row, i18n.currency));
        return m.format.format(value / 10 ** m.digits);
      }
      default:
        return neutralise(String(value));
    }
  };
}

/** The Excel date format for the locale's habit. */
export function xlsxDateFormat(locale: Locale): string {
  return locale === 'sv' ? 'yyyy-mm-dd' : locale === 'en' ? 'dd/mm/yyyy' : 'dd.mm.yyyy';
}
