// The contact-log form, quick or full: one schema. Follow-ups arrive as parallel lists
// (followUpTask[], followUpDue[], followUpAssignee[]); rows with no task are ignored.
import { z } from 'zod';
import { choice, idList, isIsoDate, key, optionalTime, requiredDate, requiredText, text } from '../lib/form.js';

import { LOG_TYPES } from '../lib/words.js';

export { LOG_TYPES };
export type LogType = (typeof LOG_TYPES)[number];

const list = () => z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(10_000)));

export interface FollowUpInput {
  task: string;
  dueOn: string;
  assigneeId: number | null;
}

export const logEntrySchema = z
  .object({
    occurredOn: requiredDate(),
    occurredTime: optionalTime(),
    type: choice(LOG_TYPES),
    partnerIds: idList().refine((a) => a.length > 0, key('log.partnerRequired')),
    partnershipIds: idList(),
    contactIds: idList(),
    staffIds: idList(),
    summary: requiredText(2000),
    outcome: text(10_000),
    followUpTask: list(),
    followUpDue: list(),
    followUpAssignee: list(),
  })
  .transform((v, ctx) => {
    const followUps: FollowUpInput[] = [];
    v.followUpTask.forEach((rawTask, i) => {
      const task = rawTask.trim();
      const due = (v.followUpDue[i] ?? '').trim();
      const assignee = (v.followUpAssignee[i] ?? '').trim();
      if (task === '' && due === '') return;
      const n = i + 1;
      if (task === '') ctx.addIssue({ code: 'custom', path: ['followUps'], message: key('log.followUpTaskRequired', { n }) });
      else if (task.length > 500)
        ctx.addIssue({ code: 'custom', path: ['followUps'], message: key('log.followUpTaskTooLong', { n, max: 500 }) });
      else if (!isIsoDate(due)) ctx.addIssue({ code: 'custom', path: ['followUps'], message: key('log.followUpDueInvalid', { n }) });
      else if (due < v.occurredOn) ctx.addIssue({ code: 'custom', path: ['followUps'], message: key('log.followUpDueBeforeEntry', { n }) });
      else if (assignee !== '' && !/^\d+$/.test(assignee))
        ctx.addIssue({ code: 'custom', path: ['followUps'], message: key('validation.notFound') });
      else followUps.push({ task, dueOn: due, assigneeId: assignee === '' ? null : Number(assignee) });
    });
    const { followUpTask: _t, followUpDue: _d, followUpAssignee: _a, ...rest } = v;
    return { ...rest, followUps };
  });

export type LogEntryInput = z.output<typeof logEntrySchema>;

/** A local path to go back to after saving; anything else (another site, //host) is ignored. */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return /^\/(?![/\\])[\w\-./?=&%]*$/.test(value) && value.length < 500 ? value : null;
}

/** A device's key for an entry logged offline (a UUID made by crypto.randomUUID()); anything else is no key. */
export function clientKeyOf(value: unknown): string | null {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
    ? value.toLowerCase()
    : null;
}
