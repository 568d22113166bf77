// Folding and quoting for full-text search. The index (db/migrations/0002_search.sql) folds
// å->aa, æ->ae, ø->oe in SQL; queries are folded the same way here, so "århus", "aarhus" and
// "arhus" meet, and the tokenizer removes the remaining diacritics (ö, ó, é ...).
const SPELLED_OUT: [RegExp, string][] = [
  [/ß/g, 'ss'],
  [/þ/g, 'th'],
  [/ð/g, 'd'],
];
const FULL: [RegExp, string][] = [[/å/g, 'aa'], [/æ/g, 'ae'], [/ø/g, 'oe'], ...SPELLED_OUT];
const LIGHT: [RegExp, string][] = [[/æ/g, 'ae'], [/ø/g, 'o'], ...SPELLED_OUT];

/** Lower-case, the letters of `spelled` replaced, then every other diacritic removed. */
function fold(s: string, spelled: [RegExp, string][]): string {
  let out = s.toLowerCase();
  for (const [re, to] of spelled) out = out.replace(re, to);
  return out
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');
}

/** Lower-case, Nordic letters spelled out (å->aa, ø->oe), other diacritics removed. */
export function foldText(s: string): string {
  return fold(s, FULL);
}

/** The lighter fold the index also holds: ø->o, å->a. */
export function foldLight(s: string): string {
  return fold(s, LIGHT);
}

/** The words of a query, folded; punctuation and FTS syntax characters are dropped. */
export function searchTokens(q: string): string[] {
  return searchWords(q).map(([full]) => full!);
}

/**
 * The words of a query, each in the folds the index holds: the full fold and, where it differs, the
 * light one, so a Danish "østersund" (full: oestersund) also finds the Swedish Östersund (ostersund).
 */
export function searchWords(q: string): string[][] {
  return q
    .slice(0, 500)
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .map((w) => [...new Set([foldText(w), foldLight(w)])].map((f) => f.replace(/[^\p{L}\p{N}]+/gu, '').slice(0, 60)).filter((f) => f))
    .filter((folds) => folds.length > 0)
    .slice(0, 8);
}

/** One word of an FTS5 expression: its folds as quoted prefixes, any of them. */
function ftsWord(folds: string[]): string {
  const terms = [...new Set(folds)].map((t) => `"${t.replace(/"/g, '""')}"*`);
  return terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`;
}

/**
 * An FTS5 MATCH expression: every word must occur, each as a prefix ("word"*) in any of its folds, each
 * quoted so no character the user typed can be read as FTS syntax. null when nothing searchable is left.
 */
export function ftsQuery(q: string): string | null {
  const words = searchWords(q);
  if (words.length === 0) return null;
  return words.map(ftsWord).join(' AND '); // FTS5 reads no implicit AND after a parenthesised group
}

/** The same, for one column of the index (e.g. the name column of partners). */
export function ftsColumnQuery(column: string, q: string): string | null {
  const match = ftsQuery(q);
  return match ? `${column} : (${match})` : null;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * HTML of text with the words that match a query token (as a prefix, folded) in <mark>.
 * Each piece is escaped first and only then wrapped, so the text cannot inject markup.
 */
export function highlight(text: string, tokens: readonly string[]): string {
  if (tokens.length === 0) return escapeHtml(text);
  const parts = text.split(/([\p{L}\p{N}]+)/u);
  return parts
    .map((part, i) => {
      const escaped = escapeHtml(part);
      if (i % 2 === 0) return escaped; // separators
      const full = foldText(part);
      const light = foldLight(part);
      return tokens.some((t) => full.startsWith(t) || light.startsWith(t)) ? `<mark>${escaped}</mark>` : escaped;
    })
    .join('');
}

/** A short excerpt of a long text around its first match, for result lists. */
export function excerpt(text: string, tokens: readonly string[], length = 160): string {
  if (text.length <= length) return text;
  const words = text.split(/(?=[^\p{L}\p{N}])/u);
  let at = 0;
  let pos = 0;
  for (const w of words) {
    const f = foldText(w.replace(/^[^\p{L}\p{N}]+/u, ''));
    if (tokens.some((t) => f.startsWith(t))) {
      at = pos;
      break;
    }
    pos += w.length;
  }
  const start = Math.max(0, at - Math.floor(length / 3));
  const end = Math.min(text.length, start + length);
  return (start > 0 ? '…' : '') + text.slice(start, end).trim() + (end < text.length ? '…' : '');
}
