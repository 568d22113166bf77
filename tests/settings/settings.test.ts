import { describe, it, expect, beforeEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn, type TestApp } from '../helpers/app.js';
import { auditLog, organisation } from '../../src/db/schema.js';
import { normaliseReminderDays } from '../../src/settings/form.js';

const valid = {
  name: 'Odense Kommune',
  homeCity: 'Odense',
  country: 'DK',
  timeZone: 'Europe/Copenhagen',
  currency: 'DKK',
  locale: 'da',
  losingTouchMonths: '9',
  hourlyRate: '450.50',
  councilPeriodEndOn: '2029-12-31',
  reviewReminderDays: '7, 30,30',
  idleTimeoutMinutes: '45',
  absoluteTimeoutHours: '10',
};

describe('settings', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });

  it('shows the current values to an admin', async () => {
    const client = await signedIn(t);
    const res = await client.get('/settings');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('value="Odense Kommune"');
    expect(res.body).toContain('value="30,7"');
  });

  it('saves, normalises and audits the changes; the language takes effect', async () => {
    const client = await signedIn(t);
    const res = await client.post('/settings', valid);
    expect(res.statusCode).toBe(303);
    const org = t.db.select().from(organisation).where(eq(organisation.id, 1)).get()!;
    expect(org).toMatchObject({
      locale: 'da',
      losingTouchMonths: 9,
      hourlyRateMinor: 45_050,
      councilPeriodEndOn: '2029-12-31',
      reviewReminderDays: '30,7',
      idleTimeoutMinutes: 45,
      absoluteTimeoutHours: 10,
    });
    const audit = t.db.select().from(auditLog).where(eq(auditLog.entityType, 'organisation')).all().at(-1)!;
    expect(Object.keys(JSON.parse(audit.changes)).sort()).toEqual([
      'absoluteTimeoutHours',
      'councilPeriodEndOn',
      'hourlyRateMinor',
      'idleTimeoutMinutes',
      'locale',
      'losingTouchMonths',
    ]);
    expect((await client.get('/settings')).body).toContain('Indstillinger');
  });

  it('re-renders with 422 and keeps the input', async () => {
    const client = await signedIn(t);
    const res = await client.post('/settings', {
      ...valid,
      reviewReminderDays: '30, soon',
      timeZone: 'Mars/Olympus',
      losingTouchMonths: '0',
      hourlyRate: '-5',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('value="30, soon"');
    expect(res.body).toMatch(/id="e-reviewReminderDays"/);
    expect(res.body).toMatch(/id="e-timeZone"/);
    expect(res.body).toMatch(/id="e-losingTouchMonths"/);
    expect(res.body).toMatch(/id="e-hourlyRate"/);
    const htmx = await client.htmx('/settings', { ...valid, idleTimeoutMinutes: '480', absoluteTimeoutHours: '1' });
    expect(htmx.statusCode).toBe(422);
    expect(htmx.body).toContain('id="settings-form"');
    expect(htmx.body).toMatch(/id="e-absoluteTimeoutHours"/);
  });

  it('is for admins only', async () => {
    const client = await signedIn(t, 'coordinator');
    expect((await client.get('/settings')).statusCode).toBe(403);
    expect((await client.post('/settings', valid)).statusCode).toBe(403);
  });

  it.each([
    ['30,7', '30,7'],
    ['7, 30', '30,7'],
    ['14', '14'],
    ['30,,7,', '30,7'],
    ['', null],
    ['x', null],
    ['400', null],
    ['1.5', null],
  ])('reads reminder days %j as %j', (input, expected) => {
    expect(normaliseReminderDays(input)).toBe(expected);
  });
});
