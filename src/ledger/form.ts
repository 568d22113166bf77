// The one-line ledger form: what a cost or funding entry needs, validated at the edge.
import { z } from 'zod';
import { choice, optionalLocaleNumber, optionalMoney, perLocale, requiredDate, text } from '../lib/form.js';
import { ENTRY_KINDS, MAX_AMOUNT_MAJOR, MAX_HOURS } from './domain.js';

/** An entry is a cost or funding amount, or staff hours; numbers are read in the user's locale. */
export const entrySchema = perLocale((locale) =>
  z.object({
    kind: choice(ENTRY_KINDS),
    occurredOn: requiredDate(),
    amount: optionalMoney(locale, MAX_AMOUNT_MAJOR),
    hours: optionalLocaleNumber(locale, { min: 0, max: MAX_HOURS, maxDecimals: 2, minExclusive: true }),
    note: text(500),
  }),
);
