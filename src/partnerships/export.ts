// The partnership list as an export: the very filters and sort of /partnerships, every page.
import type { ExportSource } from '../exports/types.js';
import { parsePaging } from '../lib/paging.js';
import { iterateSelect } from '../exports/iterate.js';
import { PARTNERSHIP_SORTS, partnershipFilters, partnershipsQuery } from './queries.js';

export const partnershipsExport: ExportSource = (db, query, i18n) => {
  const t = i18n.t;
  const paging = parsePaging(query, PARTNERSHIP_SORTS, 'title');
  const q = partnershipsQuery(db, partnershipFilters(query), paging);
  return {
    name: 'partnerships',
    personal: false,
    columns: [
      { key: 'title', header: t('partnerships.title'), type: 'text', width: 32 },
      { key: 'partnerName', header: t('partnerships.partner'), type: 'text', width: 28 },
      { key: 'country', header: t('partners.country'), type: 'text', width: 18 },
      { key: 'agreementType', header: t('partnerships.agreementType'), type: 'text', width: 22 },
      { key: 'status', header: t('partnerships.status'), type: 'text', width: 12 },
      { key: 'ownerName', header: t('partnerships.owner'), type: 'text', width: 20 },
      { key: 'department', header: t('partnerships.department'), type: 'text', width: 20 },
      { key: 'startOn', header: t('partnerships.startOn'), type: 'date' },
      { key: 'agreementOn', header: t('partnerships.agreementOn'), type: 'date' },
      { key: 'renewalOn', header: t('partnerships.renewalOn'), type: 'date' },
      { key: 'activeSinceOn', header: t('partnerships.activeSinceOn'), type: 'date' },
      { key: 'reviewCadenceMonths', header: t('partnerships.reviewCadenceMonths'), type: 'number' },
      { key: 'goalNames', header: t('partnerships.goals'), type: 'text', width: 40 },
      { key: 'description', header: t('partnerships.description'), type: 'text', width: 40 },
    ],
    *rows() {
      for (const p of iterateSelect(db, q)) {
        yield {
          ...p,
          country: p.country ? i18n.country(p.country) : '',
          agreementType: t(`partnerships.agreementType.${p.agreementType}`),
          status: t(`partnerships.status.${p.status}`),
        };
      }
    },
  };
};
