// Writes people as vCard 4.0 (RFC 6350): one file, one card per person, text values escaped,
// lines folded at 75 octets without splitting a UTF-8 character, CRLF line ends.
import type { Readable } from 'node:stream';
import type { ExportList, VCardFields } from './types.js';
import { exportStream, forEachChunk } from './stream.js';

/** Escape a text value: backslash, comma, semicolon and newlines (RFC 6350 3.4). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/,/g, '\\,')
    .replace(/;/g, '\\;')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Fold a content line: at most 75 octets per line, continuation lines start with a space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > limit) {
      parts.push(current);
      current = '';
      bytes = 0;
      limit = 74; // the leading space counts
    }
    current += ch;
    bytes += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** Split "Anna Maria Jensen" into family "Jensen" and given "Anna Maria" for N. */
function structuredName(name: string): string {
  const words = name.trim().split(/\s+/);
  const family = words.length > 1 ? words.pop()! : '';
  return `${escapeText(family)};${escapeText(words.join(' '))};;;`;
}

export function vcard(fields: VCardFields): string {
  const lines = ['BEGIN:VCARD', 'VERSION:4.0', `FN:${escapeText(fields.name)}`, `N:${structuredName(fields.name)}`];
  if (fields.uid) lines.push(`UID:${escapeText(fields.uid)}`);
  if (fields.organisation) lines.push(`ORG:${escapeText(fields.organisation)}`);
  if (fields.title) lines.push(`TITLE:${escapeText(fields.title)}`);
  if (fields.email) lines.push(`EMAIL;TYPE=work:${escapeText(fields.email)}`);
  if (fields.phone) lines.push(`TEL;VALUE=uri;TYPE=work,voice:tel:${fields.phone.replace(/[^\d+]/g, '')}`);
  if (fields.language) lines.push(`LANG:${escapeText(fields.language)}`);
  if (fields.city || fields.country) {
    lines.push(`ADR;TYPE=work:;;;${escapeText(fields.city ?? '')};;;${escapeText(fields.country ?? '')}`);
  }
  if (fields.note) lines.push(`NOTE:${escapeText(fields.note)}`);
  lines.push('END:VCARD');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

export function vcardStream(list: ExportList): Readable {
  const toCard = list.vcard;
  if (!toCard) throw new Error(`${list.name} has no vCard form`);
  return exportStream((output) =>
    forEachChunk(list.rows(), output, (rows) => output.write(rows.map((row) => vcard(toCard(row))).join(''))).then(() => undefined),
  );
}
