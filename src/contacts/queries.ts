// Reads and writes of contacts: the list (also the export's source), duplicates, create, edit, merge.
import { parseId } from '../plugins/request.js';
import { and, asc, desc, eq, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { countRows } from '../db/aggregates.js';
import { liveContact } from './live.js';
import { insertAudited } from '../audit/rows.js';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { contacts, logEntryContacts, partners } from '../db/schema.js';
import { recordAudit, diff, type AuditActor } from '../audit/record.js';
import { contactMatch } from '../search/queries.js';
import { partnersFitSelect } from '../search/suggest.js';
import { isSimilarName, mergedFields, type MergedField } from './domain.js';
import { isLocale, translate } from '../i18n/index.js';
import { loadOrganisation } from '../settings/queries.js';

const MERGED_FIELD_LABELS: Record<
  MergedField,
  'contacts.jobTitle' | 'contacts.email' | 'contacts.phone' | 'contacts.preferredLanguage' | 'contacts.lawfulBasis'
> = {
  title: 'contacts.jobTitle',
  email: 'contacts.email',
  phone: 'contacts.phone',
  preferredLanguage: 'contacts.preferredLanguage',
  lawfulBasis: 'contacts.lawfulBasis',
};
import type { ContactInput } from './form.js';

export const CONTACT_SORTS = ['name', 'partner', 'email', 'updated'] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

export interface ContactFilters {
  partnerId: number | null;
  text: string;
  /** The text also matches titles, e-mail addresses and notes: false for a reader who may not see them. */
  textInDetails: boolean;
  sort: ContactSort;
  dir: 'asc' | 'desc';
}

/** The list's filters and sort from its query string (?partner=&text=&sort=&dir=). */
export function contactFilters(query: Record<string, unknown>): ContactFilters {
  const sort = (CONTACT_SORTS as readonly string[]).includes(String(query.sort)) ? (query.sort as ContactSort) : 'name';
  return {
    partnerId: parseId(query.partner),
    text: typeof query.text === 'string' ? query.text.trim().slice(0, 200) : '',
    textInDetails: true,
    sort,
    dir: query.dir === 'desc' ? 'desc' : 'asc',
  };
}

function contactWhere(f: ContactFilters): SQL | undefined {
  const conditions: SQL[] = [liveContact];
  if (f.partnerId) conditions.push(eq(contacts.partnerId, f.partnerId));
  if (f.text) {
    const match = contactMatch(f.text, f.textInDetails);
    conditions.push(match ? sql`${contacts.id} IN (${match})` : sql`0`);
  }
  return and(...conditions);
}

/**
 * The filtered, sorted list of contacts with partner names, not executed: the page adds
 * limit/offset and calls .all(); the export iterates it whole.
 */
export function contactsQuery(db: Db, f: ContactFilters, only?: number[]) {
  return db
    .select({
      id: contacts.id,
      name: contacts.name,
      title: contacts.title,
      email: contacts.email,
      phone: contacts.phone,
      preferredLanguage: contacts.preferredLanguage,
      partnerId: contacts.partnerId,
      partnerName: partners.name,
      lawfulBasis: contacts.lawfulBasis,
      updatedAt: contacts.updatedAt,
    })
    .from(contacts)
    .leftJoin(partners, eq(partners.id, contacts.partnerId))
    .where(only ? inArray(contacts.id, only) : contactWhere(f))
    .orderBy(...contactOrder(f))
    .$dynamic();
}

function contactOrder(f: ContactFilters): SQL[] {
  const dir = f.dir === 'desc' ? desc : asc;
  return {
    name: [dir(contacts.nameKey), asc(contacts.id)],
    partner: [dir(partners.nameKey), asc(contacts.nameKey), asc(contacts.id)],
    email: [dir(contacts.email), asc(contacts.nameKey), asc(contacts.id)],
    updated: [dir(contacts.updatedAt), asc(contacts.id)],
  }[f.sort];
}

/**
 * One page of the list. The page's ids are found first, from the index alone, and only those rows
 * are then read with their partner: a deep page (offset 10,000 at a region's size) would otherwise
 * join every row it skips.
 */
export function contactsPage(db: Db, f: ContactFilters, limit: number, offset: number) {
  const ids = db
    .select({ id: contacts.id })
    .from(contacts)
    .leftJoin(partners, eq(partners.id, contacts.partnerId))
    .where(contactWhere(f))
    .orderBy(...contactOrder(f))
    .limit(limit)
    .offset(offset)
    .all()
    .map((r) => r.id);
  return ids.length === 0 ? [] : contactsQuery(db, f, ids).all();
}

export function countContacts(db: Db, f: ContactFilters): number {
  return countRows(db, contacts, contactWhere(f));
}

export function getContact(db: Db, id: number) {
  return db
    .select({ contact: contacts, partnerName: partners.name })
    .from(contacts)
    .leftJoin(partners, eq(partners.id, contacts.partnerId))
    .where(eq(contacts.id, id))
    .get();
}

export type Contact = typeof contacts.$inferSelect;

/** Every partner for a <select>, or null when there are too many: the picker is then a type-ahead combobox. */
export function partnerOptions(db: Db) {
  if (!partnersFitSelect(db)) return null;
  return db.select({ id: partners.id, name: partners.name }).from(partners).orderBy(partners.nameKey).all();
}

export function partnerExists(db: Db, id: number): boolean {
  return !!db.select({ id: partners.id }).from(partners).where(eq(partners.id, id)).get();
}

export function getPartner(db: Db, id: number) {
  return db.select().from(partners).where(eq(partners.id, id)).get();
}

/**
 * Possible duplicates of a new or edited contact: the same email anywhere, or a very similar
 * name at the same partner. Merged and erased contacts are not offered.
 */
export function findDuplicates(db: Db, candidate: { name: string; email: string; partnerId: number | null }, excludeId?: number) {
  const live = and(liveContact, excludeId ? ne(contacts.id, excludeId) : undefined);
  const sameEmail = candidate.email
    ? db
        .select()
        .from(contacts)
        .where(and(live, eq(contacts.email, candidate.email)))
        .limit(20)
        .all()
    : [];
  const samePartner = candidate.partnerId
    ? db
        .select()
        .from(contacts)
        .where(and(live, eq(contacts.partnerId, candidate.partnerId)))
        .all()
        .filter((c) => isSimilarName(c.name, candidate.name))
    : [];
  const seen = new Set<number>();
  return [...sameEmail, ...samePartner].filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
}

function contactValues(input: ContactInput) {
  const { confirmDuplicate: _c, ...values } = input;
  return values;
}

export function createContact(db: Db, actor: AuditActor, input: ContactInput): number {
  const values = contactValues(input);
  return insertAudited(db, actor, contacts, 'contact', { ...values, updatedAt: actor.now.toISOString() }, values);
}

/** Edit, including a move to another partner: the log entries stay linked, so history moves along. */
export function updateContact(db: Db, actor: AuditActor, id: number, input: ContactInput): void {
  const values = contactValues(input);
  inTransaction(db, () => {
    const before = db.select().from(contacts).where(eq(contacts.id, id)).get();
    if (!before) return;
    const changes = diff(before as Record<string, unknown>, values);
    if (Object.keys(changes).length === 0) return;
    db.update(contacts)
      .set({ ...values, updatedAt: actor.now.toISOString() })
      .where(eq(contacts.id, id))
      .run();
    recordAudit(db, actor, changes.partnerId ? 'move' : 'update', 'contact', id, changes);
  });
}

export type MergeResult = { ok: true; moved: number } | { ok: false; reason: 'same' | 'missing' | 'merged' };

/**
 * Merge `otherId` into `keepId` in one transaction: every log entry that names the other now
 * names the kept contact (INSERT OR IGNORE then delete, so an entry naming both keeps one link),
 * its follow-ups stay with those entries, empty fields are filled, and the other row is kept,
 * marked merged_into_id, never deleted. Nothing can be lost: no row is deleted but links that
 * were copied first, and the transaction checks that before it commits.
 */
export function mergeContacts(db: Db, actor: AuditActor, keepId: number, otherId: number): MergeResult {
  if (keepId === otherId) return { ok: false, reason: 'same' };
  return inTransaction(db, (): MergeResult => {
    const keep = db.select().from(contacts).where(eq(contacts.id, keepId)).get();
    const other = db.select().from(contacts).where(eq(contacts.id, otherId)).get();
    if (!keep || !other) return { ok: false, reason: 'missing' };
    if (keep.mergedIntoId !== null || other.mergedIntoId !== null) return { ok: false, reason: 'merged' };
    const client = db.$client;
    const entries = client.prepare('SELECT log_entry_id FROM log_entry_contacts WHERE contact_id = ?').pluck().all(otherId) as number[];
    client
      .prepare(
        'INSERT OR IGNORE INTO log_entry_contacts (log_entry_id, contact_id) SELECT log_entry_id, ? FROM log_entry_contacts WHERE contact_id = ?',
      )
      .run(keepId, otherId);
    const missing = client
      .prepare(
        'SELECT count(*) FROM log_entry_contacts o WHERE o.contact_id = ? AND NOT EXISTS (SELECT 1 FROM log_entry_contacts k WHERE k.log_entry_id = o.log_entry_id AND k.contact_id = ?)',
      )
      .pluck()
      .get(otherId, keepId) as number;
    // Throwing rolls the whole merge back: a merge that would lose an entry cannot commit.
    if (missing !== 0) throw new Error(`merge ${otherId} -> ${keepId} would lose ${missing} log entries`);
    db.delete(logEntryContacts).where(eq(logEntryContacts.contactId, otherId)).run();
    // The notes are the organisation's record: its language names the fields.
    const locale = loadOrganisation(db)?.locale;
    const fields = mergedFields(keep, other, other.name, (field) =>
      translate(locale && isLocale(locale) ? locale : 'en', MERGED_FIELD_LABELS[field]),
    );
    const now = actor.now.toISOString();
    db.update(contacts)
      .set({ ...fields, updatedAt: now })
      .where(eq(contacts.id, keepId))
      .run();
    db.update(contacts).set({ mergedIntoId: keepId, updatedAt: now }).where(eq(contacts.id, otherId)).run();
    // Contacts merged into the other earlier now point at the kept one: no chains.
    db.update(contacts).set({ mergedIntoId: keepId }).where(eq(contacts.mergedIntoId, otherId)).run();
    recordAudit(db, actor, 'merge', 'contact', keepId, {
      mergedFrom: [null, otherId],
      logEntries: [null, entries],
      ...diff(keep as Record<string, unknown>, fields as unknown as Record<string, unknown>),
    });
    recordAudit(db, actor, 'merge', 'contact', otherId, { mergedIntoId: [null, keepId] });
    return { ok: true, moved: entries.length };
  });
}

/** Other live contacts the merge page offers: the same partner first. */
export function mergeCandidates(db: Db, contact: Contact) {
  return db
    .select({ id: contacts.id, name: contacts.name, email: contacts.email, partnerName: partners.name })
    .from(contacts)
    .leftJoin(partners, eq(partners.id, contacts.partnerId))
    .where(
      and(
        liveContact,
        ne(contacts.id, contact.id),
        contact.partnerId ? eq(contacts.partnerId, contact.partnerId) : isNull(contacts.partnerId),
      ),
    )
    .orderBy(asc(contacts.nameKey))
    .limit(500)
    .all();
}
