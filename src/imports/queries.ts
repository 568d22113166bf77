// Reads and writes of imports: a pending batch keeps the uploaded rows and the user's choices on
// them server-side between the steps (upload -> mapping -> preview -> commit); commit writes the
// rows the preview includes, all or none, in one transaction; revert undoes a batch within its
// window while none of its records has changed since; expired batches are cleaned up.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { inTransaction, type Db } from '../db/client.js';
import {
  contacts,
  importBatches,
  importBatchRows,
  logEntries,
  logEntryContacts,
  logEntryPartners,
  partners,
  partnerships,
  followUps,
} from '../db/schema.js';
import { recordAudit, created, diff, type AuditActor } from '../audit/record.js';
import {
  buildPreview,
  buildPreviewInSlices,
  canRevert,
  noChoices,
  pendingExpired,
  WRITABLE,
  type Choices,
  type Entity,
  type ExistingRecord,
  type Mapping,
  type MatchIndex,
  type PreviewRow,
  type Validate,
} from './domain.js';
import { yieldToEventLoop, type ParsedFile } from './parse.js';

/**
 * What a pending import keeps between the steps. The rows are stored as JSON strings of up to
 * ROWS_PER_CHUNK rows each, so a page view reads them a chunk at a time between turns of the
 * event loop instead of parsing 50,000 rows in one go.
 */
export interface Staging {
  headers: string[];
  rowChunks: string[];
  rowCount: number;
  /** The first row, shown next to each column in the mapping. */
  sample: string[];
  /** Each row's number in the spreadsheet (absent in previews staged before they were kept). */
  rowNumbers?: number[];
  mapping: Mapping;
  format: ParsedFile['format'];
  encoding: ParsedFile['encoding'];
  delimiter: string | null;
  choices?: Choices;
}

const ROWS_PER_CHUNK = 500;

export type Batch = typeof importBatches.$inferSelect;

export async function createPendingBatch(
  db: Db,
  entity: Entity,
  fileName: string,
  userId: number,
  file: ParsedFile,
  mapping: Mapping,
  now: Date,
): Promise<number> {
  const rowChunks: string[] = [];
  for (let i = 0; i < file.rows.length; i += ROWS_PER_CHUNK) {
    rowChunks.push(JSON.stringify(file.rows.slice(i, i + ROWS_PER_CHUNK)));
    await yieldToEventLoop();
  }
  const staging: Staging = {
    headers: file.headers,
    rowChunks,
    rowCount: file.rows.length,
    sample: file.rows[0] ?? [],
    rowNumbers: file.rowNumbers,
    mapping,
    format: file.format,
    encoding: file.encoding,
    delimiter: file.delimiter,
    choices: noChoices(),
  };
  return db
    .insert(importBatches)
    .values({
      entity,
      fileName: fileName.slice(0, 255),
      userId,
      status: 'pending',
      staging: JSON.stringify(staging),
      createdAt: now.toISOString(),
    })
    .returning({ id: importBatches.id })
    .get().id;
}

/** The staged rows, all at once (for the commit, which runs in one synchronous transaction). */
export function stagedRows(staging: Staging): string[][] {
  return staging.rowChunks.flatMap((chunk) => JSON.parse(chunk) as string[][]);
}

/** The staged rows, a chunk between turns of the event loop (for pages). */
export async function stagedRowsInSlices(staging: Staging): Promise<string[][]> {
  const rows: string[][] = [];
  for (const chunk of staging.rowChunks) {
    for (const row of JSON.parse(chunk) as string[][]) rows.push(row);
    await yieldToEventLoop();
  }
  return rows;
}

export function getBatch(db: Db, id: number): Batch | undefined {
  return db.select().from(importBatches).where(eq(importBatches.id, id)).get();
}

export function stagingOf(batch: Batch): Staging | null {
  if (!batch.staging) return null;
  const staging = JSON.parse(batch.staging) as Staging & { rows?: string[][] };
  // A preview staged before rows were kept in chunks (it expires within a day anyway).
  if (!staging.rowChunks) {
    const rows = staging.rows ?? [];
    return { ...staging, rowChunks: [JSON.stringify(rows)], rowCount: rows.length, sample: rows[0] ?? [] };
  }
  return staging;
}

export const choicesOf = (staging: Staging): Choices => ({ ...noChoices(), ...staging.choices });

function saveStaging(db: Db, batch: Batch, staging: Staging): void {
  db.update(importBatches)
    .set({ staging: JSON.stringify(staging) })
    .where(and(eq(importBatches.id, batch.id), eq(importBatches.status, 'pending')))
    .run();
}

export function saveMapping(db: Db, batch: Batch, mapping: Mapping): void {
  const staging = stagingOf(batch);
  if (staging) saveStaging(db, batch, { ...staging, mapping });
}

export function saveChoices(db: Db, batch: Batch, choices: Choices): void {
  const staging = stagingOf(batch);
  if (staging) saveStaging(db, batch, { ...staging, choices });
}

export function recentBatches(db: Db, limit = 50) {
  return db
    .select({
      id: importBatches.id,
      entity: importBatches.entity,
      fileName: importBatches.fileName,
      status: importBatches.status,
      createdCount: importBatches.createdCount,
      updatedCount: importBatches.updatedCount,
      createdAt: importBatches.createdAt,
      revertedAt: importBatches.revertedAt,
      userId: importBatches.userId,
    })
    .from(importBatches)
    .orderBy(desc(importBatches.id))
    .limit(limit)
    .all();
}

const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? v : String(v));
const records = (rows: Record<string, unknown>[]): ExistingRecord[] =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'id' ? Number(v) : text(v)])) as ExistingRecord);

/** What exists to match against: one read per table, only the columns matching and diffs need. */
export function matchIndex(db: Db, entity: Entity): MatchIndex {
  const partnerRows = db
    .select({
      id: partners.id,
      name: partners.name,
      country: partners.country,
      kind: partners.kind,
      cityRegion: partners.cityRegion,
      website: partners.website,
      description: partners.description,
      tags: partners.tags,
    })
    .from(partners)
    .all();
  const contactRows =
    entity === 'contacts'
      ? db
          .select({
            id: contacts.id,
            name: contacts.name,
            email: contacts.email,
            partnerId: contacts.partnerId,
            phone: contacts.phone,
            title: contacts.title,
            preferredLanguage: contacts.preferredLanguage,
            notes: contacts.notes,
          })
          .from(contacts)
          .where(isNull(contacts.erasedAt))
          .all()
      : [];
  const logRows =
    entity === 'log_entries'
      ? db
          .select({
            id: logEntries.id,
            occurredOn: logEntries.occurredOn,
            summary: logEntries.summary,
            type: logEntries.type,
            outcome: logEntries.outcome,
          })
          .from(logEntries)
          .all()
      : [];
  return { partners: records(partnerRows), contacts: records(contactRows), logEntries: records(logRows) };
}

export function previewBatch(db: Db, batch: Batch, validate: Validate): PreviewRow[] {
  const staging = stagingOf(batch);
  if (!staging) return [];
  return buildPreview(
    batch.entity,
    stagedRows(staging),
    staging.mapping,
    matchIndex(db, batch.entity),
    validate,
    choicesOf(staging),
    staging.rowNumbers,
  );
}

/** The preview for a page: the same rows, checked a slice at a time so other requests go on. */
export async function previewBatchInSlices(db: Db, batch: Batch, validate: Validate): Promise<PreviewRow[]> {
  const staging = stagingOf(batch);
  if (!staging) return [];
  const rows = await stagedRowsInSlices(staging);
  return buildPreviewInSlices(
    batch.entity,
    rows,
    staging.mapping,
    matchIndex(db, batch.entity),
    validate,
    choicesOf(staging),
    yieldToEventLoop,
    staging.rowNumbers,
  );
}

/**
 * Deletes what has outlived its use: pending imports older than a day (their staged rows with
 * them), and the saved old values of committed imports whose revert window has passed.
 * Decided by the pure functions in domain.ts; runs when someone opens the imports.
 */
export function purgeExpiredImports(db: Db, now: Date): { pending: number; reverts: number } {
  return inTransaction(db, () => {
    const batches = db
      .select({
        id: importBatches.id,
        status: importBatches.status,
        createdAt: importBatches.createdAt,
        committedAt: importBatches.committedAt,
      })
      .from(importBatches)
      .where(inArray(importBatches.status, ['pending', 'committed']))
      .all();
    const pending = batches.filter((b) => pendingExpired(b, now)).map((b) => b.id);
    const closed = batches.filter((b) => b.status === 'committed' && !canRevert(b, now)).map((b) => b.id);
    let reverts = 0;
    if (pending.length > 0)
      db.delete(importBatches)
        .where(and(inArray(importBatches.id, pending), eq(importBatches.status, 'pending')))
        .run();
    if (closed.length > 0) reverts = db.delete(importBatchRows).where(inArray(importBatchRows.batchId, closed)).run().changes;
    return { pending: pending.length, reverts };
  });
}

export type CommitResult =
  { ok: true; created: number; updated: number } | { ok: false; reason: 'notPending' | 'empty' | 'undecided' | 'expired' };

const TABLES = { partners, contacts, log_entries: logEntries } as const;
const ENTITY_TYPE = { partners: 'partner', contacts: 'contact', log_entries: 'log_entry' } as const;

/**
 * Writes the rows the preview includes, or nothing: the preview is recomputed inside the
 * transaction (so it matches what exists now), rows with errors, excluded rows and skipped
 * duplicates are left out, an update writes only its applied changes, and any failure rolls
 * everything back. `failAfter` is for tests: throw after that many rows to prove nothing stays
 * half-written.
 */
export function commitBatch(
  db: Db,
  batchId: number,
  actor: AuditActor,
  validate: Validate,
  options: { failAfter?: number } = {},
): CommitResult {
  return inTransaction(db, () => {
    const batch = getBatch(db, batchId);
    if (!batch || batch.status !== 'pending') return { ok: false, reason: 'notPending' } as const;
    if (pendingExpired(batch, actor.now)) return { ok: false, reason: 'expired' } as const;
    const preview = previewBatch(db, batch, validate);
    if (preview.some((r) => r.status === 'likely' && r.decision === null)) return { ok: false, reason: 'undecided' } as const;
    const rows = preview.filter((r) => r.included && (r.status === 'new' || (r.status === 'update' && r.changes.some((c) => c.applied))));
    if (rows.length === 0) return { ok: false, reason: 'empty' } as const;
    const now = actor.now.toISOString();
    const entityType = ENTITY_TYPE[batch.entity];
    const table = TABLES[batch.entity];
    let createdCount = 0;
    let updatedCount = 0;
    rows.forEach((row, i) => {
      if (options.failAfter !== undefined && i === options.failAfter) throw new Error('injected failure');
      const v = row.values;
      if (row.status === 'update' && row.matchId !== null) {
        const before = db.select().from(table).where(eq(table.id, row.matchId)).get() as Record<string, unknown>;
        const changes: Record<string, unknown> = {};
        for (const c of row.changes) if (c.applied) changes[c.field] = c.field === 'partnerId' ? Number(c.to) : c.to;
        db.update(table)
          .set({ ...changes, updatedAt: now })
          .where(eq(table.id, row.matchId))
          .run();
        if (batch.entity === 'log_entries' && v.partnerId) {
          db.insert(logEntryPartners)
            .values({ logEntryId: row.matchId, partnerId: Number(v.partnerId) })
            .onConflictDoNothing()
            .run();
        }
        db.insert(importBatchRows)
          .values({ batchId, entityType, entityId: row.matchId, action: 'updated', before: JSON.stringify(before), afterUpdatedAt: now })
          .run();
        recordAudit(db, actor, 'update', entityType, row.matchId, { ...diff(before, changes), import: [null, batchId] });
        updatedCount += 1;
      } else {
        const id = insertRecord(db, batch.entity, v, batchId, actor.userId, now);
        db.insert(importBatchRows)
          .values({ batchId, entityType, entityId: id, action: 'created', before: null, afterUpdatedAt: now })
          .run();
        recordAudit(db, actor, 'create', entityType, id, { ...created(v), import: [null, batchId] });
        createdCount += 1;
      }
    });
    db.update(importBatches)
      .set({
        status: 'committed',
        staging: null,
        createdCount,
        updatedCount,
        errorCount: preview.filter((r) => r.status === 'error').length,
        committedAt: now,
      })
      .where(eq(importBatches.id, batchId))
      .run();
    recordAudit(db, actor, 'import', 'import_batch', batchId, {
      file: [null, batch.fileName],
      created: [null, createdCount],
      updated: [null, updatedCount],
    });
    return { ok: true, created: createdCount, updated: updatedCount } as const;
  });
}

function updateValues(entity: Entity, v: Record<string, string | null>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of WRITABLE[entity]) {
    if (v[f] === undefined || v[f] === null) continue;
    out[f] = f === 'partnerId' ? Number(v[f]) : v[f];
  }
  return out;
}

function insertRecord(
  db: Db,
  entity: Entity,
  v: Record<string, string | null>,
  batchId: number,
  userId: number | null,
  now: string,
): number {
  const values = updateValues(entity, v);
  if (entity === 'partners') {
    return db
      .insert(partners)
      .values({
        kind: 'organisation',
        country: '',
        ...values,
        name: String(v.name),
        importBatchId: batchId,
        createdAt: now,
        updatedAt: now,
      } as typeof partners.$inferInsert)
      .returning({ id: partners.id })
      .get().id;
  }
  if (entity === 'contacts') {
    return db
      .insert(contacts)
      .values({ ...values, name: String(v.name), importBatchId: batchId, createdAt: now, updatedAt: now } as typeof contacts.$inferInsert)
      .returning({ id: contacts.id })
      .get().id;
  }
  const id = db
    .insert(logEntries)
    .values({
      type: 'other',
      ...values,
      occurredOn: String(v.occurredOn),
      summary: String(v.summary),
      createdById: userId,
      importBatchId: batchId,
      createdAt: now,
      updatedAt: now,
    } as typeof logEntries.$inferInsert)
    .returning({ id: logEntries.id })
    .get().id;
  if (v.partnerId)
    db.insert(logEntryPartners)
      .values({ logEntryId: id, partnerId: Number(v.partnerId) })
      .run();
  return id;
}

export type RevertResult =
  { ok: true } | { ok: false; reason: 'notCommitted' | 'changed' | 'windowPassed'; changed?: { entityType: string; entityId: number }[] };

/** Undo a batch within its revert window: created records deleted, updated ones restored, only if none changed since. */
export function revertBatch(db: Db, batchId: number, actor: AuditActor): RevertResult {
  return inTransaction(db, () => {
    const batch = getBatch(db, batchId);
    if (!batch || batch.status !== 'committed') return { ok: false, reason: 'notCommitted' } as const;
    if (!canRevert(batch, actor.now)) return { ok: false, reason: 'windowPassed' } as const;
    const table = TABLES[batch.entity];
    const rows = db.select().from(importBatchRows).where(eq(importBatchRows.batchId, batchId)).all();
    const ids = rows.map((r) => r.entityId);
    const current = new Map<number, Record<string, unknown>>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const rec of db
        .select()
        .from(table)
        .where(inArray(table.id, ids.slice(i, i + 500)))
        .all())
        current.set(rec.id, rec as Record<string, unknown>);
    }
    const changed = rows.filter((r) => {
      const rec = current.get(r.entityId);
      return !rec || rec.updatedAt !== r.afterUpdatedAt || (r.action === 'created' && isReferenced(db, batch.entity, r.entityId, batchId));
    });
    if (changed.length > 0)
      return { ok: false, reason: 'changed', changed: changed.map((r) => ({ entityType: r.entityType, entityId: r.entityId })) } as const;
    for (const r of rows) {
      if (r.action === 'created') {
        if (batch.entity === 'log_entries') db.delete(followUps).where(eq(followUps.logEntryId, r.entityId)).run();
        db.delete(table).where(eq(table.id, r.entityId)).run();
        recordAudit(db, actor, 'delete', r.entityType, r.entityId, { revert: [null, batchId] });
      } else {
        const before = JSON.parse(r.before ?? '{}') as Record<string, unknown>;
        const { id: _id, ...restore } = before;
        const now = current.get(r.entityId)!;
        db.update(table).set(restore).where(eq(table.id, r.entityId)).run();
        recordAudit(db, actor, 'update', r.entityType, r.entityId, { ...diff(now, restore), revert: [null, batchId] });
      }
    }
    db.update(importBatches).set({ status: 'reverted', revertedAt: actor.now.toISOString() }).where(eq(importBatches.id, batchId)).run();
    recordAudit(db, actor, 'revert', 'import_batch', batchId, {});
    return { ok: true } as const;
  });
}

/** A created record that others now point at (a contact logged, a partner given a partnership) has changed since. */
function isReferenced(db: Db, entity: Entity, id: number, _batchId: number): boolean {
  if (entity === 'partners') {
    return !!(
      db.select({ id: partnerships.id }).from(partnerships).where(eq(partnerships.partnerId, id)).get() ||
      db.select({ id: contacts.id }).from(contacts).where(eq(contacts.partnerId, id)).get() ||
      db.select({ id: logEntryPartners.logEntryId }).from(logEntryPartners).where(eq(logEntryPartners.partnerId, id)).get()
    );
  }
  if (entity === 'contacts')
    return !!db.select({ id: logEntryContacts.logEntryId }).from(logEntryContacts).where(eq(logEntryContacts.contactId, id)).get();
  return !!db.select({ id: followUps.id }).from(followUps).where(eq(followUps.logEntryId, id)).get();
}

export function discardBatch(db: Db, batchId: number): void {
  db.delete(importBatches)
    .where(and(eq(importBatches.id, batchId), eq(importBatches.status, 'pending')))
    .run();
}
