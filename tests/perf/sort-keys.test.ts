// Stored sort keys (migration 0027): partners, partnerships and contacts carry sort_key(name) in the
// organisation's language, kept by triggers, so the lists sort through an index. They must always
// equal what the collation says, after an insert, a rename and a change of the organisation's language.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { contacts, localActors, organisation, partners, partnerships } from '../../src/db/schema.js';
import { sortKey } from '../../src/lib/collation.js';
import type { Db } from '../../src/db/client.js';
import type { Locale } from '../../src/i18n/index.js';
import { makeContact, makePartner, makePartnership } from '../log/fixtures.js';
import { addCost } from '../reviews/factories.js';

const NAMES = ['Ålborg', 'Zagreb', 'Aarhus', 'Brno', 'Østersund', 'İzmir', 'Kópavogur', 'Oslo'];

function keysAreCurrent(db: Db, locale: Locale): void {
  for (const p of db.select().from(partners).all()) expect(p.nameKey).toBe(sortKey(p.name, locale));
  for (const p of db.select().from(partnerships).all()) expect(p.titleKey).toBe(sortKey(p.title, locale));
  for (const c of db.select().from(contacts).all()) expect(c.nameKey).toBe(sortKey(c.name, locale));
}

/** The names in the order a list page shows them (the first cell of each body row). */
const listed = (html: string, names: string[]) =>
  names.filter((n) => html.includes(`>${n}<`)).sort((a, b) => html.indexOf(`>${a}<`) - html.indexOf(`>${b}<`));

describe('stored sort keys', () => {
  it('sort the costs list by the amount shown: funding reads as negative', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank', locale: 'da' } });
    const p = makePartnership(t.db, makePartner(t.db, { name: 'Kópavogur' }).id, { title: 'Kópavogur' });
    addCost(t.db, p.id, 270_000, '2026-03-01');
    addCost(t.db, p.id, 300_000, '2026-03-02', 'funding');
    addCost(t.db, p.id, 360_000, '2026-03-03');
    const admin = await signedIn(t);
    const body = (await admin.get('/costs?sort=amount&dir=asc')).body;
    const at = (text: string) => body.indexOf(text);
    expect(at('−3.000')).toBeGreaterThan(-1);
    expect(at('−3.000')).toBeLessThan(at('2.700'));
    expect(at('2.700')).toBeLessThan(at('3.600'));
  });

  it('leave codes to sort as the reader reads their labels: countries by name, statuses by word', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank', locale: 'da' } });
    const statuses = ['active', 'dormant', 'ended', 'ending', 'exploring'] as const;
    for (const [i, country] of ['AT', 'BE', 'DK', 'SE', 'DE'].entries()) {
      const partner = makePartner(t.db, { name: `Partner ${i}`, country });
      makePartnership(t.db, partner.id, { title: `Aftale ${i}`, status: statuses[i] });
    }
    const admin = await signedIn(t);
    const body = (path: string) => admin.get(path).then((r) => r.body.slice(r.body.indexOf('<tbody'), r.body.indexOf('</tbody>')));
    // Østrig (AT) after Z in Danish, not first as its code.
    expect(listed(await body('/partners?sort=country'), ['Belgien', 'Danmark', 'Sverige', 'Tyskland', 'Østrig'])).toEqual([
      'Belgien',
      'Danmark',
      'Sverige',
      'Tyskland',
      'Østrig',
    ]);
    const words = ['Afsluttet', 'Aktiv', 'Hvilende', 'Under afslutning', 'Undersøges'];
    expect(listed(await body('/partnerships?sort=status'), words)).toEqual(words);
    // Local actors by kind: Forening, Skole, Universitet, Virksomhed (their codes would say association, business, school, university).
    for (const [i, kind] of (['university', 'school', 'business', 'association'] as const).entries())
      t.db
        .insert(localActors)
        .values({ name: `Aktør ${i}`, kind, updatedAt: '2026-12-01T00:00:00Z' })
        .run();
    const kinds = ['Forening', 'Skole', 'Universitet', 'Virksomhed'];
    expect(listed(await body('/local-actors?sort=kind'), kinds)).toEqual(kinds);
  });

  it('follow inserts, renames and the organisation language, and the lists sort by them', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank', locale: 'da' } });
    for (const name of NAMES) {
      const partner = makePartner(t.db, { name });
      makePartnership(t.db, partner.id, { title: name });
      makeContact(t.db, partner.id, { name });
    }
    keysAreCurrent(t.db, 'da');
    const admin = await signedIn(t);
    const danish = ['Brno', 'İzmir', 'Kópavogur', 'Oslo', 'Zagreb', 'Østersund', 'Ålborg', 'Aarhus'];
    expect(listed((await admin.get('/partners')).body, NAMES)).toEqual(danish);
    expect(listed((await admin.get('/partnerships?sort=title')).body, NAMES)).toEqual(danish);
    expect(listed((await admin.get('/contacts')).body, NAMES)).toEqual(danish);
    // The pickers and the council report read the same keys (a walk found them in code-point order).
    const options = (await admin.get('/log/new')).body;
    const partnerSelect = options.slice(
      options.indexOf('name="partnerIds"'),
      options.indexOf('</select>', options.indexOf('name="partnerIds"')),
    );
    expect(listed(partnerSelect, NAMES)).toEqual(danish);
    expect(listed((await admin.get('/report')).body, NAMES)).toEqual(danish);

    // A rename moves the row.
    const brno = t.db.select().from(partners).where(eq(partners.name, 'Brno')).get()!;
    t.db.update(partners).set({ name: 'Ängelholm' }).where(eq(partners.id, brno.id)).run();
    t.db.update(partnerships).set({ title: 'Ängelholm' }).where(eq(partnerships.partnerId, brno.id)).run();
    t.db.update(contacts).set({ name: 'Ängelholm' }).where(eq(contacts.partnerId, brno.id)).run();
    keysAreCurrent(t.db, 'da');

    // The organisation changes its language: every key follows, and English puts Aarhus first.
    t.db.update(organisation).set({ locale: 'en' }).where(eq(organisation.id, 1)).run();
    keysAreCurrent(t.db, 'en');
    const names = [...NAMES.filter((n) => n !== 'Brno'), 'Ängelholm'];
    const english = ['Aarhus', 'Ålborg', 'Ängelholm', 'İzmir', 'Kópavogur', 'Oslo', 'Østersund', 'Zagreb'];
    expect(listed((await admin.get('/partners')).body, names)).toEqual(english);
    expect(listed((await admin.get('/contacts')).body, names)).toEqual(english);
  });
});
