// Demo data: signed agreements (small generated PDFs) attached to some active partnerships, and a
// council decision on one of them, stored like uploads (by content hash under DATA_DIR/documents).
import type { Config } from '../config.js';
import { inTransaction } from '../db/client.js';
import { documentsDir } from '../documents/storage.js';
import { storeBytes } from '../documents/storage.js';
import type { DemoContext } from './index.js';

/** Where demo documents go: nowhere for an in-memory database (tests), which keeps no files. */
export function demoDocumentsDir(config: Pick<Config, 'databaseFile' | 'dataDir'>): string | undefined {
  return config.databaseFile === ':memory:' ? undefined : documentsDir(config.dataDir);
}

/** A one-page PDF with these lines (Helvetica, WinAnsi: Nordic letters print). */
export function simplePdf(lines: string[]): Buffer {
  const escape = (s: string) => s.replace(/[()\\]/g, (c) => `\\${c}`);
  const text = `BT /F1 14 Tf 72 740 Td 20 TL ${lines.map((l) => `(${escape(l)}) Tj T*`).join(' ')} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const fileSafe = (s: string) => s.replace(/[\\/:*?"<>|]/g, '-');

export function fillDocuments(ctx: DemoContext & { documentsDir?: string | undefined }): void {
  const dir = ctx.documentsDir;
  if (!dir) return;
  const sqlite = ctx.db.$client;
  const limit = ctx.size === 'small' ? 6 : 200;
  const ties = sqlite
    .prepare(
      `select ps.id, ps.title, p.name as partner, coalesce(ps.agreement_on, ps.start_on, ps.active_since_on) as signed_on
       from partnerships ps join partners p on p.id = ps.partner_id
       where ps.status = 'active' and ps.agreement_type in ('twin_city_agreement', 'cooperation_agreement')
       order by ps.id limit ?`,
    )
    .all(limit) as { id: number; title: string; partner: string; signed_on: string | null }[];
  const uploader = (
    sqlite.prepare("select id from users where role in ('coordinator', 'admin') and active = 1 order by role = 'admin', id").get() as
      { id: number } | undefined
  )?.id;
  const insert = sqlite.prepare(
    `insert into documents (kind, title, file_name, media_type, size_bytes, sha256, partnership_id, uploaded_by_id, uploaded_at)
     values (?, ?, ?, 'application/pdf', ?, ?, ?, ?, ?)`,
  );
  const nowIso = ctx.now.toISOString();
  // Files first (each renamed into place whole), then the rows in one transaction.
  const rows = ties.flatMap((tie, i) => {
    const signedOn = tie.signed_on ?? nowIso.slice(0, 10);
    const at = `${signedOn}T09:00:00.000Z` < nowIso ? `${signedOn}T09:00:00.000Z` : nowIso;
    const agreement = simplePdf([`Cooperation agreement: ${tie.title}`, `Between the city and ${tie.partner}`, `Signed ${signedOn}`]);
    const made = [
      {
        kind: 'agreement',
        title: `Signed agreement: ${tie.title}`,
        fileName: `Agreement ${fileSafe(tie.partner)} ${signedOn}.pdf`,
        bytes: agreement,
        at,
      },
    ];
    if (i === 0) {
      const decision = simplePdf([`Council decision on ${tie.title}`, 'The council approves the agreement.', `Meeting of ${signedOn}`]);
      made.push({
        kind: 'council_decision',
        title: `Council decision: ${tie.title}`,
        fileName: `Council decision ${signedOn}.pdf`,
        bytes: decision,
        at,
      });
    }
    return made.map((m) => ({ ...m, tie: tie.id, sha256: storeBytes(dir, m.bytes).sha256 }));
  });
  inTransaction(ctx.db, () => {
    for (const r of rows) insert.run(r.kind, r.title, r.fileName, r.bytes.length, r.sha256, r.tie, uploader ?? null, r.at);
  });
}
