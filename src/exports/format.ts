// Pure helpers shared by the CSV, XLSX and vCard writers: formula neutralising (CSV only), the
// delimiter choice, file names and how a typed cell reads in a CSV.
import { DateTime } from 'luxon';
import { plainDateUtc } from '../lib/dates.js';
import type { I18n, Locale } from '../i18n/index.js';
import type { ExportColumn, ExportRow } from './types.js';
import { foldText } from '../search/fold.js';

export const FORMATS = ['csv', 'xlsx', 'vcf'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * A spreadsheet opening a CSV treats text starting with = + - @ (and tab or CR, which some strip
 * first) as a formula. Prefixing a single quote makes it plain text (OWASP "CSV injection").
 * Only for CSV text cells: XLSX string cells are never evaluated, so there a phone number
 * "+45 …" stays as typed; real numbers are written as numbers and never pass through here.
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

/**
 * ?delimiter= takes a name (comma, semicolon, tab) or the character itself; absent or empty
 * means the locale's default. Anything else is null (the route answers 400). An own-property
 * check, not `in`: `__proto__` or `constructor` must not reach the CSV writer as a delimiter.
 */
export function parseDelimiter(value: unknown, locale: Locale): string | null {
  if (value === undefined || value === '') return DELIMITERS[defaultDelimiter(locale)];
  if (typeof value !== 'string') return null;
  if (Object.hasOwn(DELIMITERS, value)) return DELIMITERS[value as DelimiterName];
  return value === ',' || value === ';' || value === '\t' ? value : null;
}

/** partners-2026-11-24.csv: the list and the user's local date. */
export function exportFileName(name: string, now: Date, timeZone: string, format: string): string {
  return `${name}-${localDay(now, timeZone)}.${format}`;
}

function localDay(now: Date, timeZone: string): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate() ?? now.toISOString().slice(0, 10);
}

/** Lower case, words joined by '-', letters of any script kept: "Opfølgninger" -> "opfølgninger". */
function slug(text: string): string {
  return text
    .normalize('NFC')
    .replace(/İ/g, 'i')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** The same slug in plain ASCII: Nordic letters spelled out (ø -> oe), other marks dropped. */
function asciiSlug(text: string): string {
  return foldText(slug(text).replace(/ı/g, 'i'))
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * A list export's file name in the user's language, with the organisation and the local date:
 * `partnere-odense-kommune-2026-11-30.csv`. `name` is the real one (any letters), for
 * filename*; `ascii` the fallback for the plain filename parameter.
 */
export function listFileName(
  listLabel: string,
  orgName: string,
  now: Date,
  timeZone: string,
  format: string,
): { name: string; ascii: string } {
  const day = localDay(now, timeZone);
  const parts = (f: (s: string) => string) => [f(listLabel), f(orgName), day].filter(Boolean).join('-');
  return { name: `${parts(slug)}.${format}`, ascii: `${parts(asciiSlug)}.${format}` };
}

/** Content-Disposition with a plain ASCII fallback and the RFC 5987 UTF-8 form. */
export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment', asciiName?: string): string {
  const ascii = (asciiName ?? fileName).replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
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

/** 'HH:MM' (or 'HH:MM:SS') as minutes past midnight, or null. */
export function minutesOfDay(value: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?$/.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/**
 * Formats cells as the CSV shows them. Dates are ISO 8601 in every export and every language
 * (2026-11-27; instants as 2026-11-27 14:30 in the user's time zone, times as 14:30): every
 * spreadsheet reads them as dates and no reader can take 3.4 for the 4th of March. Numbers and
 * money follow the user's locale, matching the locale's default delimiter. Intl formatters are
 * costly to build, so one per currency is kept for the export.
 */
export function csvCellFormatter(i18n: I18n): (column: ExportColumn, row: ExportRow) => string {
  const numberFormat = new Intl.NumberFormat(i18n.intlLocale, { maximumFractionDigits: 6 });
  const money = new Map<string, { digits: number; format: Intl.NumberFormat }>();
  const moneyFormat = (currency: string) => {
    let m = money.get(currency);
    if (!m) {
      const digits = currencyDigits(currency);
      m = {
        digits,
        format: new Intl.NumberFormat(i18n.intlLocale, {
          style: 'currency',
          currency,
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        }),
      };
      money.set(currency, m);
    }
    return m;
  };
  return (column, row) => {
    const value = row[column.key];
    if (value === null || value === undefined || value === '') return '';
    switch (column.type) {
      case 'date': {
        const s = String(value);
        return plainDateUtc(s) ? s : neutralise(s);
      }
      case 'instant': {
        const d = DateTime.fromISO(String(value), { zone: 'utc' });
        return d.isValid ? d.setZone(i18n.timeZone).toFormat('yyyy-MM-dd HH:mm') : neutralise(String(value));
      }
      case 'time': {
        const minutes = minutesOfDay(String(value));
        return minutes === null ? neutralise(String(value)) : String(value).slice(0, 5);
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
