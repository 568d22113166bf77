// Failed sign-ins slow down, they never lock: after FREE_FAILURES failures for an account (the email
// as typed, whether or not it exists, so the answer reveals nothing) or for a client address, the next
// attempt is not considered before 1 s, then 2 s, 4 s ... up to a cap. The cap per account is short, so a
// stranger who types wrong passwords on purpose delays the owner by a minute at most instead of locking
// them out; the cap per address is long, so one machine cannot guess at many accounts.
// The counters live in the database (login_throttle): every process sees them and a restart keeps them.
import { createHash } from 'node:crypto';
import { eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { loginThrottle } from '../db/schema.js';

export const FREE_FAILURES = 5;
export const FIRST_DELAY_MS = 1_000;
export const ACCOUNT_CAP_MS = 60_000;
export const ADDRESS_CAP_MS = 15 * 60_000;
/** A key with no failure for this long starts again from zero. */
export const FORGET_AFTER_MS = 24 * 3_600_000;

export interface ThrottleKeys {
  account: string;
  address: string;
}

function hashed(kind: 'account' | 'ip', value: string): string {
  return createHash('sha256').update(`${kind}:${value}`).digest('hex');
}

/** The delay after `failures` failures (0 while under the free allowance). */
export function delayAfter(failures: number, capMs: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** Math.min(failures - FREE_FAILURES, 30), capMs);
}

export class LoginThrottle {
  constructor(private readonly db: Db) {}

  private keys(keys: ThrottleKeys) {
    return [
      { key: hashed('account', keys.account), cap: ACCOUNT_CAP_MS },
      { key: hashed('ip', keys.address), cap: ADDRESS_CAP_MS },
    ];
  }

  /** Milliseconds to wait before an attempt for these keys is considered; 0 = go ahead. */
  waitMs(keys: ThrottleKeys, now: Date): number {
    const rows = this.db
      .select()
      .from(loginThrottle)
      .where(
        inArray(
          loginThrottle.key,
          this.keys(keys).map((k) => k.key),
        ),
      )
      .all();
    let wait = 0;
    for (const row of rows) {
      if (row.notBefore) wait = Math.max(wait, new Date(row.notBefore).getTime() - now.getTime());
    }
    return Math.max(0, wait);
  }

  /** Count a failure for the account and the address; one transaction, so concurrent processes add up. */
  fail(keys: ThrottleKeys, now: Date): void {
    inTransaction(this.db, () => {
      const forgetBefore = new Date(now.getTime() - FORGET_AFTER_MS).toISOString();
      this.db.delete(loginThrottle).where(lt(loginThrottle.lastFailureAt, forgetBefore)).run();
      for (const { key, cap } of this.keys(keys)) {
        const row = this.db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
        const failures = (row?.failures ?? 0) + 1;
        const delay = delayAfter(failures, cap);
        const values = {
          failures,
          lastFailureAt: now.toISOString(),
          notBefore: delay > 0 ? new Date(now.getTime() + delay).toISOString() : null,
        };
        this.db
          .insert(loginThrottle)
          .values({ key, ...values })
          .onConflictDoUpdate({ target: loginThrottle.key, set: values })
          .run();
      }
    });
  }

  /** A successful sign-in clears the account's counter (not the address's: one's own account must not reset it). */
  succeed(keys: ThrottleKeys): void {
    this.db
      .delete(loginThrottle)
      .where(eq(loginThrottle.key, hashed('account', keys.account)))
      .run();
  }
}
