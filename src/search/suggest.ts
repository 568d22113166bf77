// Type-ahead suggestions for the long pickers (partners, contacts): the search index's name
// column, folded like search ("kopavogur" finds Kópavogur), best matches first, at most 20. A
// picker stays a plain <select> while the organisation has fewer than SHORT_PICKER choices.
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { partners } from '../db/schema.js';
import { ftsColumnQuery } from './fold.js';

export const SUGGEST_LIMIT = 20;
export const SHORT_PICKER = 200;

export interface Suggestion {
  id: number;
  name: string;
  detail: string | null;
}

/** An FTS5 expression matching every word as a prefix of the name column; null when nothing is left. */
const nameMatch = (q: string) => ftsColumnQuery('name', q);

export function suggestPartners(db: Db, q: string, limit = SUGGEST_LIMIT): Suggestion[] {
  const match = nameMatch(q);
  if (!match) return [];
  return db.all(sql`
    SELECT p.id, p.name, p.city_region AS detail
    FROM search_partners s JOIN partners p ON p.id = s.rowid
    WHERE search_partners MATCH ${match} ORDER BY s.rank, p.name LIMIT ${limit}`);
}

export function suggestContacts(db: Db, q: string, limit = SUGGEST_LIMIT): Suggestion[] {
  const match = nameMatch(q);
  if (!match) return [];
  return db.all(sql`
    SELECT c.id, c.name, p.name AS detail
    FROM search_contacts s JOIN contacts c ON c.id = s.rowid LEFT JOIN partners p ON p.id = c.partner_id
    WHERE search_contacts MATCH ${match} AND c.merged_into_id IS NULL AND c.erased_at IS NULL
    ORDER BY s.rank, c.name LIMIT ${limit}`);
}

/** The partner a picker's typed text means when no choice was made from the list (no JavaScript): the best match. */
export function partnerFromText(db: Db, text: string): Suggestion | null {
  return suggestPartners(db, text, 1)[0] ?? null;
}

/** Fewer partners than SHORT_PICKER: the pickers stay plain selects. Counts at most SHORT_PICKER rows. */
export function partnersFitSelect(db: Db): boolean {
  const n = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM partners LIMIT ${SHORT_PICKER})`)!.n;
  return n < SHORT_PICKER;
}

/** Names of chosen partners, to show them in a combobox picker. */
export function partnerNames(db: Db, ids: number[]): { id: number; name: string }[] {
  if (ids.length === 0) return [];
  return db.select({ id: partners.id, name: partners.name }).from(partners).where(inArray(partners.id, ids)).all();
}

/**
 * The partner a filter's picker means. The picker sends the chosen id (`idKey`) and the text shown
 * (`textKey`): typed text that is not the chosen partner's name (no JavaScript, or typed without
 * choosing) means its best match (NO_PARTNER when nothing matches), and empty text means none. Links
 * that carry only the id keep it.
 */
export function pickedPartner(db: Db, query: Record<string, unknown>, idKey: string, textKey: string): { id: number; name: string } | null {
  const rawId = Number(query[idKey]);
  const byId = Number.isInteger(rawId) && rawId > 0 ? (partnerNames(db, [rawId])[0] ?? null) : null;
  const text = query[textKey];
  if (typeof text !== 'string') return byId;
  const typed = text.trim();
  if (typed === '') return null;
  if (byId && byId.name === typed) return byId;
  const best = partnerFromText(db, typed);
  return best ? { id: best.id, name: best.name } : { id: NO_PARTNER, name: typed };
}

/** The id of typed text that names no partner: a filter by it finds nothing, a form says it is not found. */
export const NO_PARTNER = -1;

/**
 * A form's body with its partner picker read. As a combobox the picker sends the chosen id and the text
 * shown: typed text that names no chosen partner means its best match (NO_PARTNER, which the form refuses
 * as not found, when nothing matches), and empty text means none. A plain <select> sends only the id.
 */
export function withPickedPartner(db: Db, body: unknown, idKey = 'partnerId', textKey = 'partnerName'): Record<string, unknown> {
  const values = (body ?? {}) as Record<string, unknown>;
  const text = values[textKey];
  if (typeof text !== 'string') return values;
  if (text.trim() === '') return { ...values, [idKey]: '' };
  return { ...values, [idKey]: String(pickedPartner(db, values, idKey, textKey)?.id ?? NO_PARTNER) };
}

/** What a partner picker shows on a form shown again: the text typed, else the chosen partner's name. */
export function pickerText(db: Db, values: Record<string, unknown>, idKey = 'partnerId', textKey = 'partnerName'): string {
  const typed = values[textKey];
  if (typeof typed === 'string') return typed;
  const id = Number(values[idKey]);
  return Number.isInteger(id) && id > 0 ? (partnerNames(db, [id])[0]?.name ?? '') : '';
}
