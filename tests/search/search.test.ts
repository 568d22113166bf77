import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { contacts, logEntries, organisation, partners } from '../../src/db/schema.js';
import { searchAll } from '../../src/search/queries.js';
import { ftsQuery, foldText, highlight } from '../../src/search/fold.js';
import type { Db } from '../../src/db/client.js';
import { makeContact, makePartner } from '../log/fixtures.js';

const names = (db: Db, q: string) => searchAll(db, q).partners.map((p) => p.name);

describe('search folding and quoting', () => {
  it.each([
    ['Århus', 'aarhus'],
    ['Kópavogur', 'kopavogur'],
    ['Östersund', 'ostersund'],
    ['Tromsø', 'tromsoe'],
    ['Ærø', 'aeroe'],
  ])('%s folds to %s', (a, b) => {
    expect(foldText(a)).toBe(b);
  });

  it('quotes every word so FTS syntax cannot break the query', () => {
    expect(ftsQuery('NEAR("a" OR b*) -c: ^d')).toBe('"near"* AND "a"* AND "or"* AND "b"* AND "c"* AND "d"*');
    expect(ftsQuery('"*:()')).toBeNull();
  });

  it('looks for a word with ø in both folds the index holds, so a Danish ø finds a Swedish ö', () => {
    expect(ftsQuery('østersund kommune')).toBe('("oestersund"* OR "ostersund"*) AND "kommune"*');
  });

  it('escapes before marking', () => {
    expect(highlight('<b>Århus</b> & Kópavogur', ['aarh', 'kop'])).toBe(
      '&lt;b&gt;<mark>Århus</mark>&lt;/b&gt; &amp; <mark>Kópavogur</mark>',
    );
  });
});

describe('search', () => {
  it('ignores case and diacritics and finds prefixes', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    for (const name of ['Århus', 'Kópavogur', 'Östersund', 'Tromsø', 'Brno']) makePartner(t.db, { name });
    expect(names(t.db, 'kopavogur')).toEqual(['Kópavogur']);
    expect(names(t.db, 'KÓPAV')).toEqual(['Kópavogur']);
    expect(names(t.db, 'ostersund')).toEqual(['Östersund']);
    expect(names(t.db, 'østersund')).toEqual(['Östersund']); // a Danish keyboard has no ö
    expect(names(t.db, 'aarhus')).toEqual(['Århus']);
    expect(names(t.db, 'århus')).toEqual(['Århus']);
    expect(names(t.db, 'arh')).toEqual(['Århus']);
    expect(names(t.db, 'tromso')).toEqual(['Tromsø']);
    expect(names(t.db, 'tromsø')).toEqual(['Tromsø']);
    expect(names(t.db, 'ö')).toEqual(['Östersund']);
    expect(names(t.db, '"NEAR(')).toEqual([]);
  });

  it("finds the log entries about a partner when its name is searched, though their text doesn't name it", async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    const kopavogur = makePartner(t.db, { name: 'Kópavogur' });
    const brno = makePartner(t.db, { name: 'Brno', country: 'CZ' });
    const client = await signedIn(t, 'contributor');
    await client.post('/log', {
      partnerIds: String(kopavogur.id),
      type: 'meeting',
      occurredOn: '2026-11-02',
      summary: 'Borgmestermøde om klima',
    });
    await client.post('/log', { partnerIds: String(brno.id), type: 'call', occurredOn: '2026-11-03', summary: 'Skoleudveksling' });
    expect(searchAll(t.db, 'kopavogur').logEntries.map((e) => e.summary)).toEqual(['Borgmestermøde om klima']);
    expect(searchAll(t.db, 'Brno').logEntries.map((e) => e.summary)).toEqual(['Skoleudveksling']);
    // The contact log's own text filter follows the same rule.
    const list = (await client.get('/log?text=K%C3%B3pavogur', { 'hx-request': 'true' })).body;
    expect(list).toContain('Borgmestermøde om klima');
    expect(list).not.toContain('Skoleudveksling');
  });

  it('lists the newest matching log entries, whether their text matches or they are about a matching partner', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    const kopavogur = makePartner(t.db, { name: 'Kópavogur' });
    const tartu = makePartner(t.db, { name: 'Tartu', country: 'EE' });
    const client = await signedIn(t, 'contributor');
    // Alternating: odd entries name Kópavogur in their text (about Tartu), even ones are about Kópavogur without naming it.
    for (let i = 1; i <= 24; i++) {
      await client.post('/log', {
        partnerIds: String(i % 2 ? tartu.id : kopavogur.id),
        type: 'meeting',
        occurredOn: '2026-11-02',
        summary: i % 2 ? `Møde om Kópavogur nr. ${i}` : `Opkald nr. ${i}`,
      });
    }
    const summaries = (q: string, limit?: number) => searchAll(t.db, q, limit).logEntries.map((e) => e.summary);
    const entry = (i: number) => (i % 2 ? `Møde om Kópavogur nr. ${i}` : `Opkald nr. ${i}`);
    // The newest 8 of both kinds together, newest first.
    expect(summaries('kopavogur')).toEqual([24, 23, 22, 21, 20, 19, 18, 17].map(entry));
    expect(summaries('kopavogur', 30)).toEqual(Array.from({ length: 24 }, (_, i) => entry(24 - i)));
    // Only the text matches: the newest 8 that say it.
    expect(summaries('møde')).toEqual([23, 21, 19, 17, 15, 13, 11, 9].map(entry));
  });

  it('follows inserts, updates and deletes of every kind', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    const partner = makePartner(t.db, { name: 'Kaunas' });
    const contact = makeContact(t.db, partner.id, { name: 'Rūta Kazlauskienė' });
    const client = await signedIn(t, 'contributor');
    await client.post('/log', {
      partnerIds: String(partner.id),
      type: 'meeting',
      occurredOn: '2026-11-01',
      summary: 'Møde om cykelstier i Kaunas',
    });
    expect(searchAll(t.db, 'cykelsti').logEntries).toHaveLength(1);
    expect(searchAll(t.db, 'ruta').contacts.map((c) => c.id)).toEqual([contact.id]);

    const entry = t.db.select().from(logEntries).get()!;
    const edit = await client.post(`/log/${entry.id}`, {
      partnerIds: String(partner.id),
      type: 'meeting',
      occurredOn: '2026-11-01',
      summary: 'Møde om havnebad',
    });
    expect(edit.statusCode).toBe(303);
    expect(searchAll(t.db, 'cykelsti').logEntries).toHaveLength(0);
    expect(searchAll(t.db, 'havnebad').logEntries).toHaveLength(1);

    t.db.update(partners).set({ name: 'Kauno miestas' }).where(eq(partners.id, partner.id)).run();
    expect(searchAll(t.db, 'kaunas').partners).toHaveLength(0);
    expect(searchAll(t.db, 'miest').partners).toHaveLength(1);
    t.db.update(contacts).set({ name: 'Ruta K.' }).where(eq(contacts.id, contact.id)).run();
    expect(searchAll(t.db, 'kazlausk').contacts).toHaveLength(0);

    t.db.delete(logEntries).where(eq(logEntries.id, entry.id)).run();
    expect(searchAll(t.db, 'havnebad').logEntries).toHaveLength(0);
  });

  it('answers the header box with a fragment of grouped, highlighted results and the page otherwise', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    const partner = makePartner(t.db, { name: 'Kópavogur' });
    makeContact(t.db, partner.id, { name: 'Guðrún <script>x</script>' });
    const client = await signedIn(t, 'viewer');
    await client.get('/');
    const fragment = await client.get('/search?q=kopa', { 'hx-request': 'true' });
    expect(fragment.statusCode).toBe(200);
    expect(fragment.headers.vary).toContain('HX-Request');
    expect(fragment.body).not.toContain('<html');
    expect(fragment.body).toContain('<mark>Kópavogur</mark>');
    expect(fragment.body).toContain('Partners');
    const contactHit = await client.get('/search?q=gudrun');
    expect(contactHit.body).toContain('<html');
    expect(contactHit.body).toContain('<mark>Guðrún</mark> &lt;script&gt;x&lt;/script&gt;');
    expect(contactHit.body).not.toContain('<script>x');
    expect((await client.get('/search?q=%22NEAR(%20*')).statusCode).toBe(200);
    expect((await client.get('/search?q=')).statusCode).toBe(200);
  });
});

describe("search and a contact's e-mail address", () => {
  it('shows it to those who see contact details, and to viewers only when the organisation allows it', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    const partner = makePartner(t.db, { name: 'Oslo International Advisory Board' });
    makeContact(t.db, partner.id, { name: 'Göran Åberg', email: 'goran.aaberg@example.org' });
    const viewer = await signedIn(t, 'viewer');
    const coordinator = await signedIn(t, 'coordinator');
    for (const url of ['/search?q=aberg', '/search?q=%C3%85berg']) {
      expect((await viewer.get(url)).body).not.toContain('@example.org');
      expect((await viewer.get(url, { 'hx-request': 'true' })).body).not.toContain('@example.org');
      expect((await viewer.get(url)).body).toContain('Åberg');
      // The coordinator sees it (the searched word marked inside it).
      expect((await coordinator.get(url)).body.replace(/<\/?mark>/g, '')).toContain('goran.aaberg@example.org');
    }
    t.db.update(organisation).set({ viewersSeeContactDetails: true }).run();
    expect((await viewer.get('/search?q=aberg')).body.replace(/<\/?mark>/g, '')).toContain('goran.aaberg@example.org');
  });

  it('does not let a viewer find a contact by an address or a note they may not see', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    const partner = makePartner(t.db, { name: 'Kópavogsbær' });
    makeContact(t.db, partner.id, { name: 'Sigríður Jónsdóttir', email: 'sigga.private@kopavogur.is', notes: 'Ring efter kl. 14' });
    const viewer = await signedIn(t, 'viewer');
    const coordinator = await signedIn(t, 'coordinator');
    const found = async (client: typeof viewer, url: string) =>
      (await client.get(url)).body.replace(/<\/?mark>/g, '').includes('Sigríður Jónsdóttir');
    for (const url of ['/search?q=sigga.private', '/search?q=ring+efter', '/contacts?text=sigga.private']) {
      expect(await found(viewer, url), url).toBe(false);
      expect(await found(coordinator, url), url).toBe(true);
    }
    // By name, the viewer finds her everywhere, folded as ever ("sigridur").
    for (const url of ['/search?q=sigridur', '/contacts?text=jonsdottir']) expect(await found(viewer, url), url).toBe(true);
    expect((await viewer.get('/search?q=sigga.private', { 'hx-request': 'true' })).body).not.toContain('Sigríður');

    t.db.update(organisation).set({ viewersSeeContactDetails: true }).run();
    expect(await found(viewer, '/search?q=sigga.private')).toBe(true);
    expect(await found(viewer, '/contacts?text=sigga.private')).toBe(true);
  });
});
