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
