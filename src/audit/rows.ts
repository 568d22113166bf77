// Creating, correcting and deleting one row, audited in the same transaction: a creation records
// what the row holds, a correction the old and new value of each changed field, a deletion
// everything the row held.
import { eq } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { created, diff, recordAudit, removed, type AuditActor } from './record.js';

type TableWithId = SQLiteTable & { id: SQLiteColumn };

/** Insert the row and return its id; the audit records `audited` (by default everything inserted). */
export function insertAudited<T extends TableWithId>(
  db: Db,
  actor: AuditActor,
  table: T,
  entityType: string,
  values: T['$inferInsert'],
  audited: Record<string, unknown> = values,
): number {
  return inTransaction(db, () => {
    const row = db
      .insert(table as TableWithId)
      .values(values)
      .returning({ id: table.id })
      .get() as { id: number };
    recordAudit(db, actor, 'create', entityType, row.id, created(audited));
    return row.id;
  });
}

/**
 * Set `values` on the row, with `stamp` (say, updatedAt) when anything in `values` changed; the
 * audit records the changed fields. False when the row is missing.
 */
export function updateAudited<T extends TableWithId>(
  db: Db,
  actor: AuditActor,
  table: T,
  entityType: string,
  id: number,
  values: Partial<T['$inferInsert']>,
  stamp: Partial<T['$inferInsert']> = {},
): boolean {
  return inTransaction(db, () => {
    const before = db
      .select()
      .from(table as TableWithId)
      .where(eq(table.id, id))
      .get() as Record<string, unknown> | undefined;
    if (!before) return false;
    const changes = diff(before, { ...values });
    if (Object.keys(changes).length === 0) return true;
    db.update(table as TableWithId)
      .set({ ...values, ...stamp })
      .where(eq(table.id, id))
      .run();
    recordAudit(db, actor, 'update', entityType, id, changes);
    return true;
  });
}

/** Delete the row; false when it is missing. The audit keeps what it held but its id and creation time. */
export function deleteAudited(db: Db, actor: AuditActor, table: TableWithId, entityType: string, id: number): boolean {
  return inTransaction(db, () => {
    const before = db.select().from(table).where(eq(table.id, id)).get() as Record<string, unknown> | undefined;
    if (!before) return false;
    db.delete(table).where(eq(table.id, id)).run();
    const { id: _id, createdAt: _at, ...values } = before;
    recordAudit(db, actor, 'delete', entityType, id, removed(values));
    return true;
  });
}
