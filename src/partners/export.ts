// The partner list as an export: the very filters and sort of /partners, every page.
import type { ExportSource } from '../exports/types.js';
import { parsePaging } from '../lib/paging.js';
import { iterateSelect } from '../exports/iterate.js';
import { PARTNER_SORTS, partnerFilters, partnersQuery } from './queries.js';

export const partnersExport: ExportSource = (db, query, i18n) => {
  const t = i18n.t;
  const paging = parsePaging(query, PARTNER_SORTS, 'name');
  const q = partnersQuery(db, partnerFilters(query), paging);
  return {
    name: 'partners',
    personal: false,
    columns: [
      { key: 'name', header: t('partners.name'), type: 'text', width: 32 },
      { key: 'kind', header: t('partners.kind'), type: 'text', width: 18 },
      { key: 'organisationType', header: t('partners.organisationType'), type: 'text', width: 16 },
      { key: 'country', header: t('partners.country'), type: 'text', width: 18 },
      { key: 'cityRegion', header: t('partners.cityRegion'), type: 'text', width: 18 },
      { key: 'website', header: t('partners.website'), type: 'text', width: 28 },
      { key: 'tags', header: t('partners.tags'), type: 'text', width: 20 },
      { key: 'partnershipCount', header: t('partners.partnerships'), type: 'number' },
      { key: 'annualFeeMinor', header: t('partners.annualFee'), type: 'money', width: 16 },
      { key: 'workingGroups', header: t('partners.workingGroups'), type: 'text', width: 24 },
      { key: 'fundingProgramme', header: t('partners.fundingProgramme'), type: 'text', width: 20 },
      { key: 'projectStartOn', header: t('partners.projectStartOn'), type: 'date' },
      { key: 'projectEndOn', header: t('partners.projectEndOn'), type: 'date' },
      { key: 'projectBudgetMinor', header: t('partners.projectBudget'), type: 'money', width: 16 },
      { key: 'description', header: t('partners.description'), type: 'text', width: 40 },
    ],
    *rows() {
      for (const p of iterateSelect(db, q)) {
        yield {
          ...p,
          kind: t(`partners.kind.${p.kind}`),
          organisationType: p.organisationType ? t(`partners.organisationType.${p.organisationType}`) : '',
          country: p.country ? i18n.country(p.country) : t('partners.international'),
        };
      }
    },
  };
};
