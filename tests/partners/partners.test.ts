import { describe, it, expect, beforeEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn, type TestApp } from '../helpers/app.js';
import { auditLog, partners } from '../../src/db/schema.js';

const validPartner = {
  kind: 'network',
  name: 'Eurotowns',
  country: 'BE',
  cityRegion: 'Brussels',
  website: 'https://eurotowns.org',
  description: 'Mid-sized cities',
  tags: 'climate,  mobility, Climate',
  annualFee: '12,500.50',
  workingGroups: 'Mobility',
  fundingProgramme: 'Ignored',
  projectStartOn: '',
  projectEndOn: '',
  projectBudget: '',
  organisationType: '',
};

describe('partners list', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });

  it('shows the Odense twin cities with country names in the user language', async () => {
    const client = await signedIn(t, 'viewer');
    const res = await client.get('/partners');
    expect(res.statusCode).toBe(200);
    expect(res.headers.vary).toContain('HX-Request');
    expect(res.body).toContain('21 partners');
    for (const name of ['Kópavogur', 'Östersund', 'İzmir', 'Klaksvík']) expect(res.body).toContain(name);
    expect(res.body).toContain('Faroe Islands');
    expect(res.body).toContain('href="/exports/partners.xlsx"');
    expect(res.body).not.toContain('New partner'); // viewers cannot create
  });

  it('filters by kind, country and text, in the URL, and answers htmx with the list alone', async () => {
    const client = await signedIn(t, 'viewer');
    const res = await client.get('/partners?country=SE&q=k', { 'hx-request': 'true' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain('id="partner-list"');
    expect(res.body).toContain('Norrköping');
    expect(res.body).not.toContain('Östersund');
    expect(res.body).toContain('href="/exports/partners.xlsx?country=SE&amp;q=k"');
    const none = await client.get('/partners?kind=network');
    expect(none.body).toContain('No partners match');
  });

  it('ignores malformed filters instead of failing', async () => {
    const client = await signedIn(t, 'viewer');
    const res = await client.get('/partners?kind=bogus&country=XX&page=-3&sort=drop&dir=sideways');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('21 partners');
  });

  it('sorts by number of partnerships and pages', async () => {
    const client = await signedIn(t, 'viewer');
    const res = await client.get('/partners?sort=country&dir=desc');
    expect(res.body).toMatch(/aria-sort="descending"/);
    expect(res.body.indexOf('>Columbus<')).toBeLessThan(res.body.indexOf('>Brno<'));
    const page2 = await client.get('/partners?sort=name&page=2');
    expect(page2.statusCode).toBe(200);
    // 20 rows fit on page 1: page 2 is past the end, which the pager says (not "no partners match").
    expect(page2.body).toContain('Nothing here: the list has');
    expect(page2.body).not.toContain('No partners match');
  });

  it("counts each partner's own partnerships and sorts by that count", async () => {
    const client = await signedIn(t, 'coordinator');
    const brno = t.db.select().from(partners).where(eq(partners.name, 'Brno')).get()!;
    await client.post('/partnerships', {
      partnerId: String(brno.id),
      title: 'Brno 2',
      agreementType: 'informal',
      status: 'exploring',
      reviewCadenceMonths: '12',
    });
    const res = await client.get('/partners?sort=partnerships&dir=desc');
    const firstRow = res.body.slice(res.body.indexOf('<tbody>'), res.body.indexOf('</tr>', res.body.indexOf('<tbody>')));
    expect(firstRow).toContain('>Brno<');
    expect(firstRow).toMatch(/<td class="num">2<\/td>/);
    expect(res.body.match(/<td class="num">1<\/td>/g)).toHaveLength(20);
  });

  it("sorts names the organisation's way: in Danish Östersund after Z and İzmir under I", async () => {
    const da = await buildTestApp({ setup: { locale: 'da' } });
    const client = await signedIn(da, 'viewer');
    const res = await client.get('/partners?sort=name&dir=asc');
    const names = [...res.body.matchAll(/<a href="\/partners\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(names.at(-1)).toBe('Östersund');
    expect(names.indexOf('İzmir')).toBe(names.indexOf('Iksan') + 1);
    expect(names.indexOf('Kópavogur')).toBeLessThan(names.indexOf('Kyiv'));
    const en = await signedIn(t, 'viewer');
    const english = [...(await en.get('/partners?sort=name&dir=asc')).body.matchAll(/<a href="\/partners\/\d+">([^<]+)<\/a>/g)].map(
      (m) => m[1],
    );
    expect(english.indexOf('Östersund')).toBeLessThan(english.indexOf('Petah Tikva'));
  });

  it('filters by a whole tag', async () => {
    const client = await signedIn(t, 'coordinator');
    await client.post('/partners', { ...validPartner });
    await client.post('/partners', { ...validPartner, name: 'Other', tags: 'climateaction' });
    const res = await client.get('/partners?tag=climate');
    expect(res.body).toContain('Eurotowns');
    expect(res.body).not.toContain('>Other<');
  });
});

describe('partner detail and form', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });

  it('shows facts, tabs, the log link and its partnerships', async () => {
    const client = await signedIn(t, 'contributor');
    const brno = t.db.select().from(partners).where(eq(partners.name, 'Brno')).get()!;
    const res = await client.get(`/partners/${brno.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Czechia');
    expect(res.body).toContain(`href="/log/new?partnerId=${brno.id}&amp;return=%2Fpartners%2F${brno.id}"`);
    expect(res.body).toContain(`hx-target="#quick-log-slot"`);
    expect(res.body).toMatch(new RegExp(`href="/partners/${brno.id}" aria-current="page"`));
    expect(res.body).toContain(`href="/history/partner/${brno.id}"`);
    expect(res.body).toContain('Twin-city agreement');
  });

  it('answers 404 for unknown or malformed ids', async () => {
    const client = await signedIn(t, 'viewer');
    expect((await client.get('/partners/99999')).statusCode).toBe(404);
    expect((await client.get('/partners/abc')).statusCode).toBe(404);
    const coord = await signedIn(t, 'coordinator');
    expect((await coord.get('/partners/99999/edit')).statusCode).toBe(404);
    expect((await coord.post('/partners/99999', validPartner)).statusCode).toBe(404);
  });

  it('warns before adding a partner with the same name, folded, in the same country, and adds it when told it is another', async () => {
    const client = await signedIn(t, 'coordinator');
    const before = t.db.select().from(partners).where(eq(partners.country, 'IS')).all().length;
    const hafnarfjordur = { ...validPartner, kind: 'twin_city', name: 'Hafnarfjörður', country: 'IS' };
    expect((await client.post('/partners', hafnarfjordur)).statusCode).toBe(303);
    const again = await client.post('/partners', { ...hafnarfjordur, name: 'hafnarfjordur ' });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('A partner with this name in this country already exists.');
    expect(again.body).toMatch(/<a href="\/partners\/\d+">Hafnarfjörður<\/a>/);
    expect(again.body).toContain('value="hafnarfjordur "');
    expect(t.db.select().from(partners).where(eq(partners.country, 'IS')).all()).toHaveLength(before + 1);
    // Another country is another partner; told it is another, the same name is added too.
    expect((await client.post('/partners', { ...hafnarfjordur, country: 'DK' })).statusCode).toBe(303);
    expect((await client.post('/partners', { ...hafnarfjordur, confirmDuplicate: '1' })).statusCode).toBe(303);
    expect(t.db.select().from(partners).where(eq(partners.country, 'IS')).all()).toHaveLength(before + 2);
  });

  it('saves a twin city although the hidden network and project fields hold what they would refuse', async () => {
    const client = await signedIn(t, 'coordinator');
    const res = await client.post('/partners', {
      ...validPartner,
      kind: 'twin_city',
      name: 'Akureyri',
      country: 'IS',
      annualFee: 'two thousand',
      projectStartOn: '31.02.2026',
      projectBudget: '1e9',
    });
    expect(res.statusCode).toBe(303);
    const row = t.db.select().from(partners).where(eq(partners.name, 'Kópavogur')).get()!;
    expect(row).toMatchObject({
      kind: 'twin_city',
      annualFeeMinor: null,
      projectStartOn: null,
      projectBudgetMinor: null,
      workingGroups: '',
    });
  });

  it('creates a network with its fee in minor units, normalised tags, project fields cleared, and an audit entry', async () => {
    const client = await signedIn(t, 'coordinator');
    const res = await client.post('/partners', validPartner);
    expect(res.statusCode).toBe(303);
    const row = t.db.select().from(partners).where(eq(partners.name, 'Eurotowns')).get()!;
    expect(res.headers.location).toBe(`/partners/${row.id}`);
    expect(row.annualFeeMinor).toBe(1_250_050);
    expect(row.tags).toBe('climate, mobility');
    expect(row.fundingProgramme).toBe('');
    const audit = t.db.select().from(auditLog).where(eq(auditLog.entityType, 'partner')).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.action).toBe('create');
    const page = await client.get(`/partners/${row.id}`);
    expect(page.body).toContain('Eurotowns was added.');
    expect(page.body).toMatch(/12,500\.50/);
  });

  it('re-renders with 422, input kept and errors beside the fields', async () => {
    const client = await signedIn(t, 'coordinator');
    const res = await client.post('/partners', {
      ...validPartner,
      name: '',
      country: 'ZZ',
      annualFee: 'lots',
      website: 'ftp://x',
      kind: 'network', // the fee is a network's field
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('value="Brussels"');
    expect(res.body).toMatch(/id="e-name"[^>]*>This field is required\./);
    expect(res.body).toMatch(/id="e-country"[^>]*>Choose a country/);
    expect(res.body).toMatch(/id="e-annualFee"[^>]*>Enter a number, such as 1,500.50/);
    expect(res.body).toMatch(/id="e-website"/);
    const dates = await client.post('/partners', {
      ...validPartner,
      kind: 'project',
      projectStartOn: '2026-05-01',
      projectEndOn: '2026-01-01',
    });
    expect(dates.statusCode).toBe(422);
    expect(dates.body).toMatch(/id="e-projectEndOn"[^>]*>The end cannot be before the start\./);
    const htmx = await client.htmx('/partners', { ...validPartner, name: '' });
    expect(htmx.statusCode).toBe(422);
    expect(htmx.body).not.toContain('<html');
    expect(htmx.body).toContain('id="partner-form"');
    expect(t.db.select().from(partners).where(eq(partners.name, 'Eurotowns')).get()).toBeUndefined();
  });

  it('edits a partner and records only what changed', async () => {
    const client = await signedIn(t, 'coordinator');
    const brno = t.db.select().from(partners).where(eq(partners.name, 'Brno')).get()!;
    const form = await client.get(`/partners/${brno.id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Brno"');
    const res = await client.htmx(`/partners/${brno.id}`, { kind: 'twin_city', name: 'Brno', country: 'CZ', cityRegion: 'South Moravia' });
    expect(res.statusCode).toBe(204);
    expect(res.headers['hx-redirect']).toBe(`/partners/${brno.id}`);
    const audit = t.db.select().from(auditLog).where(eq(auditLog.entityType, 'partner')).all();
    expect(JSON.parse(audit[0]!.changes)).toEqual({ cityRegion: ['', 'South Moravia'] });
  });

  it('lets only coordinators and admins create and edit', async () => {
    for (const role of ['viewer', 'contributor'] as const) {
      const client = await signedIn(t, role);
      expect((await client.get('/partners/new')).statusCode).toBe(403);
      expect((await client.post('/partners', validPartner)).statusCode).toBe(403);
    }
    const admin = await signedIn(t);
    expect((await admin.get('/partners/new')).statusCode).toBe(200);
  });
});
