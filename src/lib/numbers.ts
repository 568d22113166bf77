// Numbers as people type them, read in their own locale: Danish "2.800" is two thousand eight
// hundred, English "2.800" is not a thing anyone means. What could be read two ways is refused,
// never guessed; the message shows how to write it.
import { INTL_LOCALE, type Locale } from '../i18n/index.js';

export interface NumberSeparators {
  group: string;
  decimal: string;
}

const separatorCache = new Map<Locale, NumberSeparators>();

/** The locale's own grouping and decimal characters, learnt from Intl. */
export function separators(locale: Locale): NumberSeparators {
  let found = separatorCache.get(locale);
  if (!found) {
    const parts = new Intl.NumberFormat(INTL_LOCALE[locale]).formatToParts(12345.6);
    found = {
      group: parts.find((p) => p.type === 'group')?.value ?? ',',
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    };
    separatorCache.set(locale, found);
  }
  return found;
}

export type ParsedNumber = { ok: true; value: number; decimals: number } | { ok: false; reason: 'invalid' | 'ambiguous' };

const SPACES = /[\s\u00a0\u202f]/g;
// A pasted amount often carries its currency: "2.800 kr.", "DKK 1.500", "€ 40".
const CURRENCY = /^(?:kr\.?|dkk|nok|sek|eur|gbp|usd|€|\$|£)\s*|\s*(?:kr\.?|dkk|nok|sek|eur|gbp|usd|€|\$|£|,-|,–)$/i;

/**
 * Read a number typed in `locale`. Groups must be whole (1.500.000, 1 500 000); a group character
 * where the decimal belongs, or a decimal with exactly three digits after it ("1,500" in Danish,
 * "1.500" in English) is ambiguous: people from the other convention mean a thousand.
 */
export function parseLocaleNumber(input: string, locale: Locale): ParsedNumber {
  const { group, decimal } = separators(locale);
  const spaceGroups = /\s/.test(group);
  let s = input.trim().replace(CURRENCY, '').trim();
  if (s === '') return { ok: false, reason: 'invalid' };
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('\u2212')) {
    sign = -1;
    s = s.slice(1).trim();
  }
  if (spaceGroups) s = s.replace(SPACES, ' ');
  else if (/[\s\u00a0\u202f]/.test(s)) return { ok: false, reason: 'invalid' };

  const otherMark = decimal === ',' ? '.' : ',';
  const groupMark = spaceGroups ? ' ' : group;
  const pattern = new RegExp(`^[\\d${escape(decimal)}${escape(groupMark)}${escape(otherMark)}]+$`);
  if (!pattern.test(s)) return { ok: false, reason: 'invalid' };

  // The other convention's decimal mark ("1.500" in nb/sv, "2.80" in Danish where '.' groups
  // only in threes) is read by someone as a decimal and by someone else as a thousand.
  if (otherMark !== groupMark && s.includes(otherMark)) return { ok: false, reason: 'ambiguous' };

  const [intPart = '', fraction, extra] = s.split(decimal);
  if (extra !== undefined || intPart === '' || (fraction !== undefined && !/^\d+$/.test(fraction))) {
    return { ok: false, reason: groupsLookLikeDecimal(s, groupMark) ? 'ambiguous' : 'invalid' };
  }
  if (intPart.includes(groupMark)) {
    if (!new RegExp(`^\\d{1,3}(${escape(groupMark)}\\d{3})+$`).test(intPart)) {
      return { ok: false, reason: groupsLookLikeDecimal(intPart, groupMark) ? 'ambiguous' : 'invalid' };
    }
  } else if (!/^\d+$/.test(intPart)) {
    return { ok: false, reason: 'invalid' };
  }
  // "1,500" in Danish: a decimal with exactly three digits on a short integer reads as a thousand
  // to anyone used to the other convention.
  if (fraction !== undefined && fraction.length === 3 && !intPart.includes(groupMark) && intPart.length <= 3) {
    return { ok: false, reason: 'ambiguous' };
  }
  const digits = intPart.split(groupMark).join('');
  const value = sign * Number(fraction === undefined ? digits : `${digits}.${fraction}`);
  return Number.isFinite(value) ? { ok: true, value, decimals: fraction?.length ?? 0 } : { ok: false, reason: 'invalid' };
}

/** A group mark followed by one or two digits: "2.80" typed with the other habit. */
function groupsLookLikeDecimal(s: string, groupMark: string): boolean {
  return new RegExp(`${escape(groupMark)}\\d{1,2}$`).test(s);
}

function escape(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

const exampleFormats = new Map<string, Intl.NumberFormat>();

/** How to write 1500.50 in this locale, with and without grouping: "1.500,50 or 1500,50". */
export function numberExamples(locale: Locale): { grouped: string; plain: string } {
  const cached = (grouping: boolean) => {
    const k = `${locale}:${grouping}`;
    let f = exampleFormats.get(k);
    if (!f) exampleFormats.set(k, (f = new Intl.NumberFormat(INTL_LOCALE[locale], { minimumFractionDigits: 2, useGrouping: grouping })));
    return f;
  };
  return { grouped: cached(true).format(1500.5), plain: cached(false).format(1500.5) };
}

/** A stored amount in minor units as the user would type it back: 280000 -> "2800" or "2800,50". */
export function moneyInputValue(minor: number | null | undefined, locale: Locale): string {
  if (typeof minor !== 'number') return '';
  const major = minor / 100;
  const text = Number.isInteger(major) ? String(major) : major.toFixed(2);
  return text.replace('.', separators(locale).decimal);
}
