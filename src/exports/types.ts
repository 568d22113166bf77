// The contract between a list and the exporters: each list feature describes its export
// (columns and lazily iterated rows, using the very same filters and sort as its page), and
// src/exports writes it as CSV or XLSX, streaming.
import type { Db } from '../db/client.js';
import type { I18n } from '../i18n/index.js';

/**
 * text: a string. date: 'YYYY-MM-DD'. instant: ISO UTC. number: a number.
 * money: integer minor units (the row's currency is in `currencyKey` or the organisation's).
 */
export type CellType = 'text' | 'date' | 'instant' | 'number' | 'money';

export interface ExportColumn {
  key: string;
  /** Already translated. */
  header: string;
  type: CellType;
  /** Width in characters for XLSX. */
  width?: number;
}

export type ExportRow = Record<string, string | number | null>;

export interface ExportList {
  /** File name stem, e.g. 'partners' -> partners-2026-11-24.csv */
  name: string;
  /** Holds personal data (contacts, log entries): viewers may not export it and it is audited. */
  personal: boolean;
  columns: ExportColumn[];
  /** Every row of the filtered, sorted list (all pages), read lazily (drizzle .iterate()). */
  rows(): Iterable<ExportRow>;
}

/** `query` is the list page's own query string (filters and sort), exactly as the page got it. */
export type ExportSource = (db: Db, query: Record<string, unknown>, i18n: I18n) => ExportList;
