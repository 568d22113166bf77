// The preview through the real routes on an Odense organisation: its twin cities imported over
// the preset (updates with diffs, zero new rows), choices on rows, likely duplicates, ignored
// columns, paging, expiry of previews, the revert window, and refusals as 422 pages.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { count, eq } from 'drizzle-orm';
import { buildTestApp, signedIn, type Client, type TestApp } from '../helpers/app.js';
import { importBatches, importBatchRows, partners } from '../../src/db/schema.js';
import { TWIN_CITIES, upload } from './helpers.js';

let t: TestApp;
let client: Client;

beforeEach(async () => {
  t = await buildTestApp(); // Odense: its 20 twin cities and three networks
  client = await signedIn(t, 'coordinator');
});
afterEach(async () => {
  await t.app.close();
});

async function uploadAndOpen(name: string, content: Buffer, entity = 'partners') {
  const res = await upload(client, entity, { name, content });
  expect(res.statusCode, res.body).toBe(303);
  const url = res.headers.location as string;
  return { url, id: Number(url.split('/').pop()), page: await client.get(url) };
}

const partnerCount = () => t.db.select({ n: count() }).from(partners).get()!.n;
const byName = (name: string) => t.db.select().from(partners).where(eq(partners.name, name)).get();
const countOf = (html: string, what: string) => Number(new RegExp(`data-count="${what}">([\\d.,]+)<`).exec(html)?.[1]);

describe("importing Odense's twin cities over the preset", () => {
  it('updates the twin cities with their changes shown old -> new, and adds nothing', async () => {
    const before = partnerCount();
    const { url, page } = await uploadAndOpen('venskabsbyer.csv', iconv.encode(TWIN_CITIES, 'windows-1252'));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('windows-1252');
    expect(countOf(page.body, 'new')).toBe(0);
    expect(countOf(page.body, 'likely')).toBe(0);
    expect(countOf(page.body, 'error')).toBe(0);
    expect(countOf(page.body, 'update') + countOf(page.body, 'unchanged')).toBe(20);
    expect(countOf(page.body, 'update')).toBe(13);
    // Each change is shown as old -> new; İzmir would lose its dot and is held.
    expect(page.body).toMatch(/data-line="20"[\s\S]*?<del>İzmir<\/del> → <ins>Izmir<\/ins>[\s\S]*?name="accept20" value="name"/);
    expect(page.body).toMatch(/data-line="7"[\s\S]*?<del>Kópavogur<\/del> → <ins>Kopavogur<\/ins>/);
    expect(page.body).toMatch(/data-line="2"[\s\S]*?<del>\(empty\)<\/del> → <ins>https:\/\/www.brno.cz<\/ins>/);

    const done = await client.post(`${url}/commit`);
    expect(done.statusCode).toBe(303);
    expect(partnerCount()).toBe(before);
    expect(byName('İzmir')).toMatchObject({ country: 'TR', website: 'https://www.izmir.bel.tr' });
    expect(byName('Kópavogur')).toMatchObject({
      website: 'https://www.kopavogur.is',
      description: 'Venskabsby siden 1961\nKontakt: borgmesterens kontor',
    });
    expect(byName('Klaksvík')).toMatchObject({ website: 'https://www.klaksvik.fo' });
    // Columbus with the region Ohio is the preset's "Columbus, Ohio": its name stays, the en dash arrives intact.
    expect(byName('Columbus, Ohio')).toMatchObject({ cityRegion: 'Ohio', description: 'Sister Cities International – 2 × årligt' });
    expect(byName('Columbus')).toBeUndefined();
    expect(byName('Izmir')).toBeUndefined();
    expect(t.db.select().from(importBatches).get()).toMatchObject({ status: 'committed', createdCount: 0, updatedCount: 13 });
  });

  it('applies a held change the user ticked: Izmir replaces İzmir only then', async () => {
    const { url } = await uploadAndOpen('venskabsbyer.csv', iconv.encode(TWIN_CITIES, 'windows-1252'));
    const lines = Array.from({ length: 20 }, (_, i) => String(i + 2));
    const saved = await client.post(`${url}/rows`, { lines, include: lines, accept20: 'name', returnTo: url });
    expect(saved.statusCode).toBe(303);
    const page = await client.get(url);
    expect(page.body).toMatch(/id="accept-20-name" name="accept20" value="name" checked/);
    await client.post(`${url}/commit`);
    expect(byName('Izmir')).toMatchObject({ country: 'TR' });
    expect(byName('Kópavogur')).toBeDefined();
  });
});

describe('choices on the preview', () => {
  it('asks for a decision on a likely duplicate and blocks the commit with a 422 until it is made', async () => {
    const { url, page } = await uploadAndOpen('p.csv', Buffer.from('Navn;Land\nLund;Sverige\nBrno;Slovakiet\nKaunass;Litauen\n'));
    expect(countOf(page.body, 'new')).toBe(1);
    expect(countOf(page.body, 'likely')).toBe(2);
    expect(page.body).toContain('Similar to an existing partner. Decide:');
    expect(page.body).toContain('Update Brno, CZ');
    expect(page.body).not.toContain(`formaction="${url}/commit"`);

    const refused = await client.post(`${url}/commit`);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Nothing was imported: decide on each likely duplicate first.');
    expect(t.db.select().from(importBatches).get()!.status).toBe('pending');

    const brno = byName('Brno')!;
    const kaunas = byName('Kaunas')!;
    await client.post(`${url}/rows`, {
      lines: ['2', '3', '4'],
      include: ['2', '3', '4'],
      decision3: 'new',
      decision4: `match:${kaunas.id}`,
    });
    const decided = await client.get(url);
    expect(countOf(decided.body, 'new')).toBe(2);
    expect(countOf(decided.body, 'unchanged')).toBe(1);
    const before = partnerCount();
    expect((await client.post(`${url}/commit`)).statusCode).toBe(303);
    expect(partnerCount()).toBe(before + 2);
    expect(
      t.db
        .select()
        .from(partners)
        .where(eq(partners.name, 'Brno'))
        .all()
        .map((p) => p.country)
        .sort(),
    ).toEqual(['CZ', 'SK']);
    expect(byName('Kaunas')!.id).toBe(kaunas.id);
    expect(byName('Kaunass')).toBeUndefined();
    expect(brno.id).toBeGreaterThan(0);
  });

  it('lets the user exclude a row, and skips it on commit', async () => {
    const { url } = await uploadAndOpen('p.csv', Buffer.from('Navn;Land\nLund;Sverige\nTartu;Estland\n'));
    await client.post(`${url}/rows`, { lines: ['2', '3'], include: ['3'] });
    const page = await client.get(url);
    expect(countOf(page.body, 'excluded')).toBe(1);
    expect(page.body).toMatch(/id="include-2" name="include" value="2" aria-label/);
    expect(page.body).toContain('Import 1 rows');
    await client.post(`${url}/commit`);
    expect(byName('Lund')).toBeUndefined();
    expect(byName('Tartu')).toMatchObject({ country: 'EE' });
  });

  it('counts what is unticked on the page when Import is pressed without saving first', async () => {
    const { url, page } = await uploadAndOpen('p.csv', Buffer.from('Navn;Land\nLund;Sverige\nTartu;Estland\n'));
    expect(page.body).toContain(`formaction="${url}/commit"`);
    expect((await client.post(`${url}/commit`, { lines: ['2', '3'], include: ['2'] })).statusCode).toBe(303);
    expect(byName('Lund')).toMatchObject({ country: 'SE' });
    expect(byName('Tartu')).toBeUndefined();
  });

  it('lists every column it will not import as ignored, and lets the user map it', async () => {
    const { url, page } = await uploadAndOpen('p.csv', Buffer.from('Navn;Land;Kontaktperson;;Nøgleord\nTartu;Estland;Kadri;x;kultur\n'));
    expect(page.body).toMatch(
      /id="ignored-columns"[\s\S]*data-ignored-column="2">Kontaktperson<[\s\S]*data-ignored-column="3">Column 4 \(no name\)</,
    );
    expect(page.body).not.toContain('data-ignored-column="4"');
    await client.post(`${url}/mapping`, { column0: 'name', column1: 'country', column2: 'description', column4: 'tags' });
    const mapped = await client.get(url);
    expect(mapped.body).not.toContain('data-ignored-column="2"');
    expect(mapped.body).toContain('data-ignored-column="3"');
    await client.post(`${url}/commit`);
    expect(byName('Tartu')).toMatchObject({ description: 'Kadri', tags: 'kultur' });
  });

  it('pages the preview, 100 rows a page, and filters it', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `Testby ${i + 1};Estland`).join('\n');
    const { url, page } = await uploadAndOpen('p.csv', Buffer.from(`Navn;Land\n${rows}\n`));
    expect(countOf(page.body, 'new')).toBe(250);
    expect(page.body.match(/class="import-row /g)).toHaveLength(100);
    expect(page.body).toContain('Page 1 of 3');
    const third = await client.get(`${url}?page=3`);
    expect(third.body.match(/class="import-row /g)).toHaveLength(50);
    expect(third.body).toContain('data-line="251"');
    const errors = await client.get(`${url}?show=error`);
    expect(errors.body.match(/class="import-row /g)).toBeNull();
  });
});

describe('lifetimes through the routes', () => {
  it('expires an abandoned preview after a day with its staged rows, cleaned up on the next visit', async () => {
    const { url } = await uploadAndOpen('p.csv', Buffer.from('Navn;Land\nTartu;Estland\n'));
    t.clock.advance(23 * 3_600_000);
    client = await signedIn(t, 'coordinator'); // the session itself has timed out by now
    expect((await client.get(url)).statusCode).toBe(200);
    t.clock.advance(3_600_000);
    client = await signedIn(t, 'coordinator');
    const expired = await client.get(url);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('That preview has expired: an unfinished import is kept for a day.');
    expect(t.db.select({ n: count() }).from(importBatches).get()!.n).toBe(0);
  });

  it('deletes the pending row on the next visit to the imports page even if nobody opens it again', async () => {
    await uploadAndOpen('p.csv', Buffer.from('Navn;Land\nTartu;Estland\n'));
    t.clock.advance(25 * 3_600_000);
    client = await signedIn(t, 'coordinator');
    expect((await client.get('/imports')).statusCode).toBe(200);
    expect(t.db.select({ n: count() }).from(importBatches).get()!.n).toBe(0);
  });

  it('offers revert for 30 days, says so, then deletes the saved old values and refuses with a 422', async () => {
    const { url } = await uploadAndOpen('p.csv', Buffer.from('Navn;Land;Hjemmeside\nLund;Sverige;https://lund.se\nTartu;Estland;\n'));
    await client.post(`${url}/commit`);
    const committed = await client.get(url);
    expect(committed.body).toContain('It is possible for 30 days, until 24 Dec 2026');
    expect(t.db.select({ n: count() }).from(importBatchRows).get()!.n).toBe(2);

    t.clock.advance(30 * 24 * 3_600_000);
    client = await signedIn(t, 'coordinator');
    expect((await client.get('/imports')).statusCode).toBe(200);
    expect(t.db.select({ n: count() }).from(importBatchRows).get()!.n).toBe(0);
    const page = await client.get(url);
    expect(page.body).toContain('This import can no longer be reverted');
    expect(page.body).not.toContain(`action="${url}/revert"`);
    const refused = await client.post(`${url}/revert`);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Cannot revert: an import can be reverted for 30 days only.');
    expect(byName('Tartu')).toBeDefined();
  });
});

describe('refusals', () => {
  it('refuses a CSV above 50,000 rows with a clear message, and stores nothing', async () => {
    const rows = 'Tartu;EE\n'.repeat(50_001);
    const res = await upload(client, 'partners', { name: 'big.csv', content: Buffer.from(`Navn;Land\n${rows}`) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('The file has more than 50,000 rows. Split it into smaller files.');
    expect(t.db.select({ n: count() }).from(importBatches).get()!.n).toBe(0);
  });

  it('refuses a file with more than 100 columns', async () => {
    const header = Array.from({ length: 101 }, (_, i) => `c${i}`).join(';');
    const res = await upload(client, 'partners', { name: 'wide.csv', content: Buffer.from(`${header}\nx\n`) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('The file has more than 100 columns.');
  });

  it('answers a commit of an import that is already done with a 422 page, not a 500', async () => {
    const { url } = await uploadAndOpen('p.csv', Buffer.from('Navn;Land\nTartu;Estland\n'));
    expect((await client.post(`${url}/commit`)).statusCode).toBe(303);
    const again = await client.post(`${url}/commit`);
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('This import has already been handled.');
    expect(t.db.select().from(partners).where(eq(partners.name, 'Tartu')).all()).toHaveLength(1);
  });
});
