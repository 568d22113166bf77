// Reads and writes of user accounts. Users are never deleted (history keeps their names);
// a role change or deactivation ends the user's sessions so it takes effect at once.
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { countRows } from '../db/aggregates.js';
import { inTransaction } from '../db/client.js';
import { organisation, users } from '../db/schema.js';
import { recordAudit, created, diff, type AuditActor } from '../audit/record.js';
import { issuePasswordToken } from '../auth/tokens.js';
import { endSessionsForAccessChange } from '../auth/session.js';
import type { Paging } from '../lib/paging.js';
import type { InviteInput, SecurityInput, UserEditInput } from './form.js';
import type { Role } from '../plugins/access.js';

export const USER_SORTS = ['name', 'email', 'role', 'department', 'active'] as const;
export type UserSort = (typeof USER_SORTS)[number];

export type UserRow = {
  id: number;
  name: string;
  email: string;
  role: Role;
  department: string;
  active: boolean;
  invited: boolean;
};

const rowColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  department: users.department,
  active: users.active,
  invited: sql<number>`${users.passwordHash} is null`.mapWith(Boolean),
};

export function listUsers(db: Db, paging: Paging<UserSort>): { rows: UserRow[]; total: number } {
  const column = { name: users.name, email: users.email, role: users.role, department: users.department, active: users.active }[
    paging.sort
  ];
  const order = paging.dir === 'desc' ? desc(column) : asc(column);
  const rows = db
    .select(rowColumns)
    .from(users)
    .orderBy(order, asc(users.name), asc(users.id))
    .limit(paging.perPage)
    .offset(paging.offset)
    .all();
  const total = countRows(db, users);
  return { rows, total };
}

export function getUser(db: Db, id: number): UserRow | undefined {
  return db.select(rowColumns).from(users).where(eq(users.id, id)).get();
}

export function emailTaken(db: Db, email: string, exceptId?: number): boolean {
  const where = exceptId ? and(eq(users.email, email), ne(users.id, exceptId)) : eq(users.email, email);
  return !!db.select({ id: users.id }).from(users).where(where).get();
}

/** Create the account (no password yet) and its invitation link token; null when the email is taken. */
export function inviteUser(db: Db, actor: AuditActor, input: InviteInput): { id: number; token: string } | null {
  return inTransaction(db, () => {
    if (emailTaken(db, input.email)) return null;
    const row = db
      .insert(users)
      .values({ ...input, passwordHash: null })
      .returning({ id: users.id })
      .get();
    const token = issuePasswordToken(db, row.id, 'invite', actor.now);
    recordAudit(db, actor, 'invite', 'user', row.id, created(input));
    return { id: row.id, token };
  });
}

/** Change name, department and role. A role change is recorded as 'role' and ends the user's sessions. */
export function updateUser(db: Db, actor: AuditActor, id: number, input: UserEditInput): boolean {
  return inTransaction(db, () => {
    const before = db.select().from(users).where(eq(users.id, id)).get();
    if (!before) return false;
    const changes = diff(before, input);
    if (Object.keys(changes).length === 0) return true;
    db.update(users).set(input).where(eq(users.id, id)).run();
    const roleChanged = 'role' in changes;
    recordAudit(db, actor, roleChanged ? 'role' : 'update', 'user', id, changes);
    if (roleChanged) endSessionsForAccessChange(db, id);
    return true;
  });
}

/** Deactivate or reactivate; idempotent. Deactivation ends the user's sessions. */
export function setActive(db: Db, actor: AuditActor, id: number, active: boolean): boolean {
  return inTransaction(db, () => {
    const before = db.select({ active: users.active }).from(users).where(eq(users.id, id)).get();
    if (!before) return false;
    if (before.active === active) return true;
    db.update(users).set({ active }).where(eq(users.id, id)).run();
    recordAudit(db, actor, active ? 'reactivate' : 'deactivate', 'user', id, { active: [before.active, active] });
    if (!active) endSessionsForAccessChange(db, id);
    return true;
  });
}

/** A new one-time link for the user to choose a password; older links stop working. */
export function resetPassword(db: Db, actor: AuditActor, id: number): string | null {
  return inTransaction(db, () => {
    const user = db.select({ id: users.id, hash: users.passwordHash }).from(users).where(eq(users.id, id)).get();
    if (!user) return null;
    const token = issuePasswordToken(db, id, user.hash ? 'reset' : 'invite', actor.now);
    recordAudit(db, actor, 'password_reset', 'user', id);
    return token;
  });
}

/** Save the sign-in and privacy policy; the audit row holds the old and new values. */
export function updateSecurity(db: Db, actor: AuditActor, input: SecurityInput): void {
  inTransaction(db, () => {
    const before = db
      .select({ twoFactorRequired: organisation.twoFactorRequired, viewersSeeContactDetails: organisation.viewersSeeContactDetails })
      .from(organisation)
      .where(eq(organisation.id, 1))
      .get();
    if (!before) return;
    db.update(organisation).set(input).where(eq(organisation.id, 1)).run();
    recordAudit(db, actor, 'update', 'organisation', 1, diff(before, input));
  });
}
