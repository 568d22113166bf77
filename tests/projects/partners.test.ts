// A partnership with several partners: adding them with roles, refusing one added twice, and the
// partnership showing up for each partner (page, timeline), in the list, its exports and search.
import { beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { buildTestApp, createUser, signedIn, Client, type TestApp } from '../helpers/app.js';
import { readLikeExcel } from '../helpers/csv.js';
import { auditLog, partnershipPartners, partnerships, statusChanges } from '../../src/db/schema.js';
import { partner, project } from './fixtures.js';

let t: TestApp;
let office: ReturnType<typeof partner>;
let tartu: ReturnType<typeof partner>;
let luneburg: ReturnType<typeof partner>;
let green: ReturnType<typeof project>;

beforeEach(async () => {
  t = await buildTestApp();
  office = partner(t.db, 'EU-kontoret Fyn', { kind: 'regional_office', country: 'DK' });
  tartu = partner(t.db, 'Tartu', { country: 'EE' });
  luneburg = partner(t.db, 'Lüneburg');
  green = project(t.db, office.id);
});

const othersOf = (pid: number) =>
  t.db.select().from(partnershipPartners).where(eq(partnershipPartners.partnershipId, pid)).orderBy(partnershipPartners.partnerId).all();

async function addTwinCities(client: Client) {
  expect((await client.post(`/partnerships/${green.id}/partners`, { partnerId: tartu.id, role: 'lead' })).statusCode).toBe(303);
  expect((await client.post(`/partnerships/${green.id}/partners`, { partnerId: luneburg.id, role: 'associate' })).statusCode).toBe(303);
}

describe('adding partners to a partnership', () => {
  it('adds partners with their roles, shows them on the partnership and records who did it', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    await addTwinCities(coordinator);
    expect(othersOf(green.id).map((r) => [r.partnerId, r.role])).toEqual([
      [tartu.id, 'lead'],
      [luneburg.id, 'associate'],
    ]);
    const page = await coordinator.get(`/partnerships/${green.id}/project`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/Tartu<\/a>.*\n\s*<td>Lead partner<\/td>/);
    expect(page.body).toMatch(/Lüneburg<\/a>.*\n\s*<td>Associate partner<\/td>/);
    expect(page.body).toContain('Main partner');
    const overview = await coordinator.get(`/partnerships/${green.id}`);
    expect(overview.body).toContain('Other partners');
    expect(overview.body).toContain('Tartu</a> (Lead partner)');
    const audits = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'partnership'), eq(auditLog.entityId, green.id)))
      .all();
    expect(audits.map((a) => JSON.parse(a.changes).otherPartner?.[1])).toContain('Tartu (lead)');
    const history = await coordinator.get(`/history/partnership/${green.id}`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('Other partner');
    expect(history.body).toContain('Tartu (lead)');
  });

  it('refuses a partner added twice, or the main partner again, with a 422 and saves nothing', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    await addTwinCities(coordinator);
    const auditsBefore = t.db.select().from(auditLog).all().length;
    const twice = await coordinator.post(`/partnerships/${green.id}/partners`, { partnerId: tartu.id, role: 'partner' });
    expect(twice.statusCode).toBe(422);
    expect(twice.body).toContain('Tartu already takes part in this partnership.');
    const main = await coordinator.post(`/partnerships/${green.id}/partners`, { partnerId: office.id, role: 'partner' });
    expect(main.statusCode).toBe(422);
    expect(main.body).toContain('EU-kontoret Fyn already takes part in this partnership.');
    expect(othersOf(green.id).map((r) => [r.partnerId, r.role])).toEqual([
      [tartu.id, 'lead'],
      [luneburg.id, 'associate'],
    ]);
    expect(t.db.select().from(auditLog).all().length).toBe(auditsBefore);
  });

  it('refuses an unknown role or partner with a 422', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    expect((await coordinator.post(`/partnerships/${green.id}/partners`, { partnerId: tartu.id, role: 'sponsor' })).statusCode).toBe(422);
    expect((await coordinator.post(`/partnerships/${green.id}/partners`, { partnerId: 999999, role: 'partner' })).statusCode).toBe(422);
    expect(othersOf(green.id)).toEqual([]);
  });

  it('lets only those who may edit the partnership change its partners', async () => {
    const viewer = await signedIn(t, 'viewer');
    expect((await viewer.post(`/partnerships/${green.id}/partners`, { partnerId: tartu.id, role: 'partner' })).statusCode).toBe(403);
    const contributor = await signedIn(t, 'contributor');
    expect((await contributor.post(`/partnerships/${green.id}/partners`, { partnerId: tartu.id, role: 'partner' })).statusCode).toBe(403);
    const owner = await createUser(t.db, 'contributor');
    t.db.update(partnerships).set({ ownerId: owner.id }).where(eq(partnerships.id, green.id)).run();
    const ownerClient = new Client(t.app);
    await ownerClient.login(owner.email);
    expect((await ownerClient.post(`/partnerships/${green.id}/partners`, { partnerId: tartu.id, role: 'partner' })).statusCode).toBe(303);
    expect(othersOf(green.id)).toHaveLength(1);
  });

  it('picks from many partners with a type-ahead combobox, the typed name taking its best match without JavaScript', async () => {
    for (let i = 0; i < 200; i++) partner(t.db, `Filler town ${String(i).padStart(3, '0')}`);
    const coordinator = await signedIn(t, 'coordinator');
    const page = await coordinator.get(`/partnerships/${green.id}/project`);
    expect(page.body).toContain('data-combobox');
    expect(page.body).not.toContain('Filler town 199');
    const typed = await coordinator.post(`/partnerships/${green.id}/partners`, { partnerId: '', partnerName: 'tartu', role: 'lead' });
    expect(typed.statusCode).toBe(303);
    expect(othersOf(green.id).map((r) => [r.partnerId, r.role])).toEqual([[tartu.id, 'lead']]);
    const unknown = await coordinator.post(`/partnerships/${green.id}/partners`, {
      partnerId: '',
      partnerName: 'Ouagadougou',
      role: 'partner',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('value="Ouagadougou"');
    expect(othersOf(green.id)).toHaveLength(1);
  });

  it('removes a partner', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    await addTwinCities(coordinator);
    const res = await coordinator.post(`/partnerships/${green.id}/partners/${tartu.id}/removal`);
    expect(res.statusCode).toBe(303);
    expect(othersOf(green.id).map((r) => r.partnerId)).toEqual([luneburg.id]);
    expect((await coordinator.post(`/partnerships/${green.id}/partners/${office.id}/removal`)).statusCode).toBe(404);
  });
});

describe('a partnership with several partners, seen from each partner', () => {
  it("is on each involved partner's page with its role, and in each partner's timeline", async () => {
    const coordinator = await signedIn(t, 'coordinator');
    await addTwinCities(coordinator);
    t.db
      .insert(statusChanges)
      .values({
        partnershipId: green.id,
        fromStatus: 'exploring',
        toStatus: 'active',
        changedOn: '2026-02-02',
        reason: 'Grant agreement signed',
      })
      .run();
    const tartuPage = await coordinator.get(`/partners/${tartu.id}`);
    expect(tartuPage.body).toContain(
      `href="/partnerships/${green.id}">Green Harbours (Interreg)</a> <span class="muted">as Lead partner</span>`,
    );
    const officePage = await coordinator.get(`/partners/${office.id}`);
    expect(officePage.body).toContain(`href="/partnerships/${green.id}">Green Harbours (Interreg)</a></td>`);
    for (const p of [office, tartu, luneburg]) {
      const timeline = await coordinator.get(`/partners/${p.id}/timeline`);
      expect(timeline.statusCode).toBe(200);
      expect(timeline.body).toContain('Grant agreement signed');
    }
    const other = partner(t.db, 'Nowhere');
    expect((await coordinator.get(`/partners/${other.id}/timeline`)).body).not.toContain('Grant agreement signed');
  });

  it('shows the other partners in the partnerships list and finds it by any partner in the list filter', async () => {
    const viewer = await signedIn(t, 'viewer');
    const coordinator = await signedIn(t, 'coordinator');
    await addTwinCities(coordinator);
    const list = await viewer.get('/partnerships?q=Tartu');
    expect(list.body).toContain('1 partnership');
    expect(list.body).toContain('Green Harbours (Interreg)');
    expect(list.body).toContain('with Lüneburg; Tartu');
  });

  it('exports the other partners as a column of the partnerships list, in CSV and XLSX', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    await addTwinCities(coordinator);
    const csv = await coordinator.get('/exports/partnerships.csv?q=Green');
    expect(csv.statusCode).toBe(200);
    const rows = readLikeExcel(csv.rawPayload.toString('utf8').replace(/^\uFEFF/, ''), ',');
    const header = rows[0]!;
    const column = header.indexOf('Other partners');
    expect(column).toBeGreaterThan(-1);
    expect(rows[1]![header.indexOf('Partner')]).toBe('EU-kontoret Fyn');
    expect(rows[1]![column]).toBe('Lüneburg; Tartu');

    const xlsx = await coordinator.get('/exports/partnerships.xlsx?q=Green');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = headers.indexOf('Other partners') + 1;
    expect(col).toBeGreaterThan(0);
    expect(sheet.getRow(2).getCell(col).value).toBe('Lüneburg; Tartu');
  });

  it('is found in search by the name of any of its partners', async () => {
    const viewer = await signedIn(t, 'viewer');
    const coordinator = await signedIn(t, 'coordinator');
    await addTwinCities(coordinator);
    for (const q of ['Tartu', 'luneburg', 'EU-kontoret']) {
      const res = await viewer.get(`/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      expect(res.body, q).toContain(`href="/partnerships/${green.id}"`);
    }
    const none = await viewer.get('/search?q=Ouagadougou');
    expect(none.body).not.toContain(`href="/partnerships/${green.id}"`);
  });
});
