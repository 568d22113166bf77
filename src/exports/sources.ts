// Every list that can be exported, by the name used in /exports/<name>.<format>. Each source
// lives in its feature (src/<feature>/export.ts) and reuses that list's own filters and sort.
import type { ExportSource } from './types.js';
import { partnersExport } from '../partners/export.js';
import { partnershipsExport } from '../partnerships/export.js';
import { contactsExport } from '../contacts/export.js';
import { logExport } from '../log/export.js';
import { followUpsExport } from '../follow-ups/export.js';
import { costsExport } from '../ledger/export.js';
import { reviewsExport } from '../reviews/export.js';
import { delegationParticipantsExport, delegationsExport } from '../delegations/export.js';

export const EXPORT_SOURCES: Record<string, ExportSource> = {
  partners: partnersExport,
  partnerships: partnershipsExport,
  contacts: contactsExport,
  log: logExport,
  'follow-ups': followUpsExport,
  costs: costsExport,
  reviews: reviewsExport,
  delegations: delegationsExport,
  'delegation-participants': delegationParticipantsExport,
};
