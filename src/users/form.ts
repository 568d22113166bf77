// The users admin forms: invitation and the admin's edit of name, department and role.
import { z } from 'zod';
import { choice, email, requiredText, text } from '../lib/form.js';
import { ROLES } from '../plugins/access.js';

export const inviteSchema = z.object({
  name: requiredText(200),
  email: email(false),
  role: choice(ROLES),
  department: text(200),
});
export type InviteInput = z.output<typeof inviteSchema>;

export const userEditSchema = z.object({
  name: requiredText(200),
  role: choice(ROLES),
  department: text(200),
});
export type UserEditInput = z.output<typeof userEditSchema>;

export const TWO_FACTOR_POLICIES = ['none', 'admins', 'all'] as const;

/** The sign-in and privacy policy: who must use two-factor sign-in, whether viewers see contact details. */
export const securitySchema = z.object({
  twoFactorRequired: choice(TWO_FACTOR_POLICIES),
  viewersSeeContactDetails: z.preprocess((v) => v === 'on' || v === '1' || v === 'true', z.boolean()),
});
export type SecurityInput = z.output<typeof securitySchema>;
