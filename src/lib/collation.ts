// Names sorted the way the organisation's language sorts them: in Danish Å comes last and Aarhus
// sorts as Århus; in Swedish Ö and Ø come after Z; everywhere İzmir stands under I. SQLite has no
// locale collation and better-sqlite3 cannot register one, so a sort key is built from
// Intl.Collator's own order and registered as the SQL function sort_key(text, locale).
import type { Locale } from '../i18n/index.js';
import { INTL_LOCALE, isLocale } from '../i18n/index.js';

interface KeyTable {
  rank: Map<string, number>;
  /** Letter pairs the language sorts as one letter (Danish and Norwegian "aa" = "å"). */
  contractions: [RegExp, string][];
  expansions: Map<string, string>;
}

const tables = new Map<Locale, KeyTable>();

/** Every letter a European place name is likely to hold, lower case. */
function alphabet(): string[] {
  const chars = new Set<string>();
  for (let c = 0x61; c <= 0x7a; c++) chars.add(String.fromCharCode(c));
  for (let c = 0x30; c <= 0x39; c++) chars.add(String.fromCharCode(c));
  for (let c = 0xc0; c <= 0x24f; c++) {
    const ch = String.fromCharCode(c).toLowerCase();
    if (/\p{L}/u.test(ch) && ch.length === 1) chars.add(ch);
  }
  return [...chars];
}

function tableFor(locale: Locale): KeyTable {
  let table = tables.get(locale);
  if (table) return table;
  const collator = new Intl.Collator(INTL_LOCALE[locale], { sensitivity: 'base' });
  const sorted = alphabet().sort(collator.compare);
  const rank = new Map<string, number>();
  let current = 0;
  sorted.forEach((ch, i) => {
    if (i > 0 && collator.compare(sorted[i - 1]!, ch) !== 0) current += 1;
    rank.set(ch, current + 2); // 0 and 1 are kept for the end and for spaces and punctuation
  });
  const contractions: [RegExp, string][] = locale === 'da' || locale === 'nb' ? [[/aa/g, 'å']] : [];
  // Letters the language reads as two (English Æ as "ae", ß as "ss") are spelt out before ranking.
  const expansions = new Map<string, string>();
  const basic = 'abcdefghijklmnopqrstuvwxyz';
  for (const ch of sorted) {
    if ([...basic].some((b) => collator.compare(ch, b) === 0) || contractions.some(([, letter]) => letter === ch)) continue;
    for (const a of basic) {
      for (const b of basic) {
        if (!expansions.has(ch) && collator.compare(ch, a + b) === 0) expansions.set(ch, a + b);
      }
    }
  }
  tables.set(locale, (table = { rank, contractions, expansions }));
  return table;
}

/**
 * A string whose binary order is the locale's alphabetical order (case and accents ignored where
 * the language ignores them). Sort by it, then by the name itself to keep ties stable.
 */
export function sortKey(text: string, locale: Locale): string {
  // A name sort calls this once per row on every request; the same names come back each time.
  const cache = keyCache(locale);
  let key = cache.get(text);
  if (key === undefined) {
    if (cache.size >= KEY_CACHE_SIZE) cache.clear();
    key = computeSortKey(text, locale);
    cache.set(text, key);
  }
  return key;
}

/** Keys kept per locale: about the names of a large portfolio (partners, contacts, partnerships), a few MB. */
const KEY_CACHE_SIZE = 100_000;
const keyCaches = new Map<Locale, Map<string, string>>();
function keyCache(locale: Locale): Map<string, string> {
  let cache = keyCaches.get(locale);
  if (!cache) keyCaches.set(locale, (cache = new Map()));
  return cache;
}

function computeSortKey(text: string, locale: Locale): string {
  const { rank, contractions, expansions } = tableFor(locale);
  let s = text.toLowerCase();
  for (const [pattern, letter] of contractions) s = s.replace(pattern, letter);
  if (expansions.size > 0) s = [...s].map((ch) => expansions.get(ch) ?? ch).join('');
  let key = '';
  for (const ch of s) {
    let r = rank.get(ch);
    if (r === undefined) {
      // Letters outside the table (İ lowers to i + a combining dot): their base letter, marks dropped.
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      if (base === '') continue;
      r = rank.get(base);
    }
    // Spaces and punctuation sort before every letter and digit, as in Intl.Collator.
    key += String.fromCharCode(0x20 + (r ?? 1));
  }
  return key;
}

/** Register sort_key(text, locale) on a connection; deterministic, so SQLite may cache it. */
export function registerSortKey(sqlite: {
  function: (name: string, options: { deterministic: boolean }, fn: (...args: unknown[]) => unknown) => unknown;
}): void {
  sqlite.function('sort_key', { deterministic: true }, (text, locale) =>
    typeof text === 'string' ? sortKey(text, isLocale(locale) ? locale : 'en') : text,
  );
}
