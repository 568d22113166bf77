// The private calendar-feed token: 256 random bits, shown to its owner once; only its sha256 is kept.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newFeedToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two sha256 hex digests. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}

/** Only what a generated token can look like: anything else is refused before the database is asked. */
export function looksLikeFeedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
