// Translation and locale formatting. Every string a user reads goes through t(); catalogs live
// in ./catalogs/<area>.ts, one per feature, merged here.
import { DateTime } from 'luxon';
import { catalogs, type MessageKey } from './catalogs/index.js';

export type { MessageKey };
/**
 * A literal key must be one of the English catalog's keys, so a typo fails the type check; a key
 * built at run time ('partners.kind.' + kind) is a plain string and is checked by the catalog tests.
 */
export type CheckedKey<K extends string> = string extends K ? K : K extends MessageKey ? K : `unknown catalog key: ${K}`;

export const LOCALES = ['en', 'da', 'nb', 'sv'] as const;
export type Locale = (typeof LOCALES)[number];
export type Messages = Record<string, string>;
export type Catalog = Record<Locale, Messages>;

/** BCP 47 tags for Intl and luxon: the language with its home region. */
export const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', da: 'da-DK', nb: 'nb-NO', sv: 'sv-SE' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** All catalogs merged per locale. A key defined twice is a bug: the catalog test finds it. */
export const messages: Record<Locale, Messages> = Object.fromEntries(
  LOCALES.map((l) => [l, Object.assign({}, ...catalogs.map((c) => c[l]))]),
) as Record<Locale, Messages>;

export type Params = Record<string, string | number>;

export function translate(locale: Locale, key: string, params?: Params): string {
  const template = messages[locale][key] ?? messages.en[key];
  if (template === undefined) return key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export interface I18n {
  locale: Locale;
  intlLocale: string;
  timeZone: string;
  currency: string;
  /** Translate a key, filling {name} placeholders. A key written out literally must exist in English. */
  t<K extends string>(key: K & CheckedKey<K>, params?: Params): string;
  /** Pick `key.one` or `key.other` by the count (Intl plural rules); {count} is filled in. */
  tn(key: string, count: number, params?: Params): string;
  /** A calendar date 'YYYY-MM-DD' (no zone shift), e.g. "14 Mar 2025". */
  date(isoDate: string | null | undefined): string;
  /** A long calendar date, e.g. "14 March 2025". */
  dateLong(isoDate: string | null | undefined): string;
  /** An instant (ISO with Z) shown in the user's time zone, e.g. "14 Mar 2025, 09:30". */
  dateTime(isoInstant: string | null | undefined): string;
  number(n: number, fractionDigits?: number): string;
  /** Money from integer minor units, e.g. "DKK 212,000" in the locale's style. */
  money(minor: number | null | undefined, currency?: string): string;
  /** Money with all its decimals, as a ledger shows it: "2.800,00 kr.". */
  amount(minor: number | null | undefined, currency?: string): string;
  country(code: string | null | undefined): string;
}

const pluralRules = new Map<string, Intl.PluralRules>();

// Intl objects cost tens of microseconds to build: one per locale and options, for the process.
const numberFormats = new Map<string, Intl.NumberFormat>();
/** A formatter per locale and the few options this file uses (style, currency, fraction digits). */
function numberFormat(
  intlLocale: string,
  options: Pick<Intl.NumberFormatOptions, 'style' | 'currency' | 'minimumFractionDigits' | 'maximumFractionDigits'>,
): Intl.NumberFormat {
  // Built by hand: a page formats hundreds of amounts, and JSON.stringify showed in its profile.
  const k = `${intlLocale}|${options.style ?? ''}|${options.currency ?? ''}|${options.minimumFractionDigits ?? ''}|${options.maximumFractionDigits ?? ''}`;
  let f = numberFormats.get(k);
  if (!f) numberFormats.set(k, (f = new Intl.NumberFormat(intlLocale, options)));
  return f;
}
const regionNameCache = new Map<string, Intl.DisplayNames>();
const countryNames = new Map<string, Map<string, string>>();

// A list page formats dozens of dates, and luxon takes tens of microseconds for each: a calendar date
// (no time, no zone) reads the same every time in a locale, so it is formatted once.
const calendarDates = new Map<string, string>();
function calendarDate(intlLocale: string, isoDate: string, format: Intl.DateTimeFormatOptions): string {
  const k = `${intlLocale}|${format === DateTime.DATE_MED ? 'm' : 'f'}|${isoDate}`;
  let text = calendarDates.get(k);
  if (text === undefined) {
    const d = DateTime.fromISO(isoDate, { zone: 'utc' });
    text = d.isValid ? d.setLocale(intlLocale).toLocaleString(format) : isoDate;
    if (calendarDates.size >= 20_000) calendarDates.clear();
    calendarDates.set(k, text);
  }
  return text;
}
function displayNames(intlLocale: string): Intl.DisplayNames {
  let d = regionNameCache.get(intlLocale);
  if (!d) regionNameCache.set(intlLocale, (d = new Intl.DisplayNames([intlLocale], { type: 'region' })));
  return d;
}
const digitsOfCurrency = new Map<string, number>();
function currencyDigits(currency: string): number {
  let digits = digitsOfCurrency.get(currency);
  if (digits === undefined) {
    digits = numberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsOfCurrency.set(currency, digits);
  }
  return digits;
}

export function createI18n(locale: Locale, timeZone: string, currency: string): I18n {
  const intlLocale = INTL_LOCALE[locale];
  const t = (key: string, params?: Params) => translate(locale, key, params);
  return {
    locale,
    intlLocale,
    timeZone,
    currency,
    t,
    tn(key, count, params) {
      let rules = pluralRules.get(intlLocale);
      if (!rules) pluralRules.set(intlLocale, (rules = new Intl.PluralRules(intlLocale)));
      const form = rules.select(count) === 'one' ? 'one' : 'other';
      return t(`${key}.${form}`, { count: numberFormat(intlLocale, {}).format(count), ...params });
    },
    date(isoDate) {
      if (!isoDate) return '';
      return calendarDate(intlLocale, isoDate, DateTime.DATE_MED);
    },
    dateLong(isoDate) {
      if (!isoDate) return '';
      return calendarDate(intlLocale, isoDate, DateTime.DATE_FULL);
    },
    dateTime(isoInstant) {
      if (!isoInstant) return '';
      const d = DateTime.fromISO(isoInstant, { zone: 'utc' });
      return d.isValid ? d.setZone(timeZone).setLocale(intlLocale).toLocaleString(DateTime.DATETIME_MED) : isoInstant;
    },
    number(n, fractionDigits) {
      return numberFormat(
        intlLocale,
        fractionDigits === undefined ? {} : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits },
      ).format(n);
    },
    money(minor, cur = currency) {
      if (minor === null || minor === undefined) return '';
      const digits = currencyDigits(cur);
      const whole = minor / 10 ** digits;
      const fraction = Number.isInteger(whole) ? 0 : digits;
      return numberFormat(intlLocale, {
        style: 'currency',
        currency: cur,
        minimumFractionDigits: fraction,
        maximumFractionDigits: fraction,
      }).format(whole);
    },
    amount(minor, cur = currency) {
      if (minor === null || minor === undefined) return '';
      const digits = currencyDigits(cur);
      return numberFormat(intlLocale, {
        style: 'currency',
        currency: cur,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(minor / 10 ** digits);
    },
    country(code) {
      if (!code) return '';
      // A country filter names every country on every page: look each name up once per locale.
      const names = countryNames.get(intlLocale) ?? countryNames.set(intlLocale, new Map()).get(intlLocale)!;
      let name = names.get(code);
      if (name === undefined) {
        try {
          name = displayNames(intlLocale).of(code.toUpperCase()) ?? code;
        } catch {
          name = code;
        }
        if (names.size < 1000) names.set(code, name);
      }
      return name;
    },
  };
}

/** ISO 3166-1 alpha-2 codes that Intl knows a name for: the valid country values. */
export const COUNTRY_CODES: readonly string[] = (() => {
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const codes: string[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      // Skip user-assigned and exceptionally reserved codes that are not countries.
      if (/^(AA|Q[M-Z]|X[A-JL-Z]|ZZ|EU|EZ|UN|UK|AC|CP|CQ|DG|EA|IC|TA)$/.test(code)) continue;
      // Withdrawn codes that Intl still names after their successor (BU Burma -> MM, DD -> DE, SU -> RU):
      // listing them would show those countries twice.
      if (/^(AN|BU|CS|DD|DY|FX|HV|NH|RH|SU|TP|VD|YD|YU|ZR)$/.test(code)) continue;
      if (names.of(code)) codes.push(code);
    }
  }
  return codes;
})();

export function isCountryCode(code: string): boolean {
  return COUNTRY_CODES.includes(code.toUpperCase());
}

const collators = new Map<string, Intl.Collator>();

/** Countries (all, or the given codes) sorted by their name in the locale, for select boxes and filters. */
export function countryOptions(i18n: I18n, codes: readonly string[] = COUNTRY_CODES): { code: string; name: string }[] {
  let collator = collators.get(i18n.intlLocale);
  if (!collator) collators.set(i18n.intlLocale, (collator = new Intl.Collator(i18n.intlLocale)));
  return codes.map((code) => ({ code, name: i18n.country(code) })).sort((a, b) => collator.compare(a.name, b.name));
}
