// The forms of local actors: the record, a contact person, and a link to a partnership or delegation.
import { z } from 'zod';
import { choice, email, key, optionalId, requiredText, text, url } from '../lib/form.js';
import { LOCAL_ACTOR_KINDS, LOCAL_ACTOR_ROLES } from '../lib/words.js';

export const actorSchema = z.object({
  name: requiredText(200),
  kind: choice(LOCAL_ACTOR_KINDS),
  sector: text(200),
  website: url(),
  description: text(2000),
});
export type ActorInput = z.output<typeof actorSchema>;

/** A contact person: a name and email; an email that belongs to an existing contact links that contact. */
export const contactSchema = z.object({ name: text(200), email: email(true) }).superRefine((c, ctx) => {
  if (c.name === '' && c.email === '') ctx.addIssue({ code: 'custom', path: ['name'], message: key('localActors.error.contactRequired') });
});
export type ContactInput = z.output<typeof contactSchema>;

/** A part in exactly one tie: a partnership or a delegation. */
export const linkSchema = z
  .object({ partnershipId: optionalId(), delegationId: optionalId(), role: choice(LOCAL_ACTOR_ROLES), note: text(500) })
  .superRefine((l, ctx) => {
    if ((l.partnershipId === null) === (l.delegationId === null))
      ctx.addIssue({ code: 'custom', path: ['partnershipId'], message: key('localActors.error.oneTie') });
  });
export type LinkInput = z.output<typeof linkSchema>;
