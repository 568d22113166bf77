// The network-membership forms: a membership period, a fee payment, a representative, a working
// group and a working-group meeting. One schema per form; messages are catalog keys.
import { z } from 'zod';
import { key, optionalDate, optionalId, optionalMoney, perLocale, requiredDate, requiredText, text } from '../lib/form.js';

/** Fees above this are typing mistakes, not memberships. */
export const MAX_FEE_MAJOR = 10_000_000;

const required = (schema: z.ZodType<number | null>) => schema.refine((v) => v !== null, key('validation.required')).transform((v) => v!);

export const membershipSchema = perLocale((locale) =>
  z
    .object({
      partnershipId: required(optionalId()),
      startsOn: requiredDate(),
      endsOn: optionalDate(),
      annualFee: optionalMoney(locale, MAX_FEE_MAJOR),
      note: text(2000),
    })
    .superRefine((v, ctx) => {
      if (v.endsOn && v.endsOn < v.startsOn)
        ctx.addIssue({ code: 'custom', path: ['endsOn'], message: key('networks.invalid.endsBeforeStart') });
    }),
);
export type MembershipInput = z.output<ReturnType<typeof membershipSchema>>;

export const feePaymentSchema = perLocale((locale) =>
  z.object({
    paidOn: requiredDate(),
    amount: required(optionalMoney(locale, MAX_FEE_MAJOR)),
    paymentNote: text(500),
  }),
);

export const representativeSchema = z.object({ userId: required(optionalId()), role: text(200) });

export const workingGroupSchema = z.object({ name: requiredText(200), memberUserId: optionalId() });
export type WorkingGroupInput = z.output<typeof workingGroupSchema>;

// Field names differ from the other forms': all of them share one page, and ids come from names.
export const meetingSchema = z.object({
  workingGroupId: required(optionalId()),
  meetingOn: requiredDate(),
  summary: requiredText(2000),
  outcome: text(10_000),
});
export type MeetingInput = z.output<typeof meetingSchema>;
