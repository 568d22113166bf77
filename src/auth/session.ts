// Signing in and out: the session id is replaced at sign-in (no fixation) and destroyed at sign-out;
// a change to someone's privileges ends every session they have, so it takes effect at once.
import type { FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { sessions } from '../db/schema.js';

export async function signIn(request: FastifyRequest, userId: number, now: Date): Promise<void> {
  await request.session.regenerate();
  request.session.userId = userId;
  request.session.loginAt = now.getTime();
  request.session.lastSeenAt = now.getTime();
}

export async function signOut(request: FastifyRequest): Promise<void> {
  await request.session.destroy();
}

/** Delete the server-side sessions of a user (all, or all but one), e.g. after a role change. Returns how many. */
export function destroyUserSessions(db: Db, userId: number, exceptSid?: string): number {
  const except = exceptSid ? sql` and ${sessions.sid} <> ${exceptSid}` : sql``;
  return db.run(
    sql`delete from ${sessions} where json_valid(${sessions.data}) and json_extract(${sessions.data}, '$.userId') = ${userId}${except}`,
  ).changes;
}
