// Signing in and out: the session id is replaced at sign-in (no fixation) and destroyed at sign-out;
// a change to someone's privileges ends every session they have, so it takes effect at once.
import type { FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { sessions } from '../db/schema.js';

/** What a session holds for a signed-in user: emptied when it times out or its user's access changes. */
export const SIGNED_IN_KEYS = ['userId', 'loginAt', 'lastSeenAt', 'viaOidc', 'totpPending'] as const;

export async function signIn(request: FastifyRequest, userId: number, now: Date): Promise<void> {
  await request.session.regenerate();
  request.session.userId = userId;
  request.session.loginAt = now.getTime();
  request.session.lastSeenAt = now.getTime();
}

export async function signOut(request: FastifyRequest): Promise<void> {
  await request.session.destroy();
}

/**
 * Sign a user out everywhere because an administrator changed their role or deactivated them: each
 * session keeps its id, emptied of the sign-in but for a mark, so the next page the user opens sends
 * them to the sign-in page saying why (plugins/context.ts), rather than there with no word. Returns how many.
 */
export function endSessionsForAccessChange(db: Db, userId: number): number {
  const signedIn = SIGNED_IN_KEYS.map((key) => `$.${key}`);
  return db.run(
    sql`update ${sessions} set data = json_set(json_remove(${sessions.data}, ${sql.join(
      signedIn.map((path) => sql`${path}`),
      sql`, `,
    )}), '$.accessChanged', json('true'))
      where json_valid(${sessions.data}) and json_extract(${sessions.data}, '$.userId') = ${userId}`,
  ).changes;
}

/** Delete the server-side sessions of a user (all, or all but one), e.g. after a password reset. Returns how many. */
export function destroyUserSessions(db: Db, userId: number, exceptSid?: string): number {
  const except = exceptSid ? sql` and ${sessions.sid} <> ${exceptSid}` : sql``;
  return db.run(
    sql`delete from ${sessions} where json_valid(${sessions.data}) and json_extract(${sessions.data}, '$.userId') = ${userId}${except}`,
  ).changes;
}
