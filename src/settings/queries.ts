// The organisation's one row: read by loadOrganisation() (every page, the reminder job, the
// framework), written by updateSettings(), audited in the same transaction.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { organisation } from '../db/schema.js';
import { untilWrite } from '../db/memo.js';
import { recordAudit, diff, type AuditActor } from '../audit/record.js';
import type { settingsValues } from './form.js';

/** The organisation (null before setup). Read on every request, changed once in a while: kept until the next write (db/memo.ts). */
export function loadOrganisation(db: Db): typeof organisation.$inferSelect | null {
  return untilWrite(db, 'organisation', () => ({ row: db.select().from(organisation).where(eq(organisation.id, 1)).get() ?? null })).row;
}

export function updateSettings(db: Db, actor: AuditActor, values: Partial<ReturnType<typeof settingsValues>>): boolean {
  return inTransaction(db, () => {
    const before = loadOrganisation(db);
    if (!before) return false;
    const changes = diff<Record<string, unknown>>(before, values);
    if (Object.keys(changes).length === 0) return true;
    db.update(organisation).set(values).where(eq(organisation.id, 1)).run();
    recordAudit(db, actor, 'update', 'organisation', 1, changes);
    return true;
  });
}
