import { describe, it, expect } from 'vitest';
import { buildTestApp, Client, PASSWORD } from '../helpers/app.js';

describe('first-run setup', () => {
  it('sends every page of a fresh install to setup', async () => {
    const { app } = await buildTestApp({ setup: false });
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/setup');
  });

  it('re-renders the form with 422, the input kept and the error beside the field', async () => {
    const { app } = await buildTestApp({ setup: false });
    const client = new Client(app);
    await client.get('/setup');
    const res = await client.post('/setup', {
      name: 'Odense Kommune', homeCity: 'Odense', country: 'XX', timeZone: 'Europe/Copenhagen', currency: 'DKK',
      locale: 'en', framework: 'odense', adminName: 'Ada', adminEmail: 'ada@example.org', adminPassword: 'short',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('value="Odense Kommune"');
    expect(res.body).toMatch(/id="e-country"[^>]*>Choose a country from the list\./);
    expect(res.body).toMatch(/id="e-adminPassword"[^>]*>The password must be at least 12 characters\./);
  });

  it('creates the organisation and the admin, signs in, and then is gone', async () => {
    const { app } = await buildTestApp({ setup: false });
    const client = new Client(app);
    await client.get('/setup');
    const res = await client.post('/setup', {
      name: 'Odense Kommune', homeCity: 'Odense', country: 'DK', timeZone: 'Europe/Copenhagen', currency: 'DKK',
      locale: 'da', framework: 'odense', adminName: 'Ada', adminEmail: 'Ada@Example.org', adminPassword: PASSWORD,
    });
    expect(res.statusCode).toBe(303);
    const home = await client.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Overblik');
    expect((await client.get('/setup')).statusCode).toBe(404);
  });
});
