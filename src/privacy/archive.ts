// ZIP archives, streamed with archiver: the organisation's full export (every table as CSV with
// a README of the columns) and a person's access request (record, log entries, audit entries).
import archiver from 'archiver';
import { Readable, type Readable as ReadableType } from 'node:stream';
import { stringify } from 'csv-stringify';
import type Database from 'better-sqlite3';
import { neutralise } from '../exports/format.js';

/** Columns never exported: secrets, not data. */
const SECRET_COLUMNS: Record<string, string[]> = {
  users: ['password_hash', 'calendar_token_hash'],
  password_tokens: ['token_hash'],
};
/** Tables that hold only secrets or machinery. */
const SKIPPED_TABLES = new Set(['sessions', '__drizzle_migrations']);

type Value = string | number | bigint | Buffer | null;

function csvCell(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'string') return neutralise(v);
  if (Buffer.isBuffer(v)) return v.toString('base64');
  return String(v);
}

/** Rows of a statement as a CSV stream (UTF-8 with BOM), read lazily. */
export function statementCsv(columns: string[], rows: () => Iterable<Value[]>): ReadableType {
  function* records(): Generator<string[]> {
    yield columns;
    for (const row of rows()) yield row.map(csvCell);
  }
  return Readable.from(records(), { objectMode: true, highWaterMark: 64 }).pipe(stringify({ bom: true, record_delimiter: 'windows' }));
}

export interface TableInfo {
  name: string;
  columns: { name: string; type: string; notNull: boolean }[];
}

/** Every real table (no SQLite internals, no FTS shadow tables), with its exported columns. */
export function exportableTables(sqlite: Database.Database): TableInfo[] {
  const tables = sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).all() as {
    name: string;
  }[];
  const virtual = new Set(
    (
      sqlite.prepare(`select name from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%'`).all() as { name: string }[]
    ).map((r) => r.name),
  );
  const shadows = [...virtual];
  return tables
    .filter((t) => !SKIPPED_TABLES.has(t.name) && !virtual.has(t.name) && !shadows.some((v) => t.name.startsWith(`${v}_`)))
    .map((t) => {
      const info = sqlite.prepare(`select name, type, "notnull" as nn from pragma_table_info(?)`).all(t.name) as {
        name: string;
        type: string;
        nn: number;
      }[];
      const secret = SECRET_COLUMNS[t.name] ?? [];
      return {
        name: t.name,
        columns: info.filter((c) => !secret.includes(c.name)).map((c) => ({ name: c.name, type: c.type || 'ANY', notNull: c.nn === 1 })),
      };
    });
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function readme(orgName: string, at: string, tables: TableInfo[]): string {
  const lines = [
    `# Full export of ${orgName}`,
    '',
    `Made ${at}. One CSV file per table (UTF-8 with BOM, comma-separated, RFC 4180).`,
    'Dates ending in "_on" are calendar days (YYYY-MM-DD); "_at" columns are instants in UTC (ISO 8601).',
    'Money columns ending in "_minor" are integer minor units (cents/øre) of the currency beside them.',
    'Password hashes, calendar-feed token hashes, one-time link token hashes and sessions are not exported.',
    "Text that a spreadsheet would read as a formula starts with a single quote (').",
    'Attached documents are in the documents/ folder, named <id>-<file name>; documents.csv says what each is attached to.',
    '',
  ];
  for (const t of tables) {
    lines.push(`## ${t.name}.csv`, '', '| column | type | required |', '|---|---|---|');
    for (const c of t.columns) lines.push(`| ${c.name} | ${c.type} | ${c.notNull ? 'yes' : 'no'} |`);
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * The whole organisation's data as a streamed ZIP. `sqlite` should be a read-only connection. `files`
 * (the documents' stored files) are added under their names, read from disk as the ZIP is written.
 */
export function fullExportZip(
  sqlite: Database.Database,
  orgName: string,
  now: Date,
  files: { name: string; path: string }[] = [],
): ReadableType {
  const zip = archiver('zip', { zlib: { level: 6 } });
  const tables = exportableTables(sqlite);
  zip.append(readme(orgName, now.toISOString(), tables), { name: 'README.md', date: now });
  for (const t of tables) {
    const cols = t.columns.map((c) => c.name);
    const rows = () =>
      sqlite
        .prepare(`select ${cols.map(quoteIdent).join(', ')} from ${quoteIdent(t.name)} order by rowid`)
        .raw(true)
        .iterate() as Iterable<Value[]>;
    zip.append(statementCsv(cols, rows), { name: `${t.name}.csv`, date: now });
  }
  for (const f of files) zip.file(f.path, { name: f.name, date: now });
  void zip.finalize();
  return zip;
}

export interface ArchiveEntry {
  name: string;
  content: string | ReadableType;
}

export function zipOf(entries: ArchiveEntry[], now: Date): ReadableType {
  const zip = archiver('zip', { zlib: { level: 6 } });
  for (const e of entries)
    zip.append(typeof e.content === 'string' ? Buffer.from(e.content, 'utf8') : e.content, { name: e.name, date: now });
  void zip.finalize();
  return zip;
}
