// Documents test fixtures: an app with a real data folder, sample files of each type, and a
// multipart upload as a browser posts it (CSRF token first, then the file), optionally streamed.
import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import { buildTestApp, type Clock, type Client } from '../helpers/app.js';
import { simplePdf } from '../../src/demo/documents.js';

export async function documentsApp(options: { clock?: Clock } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'documents-'));
  const t = await buildTestApp({ config: { dataDir }, ...options });
  return { ...t, dataDir, documentsDir: join(dataDir, 'documents') };
}

/** Every file under a folder, relative paths (temporary upload files included). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** A small but real one-page PDF with a line of text (the demo data's own generator). */
export const samplePdf = (line = 'Venskabsaftale') => simplePdf([line]);

export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2)]);
/** The start of a Windows program: "MZ", then binary. */
export const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(512, 0)]);

/** A zip with these entries (deflated, or stored with `stored`), as Office and LibreOffice write them. */
export function zip(entries: { name: string; content: string; stored?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = Buffer.from(e.content, 'utf8');
    const data = e.stored ? raw : deflateRawSync(raw);
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.stored ? 0 : 8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(e.stored ? 0 : 8, 10);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(raw.length, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += 30 + name.length + data.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBytes, end]);
}

export const DOCX = zip([
  { name: '[Content_Types].xml', content: '<Types/>' },
  { name: 'word/document.xml', content: '<w:document/>' },
]);
export const XLSX = zip([
  { name: '[Content_Types].xml', content: '<Types/>' },
  { name: 'xl/workbook.xml', content: '<workbook/>' },
]);
export const PPTX = zip([
  { name: '[Content_Types].xml', content: '<Types/>' },
  { name: 'ppt/presentation.xml', content: '<presentation/>' },
]);
export const ODT = zip([
  { name: 'mimetype', content: 'application/vnd.oasis.opendocument.text', stored: true },
  { name: 'content.xml', content: '<office:document-content/>' },
]);

interface UploadFile {
  name: string;
  content: Buffer | (() => Generator<Buffer>);
  type?: string;
}

function multipartParts(fields: Record<string, string>, file: UploadFile | null, boundary: string) {
  const head: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    head.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    head.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
    );
  }
  const tail = Buffer.from(`${file ? '\r\n' : ''}--${boundary}--\r\n`);
  return { head: Buffer.concat(head), tail };
}

/**
 * Posts the upload form of a record as a browser does. A generator as content is streamed (never
 * built in memory) with `declaredLength` as the Content-Length, or none (chunked) when it is null.
 */
export async function uploadDocument(
  client: Client,
  url: string,
  file: UploadFile | null,
  fields: Record<string, string> = {},
  options: { declaredLength?: number | null; csrf?: string } = {},
) {
  const boundary = '----doc' + Math.random().toString(16).slice(2);
  const { head, tail } = multipartParts({ _csrf: options.csrf ?? client.csrf, kind: 'agreement', ...fields }, file, boundary);
  const content = file?.content;
  const headers: Record<string, string> = {
    'content-type': `multipart/form-data; boundary=${boundary}`,
    cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
  };
  let payload: Buffer | Readable;
  if (typeof content === 'function') {
    payload = Readable.from(
      (function* () {
        yield head;
        yield* content();
        yield tail;
      })(),
      { objectMode: false },
    );
    if (options.declaredLength !== null && options.declaredLength !== undefined) headers['content-length'] = String(options.declaredLength);
  } else {
    payload = Buffer.concat([head, content ?? Buffer.alloc(0), tail]);
  }
  return client.app.inject({ method: 'POST', url, payload, headers });
}

/** `total` bytes of PDF-looking content in 1 MB pieces, generated as they are read. */
export function bigPdf(total: number): () => Generator<Buffer> {
  return function* () {
    const piece = Buffer.alloc(1024 * 1024, 0x41);
    piece.write('%PDF-1.4\n');
    for (let sent = 0; sent < total; sent += piece.length) yield sent + piece.length <= total ? piece : piece.subarray(0, total - sent);
  };
}
