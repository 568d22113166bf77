// One's own account: profile fields and password.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { users } from '../db/schema.js';
import { diff, recordAudit, type AuditActor } from '../audit/record.js';
import { emailTaken } from '../users/queries.js';
import { destroyUserSessions } from '../auth/session.js';
import type { ProfileInput } from './form.js';

export function getProfile(db: Db, userId: number) {
  return db
    .select({ name: users.name, email: users.email, locale: users.locale, timeZone: users.timeZone, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId))
    .get();
}

/** Save the profile; 'emailTaken' when another account has the email. */
export function updateProfile(db: Db, actor: AuditActor & { userId: number }, input: ProfileInput): 'ok' | 'emailTaken' {
  return inTransaction(db, () => {
    if (emailTaken(db, input.email, actor.userId)) return 'emailTaken';
    const before = db.select().from(users).where(eq(users.id, actor.userId)).get()!;
    const changes = diff(before, input);
    if (Object.keys(changes).length === 0) return 'ok';
    db.update(users).set(input).where(eq(users.id, actor.userId)).run();
    recordAudit(db, actor, 'update', 'user', actor.userId, changes);
    return 'ok';
  });
}

/** Store a new password hash and end the user's other sessions (the current one is rotated by the caller). */
export function changePassword(db: Db, actor: AuditActor & { userId: number }, passwordHash: string, currentSid: string): void {
  inTransaction(db, () => {
    db.update(users).set({ passwordHash }).where(eq(users.id, actor.userId)).run();
    destroyUserSessions(db, actor.userId, currentSid);
    recordAudit(db, actor, 'password_change', 'user', actor.userId);
  });
}
