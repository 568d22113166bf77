// Behind a reverse proxy only the hops we trust may name the client: the left-most X-Forwarded-For
// entry is whatever the client wrote, so it must neither dodge the per-IP sign-in limit nor reach the audit log.
import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, Client } from '../helpers/app.js';
import { loadConfig, parseTrustProxy } from '../../src/config.js';
import { FREE_FAILURES } from '../../src/auth/login-limit.js';
import { auditLog } from '../../src/db/schema.js';

describe('TRUST_PROXY', () => {
  it('reads true as one hop, a number as hops, a list as proxy addresses, and refuses nonsense', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('true')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.1, 10.1.0.0/16,::1')).toEqual(['10.0.0.1', '10.1.0.0/16', '::1']);
    expect(parseTrustProxy('loopback')).toEqual(['loopback']);
    expect(parseTrustProxy('everyone please')).toBeNull();
    expect(loadConfig({ TRUST_PROXY: 'true', SESSION_SECRET: 'x'.repeat(32) }).trustProxy).toBe(1);
    expect(() => loadConfig({ TRUST_PROXY: 'yes sure', SESSION_SECRET: 'x'.repeat(32) })).toThrow(/TRUST_PROXY/);
  });

  for (const [label, trustProxy] of [
    ['TRUST_PROXY=true', parseTrustProxy('true')!],
    ['a proxy list', parseTrustProxy('127.0.0.1')!],
  ] as const) {
    it(`with ${label}, a forged left-most X-Forwarded-For neither escapes the per-IP limit nor reaches the audit log`, async () => {
      const t = await buildTestApp({ config: { trustProxy } });
      const client = new Client(t.app);
      await client.get('/login');
      // Our proxy (127.0.0.1, the inject socket) appends the address it saw: 203.0.113.7.
      const post = (i: number) =>
        client.post(
          '/login',
          { email: `user${i}@example.org`, password: 'wrong password!' },
          { headers: { 'x-forwarded-for': `198.51.100.${i % 250}, 203.0.113.7` } },
        );
      // The address's growing wait starts after FREE_FAILURES, whatever the client writes in front.
      for (let i = 0; i < FREE_FAILURES; i++) expect((await post(i)).statusCode).toBe(401);
      expect((await post(FREE_FAILURES)).statusCode).toBe(429);
      const ips = new Set(
        t.db
          .select()
          .from(auditLog)
          .where(eq(auditLog.action, 'login_failed'))
          .all()
          .map((r) => r.ip),
      );
      expect([...ips]).toEqual(['203.0.113.7']);
    });
  }
});
