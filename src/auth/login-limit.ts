// Failed sign-ins per email address: after MAX failures in the window the address is refused
// until the window has passed, whether or not the account exists (so the answer reveals nothing).
// The per-IP limit is @fastify/rate-limit on POST /login. In memory: a restart forgets, which is fine.
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;

export class LoginLimiter {
  private failures = new Map<string, { count: number; since: number }>();

  constructor(private readonly max = MAX_FAILURES, private readonly windowMs = WINDOW_MS) {}

  blocked(email: string, now: Date): boolean {
    const entry = this.failures.get(email);
    if (!entry) return false;
    if (now.getTime() - entry.since >= this.windowMs) {
      this.failures.delete(email);
      return false;
    }
    return entry.count >= this.max;
  }

  fail(email: string, now: Date): void {
    const entry = this.failures.get(email);
    if (!entry || now.getTime() - entry.since >= this.windowMs) this.failures.set(email, { count: 1, since: now.getTime() });
    else entry.count += 1;
    if (this.failures.size > 10_000) this.prune(now);
  }

  succeed(email: string): void {
    this.failures.delete(email);
  }

  private prune(now: Date): void {
    for (const [k, v] of this.failures) if (now.getTime() - v.since >= this.windowMs) this.failures.delete(k);
  }
}
