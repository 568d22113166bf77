// The follow-up list as an export: the very filters and sort of /follow-ups (for the user
// asking, as the page shows it). Tasks name people, so it counts as personal data.
import type { ExportSource } from '../exports/types.js';
import { iterateSelect } from '../exports/iterate.js';
import { followUpFilters, followUpsQuery } from './queries.js';

export const followUpsExport: ExportSource = (db, query, i18n, context) => {
  const t = i18n.t;
  const q = followUpsQuery(db, followUpFilters(query), context.userId, context.today);
  return {
    name: 'follow-ups',
    personal: true,
    columns: [
      { key: 'task', header: t('followUps.task'), type: 'text', width: 40 },
      { key: 'dueOn', header: t('followUps.due'), type: 'date' },
      { key: 'assigneeName', header: t('followUps.assignee'), type: 'text', width: 20 },
      { key: 'partnerName', header: t('log.partner'), type: 'text', width: 24 },
      { key: 'partnershipTitle', header: t('log.partnership'), type: 'text', width: 24 },
      { key: 'logOccurredOn', header: t('log.date'), type: 'date' },
      { key: 'logSummary', header: t('log.summary'), type: 'text', width: 36 },
      { key: 'doneAt', header: t('followUps.doneAt'), type: 'instant' },
      { key: 'doneByName', header: t('followUps.done'), type: 'text', width: 20 },
    ],
    rows: () => iterateSelect(db, q),
  };
};
