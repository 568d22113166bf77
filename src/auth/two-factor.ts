// Two-factor sign-in: TOTP (RFC 6238: SHA-1, 6 digits, 30 s, one step of clock drift either way)
// and ten single-use recovery codes, of which only a sha256 is kept. A code's time step is remembered,
// so a code seen over someone's shoulder cannot be used a second time.
import { createHash, randomInt } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { recoveryCodes, users } from '../db/schema.js';
import type { Role } from '../plugins/access.js';

export const PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;
/** How long the second step may follow a correct password. */
export const PENDING_MS = 5 * 60_000;

export type TwoFactorPolicy = 'none' | 'admins' | 'all';

/** Whether the organisation's policy requires two-factor sign-in of someone with this role. */
export function twoFactorRequired(policy: TwoFactorPolicy | null | undefined, role: Role): boolean {
  return policy === 'all' || (policy === 'admins' && role === 'admin');
}

export function newSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = '', issuer = 'Partnerships'): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}

/** The current code for a secret (tests and the enrolment check use it). */
export function codeAt(secret: string, at: Date): string {
  return totp(secret).generate({ timestamp: at.getTime() });
}

/** The time step a code matches (now, or one step either side), or null. */
export function matchingStep(secret: string, code: string, at: Date): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secret).validate({ token, timestamp: at.getTime(), window: 1 });
  return delta === null ? null : Math.floor(at.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

/** The otpauth:// link and a QR code of it as SVG markup (rendered here: no script, no external service). */
export async function enrolment(secret: string, account: string, issuer: string): Promise<{ uri: string; svg: string }> {
  const uri = totp(secret, account, issuer).toString();
  // The QR code library loads with the first enrolment, not at start-up.
  const { default: QRCode } = await import('qrcode');
  const svg = (await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })).replace(
    '<svg ',
    '<svg width="200" height="200" aria-hidden="true" focusable="false" ',
  );
  return { uri, svg };
}

// ---------------------------------------------------------------- recovery codes

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i

export function hashRecoveryCode(code: string): string {
  return createHash('sha256')
    .update(code.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .digest('hex');
}

function newRecoveryCode(): string {
  const pick = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${pick()}-${pick()}`;
}

/** Replace the user's recovery codes with new ones; returns them in clear, to be shown once. */
export function issueRecoveryCodes(db: Db, userId: number): string[] {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  for (const code of codes)
    db.insert(recoveryCodes)
      .values({ userId, codeHash: hashRecoveryCode(code) })
      .run();
  return codes;
}

export function unusedRecoveryCodes(db: Db, userId: number): number {
  return db
    .select({ id: recoveryCodes.id })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
    .all().length;
}

// ---------------------------------------------------------------- enrol, verify, disable

/** Turn two-factor on with a secret the user has proven by a code; returns the recovery codes. */
export function enableTwoFactor(db: Db, userId: number, secret: string, step: number): string[] {
  return inTransaction(db, () => {
    db.update(users).set({ totpSecret: secret, totpLastStep: step }).where(eq(users.id, userId)).run();
    return issueRecoveryCodes(db, userId);
  });
}

export function disableTwoFactor(db: Db, userId: number): void {
  inTransaction(db, () => {
    db.update(users).set({ totpSecret: null, totpLastStep: null }).where(eq(users.id, userId)).run();
    db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  });
}

export type SecondFactor = { ok: true; method: 'totp' | 'recovery_code' } | { ok: false };

/**
 * Check the second step: a current TOTP code not used before, or an unused recovery code (used up
 * by this). One immediate transaction, so two requests cannot both use the same code.
 */
export function verifySecondFactor(db: Db, userId: number, input: string, now: Date): SecondFactor {
  return inTransaction(db, () => {
    const user = db.select({ secret: users.totpSecret, lastStep: users.totpLastStep }).from(users).where(eq(users.id, userId)).get();
    if (!user?.secret) return { ok: false } as const;
    const step = matchingStep(user.secret, input, now);
    if (step !== null) {
      if (user.lastStep !== null && step <= user.lastStep) return { ok: false } as const;
      db.update(users).set({ totpLastStep: step }).where(eq(users.id, userId)).run();
      return { ok: true, method: 'totp' } as const;
    }
    const cleaned = input.trim();
    if (cleaned.length < 10) return { ok: false } as const;
    const used = db
      .update(recoveryCodes)
      .set({ usedAt: now.toISOString() })
      .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(cleaned)), isNull(recoveryCodes.usedAt)))
      .run();
    return used.changes === 1 ? ({ ok: true, method: 'recovery_code' } as const) : ({ ok: false } as const);
  });
}
