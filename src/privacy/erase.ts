// Erasing a person: their personal fields are anonymised for good, their log entries are kept
// with the person shown as "erased contact", and the audit trail keeps that it happened but not
// what the fields held.
import { and, eq } from 'drizzle-orm';
import { inTransaction, type Db } from '../db/client.js';
import { auditLog, contacts } from '../db/schema.js';
import { recordAudit, type AuditActor } from '../audit/record.js';
import { translate, isLocale, type Locale } from '../i18n/index.js';

/** The contact fields that describe a person. */
export const PERSONAL_FIELDS = ['name', 'title', 'email', 'phone', 'preferredLanguage', 'notes', 'lawfulBasis'] as const;

/** A contact's name as shown: "erased contact" in the reader's language once erased. */
export function contactDisplayName(contact: { name: string; erasedAt: string | null }, t: (key: string) => string): string {
  return contact.erasedAt ? t('privacy.erasedContact') : contact.name;
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
    db.update(contacts).set({ name: marker, title: '', email: '', phone: '', preferredLanguage: '', notes: '', lawfulBasis: '', erasedAt: now, updatedAt: now })
      .where(eq(contacts.id, contactId)).run();
    scrubAudit(db, contactId);
    recordAudit(db, actor, 'erase', 'contact', contactId, { erasedAt: [null, now] });
    return 'erased';
  });
}

/** Earlier audit entries about the contact keep their shape, but not the personal values. */
function scrubAudit(db: Db, contactId: number): void {
  const entries = db.select({ id: auditLog.id, changes: auditLog.changes }).from(auditLog)
    .where(and(eq(auditLog.entityType, 'contact'), eq(auditLog.entityId, contactId))).all();
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
      db.update(auditLog).set({ changes: JSON.stringify(changes) }).where(eq(auditLog.id, entry.id)).run();
    }
  }
}
