// The partnership list as an export: the very filters and sort of /partnerships, every page.
import type { ExportSource } from '../exports/types.js';
import { col, defineExport } from '../exports/columns.js';
import { parsePaging } from '../lib/paging.js';
import { PARTNERSHIP_SORTS, partnershipFilters, partnershipsQuery } from './queries.js';

export const partnershipsExport: ExportSource = (db, query, i18n) => {
  const t = i18n.t;
  return defineExport(db, i18n, {
    name: 'partnerships',
    personal: false,
    query: partnershipsQuery(db, partnershipFilters(query), { ...parsePaging(query, PARTNERSHIP_SORTS, 'title'), labels: i18n }),
    columns: {
      title: col.text('ledger.col.partnership', 32),
      partnerName: col.text('partnerships.partner', 28),
      otherPartners: col.text('projects.otherPartners', 32),
      country: col.text('partners.country', 18),
      agreementType: col.text('partnerships.agreementType', 22),
      status: col.text('partnerships.status', 12),
      ownerName: col.text('partnerships.owner', 20),
      department: col.text('partnerships.department', 20),
      startOn: col.date('partnerships.startOn'),
      agreementOn: col.date('partnerships.agreementOn'),
      renewalOn: col.date('partnerships.renewalOn'),
      activeSinceOn: col.date('partnerships.activeSinceOn'),
      reviewCadenceMonths: col.number('partnerships.reviewCadenceMonths'),
      goalNames: col.text('partnerships.goals', 40),
      description: col.text('partnerships.description', 40),
    },
    row: (p) => ({
      ...p,
      country: p.country ? i18n.country(p.country) : '',
      agreementType: t(`partnerships.agreementType.${p.agreementType}`),
      status: t(`partnerships.status.${p.status}`),
    }),
  });
};
