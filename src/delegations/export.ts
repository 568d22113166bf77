// Delegations as exports: the delegations list (the very filters and sort of its page, every
// page) and one delegation's participants list, by country and side, for an EU grant report.
import type { ExportSource } from '../exports/types.js';
import { col, defineExport } from '../exports/columns.js';
import { parsePaging } from '../lib/paging.js';
import { DELEGATION_SORTS, delegationFilters, delegationsQuery, participantsQuery } from './queries.js';

export const delegationsExport: ExportSource = (db, query, i18n, context) => {
  const t = i18n.t;
  const order = parsePaging(query, DELEGATION_SORTS, 'startsOn', 'desc');
  return defineExport(db, i18n, {
    name: 'delegations',
    personal: false,
    query: delegationsQuery(db, delegationFilters(query), context.today, { ...order, labels: i18n }),
    columns: {
      title: col.text('delegations.titleField', 32),
      direction: col.text('delegations.direction', 12),
      status: col.text('delegations.status', 12),
      startsOn: col.date('delegations.startsOn'),
      endsOn: col.date('delegations.endsOn'),
      partnerName: col.text('delegations.partner', 24),
      theme: col.text('delegations.theme', 20),
      hostDepartment: col.text('delegations.hostDepartment', 24),
      ours: col.number('delegations.export.ourCount'),
      theirs: col.number('delegations.export.theirCount'),
    },
    row: ({ id: _id, partnerId: _p, report: _r, ...d }) => ({
      ...d,
      direction: t(`delegations.direction.${d.direction}`),
      status: t(`delegations.status.${d.status}`),
    }),
  });
};

/** `?delegation=<id>`: that delegation's participants; none for a missing or malformed id. */
export const delegationParticipantsExport: ExportSource = (db, query, i18n) => {
  const t = i18n.t;
  const raw = typeof query.delegation === 'string' ? query.delegation : '';
  const delegationId = /^\d{1,12}$/.test(raw) ? Number(raw) : 0;
  return defineExport(db, i18n, {
    name: 'delegation-participants',
    personal: true,
    query: participantsQuery(db, delegationId),
    columns: {
      name: col.text('delegations.participant.name', 28),
      side: col.text('delegations.side', 12),
      organisation: col.text('delegations.participant.organisation', 28),
      country: col.text('delegations.participant.country', 18),
      gender: col.text('delegations.participant.gender', 10),
      invitedInternational: col.text('delegations.cerv.invited', 10),
    },
    row: (p) => ({
      name: p.name,
      side: t(`delegations.side.${p.side}`),
      organisation: p.organisation,
      country: p.country ? i18n.country(p.country) : '',
      gender: p.gender ?? '',
      invitedInternational: p.invitedInternational ? t('common.yes') : '',
    }),
  });
};
