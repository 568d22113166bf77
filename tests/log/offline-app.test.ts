// What makes the quick log an installable, offline web app on the server's side: the service worker
// from the root (so its scope covers /log/new) and never cached by HTTP, the manifest in the user's
// language, and the page shown without network; the quick-log page carries the texts its script shows.
import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { users } from '../../src/db/schema.js';

describe('offline quick log: the app around it', () => {
  it('serves the service worker from the root as a script, revalidated on every use, under the strict CSP', async () => {
    const t = await buildTestApp();
    const res = await t.app.inject({ method: 'GET', url: '/sw.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain("addEventListener('fetch'");
    const page = await (await signedIn(t, 'contributor')).get('/log/new');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<link rel="manifest" href="/manifest.webmanifest">');
    expect(page.body).toMatch(/<script src="\/static\/offline\.[0-9a-f]{12}\.js" defer><\/script>/);
    expect(page.body).not.toMatch(/<script>(?!<\/script>)/); // no inline script
  });

  it('describes the app in a manifest that starts at the quick log, with its name and an icon', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t, 'contributor');
    const en = await client.get('/manifest.webmanifest');
    expect(en.headers['content-type']).toMatch(/^application\/manifest\+json/);
    expect(en.json()).toMatchObject({ start_url: '/log/new', scope: '/', display: 'standalone', lang: 'en', short_name: 'Log contact' });
    const icon = await client.get((en.json() as { icons: { src: string }[] }).icons[0]!.src);
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('says on the page shown without network that it needs the network, in all four languages', async () => {
    const expected = { en: 'No network', da: 'Intet netværk', nb: 'Ikke noe nett', sv: 'Inget nätverk' } as const;
    for (const [locale, heading] of Object.entries(expected)) {
      const t = await buildTestApp();
      const client = await signedIn(t, 'contributor');
      const me = t.db.select().from(users).where(eq(users.role, 'contributor')).get()!;
      t.db.update(users).set({ locale }).where(eq(users.id, me.id)).run();
      const res = await client.get('/offline');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`<h1>${heading}</h1>`);
      expect(res.body).toContain('href="/log/new"');
      const quickLog = await client.get('/log/new');
      expect(quickLog.body).toMatch(/data-text-kept="[^"]+"/);
      expect(quickLog.body).not.toContain('data-text-kept="log.offline');
    }
  });
});
