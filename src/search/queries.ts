// Full-text search over the four indexes, one query per kind, best matches first.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { ftsColumnQuery, ftsQuery } from './fold.js';

export interface SearchResults {
  partners: { id: number; name: string; kind: string; country: string; cityRegion: string }[];
  partnerships: { id: number; title: string; status: string; partnerName: string }[];
  contacts: { id: number; name: string; title: string; email: string; partnerName: string | null }[];
  logEntries: { id: number; occurredOn: string; type: string; summary: string; partnerNames: string | null }[];
}

export function emptyResults(): SearchResults {
  return { partners: [], partnerships: [], contacts: [], logEntries: [] };
}

/**
 * Up to `limit` results per kind. Partners, partnerships and contacts are ranked by bm25; log
 * entries come newest first (by id), which stays fast on hundreds of thousands of entries.
 */
export function searchAll(db: Db, q: string, limit = 8, reader: { contactDetails: boolean } = { contactDetails: true }): SearchResults {
  const match = ftsQuery(q);
  const contactsMatch = contactExpression(q, reader.contactDetails);
  if (!match || !contactsMatch) return emptyResults();
  return {
    partners: db.all(sql`
      SELECT p.id, p.name, p.kind, p.country, p.city_region AS cityRegion
      FROM search_partners s JOIN partners p ON p.id = s.rowid
      WHERE search_partners MATCH ${match} ORDER BY s.rank LIMIT ${limit}`),
    partnerships: db.all(sql`
      SELECT ps.id, ps.title, ps.status, p.name AS partnerName
      FROM (SELECT id, min(rank) AS rank FROM (${partnershipsMatching(match)}) GROUP BY id ORDER BY rank LIMIT ${limit}) m
      JOIN partnerships ps ON ps.id = m.id JOIN partners p ON p.id = ps.partner_id
      ORDER BY m.rank, ps.id`),
    contacts: db.all(sql`
      SELECT c.id, c.name, c.title, c.email, p.name AS partnerName
      FROM search_contacts s JOIN contacts c ON c.id = s.rowid LEFT JOIN partners p ON p.id = c.partner_id
      WHERE search_contacts MATCH ${contactsMatch} AND c.merged_into_id IS NULL AND c.erased_at IS NULL
      ORDER BY s.rank LIMIT ${limit}`),
    logEntries: db.all(sql`
      SELECT le.id, le.occurred_on AS occurredOn, le.type, le.summary,
        (SELECT group_concat(p.name, ', ') FROM log_entry_partners lp JOIN partners p ON p.id = lp.partner_id WHERE lp.log_entry_id = le.id) AS partnerNames
      FROM (${newestLogEntriesMatching(match, limit)}) m
      JOIN log_entries le ON le.id = m.id
      ORDER BY le.id DESC`),
  };
}

/**
 * Partnerships whose title or text matches (ranked by bm25), then those any of whose partners (the
 * main one or another with a role) matches by name: searching "Hamar" finds the EU project Odense
 * runs with Hamar as a partner. The partners are capped at the best 20 matches.
 */
function partnershipsMatching(match: string) {
  const partnerIds = sql`SELECT rowid FROM search_partners WHERE search_partners MATCH ${match} ORDER BY rank LIMIT 20`;
  return sql`SELECT rowid AS id, rank FROM search_partnerships WHERE search_partnerships MATCH ${match}
    UNION ALL
    SELECT id, 0 AS rank FROM partnerships WHERE partner_id IN (${partnerIds})
    UNION ALL
    SELECT partnership_id AS id, 0 AS rank FROM partnership_partners WHERE partner_id IN (${partnerIds})`;
}

/**
 * Log entries that mention the words, or that are about a partner whose name (or place, tags)
 * matches them: searching "Kópavogur" finds the meeting logged against Kópavogur even when its
 * summary only says "Borgmestermøde". The partners are capped at the best 20 matches.
 */
function logEntriesMatching(match: string) {
  return sql`SELECT rowid AS id FROM search_log_entries WHERE search_log_entries MATCH ${match}
    UNION
    SELECT lp.log_entry_id AS id FROM log_entry_partners lp
    WHERE lp.partner_id IN (SELECT rowid FROM search_partners WHERE search_partners MATCH ${match} ORDER BY rank LIMIT 20)`;
}

/**
 * The newest `limit` of those, without collecting them all: the newest of each branch first (FTS5
 * walks its index backwards for ORDER BY rowid DESC), then the newest of both. A common word such as
 * "møde" matches a third of a region's 500,000 entries.
 */
function newestLogEntriesMatching(match: string, limit: number) {
  return sql`SELECT id FROM (
      SELECT id FROM (SELECT rowid AS id FROM search_log_entries WHERE search_log_entries MATCH ${match} ORDER BY rowid DESC LIMIT ${limit})
      UNION
      SELECT id FROM (SELECT lp.log_entry_id AS id FROM log_entry_partners lp
        WHERE lp.partner_id IN (SELECT rowid FROM search_partners WHERE search_partners MATCH ${match} ORDER BY rank LIMIT 20)
        ORDER BY lp.log_entry_id DESC LIMIT ${limit}))
    ORDER BY id DESC LIMIT ${limit}`;
}

/** Ids of log entries matching a text filter, as an SQL fragment for `le.id IN (...)`. */
export function logEntryMatch(text: string) {
  const match = ftsQuery(text);
  if (!match) return null;
  return sql`SELECT id FROM (${logEntriesMatching(match)})`;
}

/**
 * What text may find a contact by. Its index holds the name, and the title, e-mail address and notes
 * in a second column: a reader who may not see contact details (a viewer, unless the organisation
 * allows it) is matched on the name alone, or a search for an address would tell whose it is.
 */
function contactExpression(text: string, contactDetails: boolean): string | null {
  return contactDetails ? ftsQuery(text) : ftsColumnQuery('name', text);
}

/** Ids of contacts matching a text filter, as an SQL fragment for `c.id IN (...)`. */
export function contactMatch(text: string, contactDetails: boolean) {
  const match = contactExpression(text, contactDetails);
  if (!match) return null;
  return sql`SELECT rowid FROM search_contacts WHERE search_contacts MATCH ${match}`;
}
