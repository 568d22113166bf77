// Recognising files by their content, and the names they are kept and served under.
import { describe, expect, it } from 'vitest';
import { TextClassifier, cleanFileName, judgeContent, sniffFileType, type FileEvidence } from '../../src/documents/domain.js';
import { DOCX, EXE, JPEG, ODT, PNG, PPTX, XLSX, samplePdf, zip } from './helpers.js';
import { zipEntryNames } from '../../src/documents/storage.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = mkdtempSync(join(tmpdir(), 'sniff-'));
/** What the upload learns of a file: its head, its zip directory (read from disk, as the upload does) and how it reads as text. */
function evidence(bytes: Buffer): FileEvidence {
  const file = join(folder, `f${Math.random().toString(16).slice(2)}`);
  writeFileSync(file, bytes);
  const text = new TextClassifier();
  text.push(bytes);
  return { head: bytes.subarray(0, 4096), zipNames: zipEntryNames(file), text: text.result() };
}

describe('sniffFileType', () => {
  it.each([
    ['a PDF', samplePdf(), 'pdf'],
    ['a Word document', DOCX, 'docx'],
    ['an Excel workbook', XLSX, 'xlsx'],
    ['a PowerPoint presentation', PPTX, 'pptx'],
    ['an OpenDocument text', ODT, 'odt'],
    ['a PNG image', PNG, 'png'],
    ['a JPEG image', JPEG, 'jpeg'],
    ['UTF-8 text with Nordic letters', Buffer.from('Referat fra mødet i Tromsø\r\nÆØÅ äö\n', 'utf8'), 'text'],
    ['Windows-1252 text', Buffer.from('Referat fra m\xf8det i Troms\xf8\r\n', 'latin1'), 'text1252'],
    ['a Windows program', EXE, null],
    ['a zip that is no Office file', zip([{ name: 'photo.jpg', content: 'x' }]), null],
    ['a zip that claims to be Office but has no document', zip([{ name: '[Content_Types].xml', content: '<Types/>' }]), null],
    [
      'an OpenDocument spreadsheet',
      zip([{ name: 'mimetype', content: 'application/vnd.oasis.opendocument.spreadsheet', stored: true }]),
      null,
    ],
    ['an ELF binary', Buffer.from('\x7fELF\x02\x01\x01\x00', 'latin1'), null],
    ['nothing', Buffer.alloc(0), null],
  ])('recognises %s', (_name, bytes, type) => {
    expect(sniffFileType(evidence(bytes))).toBe(type);
  });
});

describe('judgeContent', () => {
  it.each([
    ['Aftale.PDF', samplePdf(), { ok: true, type: 'pdf' }],
    ['scan.jpg', JPEG, { ok: true, type: 'jpeg' }],
    ['scan.jpeg', JPEG, { ok: true, type: 'jpeg' }],
    ['notes.txt', Buffer.from('hej'), { ok: true, type: 'text' }],
    ['budget.csv', Buffer.from('a;b\n1;2\n'), { ok: true, type: 'text' }],
    ['agreement.pdf', EXE, { ok: false, reason: 'unknownType' }],
    ['agreement.pdf', PNG, { ok: false, reason: 'nameMismatch', type: 'png' }],
    ['agreement.docx', samplePdf(), { ok: false, reason: 'nameMismatch', type: 'pdf' }],
    ['budget.xlsx', DOCX, { ok: false, reason: 'nameMismatch', type: 'docx' }],
    ['agreement', samplePdf(), { ok: false, reason: 'nameMismatch', type: 'pdf' }],
    ['setup.exe', EXE, { ok: false, reason: 'unknownType' }],
  ])('judges %s', (name, bytes, verdict) => {
    expect(judgeContent(name, bytes.length, evidence(bytes))).toEqual(verdict);
  });

  it('refuses an empty file', () => {
    expect(judgeContent('empty.txt', 0, evidence(Buffer.alloc(0)))).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('TextClassifier', () => {
  it('finds a UTF-8 letter split between two chunks, and binary bytes in a later chunk', () => {
    const bytes = Buffer.from('Tromsø', 'utf8');
    const split = new TextClassifier();
    split.push(bytes.subarray(0, 6));
    split.push(bytes.subarray(6));
    expect(split.result()).toBe('utf8');
    const binary = new TextClassifier();
    binary.push(Buffer.from('text'));
    binary.push(Buffer.from([0x00, 0x01]));
    expect(binary.result()).toBe('binary');
  });
});

describe('cleanFileName', () => {
  it.each([
    ['Venskabsaftale Århus–Tromsø æøå.pdf', 'Venskabsaftale Århus–Tromsø æøå.pdf'],
    ['C:\\Users\\mette\\Desktop\\Aftale.pdf', 'Aftale.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['..hidden.pdf', 'hidden.pdf'],
    ['a\u0000b\u202e.pdf', 'ab.pdf'],
    ['Ö"<>|?*:.pdf', 'Ö.pdf'],
    // Decomposed letters (as macOS sends them) are kept composed.
    ['A\u030Arhus.pdf', 'Århus.pdf'],
  ])('keeps %j as %j', (raw, kept) => {
    expect(cleanFileName(raw)).toBe(kept);
  });

  it('shortens a very long name and keeps its extension', () => {
    const kept = cleanFileName(`${'å'.repeat(300)}.docx`);
    expect(kept.length).toBe(150);
    expect(kept.endsWith('.docx')).toBe(true);
  });
});
