// Roles and the access rule every route declares in `config.access`. A route without one
// cannot be registered, so the role x route matrix test covers every route there is.
export const ROLES = ['viewer', 'contributor', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * public: anyone, signed in or not (sign-in page, setup, static files, the token-guarded calendar feed).
 * signed_in: every role, read-only pages and one's own profile and notifications.
 * contributor / coordinator / admin: that role or a higher one.
 */
export const ACCESS_LEVELS = ['public', 'signed_in', 'contributor', 'coordinator', 'admin'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

const RANK: Record<Role, number> = { viewer: 0, contributor: 1, coordinator: 2, admin: 3 };
const NEEDS: Record<Access, number> = { public: -1, signed_in: 0, contributor: 1, coordinator: 2, admin: 3 };

export function allows(role: Role | null, access: Access): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  return RANK[role] >= NEEDS[access];
}

/**
 * Whether the user may see contacts' email addresses and phone numbers: every role but viewer,
 * and viewers too when the organisation allows it (Users > Security settings).
 */
export function seesContactDetails(role: Role | null | undefined, org: { viewersSeeContactDetails?: boolean } | null | undefined): boolean {
  if (!role) return false;
  return role !== 'viewer' || org?.viewersSeeContactDetails === true;
}

/** Who may tick a follow-up done or reopen it: its assignee, the author of its log entry, or a coordinator or admin. */
export function mayTickFollowUp(
  user: { id: number; role: Role } | null | undefined,
  f: { assigneeId: number | null; logCreatedById: number | null },
): boolean {
  if (!user || user.role === 'viewer') return false;
  return atLeast(user.role, 'coordinator') || f.assigneeId === user.id || f.logCreatedById === user.id;
}

export function atLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Skip the CSRF check: only for routes that change nothing a forger could use (none today). */
    csrf?: false;
  }
}

/** One registered route and its rule, as collected by buildApp's onRoute hook. */
export interface RouteEntry {
  method: string;
  url: string;
  access: Access;
  /** False only for routes that declared `csrf: false`. */
  csrf: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, with its access rule (static files excluded). */
    routeTable: RouteEntry[];
  }
}
