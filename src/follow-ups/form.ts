// The follow-up form (correcting a task, its due date or its assignee), validated at the edge.
import { z } from 'zod';
import { optionalId, requiredDate, requiredText } from '../lib/form.js';

export const followUpSchema = z.object({
  task: requiredText(500),
  dueOn: requiredDate(),
  assigneeId: optionalId(),
});

export type FollowUpInput = z.output<typeof followUpSchema>;
