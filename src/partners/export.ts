// The partner list as an export: the very filters and sort of /partners, every page.
import type { ExportSource } from '../exports/types.js';
import { col, defineExport } from '../exports/columns.js';
import { parsePaging } from '../lib/paging.js';
import { PARTNER_SORTS, partnerFilters, partnersQuery } from './queries.js';

export const partnersExport: ExportSource = (db, query, i18n) => {
  const t = i18n.t;
  return defineExport(db, i18n, {
    name: 'partners',
    personal: false,
    query: partnersQuery(db, partnerFilters(query), { ...parsePaging(query, PARTNER_SORTS, 'name'), labels: i18n }),
    columns: {
      name: col.text('partners.name', 32),
      kind: col.text('partners.kind', 18),
      organisationType: col.text('partners.organisationType', 16),
      country: col.text('partners.country', 18),
      cityRegion: col.text('partners.cityRegion', 18),
      website: col.text('partners.website', 28),
      tags: col.text('partners.tags', 20),
      partnershipCount: col.number('partners.partnerships'),
      annualFeeMinor: col.money('partners.annualFee'),
      workingGroups: col.text('partners.workingGroups', 24),
      fundingProgramme: col.text('partners.fundingProgramme', 20),
      projectStartOn: col.date('partners.projectStartOn'),
      projectEndOn: col.date('partners.projectEndOn'),
      projectBudgetMinor: col.money('partners.projectBudget'),
      description: col.text('partners.description', 40),
    },
    row: (p) => ({
      ...p,
      kind: t(`partners.kind.${p.kind}`),
      organisationType: p.organisationType ? t(`partners.organisationType.${p.organisationType}`) : '',
      country: p.country ? i18n.country(p.country) : t('partners.international'),
    }),
  });
};
