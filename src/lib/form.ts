// One place for form validation: zod field builders whose messages are catalog keys, and
// parseForm(), which turns a posted body into typed data or per-field messages for a 422.
import { z } from 'zod';
import { DateTime } from 'luxon';
import type { I18n, Locale } from '../i18n/index.js';
import { numberExamples, parseLocaleNumber } from './numbers.js';
import { isCountryCode } from '../i18n/index.js';

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, unknown>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: FormValues };

/** Validate a posted body. On failure the messages are translated and keyed by field name. */
export function parseForm<S extends z.ZodType>(schema: S | ((locale: Locale) => S), body: unknown, i18n: I18n): FormResult<z.output<S>> {
  const values = (body && typeof body === 'object' ? body : {}) as FormValues;
  const resolved = typeof schema === 'function' ? schema(i18n.locale) : schema;
  const result = resolved.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '_form';
    if (errors[field]) continue;
    errors[field] = messageFor(issue, i18n);
  }
  return { ok: false, errors, values };
}

/** Numbers in a message ("between 0 and 1000000000") are written the reader's way. */
function localised(params: Record<string, string | number>, i18n: I18n): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'number' ? i18n.number(v) : v]));
}

function messageFor(issue: z.core.$ZodIssue, i18n: I18n): string {
  const msg = issue.message;
  // Our builders put catalog keys (optionally "key|{json params}") in the message.
  if (/^[a-z][\w]*\.[\w.]+(\|.*)?$/.test(msg)) {
    const [key, json] = msg.split('|', 2) as [string, string | undefined];
    return i18n.t(key, json ? localised(JSON.parse(json) as Record<string, string | number>, i18n) : undefined);
  }
  switch (issue.code) {
    case 'too_big':
      return i18n.t('validation.tooLong', { max: i18n.number(Number(issue.maximum)) });
    case 'invalid_value':
      return i18n.t('validation.invalidChoice');
    case 'invalid_type':
      return issue.input === undefined ? i18n.t('validation.required') : i18n.t('validation.invalidChoice');
    default:
      return i18n.t('validation.required');
  }
}

/** A message with parameters, for a builder: key('validation.tooLong', { max: 200 }). */
export function key(k: string, params?: Record<string, string | number>): string {
  return params ? `${k}|${JSON.stringify(params)}` : k;
}

// ---- field builders. Browsers post '' for empty inputs; these treat '' as "not given".

const trimmed = z.preprocess((v) => (typeof v === 'string' ? v.trim() : (v ?? '')), z.string());

/** Free text, may be empty. */
export const text = (max = 2000) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : (v ?? '')), z.string().max(max, key('validation.tooLong', { max })));

/** Text that must be given. */
export const requiredText = (max = 200) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : (v ?? '')),
    z.string().min(1, key('validation.required')).max(max, key('validation.tooLong', { max })),
  );

export function isIsoDate(v: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && DateTime.fromISO(v).isValid;
}

/** A calendar date YYYY-MM-DD that must be given and exist (no 2025-02-30). */
export const requiredDate = () =>
  trimmed.pipe(z.string().min(1, key('validation.required')).refine(isIsoDate, key('validation.invalidDate')));

/** A calendar date or null when left empty. */
export const optionalDate = () =>
  trimmed.pipe(z.string().refine((v) => v === '' || isIsoDate(v), key('validation.invalidDate'))).transform((v) => (v === '' ? null : v));

/** HH:MM or null. */
export const optionalTime = () =>
  trimmed
    .pipe(z.string().refine((v) => v === '' || /^([01]\d|2[0-3]):[0-5]\d$/.test(v), key('validation.invalidChoice')))
    .transform((v) => (v === '' ? null : v));

/** One of the given values. */
export const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.enum(values, { error: key('validation.invalidChoice') }));

/** One of the given values, or null when left empty. */
export const optionalChoice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? null : typeof v === 'string' ? v.trim() : v),
    z.enum(values, { error: key('validation.invalidChoice') }).nullable(),
  );

/** A whole number within bounds, required. */
export const integer = (min: number, max: number) =>
  trimmed.pipe(
    z
      .string()
      .min(1, key('validation.required'))
      .regex(/^-?\d+$/, key('validation.invalidNumber'))
      .transform(Number)
      .pipe(z.number().min(min, key('validation.outOfRange', { min, max })).max(max, key('validation.outOfRange', { min, max }))),
  );

/**
 * A number typed in the user's locale (see lib/numbers.ts), with at most `maxDecimals` decimals,
 * within [min, max]; null when left empty. What is ambiguous in that locale is refused with an
 * example of how to write it there.
 */
export const optionalLocaleNumber = (locale: Locale, options: { min: number; max: number; maxDecimals: number; minExclusive?: boolean }) =>
  trimmed.transform((v, ctx) => {
    if (v === '') return null;
    const parsed = parseLocaleNumber(v, locale);
    if (!parsed.ok || parsed.decimals > options.maxDecimals) {
      const { grouped, plain } = numberExamples(locale);
      const reason = parsed.ok ? 'invalid' : parsed.reason;
      ctx.addIssue({
        code: 'custom',
        message: key(reason === 'ambiguous' ? 'validation.ambiguousNumber' : 'validation.numberFormat', { grouped, plain }),
      });
      return z.NEVER;
    }
    const { min, max } = options;
    if (parsed.value > max || parsed.value < min || (options.minExclusive && parsed.value === min)) {
      ctx.addIssue({ code: 'custom', message: key('validation.outOfRange', { min, max }) });
      return z.NEVER;
    }
    return parsed.value;
  });

/** An amount of money typed by a user in their locale, as integer minor units, or null when empty. */
export const optionalMoney = (locale: Locale, maxMajor = 1_000_000_000) =>
  optionalLocaleNumber(locale, { min: 0, max: maxMajor, maxDecimals: 2 }).transform((n) => (n === null ? null : Math.round(n * 100)));

/**
 * A form whose fields read numbers depends on the reader's locale: build it per locale, once.
 * parseForm() accepts such a builder and calls it with the request's locale.
 */
export function perLocale<S extends z.ZodType>(build: (locale: Locale) => S): (locale: Locale) => S {
  const built = new Map<Locale, S>();
  return (locale) => {
    let schema = built.get(locale);
    if (!schema) built.set(locale, (schema = build(locale)));
    return schema;
  };
}

/** An ISO 3166 country code; '' allowed when optional (international bodies have none). */
export const country = (optional = false) =>
  trimmed.transform((v) => v.toUpperCase()).refine((v) => (optional && v === '') || isCountryCode(v), key('validation.invalidCountry'));

export const email = (optional = true) =>
  trimmed
    .transform((v) => v.toLowerCase())
    .pipe(z.string().max(254, key('validation.tooLong', { max: 254 })))
    .refine((v) => (optional && v === '') || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), key('validation.invalidEmail'));

export const url = () =>
  trimmed
    .pipe(z.string().max(500, key('validation.tooLong', { max: 500 })))
    .refine((v) => v === '' || /^https?:\/\/[^\s]+$/i.test(v), key('validation.invalidUrl'));

/** A list of ids from checkboxes or a multi-select: absent, one value or many. */
export const idList = () =>
  z
    .preprocess(
      (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
      z.array(z.string().regex(/^\d+$/, key('validation.notFound'))),
    )
    .transform((a) => [...new Set(a.map(Number))]);

/** A single required id from a select or a type-ahead picker: anything but an id is one we cannot find. */
export const requiredId = () =>
  trimmed.pipe(z.string().min(1, key('validation.required')).regex(/^\d+$/, key('validation.notFound'))).transform(Number);

/** A single optional id from a select. */
export const optionalId = () =>
  trimmed.pipe(z.string().regex(/^\d*$/, key('validation.notFound'))).transform((v) => (v === '' ? null : Number(v)));
