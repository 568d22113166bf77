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
    // A checkbox: present ("1") when ticked, absent otherwise.
    weeklyDigest: z.preprocess((v) => v === '1' || v === 'on' || v === 'true', z.boolean()),
  })
  .transform(({ weeklyDigest, ...prefs }) => ({ prefs: prefs satisfies NotificationPrefs, weeklyDigest }));
