import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn, Client, type TestApp } from '../helpers/app.js';
import { contacts, delegations, partners, partnerships } from '../../src/db/schema.js';
import { SHORT_PICKER, SUGGEST_LIMIT } from '../../src/search/suggest.js';
import { makeContact, makePartner } from '../log/fixtures.js';

/** The suggestions' labels, in order, from the fragment the picker swaps in. */
const labels = (html: string) => [...html.matchAll(/data-label="([^"]*)"/g)].map((m) => m[1]);
const optionCount = (html: string) => (html.match(/<option\b/g) ?? []).length;

/** A region-sized portfolio: `n` partners named "Partner 0001" ... in one transaction. */
function manyPartners(t: TestApp, n: number) {
  t.db.transaction((tx) => {
    for (let i = 1; i <= n; i++)
      tx.insert(partners)
        .values({ kind: 'organisation', name: `Partner ${String(i).padStart(4, '0')}`, country: 'DE', updatedAt: '2026-01-01T00:00:00Z' })
        .run();
  });
}

describe('partner and contact suggestions', () => {
  it('are for signed-in users only', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    makePartner(t.db, { name: 'Kópavogur' });
    const anonymous = new Client(t.app);
    for (const url of ['/partners/suggest?q=kop', '/contacts/suggest?q=gud']) {
      const res = await anonymous.get(url);
      expect(res.statusCode).toBeGreaterThanOrEqual(300);
      expect(res.body).not.toContain('Kópavogur');
    }
    const viewer = await signedIn(t, 'viewer');
    expect(labels((await viewer.get('/partners/suggest?q=kop')).body)).toEqual(['Kópavogur']);
  });

  it('fold case and diacritics like search: "Kopavogur" finds Kópavogur, "izmir" finds İzmir', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    for (const name of ['Kópavogur', 'İzmir', 'Århus', 'Tromsø', 'Brno']) makePartner(t.db, { name });
    const client = await signedIn(t, 'viewer');
    const suggest = async (q: string) => labels((await client.get(`/partners/suggest?q=${encodeURIComponent(q)}`)).body);
    expect(await suggest('Kopavogur')).toEqual(['Kópavogur']);
    expect(await suggest('izmir')).toEqual(['İzmir']);
    expect(await suggest('IZM')).toEqual(['İzmir']);
    expect(await suggest('aarhus')).toEqual(['Århus']);
    expect(await suggest('tromso')).toEqual(['Tromsø']);
    expect(await suggest('')).toEqual([]);
    expect(await suggest('"NEAR(')).toEqual([]);
  });

  it('match names only, give at most 20, and escape what they show', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    manyPartners(t, 30);
    makePartner(t.db, { name: 'Brno', description: 'Partner city' });
    makePartner(t.db, { name: '<b>Partner</b> & co' });
    const client = await signedIn(t, 'viewer');
    const res = await client.get('/partners/suggest?q=partner');
    expect(res.statusCode).toBe(200);
    expect(labels(res.body)).toHaveLength(SUGGEST_LIMIT);
    expect(labels(res.body)).not.toContain('Brno');
    expect(res.body).not.toContain('<b>');
    const escaped = await client.get('/partners/suggest?q=co');
    expect(escaped.body).toContain('&lt;b&gt;Partner&lt;/b&gt; &amp; co');
    expect(res.body).toMatch(/<li role="option" aria-selected="false" data-value="\d+"/);
  });

  it('offer live contacts with their partner, not merged or erased ones', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    const kopavogur = makePartner(t.db, { name: 'Kópavogur' });
    const kept = makeContact(t.db, kopavogur.id, { name: 'Guðrún Jónsdóttir' });
    makeContact(t.db, kopavogur.id, { name: 'Gudrun Merged', mergedIntoId: kept.id });
    const erased = makeContact(t.db, null, { name: 'Gudrun Erased' });
    t.db.update(contacts).set({ erasedAt: '2026-01-01T00:00:00Z' }).where(eq(contacts.id, erased.id)).run();
    const client = await signedIn(t, 'viewer');
    const res = await client.get('/contacts/suggest?q=gudrun');
    expect(labels(res.body)).toEqual(['Guðrún Jónsdóttir']);
    expect(res.body).toContain('Kópavogur');
  });
});

describe('long pickers', () => {
  it('are type-ahead comboboxes, not thousands of options, when the organisation has thousands of partners', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    manyPartners(t, 3000);
    const client = await signedIn(t, 'contributor');
    for (const url of ['/log', '/log/new', '/contacts', '/contacts/new']) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(optionCount(res.body), url).toBeLessThan(50);
      expect(res.body, url).not.toContain('Partner 2999');
      expect(res.body, url).toMatch(/role="combobox"[^>]*aria-controls="[^"]+-list"/);
      expect(res.body.length, url).toBeLessThan(150 * 1024);
    }
  });

  it(`stay plain selects while the organisation has fewer than ${SHORT_PICKER} partners`, async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    manyPartners(t, SHORT_PICKER - 10);
    const client = await signedIn(t, 'contributor');
    for (const url of ['/log', '/log/new', '/contacts']) {
      const res = await client.get(url);
      expect(res.body, url).not.toContain('role="combobox"');
      expect(res.body, url).toContain('Partner 0190');
    }
  });

  it('work without JavaScript: the typed text picks the best match', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    manyPartners(t, SHORT_PICKER);
    const kopavogur = makePartner(t.db, { name: 'Kópavogur' });
    makeContact(t.db, kopavogur.id, { name: 'Guðrún Jónsdóttir' });
    const client = await signedIn(t, 'contributor');

    const filtered = await client.get('/contacts?partner=&partnerName=kopavogur');
    expect(filtered.body).toContain('Guðrún Jónsdóttir');
    expect(filtered.body).toMatch(/name="partner" value="\d+"/);
    expect(filtered.body).toContain('value="Kópavogur"');
    // Text that names no partner finds nothing, rather than everything.
    const nothing = await client.get('/contacts?partner=&partnerName=Zzyzx');
    expect(nothing.body).not.toContain('Guðrún Jónsdóttir');
    expect(nothing.body).toContain('value="Zzyzx"');
    expect((await client.get('/log?partnerName=Zzyzx')).statusCode).toBe(200);

    // The quick log: "refresh" with typed text lists the matches to tick; ticked ones stay.
    const refreshed = await client.post('/log', { partnerQuery: 'kopav', _refresh: '1', quick: '1' });
    expect(refreshed.body).toMatch(new RegExp(`name="partnerIds" value="${kopavogur.id}">`));
    const ticked = await client.post('/log', { partnerIds: String(kopavogur.id), _refresh: '1', quick: '1' });
    expect(ticked.body).toMatch(new RegExp(`name="partnerIds" value="${kopavogur.id}" checked`));
    expect(ticked.body).toContain('Guðrún Jónsdóttir');

    const created = await client.post('/contacts', {
      name: 'Sigríður',
      partnerId: '',
      partnerName: 'Kópav',
      lawfulBasis: 'Legitimate interest',
    });
    expect(created.statusCode).toBe(303);
    const row = t.db.select().from(contacts).where(eq(contacts.name, 'Sigríður')).get();
    expect(row?.partnerId).toBe(kopavogur.id);
    const unknown = await client.post('/contacts', {
      name: 'Nobody',
      partnerId: '',
      partnerName: 'Zzyzx',
      lawfulBasis: 'Legitimate interest',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toMatch(/id="e-partnerId"/);
    expect(unknown.body).toContain('value="Zzyzx"');
  });
});

describe('the partner pickers of the partnership and delegation forms', () => {
  it('are comboboxes at a region’s size, and the typed text picks the partner or is refused beside the field', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    manyPartners(t, 3000);
    const kopavogur = makePartner(t.db, { name: 'Kópavogur' });
    const client = await signedIn(t, 'coordinator');
    for (const url of ['/partnerships/new', '/delegations/new']) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain('Partner 2999');
      expect(res.body, url).toMatch(/id="f-partnerId"[^>]*role="combobox"|role="combobox"[^>]*id="f-partnerId"/);
      expect(res.body.length, url).toBeLessThan(150 * 1024);
    }

    const partnership = {
      title: 'Venskabsby',
      agreementType: 'cooperation_agreement',
      status: 'exploring',
      reviewCadenceMonths: '12',
      partnerId: '',
      partnerName: 'kopav',
    };
    expect((await client.post('/partnerships', partnership)).statusCode).toBe(303);
    expect(t.db.select().from(partnerships).where(eq(partnerships.title, 'Venskabsby')).get()?.partnerId).toBe(kopavogur.id);
    const unknownPartnership = await client.post('/partnerships', { ...partnership, title: 'Ingen', partnerName: 'Zzyzx' });
    expect(unknownPartnership.statusCode).toBe(422);
    expect(unknownPartnership.body).toMatch(/id="e-partnerId"[^>]*>This no longer exists\. Choose another\./);
    expect(unknownPartnership.body).toContain('value="Zzyzx"');
    expect(t.db.select().from(partnerships).where(eq(partnerships.title, 'Ingen')).get()).toBeUndefined();

    const visit = { direction: 'incoming', status: 'planned', title: 'Besøg fra Kópavogur', startsOn: '2026-12-01', endsOn: '2026-12-02' };
    expect((await client.post('/delegations', { ...visit, partnerId: '', partnerName: 'Kópavogur' })).statusCode).toBe(303);
    expect(t.db.select().from(delegations).where(eq(delegations.title, visit.title)).get()?.partnerId).toBe(kopavogur.id);
    // No partner is a choice on a delegation: empty text means none.
    expect((await client.post('/delegations', { ...visit, title: 'Uden partner', partnerId: '', partnerName: '' })).statusCode).toBe(303);
    expect(t.db.select().from(delegations).where(eq(delegations.title, 'Uden partner')).get()?.partnerId).toBeNull();
  });
});
