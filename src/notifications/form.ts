// The notification settings form: one delivery choice per kind, and the weekly digest.
import { z } from 'zod';
import { choice } from '../lib/form.js';
import { DELIVERY_CHOICES, type NotificationPrefs } from './prefs.js';

export const preferencesSchema = z
  .object({
    review: choice(DELIVERY_CHOICES),
    follow_up: choice(DELIVERY_CHOICES),
    renewal: choice(DELIVERY_CHOICES),
    membership_fee: choice(DELIVERY_CHOICES),
    // Added later than the others: a form sent without it (an open tab from before) keeps the default.
    delegation: z.preprocess((v) => (v === undefined ? 'both' : v), choice(DELIVERY_CHOICES)),
    // A checkbox: present ("1") when ticked, absent otherwise.
    weeklyDigest: z.preprocess((v) => v === '1' || v === 'on' || v === 'true', z.boolean()),
  })
  .transform(({ weeklyDigest, ...prefs }) => ({ prefs: prefs satisfies NotificationPrefs, weeklyDigest }));
