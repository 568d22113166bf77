// Documents leave with the data: in the full export, in backups (and back with a restore), and
// with the erasure of the person they concern.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { eq } from 'drizzle-orm';
import { Client, signedIn } from '../helpers/app.js';
import { auditLog, documents } from '../../src/db/schema.js';
import { openDatabase } from '../../src/db/client.js';
import { backupDatabase, pruneBackups, restoreDatabase } from '../../src/backup/backup.js';
import { documentPath, storeBytes } from '../../src/documents/storage.js';
import { addDocument, deleteDocument } from '../../src/documents/queries.js';
import { makeContact, makePartner, makePartnership } from '../log/fixtures.js';
import { DOCX, documentsApp, filesUnder, samplePdf, uploadDocument } from './helpers.js';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function appWithPartnership() {
  const t = await documentsApp();
  cleanups.push(() => t.app.close());
  const partnerId = makePartner(t.db, { name: 'Tromsø kommune', country: 'NO' }).id;
  const partnershipId = makePartnership(t.db, partnerId, { title: 'Venskabsby Tromsø' }).id;
  const coordinator = await signedIn(t, 'coordinator');
  await coordinator.get(`/partnerships/${partnershipId}`);
  return { t, partnerId, partnershipId, coordinator };
}

describe('the full export', () => {
  it('holds every document file under documents/<id>-<name>, byte for byte, beside documents.csv', async () => {
    const { t, partnershipId, coordinator } = await appWithPartnership();
    const pdf = samplePdf('Agreement');
    await uploadDocument(coordinator, `/partnerships/${partnershipId}/documents`, { name: 'Aftale Tromsø–Odense.pdf', content: pdf });
    await uploadDocument(
      coordinator,
      `/partnerships/${partnershipId}/documents`,
      { name: 'Budget.docx', content: DOCX },
      { kind: 'other' },
    );
    const [first, second] = t.db.select().from(documents).orderBy(documents.id).all();

    const admin = await signedIn(t);
    const res = await admin.get('/privacy/export.zip');
    expect(res.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(res.rawPayload);
    expect((await zip.file(`documents/${first!.id}-Aftale Tromsø–Odense.pdf`)!.async('nodebuffer')).equals(pdf)).toBe(true);
    expect((await zip.file(`documents/${second!.id}-Budget.docx`)!.async('nodebuffer')).equals(DOCX)).toBe(true);
    const csv = await zip.file('documents.csv')!.async('string');
    expect(csv).toContain('Aftale Tromsø–Odense.pdf');
    expect(await zip.file('README.md')!.async('string')).toContain('documents/ folder');
  });
});

describe("a person's access request", () => {
  it('holds the documents about them, and not the others', async () => {
    const { t, partnerId, partnershipId, coordinator } = await appWithPartnership();
    const person = makeContact(t.db, partnerId, { name: 'Ingrid Østby' });
    const cv = samplePdf('CV Ingrid');
    await uploadDocument(
      coordinator,
      `/partnerships/${partnershipId}/documents`,
      { name: 'CV Østby.pdf', content: cv },
      { contactId: String(person.id), kind: 'other' },
    );
    await uploadDocument(coordinator, `/partnerships/${partnershipId}/documents`, { name: 'aftale.pdf', content: samplePdf('Agreement') });
    const id = t.db.select().from(documents).orderBy(documents.id).get()!.id;
    const res = await coordinator.get(`/contacts/${person.id}/access-request.zip`);
    expect(res.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(res.rawPayload);
    expect((await zip.file(`documents/${id}-CV Østby.pdf`)!.async('nodebuffer')).equals(cv)).toBe(true);
    expect(Object.keys(zip.files).filter((f) => f.startsWith('documents/'))).toEqual([`documents/${id}-CV Østby.pdf`]);
  });
});

describe('backups', () => {
  function dataFolder() {
    const dataDir = mkdtempSync(join(tmpdir(), 'documents-backup-'));
    const db = openDatabase(join(dataDir, 'app.sqlite'));
    cleanups.push(() => {
      db.$client.close();
    });
    const partnershipId = makePartnership(db, makePartner(db).id).id;
    const docs = join(dataDir, 'documents');
    const attach = (bytes: Buffer, fileName: string, now: Date) => {
      const { sha256 } = storeBytes(docs, bytes);
      const id = addDocument(
        db,
        { record: 'partnership', id: partnershipId },
        { kind: 'agreement', title: fileName, fileName, mediaType: 'application/pdf', sizeBytes: bytes.length, sha256, contactId: null },
        { userId: null, now },
      );
      return { id, sha256 };
    };
    return { dataDir, db, docs, attach };
  }

  it('copies the documents beside the backup, and a restore brings them back into a new data folder', async () => {
    const { dataDir, db, attach } = dataFolder();
    const pdf = samplePdf('Signed');
    const { sha256 } = attach(pdf, 'aftale.pdf', new Date('2026-11-30T01:00:00Z'));
    const backups = join(dataDir, 'backups');
    // As the server and the CLI call it: the documents folder is the one beside the database.
    const file = await backupDatabase(db.$client, backups, new Date('2026-11-30T02:30:00Z'), { folder: true });
    expect(readFileSync(documentPath(join(backups, 'documents'), sha256)).equals(pdf)).toBe(true);
    expect(filesUnder(backups)).toEqual(['app-2026-11-30T023000Z.sqlite', `documents/${sha256.slice(0, 2)}/${sha256}`]);

    const elsewhere = mkdtempSync(join(tmpdir(), 'documents-restore-'));
    const result = restoreDatabase(file, join(elsewhere, 'app.sqlite'), new Date('2026-12-01T08:00:00Z'));
    expect(result.documents).toEqual({ copied: 1, missing: [] });
    expect(readFileSync(documentPath(join(elsewhere, 'documents'), sha256)).equals(pdf)).toBe(true);
  });

  it('keeps a file a later deletion removed from the data folder while a backup still uses it, and prunes it with the last such backup', async () => {
    const { dataDir, db, docs, attach } = dataFolder();
    const a = attach(samplePdf('A'), 'a.pdf', new Date('2026-11-30T01:00:00Z'));
    const backups = join(dataDir, 'backups');
    await backupDatabase(db.$client, backups, new Date('2026-11-30T02:00:00Z'), { folder: true });
    const row = db.select().from(documents).where(eq(documents.id, a.id)).get()!;
    deleteDocument(db, docs, row, { userId: null, now: new Date('2026-11-30T03:00:00Z') });
    expect(existsSync(documentPath(docs, a.sha256))).toBe(false);
    const b = attach(samplePdf('B'), 'b.pdf', new Date('2026-11-30T04:00:00Z'));
    await backupDatabase(db.$client, backups, new Date('2026-11-30T05:00:00Z'), { folder: true });
    expect(existsSync(documentPath(join(backups, 'documents'), a.sha256))).toBe(true);

    // Two backups on one day: retention keeps the newer, and with it only the file it uses.
    expect(pruneBackups(backups, new Date('2026-11-30T06:00:00Z'))).toEqual(['app-2026-11-30T020000Z.sqlite']);
    expect(existsSync(documentPath(join(backups, 'documents'), a.sha256))).toBe(false);
    expect(existsSync(documentPath(join(backups, 'documents'), b.sha256))).toBe(true);
    expect(filesUnder(backups).filter((f) => f.endsWith('-wal') || f.endsWith('-shm'))).toEqual([]);
  });
});

describe('erasure', () => {
  it('removes the documents about the erased person with their files, and keeps the others', async () => {
    const { t, partnerId, partnershipId, coordinator } = await appWithPartnership();
    const person = makeContact(t.db, partnerId, { name: 'Ingrid Østby', email: 'ingrid@tromso.example' });
    const cv = samplePdf('CV Ingrid');
    const agreement = samplePdf('Agreement');
    await uploadDocument(
      coordinator,
      `/partnerships/${partnershipId}/documents`,
      { name: 'CV Ingrid Østby.pdf', content: cv },
      { contactId: String(person.id), kind: 'other', title: 'CV of Ingrid Østby' },
    );
    await uploadDocument(
      coordinator,
      `/partnerships/${partnershipId}/documents`,
      { name: 'aftale.pdf', content: agreement },
      { title: 'Agreement signed by Ingrid Østby' },
    );
    expect(filesUnder(t.documentsDir)).toHaveLength(2);

    const res = await coordinator.post(`/contacts/${person.id}/erase`);
    expect(res.statusCode).toBe(303);

    const left = t.db.select().from(documents).all();
    expect(left.map((d) => d.fileName)).toEqual(['aftale.pdf']);
    // The other document stays, but its title no longer names her.
    expect(left[0]!.title).not.toContain('Ingrid');
    expect(filesUnder(t.documentsDir)).toHaveLength(1);
    expect(readFileSync(documentPath(t.documentsDir, left[0]!.sha256)).equals(agreement)).toBe(true);
    const audit = t.db.select().from(auditLog).where(eq(auditLog.entityType, 'document')).orderBy(auditLog.id).all();
    expect(audit.map((a) => a.action)).toEqual(['create', 'create', 'delete']);
    expect(JSON.stringify(audit)).not.toContain('Ingrid');
    const page = await new Client(t.app).get(`/partnerships/${partnershipId}`);
    expect(page.body).not.toContain('CV Ingrid');
  });
});
