// The first-run setup form: the organisation, its framework and the first administrator.
import { z } from 'zod';
import { choice, country, email, requiredText, key } from '../lib/form.js';
import { LOCALES } from '../i18n/index.js';
import { isValidTimeZone } from '../lib/dates.js';
import { FRAMEWORKS } from './presets.js';
import { checkPassword } from '../auth/passwords.js';

export const CURRENCIES = ['DKK', 'NOK', 'SEK', 'EUR', 'ISK', 'GBP', 'USD'] as const;

/** The organisation's own values: asked at setup, edited later under Settings. */
export const organisationFields = {
  name: requiredText(200),
  homeCity: requiredText(200),
  country: country(),
  timeZone: requiredText(64).refine(isValidTimeZone, key('setup.error.timeZone')),
  currency: choice(CURRENCIES),
  locale: choice(LOCALES),
};

export const setupSchema = z
  .object({
    ...organisationFields,
    framework: choice(FRAMEWORKS),
    demo: z.preprocess((v) => v === 'on' || v === 'true', z.boolean()),
    adminName: requiredText(200),
    adminEmail: email(false),
    adminPassword: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string()),
  })
  .superRefine((v, ctx) => {
    // The first administrator's password gets the same checks as everyone's, their own name and email included.
    const problem = checkPassword(v.adminPassword, { email: v.adminEmail, name: v.adminName });
    if (problem) ctx.addIssue({ code: 'custom', path: ['adminPassword'], message: problem });
  });

export type SetupInput = z.output<typeof setupSchema>;
