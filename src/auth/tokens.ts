// One-time password links (invitations and resets): 32 random bytes in the link, only their
// sha256 in the database, valid for 7 days, used once. A new link voids the older ones.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { passwordTokens } from '../db/schema.js';

export const TOKEN_DAYS = 7;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Issue a link token for the user; call inside the transaction that records it. */
export function issuePasswordToken(db: Db, userId: number, purpose: 'invite' | 'reset', now: Date): string {
  const token = randomBytes(32).toString('base64url');
  db.update(passwordTokens)
    .set({ usedAt: now.toISOString() })
    .where(and(eq(passwordTokens.userId, userId), isNull(passwordTokens.usedAt)))
    .run();
  db.insert(passwordTokens)
    .values({
      userId,
      purpose,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + TOKEN_DAYS * 86_400_000).toISOString(),
    })
    .run();
  return token;
}

export type TokenState =
  { ok: true; id: number; userId: number; purpose: 'invite' | 'reset' } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

export function checkPasswordToken(db: Db, token: string, now: Date): TokenState {
  if (!/^[\w-]{20,100}$/.test(token)) return { ok: false, reason: 'unknown' };
  const row = db
    .select()
    .from(passwordTokens)
    .where(eq(passwordTokens.tokenHash, hashToken(token)))
    .get();
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.usedAt) return { ok: false, reason: 'used' };
  if (row.expiresAt <= now.toISOString()) return { ok: false, reason: 'expired' };
  return { ok: true, id: row.id, userId: row.userId, purpose: row.purpose };
}

export function markTokenUsed(db: Db, id: number, now: Date): void {
  db.update(passwordTokens).set({ usedAt: now.toISOString() }).where(eq(passwordTokens.id, id)).run();
}
