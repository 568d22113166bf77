// The contact log as an export: the very filters and sort of /log, every page, names not ids.
// Personal data (who took part): refused to viewers and recorded in the audit trail.
import type { ExportSource } from '../exports/types.js';
import { col, defineExport } from '../exports/columns.js';
import { logFilters, logQuery } from './queries.js';

export const logExport: ExportSource = (db, query, i18n) =>
  defineExport(db, i18n, {
    name: 'log',
    personal: true,
    query: logQuery(db, logFilters(query)),
    columns: {
      occurredOn: col.date('log.date'),
      occurredTime: col.time('log.time'),
      type: col.text('log.type', 16),
      summary: col.text('log.summary', 48),
      outcome: col.text('log.outcome', 36),
      partnerNames: col.text('log.partners', 28),
      partnershipTitles: col.text('log.partnerships', 28),
      contactNames: col.text('log.contacts', 28),
      staffNames: col.text('log.staff', 24),
      createdByName: col.text('log.createdBy', 20),
    },
    row: (e) => ({ ...e, type: i18n.t(`log.type.${e.type}`) }),
  });
