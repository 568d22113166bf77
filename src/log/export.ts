// The contact log as an export: the very filters and sort of /log, every page, names not ids.
// Personal data (who took part): refused to viewers and recorded in the audit trail.
import type { ExportSource } from '../exports/types.js';
import { iterateSelect } from '../exports/iterate.js';
import { logFilters, logQuery } from './queries.js';

export const logExport: ExportSource = (db, query, i18n) => {
  const t = i18n.t;
  const q = logQuery(db, logFilters(query));
  return {
    name: 'log',
    personal: true,
    columns: [
      { key: 'occurredOn', header: t('log.date'), type: 'date' },
      { key: 'occurredTime', header: t('log.time'), type: 'text', width: 8 },
      { key: 'type', header: t('log.type'), type: 'text', width: 16 },
      { key: 'summary', header: t('log.summary'), type: 'text', width: 48 },
      { key: 'outcome', header: t('log.outcome'), type: 'text', width: 36 },
      { key: 'partnerNames', header: t('log.partners'), type: 'text', width: 28 },
      { key: 'partnershipTitles', header: t('log.partnerships'), type: 'text', width: 28 },
      { key: 'contactNames', header: t('log.contacts'), type: 'text', width: 28 },
      { key: 'staffNames', header: t('log.staff'), type: 'text', width: 24 },
      { key: 'createdByName', header: t('log.createdBy'), type: 'text', width: 20 },
    ],
    *rows() {
      for (const e of iterateSelect(db, q)) yield { ...e, type: t(`log.type.${e.type}`) };
    },
  };
};
