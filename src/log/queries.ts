// Reads and writes of the contact log: the list (also the export's source), one entry with its
// people and follow-ups, create and edit in one transaction each, and the last contact per
// partnership that losing touch and reviews rest on.
import { followUpColumns } from '../follow-ups/queries.js';
import { parseId } from '../plugins/request.js';
import { and, asc, desc, eq, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { countRows } from '../db/aggregates.js';
import { nameOfUser } from '../users/name.js';
import { liveContact } from '../contacts/live.js';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import {
  contacts,
  followUps,
  logEntries,
  logEntryContacts,
  logEntryPartners,
  logEntryPartnerships,
  logEntryStaff,
  partners,
  partnerships,
  users,
} from '../db/schema.js';
import { recordAudit, created, diff, removed, type AuditActor } from '../audit/record.js';
import { isIsoDate, type FieldErrors } from '../lib/form.js';
import { logEntryMatch } from '../search/queries.js';
import { SHORT_PICKER, partnersFitSelect } from '../search/suggest.js';
import { LOG_TYPES, type LogEntryInput, type LogType } from './form.js';
import type { I18n } from '../i18n/index.js';

export const LOG_SORTS = ['date', 'type'] as const;
export type LogSort = (typeof LOG_SORTS)[number];

export interface LogFilters {
  partnerId: number | null;
  partnershipId: number | null;
  type: LogType | null;
  from: string | null;
  to: string | null;
  text: string;
  sort: LogSort;
  dir: 'asc' | 'desc';
}

/** The list's filters and sort from its query string (?partner=&partnership=&type=&from=&to=&text=&sort=&dir=). */
export function logFilters(query: Record<string, unknown>): LogFilters {
  const date = (v: unknown) => (typeof v === 'string' && isIsoDate(v) ? v : null);
  return {
    partnerId: parseId(query.partner),
    partnershipId: parseId(query.partnership),
    type: (LOG_TYPES as readonly string[]).includes(String(query.type)) ? (query.type as LogType) : null,
    from: date(query.from),
    to: date(query.to),
    text: typeof query.text === 'string' ? query.text.trim().slice(0, 200) : '',
    sort: (LOG_SORTS as readonly string[]).includes(String(query.sort)) ? (query.sort as LogSort) : 'date',
    dir: query.dir === 'asc' ? 'asc' : 'desc',
  };
}

function logWhere(f: LogFilters): SQL | undefined {
  const c: SQL[] = [];
  if (f.partnerId) c.push(sql`${logEntries.id} IN (SELECT log_entry_id FROM log_entry_partners WHERE partner_id = ${f.partnerId})`);
  if (f.partnershipId)
    c.push(sql`${logEntries.id} IN (SELECT log_entry_id FROM log_entry_partnerships WHERE partnership_id = ${f.partnershipId})`);
  if (f.type) c.push(eq(logEntries.type, f.type));
  if (f.from) c.push(gte(logEntries.occurredOn, f.from));
  if (f.to) c.push(lte(logEntries.occurredOn, f.to));
  if (f.text) {
    const match = logEntryMatch(f.text);
    c.push(match ? sql`${logEntries.id} IN (${match})` : sql`0`);
  }
  return c.length > 0 ? and(...c) : undefined;
}

const names = (table: string, nameCol: string, link: string, fk: string) =>
  sql<
    string | null
  >`(SELECT group_concat(x.${sql.raw(nameCol)}, ', ') FROM ${sql.raw(link)} l JOIN ${sql.raw(table)} x ON x.id = l.${sql.raw(fk)} WHERE l.log_entry_id = "log_entries"."id")`;

/**
 * The filtered, sorted contact log with names (partners, partnerships, contacts, staff), not
 * executed: the page adds limit/offset, the export iterates it whole.
 */
export function logQuery(db: Db, f: LogFilters) {
  const dir = f.dir === 'asc' ? asc : desc;
  const order =
    f.sort === 'type'
      ? // By the type's code, not its label as the reader reads it (as other lists do, byLabel): that
        // order is the (type, occurred_on) index's, and ranking 500,000 entries by label took 0.6 s.
        [dir(logEntries.type), desc(logEntries.occurredOn), desc(logEntries.id)]
      : [dir(logEntries.occurredOn), dir(logEntries.id)];
  return db
    .select({
      id: logEntries.id,
      occurredOn: logEntries.occurredOn,
      occurredTime: logEntries.occurredTime,
      type: logEntries.type,
      summary: logEntries.summary,
      outcome: logEntries.outcome,
      partnerNames: names('partners', 'name', 'log_entry_partners', 'partner_id'),
      partnershipTitles: names('partnerships', 'title', 'log_entry_partnerships', 'partnership_id'),
      contactNames: names('contacts', 'name', 'log_entry_contacts', 'contact_id'),
      staffNames: names('users', 'name', 'log_entry_staff', 'user_id'),
      createdByName: nameOfUser(logEntries.createdById),
    })
    .from(logEntries)
    .where(logWhere(f))
    .orderBy(...order)
    .$dynamic();
}

export function countLog(db: Db, f: LogFilters): number {
  return countRows(db, logEntries, logWhere(f));
}

/**
 * The records an entry links to through one of its link tables (`linkColumn`, the link's column that
 * points at the record; `columns`, the record's columns to read, its id among them), sorted by `order`.
 */
function linkedToEntry<Row extends { id: number }>(
  db: Db,
  entryId: number,
  linkColumn: SQLiteColumn,
  columns: { [K in keyof Row]: SQLiteColumn },
  order: SQLiteColumn,
): Row[] {
  const link = linkColumn.table as SQLiteTable & { logEntryId: SQLiteColumn };
  return db
    .select(columns as Record<string, SQLiteColumn>)
    .from(link)
    .innerJoin(columns.id.table, eq(columns.id, linkColumn))
    .where(eq(link.logEntryId, entryId))
    .orderBy(asc(order))
    .all() as Row[];
}

export function getLogEntry(db: Db, id: number) {
  const entry = db.select().from(logEntries).where(eq(logEntries.id, id)).get();
  if (!entry) return null;
  type Named = { id: number; name: string };
  const partnerRows = linkedToEntry<Named>(db, id, logEntryPartners.partnerId, { id: partners.id, name: partners.name }, partners.name);
  const partnershipRows = linkedToEntry<{ id: number; title: string }>(
    db,
    id,
    logEntryPartnerships.partnershipId,
    { id: partnerships.id, title: partnerships.title },
    partnerships.title,
  );
  const contactRows = linkedToEntry<Named & { title: string }>(
    db,
    id,
    logEntryContacts.contactId,
    { id: contacts.id, name: contacts.name, title: contacts.title },
    contacts.name,
  );
  const staffRows = linkedToEntry<Named>(db, id, logEntryStaff.userId, { id: users.id, name: users.name }, users.name);
  const followUpRows = db
    .select(followUpColumns)
    .from(followUps)
    .where(eq(followUps.logEntryId, id))
    .orderBy(asc(followUps.dueOn), asc(followUps.id))
    .all();
  const createdBy = entry.createdById
    ? db.select({ name: users.name }).from(users).where(eq(users.id, entry.createdById)).get()
    : undefined;
  return {
    entry,
    partners: partnerRows,
    partnerships: partnershipRows,
    contacts: contactRows,
    staff: staffRows,
    followUps: followUpRows,
    createdByName: createdBy?.name ?? null,
  };
}

/** Ids the form names that do not exist (or are merged away): a 422, not a foreign-key 500. */
export function checkReferences(db: Db, input: LogEntryInput): FieldErrors {
  const errors: FieldErrors = {};
  const missing = (ids: number[], rows: { id: number }[]) => ids.some((id) => !rows.some((r) => r.id === id));
  if (
    input.partnerIds.length &&
    missing(input.partnerIds, db.select({ id: partners.id }).from(partners).where(inArray(partners.id, input.partnerIds)).all())
  )
    errors.partnerIds = 'validation.notFound';
  if (
    input.partnershipIds.length &&
    missing(
      input.partnershipIds,
      db.select({ id: partnerships.id }).from(partnerships).where(inArray(partnerships.id, input.partnershipIds)).all(),
    )
  )
    errors.partnershipIds = 'validation.notFound';
  if (
    input.contactIds.length &&
    missing(
      input.contactIds,
      db
        .select({ id: contacts.id })
        .from(contacts)
        .where(and(inArray(contacts.id, input.contactIds), liveContact))
        .all(),
    )
  )
    errors.contactIds = 'validation.notFound';
  const userIds = [...new Set([...input.staffIds, ...input.followUps.map((f) => f.assigneeId).filter((x): x is number => x !== null)])];
  if (userIds.length) {
    const found = db.select({ id: users.id }).from(users).where(inArray(users.id, userIds)).all();
    if (missing(input.staffIds, found)) errors.staffIds = 'validation.notFound';
    if (input.followUps.some((f) => f.assigneeId !== null && !found.some((u) => u.id === f.assigneeId)))
      errors.followUps = 'validation.notFound';
  }
  return errors;
}

/** Translate the catalog keys checkReferences returns. */
export function translateErrors(errors: FieldErrors, i18n: I18n): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, i18n.t(v)]));
}

function insertLinks(db: Db, id: number, input: LogEntryInput) {
  for (const partnerId of input.partnerIds) db.insert(logEntryPartners).values({ logEntryId: id, partnerId }).run();
  for (const partnershipId of input.partnershipIds) db.insert(logEntryPartnerships).values({ logEntryId: id, partnershipId }).run();
  for (const contactId of input.contactIds) db.insert(logEntryContacts).values({ logEntryId: id, contactId }).run();
  for (const userId of input.staffIds) db.insert(logEntryStaff).values({ logEntryId: id, userId }).run();
}

function insertFollowUps(db: Db, actor: AuditActor, id: number, input: LogEntryInput) {
  for (const f of input.followUps) {
    const row = db
      .insert(followUps)
      .values({
        logEntryId: id,
        partnerId: input.partnerIds[0] ?? null,
        partnershipId: input.partnershipIds[0] ?? null,
        task: f.task,
        dueOn: f.dueOn,
        assigneeId: f.assigneeId,
      })
      .returning({ id: followUps.id })
      .get();
    recordAudit(db, actor, 'create', 'follow_up', row.id, created({ logEntryId: id, ...f }));
  }
}

function entryValues(input: LogEntryInput) {
  return {
    occurredOn: input.occurredOn,
    occurredTime: input.occurredTime,
    type: input.type,
    summary: input.summary,
    outcome: input.outcome,
  };
}

/** The entry a device's key already made (an entry logged offline and sent again), if any. */
export function logEntryByClientKey(db: Db, clientKey: string) {
  return (
    db
      .select({ id: logEntries.id, summary: logEntries.summary, createdById: logEntries.createdById })
      .from(logEntries)
      .where(eq(logEntries.clientKey, clientKey))
      .get() ?? null
  );
}

/** A new entry; `clientKey`, the device's key for an entry logged offline, makes a second send of it find this one. */
export function createLogEntry(db: Db, actor: AuditActor, input: LogEntryInput, clientKey: string | null = null): number {
  return inTransaction(db, () => {
    const row = db
      .insert(logEntries)
      .values({ ...entryValues(input), clientKey, createdById: actor.userId, updatedAt: actor.now.toISOString() })
      .returning({ id: logEntries.id })
      .get();
    insertLinks(db, row.id, input);
    insertFollowUps(db, actor, row.id, input);
    recordAudit(
      db,
      actor,
      'create',
      'log_entry',
      row.id,
      created({
        ...entryValues(input),
        partnerIds: input.partnerIds,
        partnershipIds: input.partnershipIds,
        contactIds: input.contactIds,
        staffIds: input.staffIds,
      }),
    );
    return row.id;
  });
}

/** Edit an entry: its fields and links are replaced, new follow-up rows are added to the old ones. */
export function updateLogEntry(db: Db, actor: AuditActor, id: number, input: LogEntryInput): void {
  inTransaction(db, () => {
    const before = getLogEntry(db, id);
    if (!before) return;
    const ids = (rows: { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);
    const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
    const changes = diff(
      {
        ...before.entry,
        partnerIds: ids(before.partners),
        partnershipIds: ids(before.partnerships),
        contactIds: ids(before.contacts),
        staffIds: ids(before.staff),
      } as Record<string, unknown>,
      {
        ...entryValues(input),
        partnerIds: sorted(input.partnerIds),
        partnershipIds: sorted(input.partnershipIds),
        contactIds: sorted(input.contactIds),
        staffIds: sorted(input.staffIds),
      },
    );
    if (Object.keys(changes).length > 0) {
      db.update(logEntries)
        .set({ ...entryValues(input), updatedAt: actor.now.toISOString() })
        .where(eq(logEntries.id, id))
        .run();
      db.delete(logEntryPartners).where(eq(logEntryPartners.logEntryId, id)).run();
      db.delete(logEntryPartnerships).where(eq(logEntryPartnerships.logEntryId, id)).run();
      db.delete(logEntryContacts).where(eq(logEntryContacts.logEntryId, id)).run();
      db.delete(logEntryStaff).where(eq(logEntryStaff.logEntryId, id)).run();
      insertLinks(db, id, input);
      recordAudit(db, actor, 'update', 'log_entry', id, changes);
    }
    insertFollowUps(db, actor, id, input);
  });
}

/**
 * Delete an entry with its links and follow-ups. The audit keeps what each held, so the history
 * can still say what was deleted; the search index drops it by its delete trigger.
 */
export function deleteLogEntry(db: Db, actor: AuditActor, id: number): boolean {
  return inTransaction(db, () => {
    const before = getLogEntry(db, id);
    if (!before) return false;
    for (const f of before.followUps) {
      db.delete(followUps).where(eq(followUps.id, f.id)).run();
      recordAudit(
        db,
        actor,
        'delete',
        'follow_up',
        f.id,
        removed({ logEntryId: id, task: f.task, dueOn: f.dueOn, assigneeId: f.assigneeId, doneAt: f.doneAt }),
      );
    }
    db.delete(logEntryPartners).where(eq(logEntryPartners.logEntryId, id)).run();
    db.delete(logEntryPartnerships).where(eq(logEntryPartnerships.logEntryId, id)).run();
    db.delete(logEntryContacts).where(eq(logEntryContacts.logEntryId, id)).run();
    db.delete(logEntryStaff).where(eq(logEntryStaff.logEntryId, id)).run();
    db.delete(logEntries).where(eq(logEntries.id, id)).run();
    const { entry } = before;
    recordAudit(
      db,
      actor,
      'delete',
      'log_entry',
      id,
      removed({
        occurredOn: entry.occurredOn,
        occurredTime: entry.occurredTime,
        type: entry.type,
        summary: entry.summary,
        outcome: entry.outcome,
        partnerIds: before.partners.map((p) => p.id),
        partnershipIds: before.partnerships.map((p) => p.id),
        contactIds: before.contacts.map((c) => c.id),
        staffIds: before.staff.map((s) => s.id),
        createdById: entry.createdById,
      }),
    );
    return true;
  });
}

// ---------------------------------------------------------------- options for the form

export function formOptions(db: Db, selectedPartnerIds: number[], selectedContactIds: number[], selectedPartnershipIds: number[] = []) {
  // A long partner list is a type-ahead picker instead (null here): no list of thousands in the page.
  const fits = partnersFitSelect(db);
  const partnerRows = fits ? db.select({ id: partners.id, name: partners.name }).from(partners).orderBy(asc(partners.nameKey)).all() : null;
  const partnershipRows =
    fits || selectedPartnerIds.length > 0 || selectedPartnershipIds.length > 0
      ? db
          .select({ id: partnerships.id, title: partnerships.title, partnerId: partnerships.partnerId, status: partnerships.status })
          .from(partnerships)
          .where(
            selectedPartnerIds.length > 0
              ? or(inArray(partnerships.partnerId, selectedPartnerIds), inArray(partnerships.id, selectedPartnershipIds))
              : fits
                ? undefined
                : inArray(partnerships.id, selectedPartnershipIds),
          )
          .orderBy(asc(partnerships.titleKey))
          .limit(SHORT_PICKER)
          .all()
      : [];
  const userRows = db.select({ id: users.id, name: users.name }).from(users).where(eq(users.active, true)).orderBy(asc(users.name)).all();
  const contactRows =
    selectedPartnerIds.length > 0 || selectedContactIds.length > 0
      ? db
          .select({ id: contacts.id, name: contacts.name, title: contacts.title, partnerName: partners.name })
          .from(contacts)
          .leftJoin(partners, eq(partners.id, contacts.partnerId))
          .where(
            and(
              liveContact,
              sql`(${selectedPartnerIds.length > 0 ? inArray(contacts.partnerId, selectedPartnerIds) : sql`0`} OR ${selectedContactIds.length > 0 ? inArray(contacts.id, selectedContactIds) : sql`0`})`,
            ),
          )
          .orderBy(asc(contacts.nameKey))
          .limit(500)
          .all()
      : [];
  return { partners: partnerRows, partnerships: partnershipRows, users: userRows, contacts: contactRows };
}

/** The partner a partnership belongs to, to prefill the quick log from a partnership page. */
export function partnerOfPartnership(db: Db, partnershipId: number): number | null {
  return (
    db.select({ partnerId: partnerships.partnerId }).from(partnerships).where(eq(partnerships.id, partnershipId)).get()?.partnerId ?? null
  );
}
