// The reasons of Odense's rule in the reader's language, numbers and money formatted.
import type { I18n } from '../i18n/index.js';
import type { Reason } from './domain.js';

export function describeReason(reason: Reason, i18n: I18n): string {
  const p = reason.params;
  const num = (k: string) => (typeof p[k] === 'number' ? i18n.number(p[k] as number, 1) : String(p[k] ?? ''));
  const params: Record<string, string | number> = {};
  if ('value' in p) params.value = num('value');
  if ('previous' in p) params.previous = num('previous');
  if ('level' in p) params.level = String(p.level);
  // Whole units: an annualised figure with øre/cents would claim a precision it does not have.
  if ('amountMinor' in p) params.amount = i18n.money(Math.round(Number(p.amountMinor) / 100) * 100, String(p.currency || i18n.currency));
  if ('months' in p) params.months = i18n.number(Math.round(Number(p.months)));
  if ('lastContactOn' in p) params.date = i18n.dateLong(String(p.lastContactOn));
  return i18n.t(`reviews.reason.${reason.code}`, params);
}

export function parseReasons(json: string | null | undefined): Reason[] {
  try {
    const value = JSON.parse(json ?? '[]') as unknown;
    return Array.isArray(value) ? (value as Reason[]) : [];
  } catch {
    return [];
  }
}
