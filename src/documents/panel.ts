// What a record's page shows of its documents: the list the reader may open, and the upload form
// for those who may change the record. Included by views/partials/documents.eta.
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { allows, seesContactDetails, type Access } from '../plugins/access.js';
import { DOCUMENT_KINDS, MAX_DOCUMENT_BYTES, type DocumentRecord } from './domain.js';
import { contactChoices, findRecord, listDocuments, partnershipDocumentsOfReview, type ListedDocument } from './queries.js';

/** Who may attach documents to a record: whoever may edit it (partners: coordinators; the rest: contributors). */
export const UPLOAD_ACCESS: Record<DocumentRecord, Access> = {
  partner: 'coordinator',
  partnership: 'contributor',
  review: 'contributor',
  delegation: 'contributor',
};

/** Documents about a person are personal data: shown to whoever may see contacts' details. */
export function maySeeDocument(request: FastifyRequest, doc: { contactId: number | null }): boolean {
  return doc.contactId === null || seesContactDetails(request.user?.role, request.org);
}

export interface DocumentPanel {
  record: DocumentRecord;
  recordId: number;
  documents: ListedDocument[];
  /** On a review: the documents of its partnership (the agreement it is judged against). */
  partnershipDocuments: ListedDocument[];
  canUpload: boolean;
  canDelete: boolean;
  action: string;
  kinds: readonly string[];
  contacts: { id: number; name: string }[];
  maxMb: number;
}

export function uploadAction(record: DocumentRecord, id: number): string {
  return `/${record === 'partner' ? 'partners' : record === 'partnership' ? 'partnerships' : record === 'review' ? 'reviews' : 'delegations'}/${id}/documents`;
}

export function documentPanel(db: Db, request: FastifyRequest, record: DocumentRecord, id: number): DocumentPanel {
  const role = request.user?.role ?? null;
  const canUpload = allows(role, UPLOAD_ACCESS[record]);
  return {
    record,
    recordId: id,
    documents: listDocuments(db, record, id).filter((d) => maySeeDocument(request, d)),
    partnershipDocuments: record === 'review' ? partnershipDocumentsOfReview(db, id).filter((d) => maySeeDocument(request, d)) : [],
    canUpload,
    canDelete: allows(role, 'coordinator'),
    action: uploadAction(record, id),
    kinds: DOCUMENT_KINDS,
    contacts: canUpload ? contactChoices(db, findRecord(db, record, id)?.partnerId ?? null) : [],
    maxMb: MAX_DOCUMENT_BYTES / 1024 / 1024,
  };
}
