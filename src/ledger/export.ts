// The costs list as an export: the very filters and sort of the costs page, every page; money
// as numbers in each entry's currency.
import type { ExportSource } from '../exports/types.js';
import { iterateSelect } from '../exports/iterate.js';
import { costFilters, costsQuery } from './queries.js';

export const costsExport: ExportSource = (db, query, i18n) => {
  const t = i18n.t;
  const q = costsQuery(db, costFilters(query));
  return {
    name: 'costs',
    personal: false,
    columns: [
      { key: 'occurredOn', header: t('ledger.field.occurredOn'), type: 'date' },
      { key: 'partnershipTitle', header: t('ledger.col.partnership'), type: 'text', width: 30 },
      { key: 'partnerName', header: t('partnerships.partner'), type: 'text', width: 24 },
      { key: 'direction', header: t('ledger.field.direction'), type: 'text', width: 12 },
      { key: 'type', header: t('ledger.field.kind'), type: 'text', width: 18 },
      { key: 'amountMinor', header: t('ledger.field.amount'), type: 'money', currencyKey: 'currency', width: 16 },
      { key: 'currency', header: 'ISO 4217', type: 'text', width: 8 },
      { key: 'hours', header: t('ledger.field.hours'), type: 'number' },
      { key: 'note', header: t('ledger.field.note'), type: 'text', width: 36 },
      { key: 'createdByName', header: t('ledger.col.by'), type: 'text', width: 20 },
    ],
    *rows() {
      for (const e of iterateSelect(db, q)) {
        yield { ...e, direction: t(`ledger.direction.${e.direction}`), type: t(`ledger.kind.${e.direction}.${e.type}`) };
      }
    },
  };
};
