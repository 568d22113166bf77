// Erasing a person: their personal fields are anonymised for good, their log entries are kept
// with the person shown as "erased contact", and the audit trail keeps that it happened but not
// what the fields held. Every other copy goes too: import staging and undo rows, the outbox,
// notifications, free text that names them, sessions' flash messages and the search index.
// ERASURE_COVERAGE says, for every table in the database, how erasure treats it; a test fails
// when a table is missing from it, so a new table cannot be forgotten.
import { and, eq, sql } from 'drizzle-orm';
import { inTransaction, type Db } from '../db/client.js';
import { auditLog, contacts, importBatchRows, importBatches } from '../db/schema.js';
import { recordAudit, type AuditActor } from '../audit/record.js';
import { translate, isLocale, type Locale } from '../i18n/index.js';
import { deleteDocumentsConcerning } from '../documents/queries.js';

/** The contact fields that describe a person. */
export const PERSONAL_FIELDS = ['name', 'title', 'email', 'phone', 'preferredLanguage', 'notes', 'lawfulBasis'] as const;

/** A contact's name as shown: "erased contact" in the reader's language once erased. */
export function contactDisplayName(contact: { name: string; erasedAt: string | null }, t: (key: string) => string): string {
  return contact.erasedAt ? t('privacy.erasedContact') : contact.name;
}

/**
 * How erasure treats each table. 'contact': the contact row itself; 'text': every text column is
 * searched for the person's name, email and phone, which are replaced; 'index': a search index,
 * re-indexed by its triggers and then compacted so no deleted token stays behind; 'none': holds no
 * personal data of a contact (the reason says why).
 */
export const ERASURE_COVERAGE: Record<string, { treatment: 'contact' | 'text' | 'index' | 'none'; why: string }> = {
  contacts: { treatment: 'contact', why: 'the person: personal fields blanked, name replaced by the marker' },
  audit_log: { treatment: 'text', why: 'changes of the contact and any other record that quoted them' },
  import_batches: { treatment: 'text', why: 'pending staging rows from uploaded files (rows about the person are blanked)' },
  import_batch_rows: { treatment: 'text', why: '`before` copies of records an import updated, kept for undo' },
  outbox: { treatment: 'text', why: 'emails composed or sent, which may quote a contact' },
  notifications: { treatment: 'text', why: 'in-app notices, which may quote a contact' },
  log_entries: { treatment: 'text', why: 'summaries and outcomes typed by staff may name the person' },
  follow_ups: { treatment: 'text', why: 'tasks may name the person' },
  partners: { treatment: 'text', why: 'notes and addresses of partner organisations may name a person' },
  partnerships: { treatment: 'text', why: 'notes may name a person' },
  status_changes: { treatment: 'text', why: 'reasons may name a person' },
  ledger_entries: { treatment: 'text', why: 'descriptions may name a person' },
  reviews: { treatment: 'text', why: 'review texts may name a person' },
  review_scores: { treatment: 'text', why: 'evidence may name a person' },
  end_plans: { treatment: 'text', why: 'exit plans may name a person' },
  delegations: { treatment: 'text', why: 'purposes and reports typed by staff may name a person' },
  delegation_programme_items: { treatment: 'text', why: 'programme titles and places may name a person' },
  delegation_participants: { treatment: 'text', why: 'participants copied from a contact keep their name and organisation' },
  visit_requests: { treatment: 'text', why: "the requester's name, email and message" },
  delegation_gifts: { treatment: 'text', why: 'gift descriptions and who gave or received them may name a person' },
  delegation_goals: { treatment: 'none', why: 'ids only' },
  proposals: { treatment: 'text', why: 'risks, expected return and council texts typed by staff may name a person' },
  proposal_scores: { treatment: 'none', why: 'ids and scores' },
  local_actors: { treatment: 'text', why: 'descriptions of local organisations may name a person' },
  local_actor_contacts: { treatment: 'text', why: 'contact people typed by name and email (a linked contact is erased as a contact)' },
  local_actor_links: { treatment: 'text', why: "notes on a local actor's part may name a person" },
  documents: {
    treatment: 'text',
    why: 'documents about the person are deleted with their files (src/documents); titles and file names of the others may name them',
  },
  action_plans: { treatment: 'text', why: 'plan titles typed by staff' },
  plan_measures: { treatment: 'text', why: 'the responsible person is typed by name; descriptions may name a person' },
  plan_indicators: { treatment: 'text', why: 'indicator names and units typed by staff' },
  plan_measure_partnerships: { treatment: 'none', why: 'ids only' },
  plan_measure_delegations: { treatment: 'none', why: 'ids only' },
  annual_report_texts: { treatment: 'text', why: "the annual report's introduction and comments may name a person" },
  framework_versions: { treatment: 'text', why: 'snapshots of goal descriptions and revision notes typed by staff' },
  sessions: { treatment: 'text', why: 'flash messages waiting in a session may quote a contact' },
  search_contacts: { treatment: 'index', why: 'full-text index of contacts' },
  search_log_entries: { treatment: 'index', why: 'full-text index of log entries' },
  search_partners: { treatment: 'index', why: 'full-text index of partners' },
  search_partnerships: { treatment: 'index', why: 'full-text index of partnerships' },
  ...Object.fromEntries(
    ['contacts', 'log_entries', 'partners', 'partnerships'].flatMap((index) =>
      ['config', 'data', 'docsize', 'idx'].map((part) => [
        `search_${index}_${part}`,
        { treatment: 'index' as const, why: `storage of search_${index}, compacted with it` },
      ]),
    ),
  ),
  users: { treatment: 'none', why: 'staff accounts: a contact is never a user (staff are deactivated, not erased here)' },
  organisation: { treatment: 'none', why: "the organisation's own settings" },
  goals: { treatment: 'none', why: "the council's goals" },
  investment_bands: { treatment: 'none', why: 'numbers per year' },
  partnership_goals: { treatment: 'none', why: 'ids only' },
  partnership_partners: { treatment: 'none', why: 'ids and a role' },
  project_details: { treatment: 'text', why: 'programme and call names typed by staff' },
  project_reporting_dates: { treatment: 'text', why: 'report labels typed by staff may name a person' },
  network_memberships: { treatment: 'text', why: 'notes on a membership typed by staff may name a person' },
  network_representatives: { treatment: 'text', why: 'our own staff (users) with a role typed by staff' },
  network_working_groups: { treatment: 'text', why: 'working-group names and notes typed by staff' },
  log_entry_working_groups: { treatment: 'none', why: 'ids only' },
  log_entry_contacts: { treatment: 'none', why: 'ids only: the link stays, the contact shows as erased' },
  log_entry_partners: { treatment: 'none', why: 'ids only' },
  log_entry_partnerships: { treatment: 'none', why: 'ids only' },
  log_entry_staff: { treatment: 'none', why: 'ids only' },
  password_tokens: { treatment: 'none', why: 'hashes of staff password links' },
  recovery_codes: { treatment: 'none', why: 'hashes of staff recovery codes' },
  login_throttle: { treatment: 'none', why: 'hashes of sign-in keys and counters' },
  sqlite_sequence: { treatment: 'none', why: "SQLite's id counters" },
  __drizzle_migrations: { treatment: 'none', why: 'migration hashes' },
};

/** The person's identifying values to look for in free text: full name, email, phone (and their JSON-escaped forms). */
function needlesOf(contact: { name: string; email: string; phone: string }): string[] {
  const values = [contact.email.trim(), contact.phone.trim(), contact.name.trim()]
    // A very short name would match inside ordinary words; it is still erased from the contact itself.
    .filter((v) => v.length >= 4);
  return [...new Set(values.flatMap((v) => [v, JSON.stringify(v).slice(1, -1)]))];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replace whole-word occurrences (any case) of the needles in every text column of the table. */
function scrubTable(db: Db, table: string, needles: string[], replacement: string): void {
  if (needles.length === 0) return;
  const columns = db.$client.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(table) as { name: string; type: string }[];
  const textColumns = columns.filter((c) => c.type === '' || /TEXT|CHAR|CLOB/i.test(c.type)).map((c) => c.name);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${needles.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  for (const column of textColumns) {
    const where = needles.map(() => `"${column}" LIKE ? ESCAPE '\\'`).join(' OR ');
    const likes = needles.map((n) => `%${n.replace(/[\\%_]/g, '\\$&')}%`);
    const rows = db.$client.prepare(`SELECT rowid AS rid, "${column}" AS v FROM "${table}" WHERE ${where}`).all(...likes) as {
      rid: number;
      v: unknown;
    }[];
    const update = db.$client.prepare(`UPDATE "${table}" SET "${column}" = ? WHERE rowid = ?`);
    for (const row of rows) {
      if (typeof row.v !== 'string') continue;
      const next = row.v.replace(pattern, replacement);
      if (next !== row.v) update.run(next, row.rid);
    }
  }
}

/** Pending import staging: rows that are about the person (name, email or phone in a cell) are blanked. */
function scrubStaging(db: Db, needles: string[]): void {
  if (needles.length === 0) return;
  const lower = needles.map((n) => n.toLowerCase());
  const pending = db
    .select({ id: importBatches.id, staging: importBatches.staging })
    .from(importBatches)
    .where(sql`${importBatches.staging} IS NOT NULL`)
    .all();
  for (const batch of pending) {
    let staging: { rows?: unknown[][] } & Record<string, unknown>;
    try {
      staging = JSON.parse(batch.staging!) as typeof staging;
    } catch {
      continue;
    }
    if (!Array.isArray(staging.rows)) continue;
    let touched = false;
    staging.rows = staging.rows.map((row) => {
      const cells = Array.isArray(row) ? row : [];
      const about = cells.some((cell) => typeof cell === 'string' && lower.some((n) => cell.toLowerCase().includes(n)));
      if (!about) return row;
      touched = true;
      return cells.map(() => '');
    });
    if (touched)
      db.update(importBatches)
        .set({ staging: JSON.stringify(staging) })
        .where(eq(importBatches.id, batch.id))
        .run();
  }
}

/** Undo copies an import kept of this contact: the personal fields go, the shape stays. */
function scrubImportRows(db: Db, contactId: number): void {
  const rows = db
    .select({ id: importBatchRows.id, before: importBatchRows.before })
    .from(importBatchRows)
    .where(and(eq(importBatchRows.entityType, 'contact'), eq(importBatchRows.entityId, contactId)))
    .all();
  for (const row of rows) {
    if (!row.before) continue;
    let before: Record<string, unknown>;
    try {
      before = JSON.parse(row.before) as Record<string, unknown>;
    } catch {
      db.update(importBatchRows).set({ before: null }).where(eq(importBatchRows.id, row.id)).run();
      continue;
    }
    for (const k of PERSONAL_FIELDS) if (k in before) before[k] = '[erased]';
    db.update(importBatchRows)
      .set({ before: JSON.stringify(before) })
      .where(eq(importBatchRows.id, row.id))
      .run();
  }
}

/** Merge each search index into one segment, which drops what deleted rows left behind. */
function compactSearchIndexes(db: Db): void {
  for (const [table, { treatment }] of Object.entries(ERASURE_COVERAGE)) {
    if (treatment !== 'index' || /_(config|data|docsize|idx)$/.test(table)) continue;
    const exists = db.$client.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).get(table);
    if (exists) db.$client.prepare(`INSERT INTO "${table}"("${table}") VALUES ('optimize')`).run();
  }
}

export type EraseResult = 'erased' | 'alreadyErased' | 'notFound';

export function eraseContact(db: Db, contactId: number, actor: AuditActor, orgLocale: string): EraseResult {
  return inTransaction(db, () => {
    const contact = db.select().from(contacts).where(eq(contacts.id, contactId)).get();
    if (!contact) return 'notFound';
    if (contact.erasedAt) return 'alreadyErased';
    const now = actor.now.toISOString();
    // The stored name is a marker in the organisation's language, so a page that does not know
    // about erasure still reads sensibly; contactDisplayName() shows it in the reader's language.
    const marker = translate((isLocale(orgLocale) ? orgLocale : 'en') as Locale, 'privacy.erasedContact');
    db.update(contacts)
      .set({
        name: marker,
        title: '',
        email: '',
        phone: '',
        preferredLanguage: '',
        notes: '',
        lawfulBasis: '',
        erasedAt: now,
        updatedAt: now,
      })
      .where(eq(contacts.id, contactId))
      .run();
    scrubAudit(db, contactId);
    // The files go once this commits: the route calls removeUnusedFiles() with their hashes.
    deleteDocumentsConcerning(db, contactId, actor);
    const needles = needlesOf(contact);
    scrubImportRows(db, contactId);
    scrubStaging(db, needles);
    for (const [table, { treatment }] of Object.entries(ERASURE_COVERAGE)) {
      if (treatment === 'text') scrubTable(db, table, needles, `[${marker}]`);
    }
    compactSearchIndexes(db);
    recordAudit(db, actor, 'erase', 'contact', contactId, { erasedAt: [null, now] });
    return 'erased';
  });
}

/** Earlier audit entries about the contact keep their shape, but not the personal values. */
function scrubAudit(db: Db, contactId: number): void {
  const entries = db
    .select({ id: auditLog.id, changes: auditLog.changes })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'contact'), eq(auditLog.entityId, contactId)))
    .all();
  const personal = new Set<string>(PERSONAL_FIELDS);
  for (const entry of entries) {
    let changes: Record<string, [unknown, unknown]>;
    try {
      changes = JSON.parse(entry.changes) as Record<string, [unknown, unknown]>;
    } catch {
      continue;
    }
    let touched = false;
    for (const k of Object.keys(changes)) {
      if (!personal.has(k)) continue;
      changes[k] = changes[k]!.map((v) => (v === null || v === '' ? v : '[erased]')) as [unknown, unknown];
      touched = true;
    }
    if (touched) {
      db.update(auditLog)
        .set({ changes: JSON.stringify(changes) })
        .where(eq(auditLog.id, entry.id))
        .run();
    }
  }
}
