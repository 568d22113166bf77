// @fastify/session store over the app's own SQLite database.
import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import { eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { sessions } from '../db/schema.js';
import { storageFailure } from '../db/client.js';
import { leaveOutOfVersion } from '../db/memo.js';

export class SqliteSessionStore implements SessionStore {
  private writes = 0;
  constructor(
    private readonly db: Db,
    private readonly maxAgeMs: () => number,
    /** Told when a session could not be written because the storage refused (disk full, read-only). */
    private readonly onWriteFailure: (err: unknown) => void = () => {},
  ) {}

  set(sid: string, session: Session, callback: (err?: unknown) => void): void {
    try {
      const expiresAt = new Date(Date.now() + this.maxAgeMs()).toISOString();
      const data = JSON.stringify(session);
      // Sessions are read by no page and no kept figure: their writes leave kept pages in place (db/memo.ts).
      const saved = this.db
        .insert(sessions)
        .values({ sid, data, expiresAt })
        .onConflictDoUpdate({ target: sessions.sid, set: { data, expiresAt } })
        .run();
      leaveOutOfVersion(this.db, saved.changes);
      // Every page view of a signed-out visitor makes a row (CSRF secret); prune now and then.
      if (++this.writes % 200 === 0) {
        leaveOutOfVersion(this.db, this.db.delete(sessions).where(lt(sessions.expiresAt, new Date().toISOString())).run().changes);
      }
      callback();
    } catch (err) {
      // Saving a session is a touch (CSRF secret, last seen, flash) after the request did its work:
      // when the disk is full it must not turn a page that could be read, or a write that did
      // succeed, into an error. The request's own writes fail on their own and say so.
      if (storageFailure(err)) {
        this.onWriteFailure(err);
        return callback();
      }
      callback(err);
    }
  }

  get(sid: string, callback: (err: unknown, result?: Session | null) => void): void {
    try {
      // Every request reads its session: one prepared statement (reused per connection), not a query built anew.
      const row = this.db.$client.prepare('SELECT data, expires_at AS expiresAt FROM sessions WHERE sid = ?').get(sid) as
        { data: string; expiresAt: string } | undefined;
      if (!row || row.expiresAt < new Date().toISOString()) return callback(null, null);
      callback(null, JSON.parse(row.data) as Session);
    } catch (err) {
      callback(err);
    }
  }

  destroy(sid: string, callback: (err?: unknown) => void): void {
    try {
      leaveOutOfVersion(this.db, this.db.delete(sessions).where(eq(sessions.sid, sid)).run().changes);
      callback();
    } catch (err) {
      callback(err);
    }
  }
}
