// The contract between a list and the exporters: each list feature describes its export
// (columns and lazily iterated rows, using the very same filters and sort as its page), and
// src/exports writes it as CSV or XLSX, streaming.
import type { Db } from '../db/client.js';
import type { I18n } from '../i18n/index.js';

/**
 * text: a string. date: 'YYYY-MM-DD'. instant: ISO UTC. time: 'HH:MM', a wall-clock time of day.
 * number: a number. money: integer minor units (the row's currency is in `currencyKey` or the
 * organisation's).
 */
export type CellType = 'text' | 'date' | 'instant' | 'time' | 'number' | 'money';

export interface ExportColumn {
  key: string;
  /** Already translated. */
  header: string;
  type: CellType;
  /** Width in characters for XLSX. */
  width?: number;
  /** money: the key of the row's currency code; without it, the organisation's currency. */
  currencyKey?: string;
}

export type ExportRow = Record<string, string | number | null>;

export interface ExportList {
  /** File name stem, e.g. 'partners' -> partners-2026-11-24.csv */
  name: string;
  /** Holds personal data (contacts, log entries): viewers may not export it and it is audited. */
  personal: boolean;
  columns: ExportColumn[];
  /**
   * Every row of the filtered, sorted list (all pages), read lazily. The writers pull a chunk
   * of rows at a time and give the event loop a turn between chunks (src/exports/stream.ts).
   */
  rows(): Iterable<ExportRow>;
  /** Lists of people (contacts) can also be written as vCards: a row's card fields. */
  vcard?: (row: ExportRow) => VCardFields;
}

/** What a vCard 4.0 holds for one person; empty strings are left out. */
export interface VCardFields {
  /** Full name as shown. */
  name: string;
  organisation?: string;
  title?: string;
  email?: string;
  phone?: string;
  /** BCP 47 language tag, e.g. 'da'. */
  language?: string;
  note?: string;
  /** ISO 3166 country code of the organisation's address. */
  country?: string;
  city?: string;
  /** Stable id for UID, e.g. 'contact-12'. */
  uid?: string;
}

/** Who asks and when: lists such as "my follow-ups" depend on them. */
export interface ExportContext {
  userId: number;
  now: Date;
  /** The user's local day, YYYY-MM-DD. */
  today: string;
}

/** `query` is the list page's own query string (filters and sort), exactly as the page got it. */
export type ExportSource = (db: Db, query: Record<string, unknown>, i18n: I18n, context: ExportContext) => ExportList;
