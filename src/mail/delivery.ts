// Delivers the outbox's email rows: claims due rows atomically (one UPDATE ... RETURNING, so two
// processes never take the same row), sends a few at a time, then marks each sent or schedules a retry.
// Every row has one Message-ID for all its attempts. A send whose outcome is unknown (the connection
// died after the whole message went out) is not retried in the normal backoff, where a slow server
// would get it twice within minutes: it is retried once, much later, and then given up.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outbox } from '../db/schema.js';
import { nextRetryAt } from '../reminders/domain.js';
import { describeMailError, outcomeUnknown, SMTP_DEFAULTS, type Mailer } from './mailer.js';

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
    .where(
      sql`${outbox.id} in (select ${outbox.id} from ${outbox} where ${outbox.status} = 'pending' and ${outbox.channel} = 'email'
      and ${outbox.nextAttemptAt} <= ${nowIso} order by ${outbox.nextAttemptAt} limit ${limit})`,
    )
    .returning()
    .all();
}

/** The row's Message-ID: the same at every attempt, unique to the row (its id and its reminder key). */
export function messageIdFor(row: Pick<OutboxRow, 'id' | 'key'>, domain = 'partnerships.invalid'): string {
  return `<outbox.${row.id}.${createHash('sha256').update(row.key).digest('hex').slice(0, 16)}@${domain}>`;
}

/** Marks a row whose last send may or may not have arrived; the outbox page shows this text. */
export const UNKNOWN_OUTCOME = 'Outcome unknown';

export function markUnknown(
  db: Db,
  row: Pick<OutboxRow, 'id' | 'lastError'>,
  error: string,
  now: Date,
  retryMs: number,
): 'retrying' | 'failed' {
  if (row.lastError.startsWith(UNKNOWN_OUTCOME)) {
    db.update(outbox)
      .set({ status: 'failed', nextAttemptAt: null, lastError: `${UNKNOWN_OUTCOME} twice; the recipient may have it already: ${error}` })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending')))
      .run();
    return 'failed';
  }
  const retryAt = new Date(now.getTime() + retryMs);
  db.update(outbox)
    .set({
      nextAttemptAt: retryAt.toISOString(),
      lastError: `${UNKNOWN_OUTCOME} (the connection failed after the message was sent); one retry at ${retryAt.toISOString()}: ${error}`,
    })
    .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending')))
    .run();
  return 'retrying';
}

export function markSent(db: Db, id: number, now: Date): void {
  db.update(outbox)
    .set({ status: 'sent', sentAt: now.toISOString(), nextAttemptAt: null, lastError: '' })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending')))
    .run();
}

/** After a failed attempt: back off, or give up after the last one. */
export function markFailed(db: Db, row: Pick<OutboxRow, 'id' | 'attempts'>, error: string, now: Date): 'retrying' | 'failed' {
  const retryAt = nextRetryAt(row.attempts, now);
  db.update(outbox)
    .set(retryAt ? { nextAttemptAt: retryAt.toISOString(), lastError: error } : { status: 'failed', nextAttemptAt: null, lastError: error })
    .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending')))
    .run();
  return retryAt ? 'retrying' : 'failed';
}

/**
 * Send every due email row. `now` is the time of this run: retries are scheduled from it.
 * At most `maxRows` per run, so one run cannot hold the scheduler for ever.
 */
export async function deliverOutbox(db: Db, mailer: Mailer, now: Date, maxRows = 500): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0 };
  const concurrency = Math.max(1, mailer.limits?.concurrency ?? 1);
  const unknownRetryMs = mailer.limits?.unknownRetryMs ?? SMTP_DEFAULTS.unknownRetryMinutes * 60_000;
  const sendOne = async (row: OutboxRow) => {
    try {
      await mailer.send({
        to: row.recipient,
        subject: row.subject,
        text: row.bodyText,
        html: row.bodyHtml,
        messageId: messageIdFor(row, mailer.domain),
      });
      markSent(db, row.id, now);
      result.sent += 1;
    } catch (err) {
      const outcome = outcomeUnknown(err)
        ? markUnknown(db, row, describeMailError(err), now, unknownRetryMs)
        : markFailed(db, row, describeMailError(err), now);
      result[outcome] += 1;
    }
  };
  let handled = 0;
  while (handled < maxRows) {
    const rows = claimDue(db, now, Math.min(BATCH, maxRows - handled));
    if (rows.length === 0) break;
    handled += rows.length;
    // A few at a time: one slow server connection does not hold up the rest of the batch.
    let next = 0;
    const worker = async () => {
      while (next < rows.length) await sendOne(rows[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker));
  }
  return result;
}
