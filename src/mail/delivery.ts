// Delivers the outbox's email rows: claims due rows atomically (one UPDATE ... RETURNING, so two
// processes never take the same row), sends each, then marks it sent or schedules a retry.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outbox } from '../db/schema.js';
import { nextRetryAt } from '../reminders/domain.js';
import { describeMailError, type Mailer } from './mailer.js';

/** A claimed row is someone's for this long; if that process dies, the row becomes due again. */
export const CLAIM_LEASE_MS = 15 * 60_000;
const BATCH = 20;

export interface DeliveryResult {
  sent: number;
  retrying: number;
  failed: number;
}

type OutboxRow = typeof outbox.$inferSelect;

/** Take up to `limit` due email rows for this process; each claim counts as an attempt. */
export function claimDue(db: Db, now: Date, limit = BATCH): OutboxRow[] {
  const nowIso = now.toISOString();
  const leaseUntil = new Date(now.getTime() + CLAIM_LEASE_MS).toISOString();
  return db
    .update(outbox)
    .set({ nextAttemptAt: leaseUntil, attempts: sql`${outbox.attempts} + 1` })
    .where(sql`${outbox.id} in (select ${outbox.id} from ${outbox} where ${outbox.status} = 'pending' and ${outbox.channel} = 'email'
      and ${outbox.nextAttemptAt} <= ${nowIso} order by ${outbox.nextAttemptAt} limit ${limit})`)
    .returning()
    .all();
}

export function markSent(db: Db, id: number, now: Date): void {
  db.update(outbox).set({ status: 'sent', sentAt: now.toISOString(), nextAttemptAt: null, lastError: '' })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending'))).run();
}

/** After a failed attempt: back off, or give up after the last one. */
export function markFailed(db: Db, row: Pick<OutboxRow, 'id' | 'attempts'>, error: string, now: Date): 'retrying' | 'failed' {
  const retryAt = nextRetryAt(row.attempts, now);
  db.update(outbox)
    .set(retryAt ? { nextAttemptAt: retryAt.toISOString(), lastError: error } : { status: 'failed', nextAttemptAt: null, lastError: error })
    .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending'))).run();
  return retryAt ? 'retrying' : 'failed';
}

/**
 * Send every due email row. `now` is the time of this run: retries are scheduled from it.
 * At most `maxRows` per run, so one run cannot hold the scheduler for ever.
 */
export async function deliverOutbox(db: Db, mailer: Mailer, now: Date, maxRows = 500): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0 };
  let handled = 0;
  while (handled < maxRows) {
    const rows = claimDue(db, now, Math.min(BATCH, maxRows - handled));
    if (rows.length === 0) break;
    for (const row of rows) {
      handled += 1;
      try {
        await mailer.send({ to: row.recipient, subject: row.subject, text: row.bodyText, html: row.bodyHtml });
        markSent(db, row.id, now);
        result.sent += 1;
      } catch (err) {
        result[markFailed(db, row, describeMailError(err), now)] += 1;
      }
    }
  }
  return result;
}
