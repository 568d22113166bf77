// The main menu in every language: no two entries read the same (Danish once called both the settings
// and the proposals "Indstillinger").
import { describe, expect, it } from 'vitest';
import { buildTestApp, signedIn } from '../helpers/app.js';

describe('the main menu', () => {
  it.each(['en', 'da', 'nb', 'sv'] as const)('has a different name for every entry in %s', async (locale) => {
    const t = await buildTestApp({ setup: { locale } });
    const admin = await signedIn(t);
    const page = (await admin.get('/')).body;
    const nav = /<nav id="main-nav"[\s\S]*?<\/nav>/.exec(page)![0];
    const names = [...nav.matchAll(/<a\b[^>]*>([\s\S]*?)<\/a>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim()).filter(Boolean);
    expect(names.length).toBeGreaterThan(8);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});
