import { describe, it, expect } from 'vitest';
import { buildTestApp, createUser, signedIn } from '../helpers/app.js';
import { recordAudit } from '../../src/audit/record.js';
import { endOfDayUtc, parseChanges, startOfDayUtc } from '../../src/audit/domain.js';

describe('audit domain', () => {
  it.each([
    ['{"name":["Old","New"]}', [{ field: 'name', from: 'Old', to: 'New' }]],
    [
      '{"active":[true,false],"n":[null,3]}',
      [
        { field: 'active', from: 'true', to: 'false' },
        { field: 'n', from: '', to: '3' },
      ],
    ],
    ['{"goals":[[1],[1,2]]}', [{ field: 'goals', from: '[1]', to: '[1,2]' }]],
    ['{}', []],
    ['not json', []],
  ])('reads changes %s', (json, expected) => {
    expect(parseChanges(json)).toEqual(expected);
  });

  it('turns local days into UTC bounds', () => {
    expect(startOfDayUtc('2026-06-01', 'Europe/Copenhagen')).toBe('2026-05-31T22:00:00.000Z');
    expect(endOfDayUtc('2026-06-01', 'Europe/Copenhagen')).toBe('2026-06-01T22:00:00.000Z');
    expect(startOfDayUtc('2026-02-30', 'UTC')).toBeNull();
  });
});

describe('audit log', () => {
  async function withEntries() {
    const t = await buildTestApp();
    const coordinator = await createUser(t.db, 'coordinator', { name: 'Cora' });
    const day = (iso: string) => new Date(iso);
    recordAudit(t.db, { userId: coordinator.id, now: day('2026-03-01T09:00:00Z') }, 'update', 'partner', 1, {
      name: ['Brno', 'Brno City'],
    });
    recordAudit(t.db, { userId: coordinator.id, now: day('2026-04-01T09:00:00Z') }, 'status', 'partnership', 1, {
      status: ['active', 'dormant'],
    });
    recordAudit(t.db, { userId: t.adminId, now: day('2026-05-01T09:00:00Z') }, 'create', 'contact', 77, { name: [null, 'Jana'] });
    return { t, coordinator, admin: await signedIn(t) };
  }

  it('shows entries newest first with field changes from -> to', async () => {
    const { admin } = await withEntries();
    const res = await admin.get('/audit');
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body.indexOf('Jana')).toBeLessThan(body.indexOf('dormant'));
    expect(body.indexOf('dormant')).toBeLessThan(body.indexOf('Brno City'));
    expect(body).toMatch(/<del>Brno<\/del> → <ins>Brno City<\/ins>/);
    expect(body).toContain('href="/history/partner/1"');
    // Setup and the sign-in are there too.
    expect(body).toContain('Ada Admin signed in');
  });

  it('filters by user, action, record type and dates', async () => {
    const { admin, coordinator } = await withEntries();
    const byUser = (await admin.get(`/audit?user=${coordinator.id}`)).body;
    expect(byUser).toContain('Brno City');
    expect(byUser).not.toContain('Jana');
    const byAction = (await admin.get('/audit?action=status')).body;
    expect(byAction).toContain('dormant');
    expect(byAction).not.toContain('Brno City');
    const byEntity = (await admin.get('/audit?entity=contact')).body;
    expect(byEntity).toContain('Jana');
    expect(byEntity).not.toContain('dormant');
    const byDates = (await admin.get('/audit?from=2026-03-15&to=2026-04-01')).body;
    expect(byDates).toContain('dormant');
    expect(byDates).not.toContain('Brno City');
    expect(byDates).not.toContain('Jana');
  });

  it('pages 50 at a time', async () => {
    const { t, admin } = await withEntries();
    for (let i = 0; i < 60; i++)
      recordAudit(t.db, { userId: t.adminId, now: new Date(Date.UTC(2025, 0, 1, 0, i)) }, 'update', 'goal', 1, {
        name: [`g${i}`, `h${i}`],
      });
    const first = await admin.get('/audit?entity=goal');
    expect(first.body).toContain('h59');
    expect(first.body).not.toContain('>h9<');
    expect(first.body).toContain('rel="next"');
    const second = await admin.get('/audit?entity=goal&page=2');
    expect(second.body).toContain('>h9<');
  });

  it('is for admins only', async () => {
    const { t } = await withEntries();
    const coordinator = await signedIn(t, 'coordinator');
    expect((await coordinator.get('/audit')).statusCode).toBe(403);
  });
});

describe('record history', () => {
  it("shows a partner's history with its tabs, to any signed-in user", async () => {
    const t = await buildTestApp();
    recordAudit(t.db, { userId: t.adminId, now: t.clock.now() }, 'update', 'partner', 1, { cityRegion: ['', 'Syddanmark'] });
    recordAudit(t.db, { userId: t.adminId, now: t.clock.now() }, 'update', 'partner', 2, { cityRegion: ['', 'Elsewhere'] });
    const viewer = await signedIn(t, 'viewer');
    const res = await viewer.get('/history/partner/1');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Syddanmark');
    expect(res.body).not.toContain('Elsewhere');
    expect(res.body).toMatch(/href="\/history\/partner\/1"[^>]*aria-current="page"/);
  });

  it('answers 404 for a record that never existed, and keeps user histories to admins and the user', async () => {
    const t = await buildTestApp();
    const viewer = await createUser(t.db, 'viewer');
    const admin = await signedIn(t);
    expect((await admin.get('/history/partner/9999')).statusCode).toBe(404);
    expect((await admin.get('/history/nonsense/1')).statusCode).toBe(404);
    expect((await admin.get('/history/Bad-Type/1')).statusCode).toBe(404);
    expect((await admin.get(`/history/user/${viewer.id}`)).statusCode).toBe(200);
    const other = await signedIn(t, 'coordinator');
    expect((await other.get(`/history/user/${viewer.id}`)).statusCode).toBe(403);
    expect((await other.get(`/history/user/${t.adminId}`)).statusCode).toBe(403);
  });

  it('lets users see their own history (sign-ins included)', async () => {
    const t = await buildTestApp();
    const viewerRow = await createUser(t.db, 'viewer');
    const { Client } = await import('../helpers/app.js');
    const viewer = new Client(t.app);
    await viewer.login(viewerRow.email);
    const res = await viewer.get(`/history/user/${viewerRow.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`${viewerRow.name} signed in`);
  });
});
