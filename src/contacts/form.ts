// The contact form: one schema for create and edit.
import { z } from 'zod';
import { email, optionalId, requiredText, text } from '../lib/form.js';

export const contactSchema = z.object({
  name: requiredText(200),
  title: text(200),
  partnerId: optionalId(),
  email: email(),
  phone: text(50),
  preferredLanguage: text(50),
  notes: text(5000),
  lawfulBasis: text(1000),
  /** Set when the user has seen the possible duplicates and creates the contact anyway. */
  confirmDuplicate: z.preprocess((v) => v === '1' || v === 'on' || v === true, z.boolean()),
});

export type ContactInput = z.output<typeof contactSchema>;

export const mergeSchema = z.object({ otherId: optionalId() });
