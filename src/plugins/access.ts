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
