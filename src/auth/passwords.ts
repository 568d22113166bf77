// Password rules (ASVS level 2): argon2id, at least 12 characters, not a common password,
// no composition rules.
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id; the enum is const and cannot be imported under verbatimModuleSyntax.
const ARGON2ID = 2;

export const MIN_PASSWORD_LENGTH = 12;

// A short list of passwords that are long enough yet among the most used (from public breach lists).
const COMMON = new Set([
  '123456789012', '1234567890123', 'qwertyuiopas', 'qwerty123456', 'password1234', 'password12345',
  'passwordpassword', '111111111111', '000000000000', 'iloveyou1234', 'abc123456789', 'qwertyqwerty',
  'administrator', 'adminadmin123', 'letmein12345', 'welcome12345', 'football1234', 'baseball1234',
  'sommer2024!!', 'sommar123456', 'passord12345', 'kodeord12345', 'lösenord1234', 'changeme1234',
  'trustno1trustno1', '1q2w3e4r5t6y', 'zaq12wsxcde3', 'asdfghjkl123', 'monkey123456', 'dragon123456',
]);

/** A catalog key when the password is not acceptable, null when it is. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return 'auth.password.tooShort';
  if (password.length > 256) return 'auth.password.tooLong';
  if (COMMON.has(password.toLowerCase())) return 'auth.password.common';
  return null;
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
