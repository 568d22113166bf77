// The partnership forms: create/edit (one schema) and the status change.
import { z } from 'zod';
import { choice, idList, integer, optionalDate, optionalId, requiredDate, requiredId, requiredText, text } from '../lib/form.js';
import { AGREEMENT_TYPES, INITIAL_STATUSES, STATUSES } from './domain.js';

const common = {
  title: requiredText(200),
  agreementType: choice(AGREEMENT_TYPES),
  ownerId: optionalId(),
  department: text(200),
  startOn: optionalDate(),
  agreementOn: optionalDate(),
  renewalOn: optionalDate(),
  reviewCadenceMonths: integer(1, 120),
  description: text(5000),
  goalIds: idList(),
};

export const partnershipEditSchema = z.object(common);
export const partnershipCreateSchema = z.object({
  ...common,
  partnerId: requiredId(),
  status: choice(INITIAL_STATUSES),
});
/** The create form: the partnership, and why when the framework's policy is against it (Stockholm: a new twin-city agreement). */
export const partnershipCreateFormSchema = partnershipCreateSchema.extend({ policyReason: text(2000) });

export type PartnershipEditInput = z.output<typeof partnershipEditSchema>;
export type PartnershipCreateInput = z.output<typeof partnershipCreateSchema>;

export const statusChangeSchema = z.object({
  status: choice(STATUSES),
  changedOn: requiredDate(),
  reason: text(2000),
  reference: text(200),
});

export type StatusChangeInput = z.output<typeof statusChangeSchema>;
