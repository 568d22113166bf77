// Rules about contacts: when two people are probably the same one, and how a merge combines them.
import { foldText } from '../search/fold.js';

/** A name compared without case, diacritics, punctuation or extra spaces. */
export function normaliseName(name: string): string {
  return foldText(name)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Levenshtein distance, with an early exit once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Very similar names: equal once normalised (Søren Ørsted = Soeren Oersted), the same words in
 * another order, or a small typo (one edit in short names, two in longer ones).
 */
export function isSimilarName(a: string, b: string): boolean {
  const x = normaliseName(a);
  const y = normaliseName(b);
  if (!x || !y) return false;
  if (x === y) return true;
  const sorted = (s: string) => s.split(' ').sort().join(' ');
  if (sorted(x) === sorted(y)) return true;
  const allowed = Math.min(x.length, y.length) >= 10 ? 2 : 1;
  return editDistance(x, y, allowed) <= allowed;
}

export interface MergeableContact {
  title: string;
  email: string;
  phone: string;
  preferredLanguage: string;
  notes: string;
  lawfulBasis: string;
}

const MERGED_FIELDS = ['title', 'email', 'phone', 'preferredLanguage', 'lawfulBasis'] as const;
export type MergedField = (typeof MERGED_FIELDS)[number];

/**
 * The kept contact after absorbing the other: empty fields are filled from the other, notes are
 * joined. Nothing the other held is dropped: values that differ and cannot both fit a field go
 * into the notes.
 */
export function mergedFields(
  keep: MergeableContact,
  other: MergeableContact,
  otherName: string,
  /** The field's name as the notes should say it (the organisation's language). */
  label: (field: MergedField) => string,
): MergeableContact {
  const result = { ...keep };
  const extra: string[] = [];
  for (const field of MERGED_FIELDS) {
    if (!result[field]) result[field] = other[field];
    else if (other[field] && other[field] !== result[field]) extra.push(`${label(field)}: ${other[field]}`);
  }
  const notes = [keep.notes, other.notes].filter((n) => n.trim() !== '');
  if (notes.length === 2 && notes[0] === notes[1]) notes.pop();
  if (extra.length > 0) notes.push(`[${otherName}] ${extra.join('; ')}`);
  result.notes = notes.join('\n\n');
  return result;
}
