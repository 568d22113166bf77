// The one-line ledger form: what a cost or funding entry needs, validated at the edge.
import { z } from 'zod';
import { choice, key, optionalMoney, parseLocaleNumber, requiredDate, text } from '../lib/form.js';
import { ENTRY_KINDS, MAX_AMOUNT_MAJOR, MAX_HOURS } from './domain.js';

const optionalHours = () =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : v ?? ''), z.string()).transform((v, ctx) => {
    if (v === '') return null;
    const n = parseLocaleNumber(v);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: key('validation.invalidNumber') });
      return z.NEVER;
    }
    if (n <= 0 || n > MAX_HOURS) {
      ctx.addIssue({ code: 'custom', message: key('validation.outOfRange', { min: 0, max: MAX_HOURS }) });
      return z.NEVER;
    }
    return n;
  });

export const entrySchema = z.object({
  kind: choice(ENTRY_KINDS),
  occurredOn: requiredDate(),
  amount: optionalMoney(MAX_AMOUNT_MAJOR),
  hours: optionalHours(),
  note: text(500),
});
