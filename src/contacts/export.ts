// The contact list as an export (CSV, XLSX, vCard): the very filters and sort of /contacts.
// Personal data: refused to viewers and recorded in the audit trail by the exporter.
import type { ExportSource } from '../exports/types.js';
import { col, defineExport } from '../exports/columns.js';
import { contactFilters, contactsQuery } from './queries.js';

export const contactsExport: ExportSource = (db, query, i18n) =>
  defineExport(db, i18n, {
    name: 'contacts',
    personal: true,
    query: contactsQuery(db, contactFilters(query)),
    columns: {
      name: col.text('contacts.name', 28),
      title: col.text('contacts.jobTitle', 22),
      partnerName: col.text('contacts.partner', 28),
      email: col.text('contacts.email', 30),
      phone: col.text('contacts.phone', 18),
      preferredLanguage: col.text('contacts.preferredLanguage', 14),
      lawfulBasis: col.text('contacts.lawfulBasis', 24),
      updatedAt: col.instant('exports.col.updated'),
    },
    vcard: (row) => ({
      name: String(row.name ?? ''),
      title: String(row.title ?? ''),
      organisation: String(row.partnerName ?? ''),
      email: String(row.email ?? ''),
      phone: String(row.phone ?? ''),
      language: String(row.preferredLanguage ?? ''),
      uid: `contact-${row.id}`,
    }),
  });
