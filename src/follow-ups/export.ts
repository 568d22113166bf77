// The follow-up list as an export: the very filters and sort of /follow-ups (for the user
// asking, as the page shows it). Tasks name people, so it counts as personal data.
import type { ExportSource } from '../exports/types.js';
import { col, defineExport } from '../exports/columns.js';
import { followUpFilters, followUpsQuery } from './queries.js';

export const followUpsExport: ExportSource = (db, query, i18n, context) =>
  defineExport(db, i18n, {
    name: 'follow-ups',
    personal: true,
    query: followUpsQuery(db, followUpFilters(query), context.userId, context.today),
    columns: {
      task: col.text('followUps.task', 40),
      dueOn: col.date('followUps.due'),
      assigneeName: col.text('followUps.assignee', 20),
      partnerName: col.text('log.partner', 24),
      partnershipTitle: col.text('log.partnership', 24),
      logOccurredOn: col.date('log.date'),
      logSummary: col.text('log.summary', 36),
      doneAt: col.instant('exports.col.doneAt'),
      doneByName: col.text('exports.col.doneBy', 20),
    },
  });
