// The forms of a partnership's partners and project: adding a partner with a role, the project's
// details (amounts read in the user's locale) and a reporting date.
import { z } from 'zod';
import { choice, optionalDate, optionalMoney, perLocale, requiredDate, requiredId, requiredText, text } from '../lib/form.js';
import { PARTNER_ROLES, PROJECT_STATUSES } from '../lib/words.js';

export const addPartnerSchema = z.object({
  partnerId: requiredId(),
  role: choice(PARTNER_ROLES),
});

/** Budgets run to tens of millions; beyond this it is a typing mistake (major units). */
const MAX_BUDGET_MAJOR = 10_000_000_000;

export const projectDetailsSchema = perLocale((locale) =>
  z.object({
    programme: text(200),
    call: text(200),
    applicationDeadlineOn: optionalDate(),
    projectStatus: choice(PROJECT_STATUSES),
    budget: optionalMoney(locale, MAX_BUDGET_MAJOR),
    coFinancing: optionalMoney(locale, MAX_BUDGET_MAJOR),
  }),
);

export const reportingDateSchema = z.object({
  dueOn: requiredDate(),
  label: requiredText(200),
});

export type ProjectDetailsInput = z.output<ReturnType<typeof projectDetailsSchema>>;
export type ReportingDateInput = z.output<typeof reportingDateSchema>;
