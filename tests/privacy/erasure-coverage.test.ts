// Erasure reaches every copy of a person: every table in the database is classified, and after an
// erasure no table (search index storage included) holds the person's name, email or phone.
import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn } from '../helpers/app.js';
import {
  auditLog,
  contacts,
  documents,
  followUps,
  importBatchRows,
  importBatches,
  logEntries,
  notifications,
  outbox,
  sessions,
} from '../../src/db/schema.js';
import { ERASURE_COVERAGE } from '../../src/privacy/erase.js';
import { makePartner } from '../log/fixtures.js';
import { openDatabase } from '../../src/db/client.js';

const PERSON = { name: 'Ingibjörg Sólveigardóttir', email: 'ingibjorg.solveig@reykjavik.example', phone: '+354 411 7788' };
// What the search index stores: folded, lower-case tokens.
const TOKENS = ['ingibjorg', 'solveigardottir', 'reykjavik', '7788'];

function dumpAll(db: ReturnType<typeof openDatabase>) {
  const tables = db.$client.prepare(`SELECT name, type FROM sqlite_master WHERE type = 'table'`).all() as { name: string; type: string }[];
  const found: string[] = [];
  for (const { name, type } of tables) {
    if ((db.$client.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).get(name) as { sql: string }).sql.startsWith('CREATE VIRTUAL'))
      continue; // its storage tables are read instead
    void type;
    for (const row of db.$client.prepare(`SELECT * FROM "${name}"`).raw().all() as unknown[][]) {
      const text = row
        .map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') + ' ' + v.toString('utf8') : String(v)))
        .join(' | ')
        .toLowerCase();
      for (const needle of [PERSON.name, PERSON.email, PERSON.phone, 'Sólveigardóttir', ...TOKENS]) {
        if (text.includes(needle.toLowerCase())) found.push(`${name}: ${needle}`);
      }
    }
  }
  return [...new Set(found)];
}

describe('erasure coverage', () => {
  it('classifies every table in the database as scrubbed by erasure or holding no personal data', () => {
    const db = openDatabase(':memory:');
    const tables = (
      db.$client.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]
    ).map((r) => r.name);
    expect(tables.length).toBeGreaterThan(30);
    const unclassified = tables.filter((t) => !(t in ERASURE_COVERAGE));
    expect(unclassified, 'tables that erasure does not know about: add them to ERASURE_COVERAGE').toEqual([]);
    const stale = Object.keys(ERASURE_COVERAGE).filter((t) => !tables.includes(t));
    expect(stale, 'classified tables that no longer exist').toEqual([]);
    for (const [table, { why }] of Object.entries(ERASURE_COVERAGE)) expect(why.length, table).toBeGreaterThan(5);
  });

  it('leaves no copy of the person in any table after erasure: staging, undo rows, outbox, notifications, free text, sessions, search index, audit', async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    const partner = makePartner(t.db, { name: 'Akureyrarbær' });
    const created = await coordinator.post('/contacts', {
      name: PERSON.name,
      email: PERSON.email,
      phone: PERSON.phone,
      partnerId: String(partner.id),
      title: 'Director',
      notes: 'Met in Reykjavik',
      lawfulBasis: 'Legitimate interest',
    });
    expect(created.statusCode).toBe(303);
    const contact = t.db.select().from(contacts).where(eq(contacts.email, PERSON.email)).get()!;
    // An import that updated her, and a pending one with her row in staging.
    const done = t.db
      .insert(importBatches)
      .values({ entity: 'contacts', fileName: 'crm.csv', status: 'committed', committedAt: '2026-11-20T10:00:00Z' })
      .returning()
      .get();
    t.db
      .insert(importBatchRows)
      .values({
        batchId: done.id,
        entityType: 'contact',
        entityId: contact.id,
        action: 'updated',
        before: JSON.stringify(contact),
        afterUpdatedAt: '2026-11-20T10:00:00Z',
      })
      .run();
    t.db
      .insert(importBatches)
      .values({
        entity: 'contacts',
        fileName: 'new.csv',
        status: 'pending',
        staging: JSON.stringify({
          headers: ['Name', 'Email', 'Phone'],
          rows: [
            ['Ingibjörg', PERSON.email, PERSON.phone],
            ['Anna Jensen', 'anna@example.org', ''],
          ],
          mapping: {},
        }),
      })
      .run();
    // Messages and free text that quote her.
    t.db
      .insert(outbox)
      .values({
        key: 'k1',
        channel: 'email',
        kind: 'follow_up_due',
        recipient: 'staff@example.org',
        subject: `Call ${PERSON.name}`,
        bodyText: `Call ${PERSON.name} on ${PERSON.phone}`,
        status: 'sent',
      })
      .run();
    t.db
      .insert(notifications)
      .values({ userId: t.adminId, kind: 'follow_up_due', title: `Call ${PERSON.name}`, body: `Write to ${PERSON.email}` })
      .run();
    await coordinator.post('/log', {
      partnerIds: String(partner.id),
      contactIds: String(contact.id),
      type: 'meeting',
      occurredOn: '2026-11-20',
      summary: `Lunch with ${PERSON.name} about the ${PERSON.email} list`,
      followUpTask: `Send ${PERSON.name} the minutes`,
      followUpDue: '2026-12-01',
    });
    expect(t.db.select().from(logEntries).all()).toHaveLength(1);
    expect(t.db.select().from(followUps).all()).toHaveLength(1);
    t.db
      .insert(sessions)
      .values({ sid: 'other-session', data: JSON.stringify({ flash: [`${PERSON.name} was saved`] }), expiresAt: '2099-01-01T00:00:00Z' })
      .run();
    // A document about her (deleted with her) and one that only names her in its title (scrubbed).
    const docValues = {
      kind: 'other' as const,
      mediaType: 'application/pdf',
      sizeBytes: 10,
      partnerId: partner.id,
      uploadedAt: '2026-11-20T10:00:00Z',
    };
    t.db
      .insert(documents)
      .values({
        ...docValues,
        title: `CV of ${PERSON.name}`,
        fileName: `${PERSON.name}.pdf`,
        sha256: 'a'.repeat(64),
        contactId: contact.id,
      })
      .run();
    t.db
      .insert(documents)
      .values({ ...docValues, kind: 'minutes', title: `Minutes, ${PERSON.name} present`, fileName: 'minutes.pdf', sha256: 'b'.repeat(64) })
      .run();
    expect(dumpAll(t.db).length).toBeGreaterThan(8);

    const res = await coordinator.post(`/contacts/${contact.id}/erase`);
    expect(res.statusCode).toBe(303);

    expect(dumpAll(t.db)).toEqual([]);
    // What stays around her is still readable: the log entry names an erased contact, the other staged row is intact.
    expect(t.db.select().from(logEntries).get()!.summary).toBe('Lunch with [erased contact] about the [erased contact] list');
    const staged = JSON.parse(t.db.select().from(importBatches).where(eq(importBatches.status, 'pending')).get()!.staging!) as {
      rows: string[][];
    };
    expect(staged.rows[1]).toEqual(['Anna Jensen', 'anna@example.org', '']);
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'erase')).all()).toHaveLength(1);
    expect(t.db.select({ title: documents.title }).from(documents).all()).toEqual([{ title: 'Minutes, [erased contact] present' }]);
    // The search finds her no more, by any token.
    for (const token of TOKENS) {
      expect(t.db.$client.prepare(`SELECT rowid FROM search_contacts WHERE search_contacts MATCH ?`).all(`"${token}"`), token).toEqual([]);
    }
  });
});
