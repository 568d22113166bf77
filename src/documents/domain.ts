// Documents attached to records: their kinds, the file types accepted (judged by content, never
// by name), the size limit, and a safe download name. Pure functions of bytes and strings.

import { DOCUMENT_KINDS } from '../lib/words.js';

/** What a document is: one word list, in src/lib/words.ts with the others. */
export { DOCUMENT_KINDS };
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The records a document can be attached to. */
export const DOCUMENT_RECORDS = ['partner', 'partnership', 'review', 'delegation'] as const;
export type DocumentRecord = (typeof DOCUMENT_RECORDS)[number];

/** The largest document accepted: a scanned, signed agreement fits; a video does not. */
export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;
/** The bytes read from the start of a file to recognise it. */
export const HEAD_BYTES = 4096;
export const MAX_TITLE_LENGTH = 200;

/** The file types accepted, each with the media type it is served as and the names it may carry. */
export const FILE_TYPES = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'] },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  pptx: { mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extensions: ['pptx'] },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  png: { mediaType: 'image/png', extensions: ['png'] },
  jpeg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  text: { mediaType: 'text/plain; charset=utf-8', extensions: ['txt', 'csv', 'md'] },
  // Plain text that is not UTF-8: old Windows editors write Windows-1252.
  text1252: { mediaType: 'text/plain; charset=windows-1252', extensions: ['txt', 'csv', 'md'] },
} as const;
export type FileType = keyof typeof FILE_TYPES;

/** What was seen of a file: its first bytes, the names in its zip directory (if it is a zip), and how its bytes read as text. */
export interface FileEvidence {
  head: Buffer;
  zipNames: string[] | null;
  /** 'utf8': valid UTF-8 without control characters; 'latin': no control characters but not UTF-8; 'binary': neither. */
  text: 'utf8' | 'latin' | 'binary';
}

const startsWith = (head: Buffer, bytes: number[]) => head.length >= bytes.length && bytes.every((b, i) => head[i] === b);

/** The zip entry an OpenDocument file must start with, stored uncompressed: "mimetype" holding its media type. */
function openDocumentType(head: Buffer): string | null {
  if (head.length < 30 || head.readUInt32LE(0) !== 0x04034b50) return null;
  const nameLength = head.readUInt16LE(26);
  const extraLength = head.readUInt16LE(28);
  if (head.toString('latin1', 30, 30 + nameLength) !== 'mimetype') return null;
  const start = 30 + nameLength + extraLength;
  const size = head.readUInt32LE(18);
  return head.toString('latin1', start, Math.min(head.length, start + size));
}

/** The file's type from its content, or null when it is none of the accepted ones. */
export function sniffFileType(evidence: FileEvidence): FileType | null {
  const { head, zipNames } = evidence;
  if (head.length === 0) return null;
  if (head.toString('latin1', 0, 5) === '%PDF-') return 'pdf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    if (openDocumentType(head) === FILE_TYPES.odt.mediaType) return 'odt';
    const names = new Set(zipNames ?? []);
    if (!names.has('[Content_Types].xml')) return null;
    if (names.has('word/document.xml')) return 'docx';
    if (names.has('xl/workbook.xml')) return 'xlsx';
    if (names.has('ppt/presentation.xml')) return 'pptx';
    return null;
  }
  if (evidence.text === 'utf8') return 'text';
  if (evidence.text === 'latin') return 'text1252';
  return null;
}

/** The extension of a file name, lower-case without the dot ('' when none). */
export function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(fileName);
  return m ? m[1]!.toLowerCase() : '';
}

export type ContentVerdict =
  { ok: true; type: FileType } | { ok: false; reason: 'empty' | 'unknownType' | 'nameMismatch'; type?: FileType };

/** Whether a file is accepted: its content must be an accepted type, and its name must say that type. */
export function judgeContent(fileName: string, size: number, evidence: FileEvidence): ContentVerdict {
  if (size === 0) return { ok: false, reason: 'empty' };
  const type = sniffFileType(evidence);
  if (!type) return { ok: false, reason: 'unknownType' };
  if (!(FILE_TYPES[type].extensions as readonly string[]).includes(extensionOf(fileName)))
    return { ok: false, reason: 'nameMismatch', type };
  return { ok: true, type };
}

/**
 * Classifies bytes as text, fed chunk by chunk while the file streams to disk: control characters
 * other than tab, line feed, form feed and carriage return make it binary; bytes that are not UTF-8
 * make it text in a legacy encoding.
 */
export class TextClassifier {
  private decoder = new TextDecoder('utf-8', { fatal: true });
  private utf8 = true;
  private binary = false;

  push(chunk: Buffer): void {
    if (this.binary) return;
    for (const b of chunk) {
      if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f) {
        this.binary = true;
        return;
      }
    }
    if (this.utf8) {
      try {
        this.decoder.decode(chunk, { stream: true });
      } catch {
        this.utf8 = false;
      }
    }
  }

  result(): FileEvidence['text'] {
    if (this.binary) return 'binary';
    if (this.utf8) {
      try {
        this.decoder.decode();
      } catch {
        return 'latin';
      }
      return 'utf8';
    }
    return 'latin';
  }
}

/**
 * The file name to keep: the last path segment a browser sent, without control characters or
 * characters file systems refuse, at most 150 characters (its extension kept). Nordic letters stay.
 */
export function cleanFileName(raw: string): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  const cleaned = last
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  if (cleaned.length <= 150) return cleaned;
  const ext = extensionOf(cleaned);
  return ext ? `${cleaned.slice(0, 149 - ext.length)}.${ext}` : cleaned.slice(0, 150);
}

/** A document's title when none was typed: its file name without the extension. */
export function titleFromFileName(fileName: string): string {
  return fileName.replace(/\.[A-Za-z0-9]{1,8}$/, '').slice(0, MAX_TITLE_LENGTH) || fileName;
}
