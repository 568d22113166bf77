// The contact list as an export (CSV, XLSX, vCard): the very filters and sort of /contacts.
// Personal data: refused to viewers and recorded in the audit trail by the exporter.
import type { ExportSource } from '../exports/types.js';
import { iterateSelect } from '../exports/iterate.js';
import { contactFilters, contactsQuery } from './queries.js';

export const contactsExport: ExportSource = (db, query, i18n) => {
  const t = i18n.t;
  const q = contactsQuery(db, contactFilters(query));
  return {
    name: 'contacts',
    personal: true,
    columns: [
      { key: 'name', header: t('contacts.name'), type: 'text', width: 28 },
      { key: 'title', header: t('contacts.jobTitle'), type: 'text', width: 22 },
      { key: 'partnerName', header: t('contacts.partner'), type: 'text', width: 28 },
      { key: 'email', header: t('contacts.email'), type: 'text', width: 30 },
      { key: 'phone', header: t('contacts.phone'), type: 'text', width: 18 },
      { key: 'preferredLanguage', header: t('contacts.preferredLanguage'), type: 'text', width: 14 },
      { key: 'lawfulBasis', header: t('contacts.lawfulBasis'), type: 'text', width: 24 },
      { key: 'updatedAt', header: t('exports.col.updated'), type: 'instant' },
    ],
    rows: () => iterateSelect(db, q),
    vcard: (row) => ({
      name: String(row.name ?? ''),
      title: String(row.title ?? ''),
      organisation: String(row.partnerName ?? ''),
      email: String(row.email ?? ''),
      phone: String(row.phone ?? ''),
      language: String(row.preferredLanguage ?? ''),
      uid: `contact-${row.id}`,
    }),
  };
};
