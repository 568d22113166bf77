// The profile form: one's own name, email, language and time zone ('' = the organisation's).
import { z } from 'zod';
import { email, key, requiredText } from '../lib/form.js';
import { LOCALES } from '../i18n/index.js';

const timeZones = new Set(Intl.supportedValuesOf('timeZone'));
timeZones.add('UTC');

export const profileSchema = z.object({
  name: requiredText(200),
  email: email(false),
  locale: z
    .preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string())
    .refine((v) => v === '' || (LOCALES as readonly string[]).includes(v), key('validation.invalidChoice'))
    .transform((v) => (v === '' ? null : v)),
  timeZone: z
    .preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string())
    .refine((v) => v === '' || timeZones.has(v), key('validation.invalidChoice'))
    .transform((v) => (v === '' ? null : v)),
});
export type ProfileInput = z.output<typeof profileSchema>;

export function timeZoneOptions(): string[] {
  return [...timeZones].sort();
}
