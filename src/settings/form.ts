// The settings form: the values chosen at setup plus the organisation's rules and timeouts.
import { z } from 'zod';
import { integer, key, optionalDate, optionalMoney, perLocale } from '../lib/form.js';
import type { Locale } from '../i18n/index.js';
import { moneyInputValue } from '../lib/numbers.js';
import { organisationFields } from '../setup/form.js';

/** "30, 7" -> "30,7": days before a review is due when reminders go out, largest first. */
export function normaliseReminderDays(input: string): string | null {
  const parts = input
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0 || parts.length > 10 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const days = [...new Set(parts.map(Number))];
  if (days.some((d) => d < 0 || d > 365)) return null;
  return days.sort((a, b) => b - a).join(',');
}

export const settingsSchema = perLocale((locale) =>
  z
    .object({
      ...organisationFields,
      losingTouchMonths: integer(1, 60),
      hourlyRate: optionalMoney(locale, 100_000),
      councilPeriodEndOn: optionalDate(),
      reviewReminderDays: z
        .preprocess((v) => (typeof v === 'string' ? v : ''), z.string())
        .transform((v, ctx) => {
          const days = normaliseReminderDays(v);
          if (days === null) {
            ctx.addIssue({ code: 'custom', message: key('settings.error.reminderDays') });
            return z.NEVER;
          }
          return days;
        }),
      idleTimeoutMinutes: integer(5, 480),
      absoluteTimeoutHours: integer(1, 72),
    })
    .superRefine((v, ctx) => {
      if (v.absoluteTimeoutHours * 60 < v.idleTimeoutMinutes) {
        ctx.addIssue({ code: 'custom', path: ['absoluteTimeoutHours'], message: key('settings.error.absoluteBelowIdle') });
      }
    }),
);

/** The hourly rate alone, set by an administrator from where staff time needs it. */
export const hourlyRateSchema = perLocale((locale) =>
  z.object({
    hourlyRate: optionalMoney(locale, 100_000).refine((v) => v !== null && v > 0, key('validation.required')),
    returnTo: z.unknown(),
  }),
);

export type SettingsInput = z.output<ReturnType<typeof settingsSchema>>;

/** Row values from valid input. */
export function settingsValues(input: SettingsInput) {
  const { hourlyRate, ...rest } = input;
  return { ...rest, hourlyRateMinor: hourlyRate };
}

/** Form values from the stored organisation. */
export function settingsFormValues(org: Record<string, unknown>, locale: Locale): Record<string, unknown> {
  return { ...org, hourlyRate: moneyInputValue(org.hourlyRateMinor as number | null, locale) };
}
