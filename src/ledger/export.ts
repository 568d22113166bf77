// The costs list as an export: the very filters and sort of the costs page, every page; money
// as numbers in each entry's currency.
import type { ExportSource } from '../exports/types.js';
import { col, defineExport } from '../exports/columns.js';
import { costFilters, costsQuery } from './queries.js';

export const costsExport: ExportSource = (db, query, i18n) => {
  const t = i18n.t;
  return defineExport(db, i18n, {
    name: 'costs',
    personal: false,
    query: costsQuery(db, { ...costFilters(query), labels: i18n }),
    columns: {
      occurredOn: col.date('ledger.field.occurredOn'),
      partnershipTitle: col.text('ledger.col.partnership', 30),
      partnerName: col.text('partnerships.partner', 24),
      direction: col.text('ledger.field.direction', 12),
      type: col.text('ledger.field.kind', 18),
      amountMinor: col.money('ledger.field.amount', 'currency'),
      currency: col.text('exports.col.currency', 8),
      hours: col.number('ledger.field.hours'),
      note: col.text('ledger.field.note', 36),
      createdByName: col.text('ledger.col.by', 20),
    },
    row: (e) => ({ ...e, direction: t(`ledger.direction.${e.direction}`), type: t(`ledger.kind.${e.direction}.${e.type}`) }),
  });
};
