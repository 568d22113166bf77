// Everything held about one person, for an access request: the contact record, the log entries
// they took part in (with partners and follow-ups) and the audit entries about them.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { nameOfUser } from '../users/name.js';
import type { Db } from '../db/client.js';
import { auditLog, contacts, followUps, logEntries, logEntryContacts, logEntryPartners, partners } from '../db/schema.js';
import { stringify } from 'csv-stringify/sync';
import { neutralise } from '../exports/format.js';
import type { ArchiveEntry } from './archive.js';

function csv(header: string[], rows: unknown[][]): string {
  return stringify(
    [header, ...rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : typeof v === 'string' ? neutralise(v) : String(v))))],
    { bom: true, record_delimiter: 'windows' },
  );
}

export function accessRequestEntries(db: Db, contactId: number): ArchiveEntry[] | null {
  const contact = db.select().from(contacts).where(eq(contacts.id, contactId)).get();
  if (!contact) return null;
  const partner = contact.partnerId
    ? db
        .select({ id: partners.id, name: partners.name, country: partners.country })
        .from(partners)
        .where(eq(partners.id, contact.partnerId))
        .get()
    : null;

  const entryIds = db
    .select({ id: logEntryContacts.logEntryId })
    .from(logEntryContacts)
    .where(eq(logEntryContacts.contactId, contactId))
    .all()
    .map((r) => r.id);
  const entries = entryIds.length
    ? db.select().from(logEntries).where(inArray(logEntries.id, entryIds)).orderBy(asc(logEntries.occurredOn), asc(logEntries.id)).all()
    : [];
  const entryPartners = entryIds.length
    ? db
        .select({ logEntryId: logEntryPartners.logEntryId, name: partners.name })
        .from(logEntryPartners)
        .innerJoin(partners, eq(partners.id, logEntryPartners.partnerId))
        .where(inArray(logEntryPartners.logEntryId, entryIds))
        .all()
    : [];
  const partnersOf = new Map<number, string[]>();
  for (const p of entryPartners) partnersOf.set(p.logEntryId, [...(partnersOf.get(p.logEntryId) ?? []), p.name]);
  const tasks = entryIds.length
    ? db.select().from(followUps).where(inArray(followUps.logEntryId, entryIds)).orderBy(asc(followUps.dueOn)).all()
    : [];
  const audit = db
    .select({ at: auditLog.at, action: auditLog.action, user: nameOfUser(auditLog.userId), changes: auditLog.changes })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'contact'), eq(auditLog.entityId, contactId)))
    .orderBy(asc(auditLog.at), asc(auditLog.id))
    .all();

  const record = { ...contact, partner };
  return [
    {
      name: 'README.txt',
      content:
        'Everything this organisation holds about one person: contact.json / contact.csv (the record), log-entries.csv (contacts logged with them), follow-ups.csv (tasks from those entries), audit.csv (every recorded change to the record). Files are UTF-8.\r\n',
    },
    { name: 'contact.json', content: JSON.stringify(record, null, 2) },
    { name: 'contact.csv', content: csv(Object.keys(contact).concat('partner'), [[...Object.values(contact), partner?.name ?? '']]) },
    {
      name: 'log-entries.csv',
      content: csv(
        ['id', 'occurred_on', 'occurred_time', 'type', 'summary', 'outcome', 'partners'],
        entries.map((e) => [e.id, e.occurredOn, e.occurredTime, e.type, e.summary, e.outcome, (partnersOf.get(e.id) ?? []).join('; ')]),
      ),
    },
    {
      name: 'follow-ups.csv',
      content: csv(
        ['id', 'log_entry_id', 'task', 'due_on', 'done_at'],
        tasks.map((f) => [f.id, f.logEntryId, f.task, f.dueOn, f.doneAt]),
      ),
    },
    {
      name: 'audit.csv',
      content: csv(
        ['at', 'action', 'by', 'changes'],
        audit.map((a) => [a.at, a.action, a.user ?? '', a.changes]),
      ),
    },
  ];
}
