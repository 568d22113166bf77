// The goal form: a goal (political goal, focus area, axis) or a review principle.
import { z } from 'zod';
import { choice, requiredDate, requiredText, text } from '../lib/form.js';

import { GOAL_KINDS } from '../lib/words.js';

export { GOAL_KINDS };

export const goalSchema = z.object({
  kind: choice(GOAL_KINDS),
  name: requiredText(200),
  description: text(2000),
});

export type GoalInput = z.output<typeof goalSchema>;

/** A revision of the framework: the day the new version starts, and what changed. */
export const revisionSchema = z.object({
  startsOn: requiredDate(),
  note: text(500),
});
