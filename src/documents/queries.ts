// Reads and writes of documents: the records they attach to, the list on a record's page, adding
// and deleting (audited, in one transaction each), and which stored files are still in use.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { nameOfUser } from '../users/name.js';
import { liveContact } from '../contacts/live.js';
import { inTransaction, type Db } from '../db/client.js';
import { contacts, delegations, documents, partners, partnerships, reviews } from '../db/schema.js';
import { created, recordAudit, removed, type AuditActor } from '../audit/record.js';
import type { DocumentKind, DocumentRecord } from './domain.js';
import { createReadStream, existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { documentPath, removeFile } from './storage.js';

export type DocumentRow = typeof documents.$inferSelect;

/** The record a document hangs on: what it is called, where its page is, and its partner (for contact people). */
export interface RecordRef {
  record: DocumentRecord;
  id: number;
  name: string;
  href: string;
  partnerId: number | null;
}

const COLUMN = {
  partner: documents.partnerId,
  partnership: documents.partnershipId,
  review: documents.reviewId,
  delegation: documents.delegationId,
} as const;

/** The record, or undefined when it does not exist. */
export function findRecord(db: Db, record: DocumentRecord, id: number): RecordRef | undefined {
  switch (record) {
    case 'partner': {
      const r = db.select({ name: partners.name }).from(partners).where(eq(partners.id, id)).get();
      return r && { record, id, name: r.name, href: `/partners/${id}`, partnerId: id };
    }
    case 'partnership': {
      const r = db
        .select({ name: partnerships.title, partnerId: partnerships.partnerId })
        .from(partnerships)
        .where(eq(partnerships.id, id))
        .get();
      return r && { record, id, name: r.name, href: `/partnerships/${id}`, partnerId: r.partnerId };
    }
    case 'review': {
      const r = db
        .select({ name: partnerships.title, partnerId: partnerships.partnerId, from: reviews.periodStartOn, to: reviews.periodEndOn })
        .from(reviews)
        .innerJoin(partnerships, eq(partnerships.id, reviews.partnershipId))
        .where(eq(reviews.id, id))
        .get();
      return r && { record, id, name: `${r.name} (${r.from} – ${r.to})`, href: `/reviews/${id}`, partnerId: r.partnerId };
    }
    case 'delegation': {
      const r = db
        .select({ name: delegations.title, partnerId: sql<number | null>`coalesce(${delegations.partnerId}, ${partnerships.partnerId})` })
        .from(delegations)
        .leftJoin(partnerships, eq(partnerships.id, delegations.partnershipId))
        .where(eq(delegations.id, id))
        .get();
      return r && { record, id, name: r.name, href: `/delegations/${id}`, partnerId: r.partnerId };
    }
  }
}

/** The record a stored document is attached to. */
export function recordOf(doc: DocumentRow): { record: DocumentRecord; id: number } {
  if (doc.partnerId !== null) return { record: 'partner', id: doc.partnerId };
  if (doc.partnershipId !== null) return { record: 'partnership', id: doc.partnershipId };
  if (doc.reviewId !== null) return { record: 'review', id: doc.reviewId };
  return { record: 'delegation', id: doc.delegationId! };
}

export interface ListedDocument {
  id: number;
  kind: DocumentKind;
  title: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  uploadedAt: string;
  uploadedBy: string | null;
  contactId: number | null;
  contactName: string | null;
  contactErased: boolean;
}

/** A record's documents, newest first, with who added them and whom they concern: one query. */
export function listDocuments(db: Db, record: DocumentRecord, id: number): ListedDocument[] {
  return db
    .select({
      id: documents.id,
      kind: documents.kind,
      title: documents.title,
      fileName: documents.fileName,
      mediaType: documents.mediaType,
      sizeBytes: documents.sizeBytes,
      uploadedAt: documents.uploadedAt,
      uploadedBy: nameOfUser(documents.uploadedById),
      contactId: documents.contactId,
      contactName: contacts.name,
      contactErased: sql<number>`${contacts.erasedAt} is not null`,
    })
    .from(documents)
    .leftJoin(contacts, eq(contacts.id, documents.contactId))
    .where(eq(COLUMN[record], id))
    .orderBy(desc(documents.uploadedAt), desc(documents.id))
    .all()
    .map((r) => ({ ...r, contactErased: Boolean(r.contactErased) }));
}

/** The live contact people of a partner, by name: whom a document may concern. */
export function contactChoices(db: Db, partnerId: number | null): { id: number; name: string }[] {
  if (partnerId === null) return [];
  return db
    .select({ id: contacts.id, name: contacts.name })
    .from(contacts)
    .where(and(eq(contacts.partnerId, partnerId), liveContact))
    .orderBy(contacts.nameKey)
    .all();
}

export function getDocument(db: Db, id: number): DocumentRow | undefined {
  return db.select().from(documents).where(eq(documents.id, id)).get();
}

export interface NewDocument {
  kind: DocumentKind;
  title: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  contactId: number | null;
}

/** Adds a document to a record, audited. Call right after the file is stored, with no await between. */
export function addDocument(db: Db, ref: { record: DocumentRecord; id: number }, values: NewDocument, actor: AuditActor): number {
  return inTransaction(db, () => {
    const row = {
      ...values,
      partnerId: ref.record === 'partner' ? ref.id : null,
      partnershipId: ref.record === 'partnership' ? ref.id : null,
      reviewId: ref.record === 'review' ? ref.id : null,
      delegationId: ref.record === 'delegation' ? ref.id : null,
      uploadedById: actor.userId,
      uploadedAt: actor.now.toISOString(),
    };
    const { id } = db.insert(documents).values(row).returning({ id: documents.id }).get();
    const { uploadedAt: _at, uploadedById: _by, ...said } = row;
    recordAudit(db, actor, 'create', 'document', id, created(said));
    return id;
  });
}

/** Whether any document still uses the file with this hash. */
function inUse(db: Db, sha256: string): boolean {
  return db.select({ id: documents.id }).from(documents).where(eq(documents.sha256, sha256)).limit(1).get() !== undefined;
}

/** Removes the files of these hashes that no document uses any more. Synchronous: no upload can slip in between. */
export function removeUnusedFiles(db: Db, dir: string, hashes: Iterable<string>): void {
  for (const sha256 of new Set(hashes)) if (!inUse(db, sha256)) removeFile(dir, sha256);
}

/** Deletes a document (audited with what it held) and, when no other document shares its file, the file. */
export function deleteDocument(db: Db, dir: string, doc: DocumentRow, actor: AuditActor): void {
  inTransaction(db, () => {
    db.delete(documents).where(eq(documents.id, doc.id)).run();
    const { id: _id, uploadedAt: _at, ...said } = doc;
    recordAudit(db, actor, 'delete', 'document', doc.id, removed(said));
  });
  removeUnusedFiles(db, dir, [doc.sha256]);
}

/** The documents that concern a contact person. */
export function documentsConcerning(db: Db, contactId: number): DocumentRow[] {
  return db.select().from(documents).where(eq(documents.contactId, contactId)).all();
}

/**
 * Erasure: the documents about the person go, audited without their titles (which may name them).
 * Runs inside the erasure's transaction; the caller removes the unused files after it commits.
 */
export function deleteDocumentsConcerning(db: Db, contactId: number, actor: AuditActor): string[] {
  const rows = documentsConcerning(db, contactId);
  if (rows.length === 0) return [];
  db.delete(documents)
    .where(
      inArray(
        documents.id,
        rows.map((r) => r.id),
      ),
    )
    .run();
  for (const r of rows) recordAudit(db, actor, 'delete', 'document', r.id, { erasedContact: [contactId, null] });
  return rows.map((r) => r.sha256);
}

/** Every document with its file's hash, oldest first (the full export and backups). */
export function allDocuments(db: Db): DocumentRow[] {
  return db.select().from(documents).orderBy(documents.id).all();
}

/**
 * The documents' files for the full export: documents/<id>-<file name>, beside documents.csv (which
 * says what each one is attached to). A file missing on disk is left out rather than failing the export.
 */
export function documentFiles(db: Db, dir: string): { name: string; path: string }[] {
  return allDocuments(db).flatMap((d) => {
    const path = documentPath(dir, d.sha256);
    return existsSync(path) ? [{ name: `documents/${d.id}-${d.fileName}`, path }] : [];
  });
}

/** The files of the documents about a contact, for their access request: documents/<id>-<file name>, read as the ZIP is written. */
export function documentFilesConcerning(db: Db, dir: string, contactId: number): { name: string; content: Readable }[] {
  return documentsConcerning(db, contactId).flatMap((d) => {
    const path = documentPath(dir, d.sha256);
    return existsSync(path) ? [{ name: `documents/${d.id}-${d.fileName}`, content: createReadStream(path) }] : [];
  });
}

/** The documents of a review's partnership. */
export function partnershipDocumentsOfReview(db: Db, reviewId: number): ListedDocument[] {
  const review = db.select({ partnershipId: reviews.partnershipId }).from(reviews).where(eq(reviews.id, reviewId)).get();
  return review ? listDocuments(db, 'partnership', review.partnershipId) : [];
}
