// The audit trail's one writer. Call it inside the same transaction as the write it records.
import { auditLog } from '../db/schema.js';
import type { Db } from '../db/client.js';

export interface AuditActor {
  userId: number | null;
  ip?: string | null;
  now: Date;
}

export type Changes = Record<string, [unknown, unknown]>;

export function recordAudit(
  db: Db,
  actor: AuditActor,
  action: string,
  entityType: string,
  entityId: number | null,
  changes: Changes = {},
): void {
  db.insert(auditLog)
    .values({
      at: actor.now.toISOString(),
      userId: actor.userId,
      action,
      entityType,
      entityId,
      changes: JSON.stringify(changes),
      ip: actor.ip ?? null,
    })
    .run();
}

/** The fields whose values differ between before and after, as { field: [from, to] }. */
export function diff<T extends Record<string, unknown>>(before: Partial<T>, after: Partial<T>): Changes {
  const changes: Changes = {};
  for (const k of Object.keys(after)) {
    const a = before[k];
    const b = after[k];
    if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)) changes[k] = [a ?? null, b ?? null];
  }
  return changes;
}

/** Everything a record held, as a creation's changes: { field: [null, value] }. */
export function created(values: Record<string, unknown>): Changes {
  const changes: Changes = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') changes[k] = [null, v];
  return changes;
}

/** Everything a record held, as a deletion's changes: { field: [value, null] } (the old values stay readable). */
export function removed(values: Record<string, unknown>): Changes {
  const changes: Changes = {};
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) changes[k] = [v, null];
  }
  return changes;
}
