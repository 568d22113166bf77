import { describe, it, expect } from 'vitest';
import { buildTestApp, Client, PASSWORD } from '../helpers/app.js';

describe('first-run setup', () => {
  it('sends every page of a fresh install to setup', async () => {
    const { app } = await buildTestApp({ setup: false });
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/setup');
  });

  it('opens only with the one-time link: without it, a 403 page says where to find it', async () => {
    const { app, db } = await buildTestApp({ setup: false });
    const page = await app.inject({ method: 'GET', url: '/setup' });
    expect(page.statusCode).toBe(403);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('printed in its console');
    expect(page.body).not.toContain('id="setup-form"');
    expect((await app.inject({ method: 'GET', url: '/setup?token=wrong' })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/setup?token=${app.setupToken}x` })).statusCode).toBe(403);

    // A post without the link creates nothing, even with a valid CSRF token from another page.
    const client = new Client(app);
    await client.get('/login');
    const res = await client.post('/setup', {
      name: 'Intruder',
      homeCity: 'Odense',
      country: 'DK',
      timeZone: 'Europe/Copenhagen',
      currency: 'DKK',
      locale: 'en',
      framework: 'blank',
      adminName: 'Eve',
      adminEmail: 'eve@example.org',
      adminPassword: PASSWORD,
    });
    expect(res.statusCode).toBe(403);
    expect(db.$client.prepare('select count(*) n from organisation').get()).toEqual({ n: 0 });
    expect(db.$client.prepare('select count(*) n from users').get()).toEqual({ n: 0 });
  });

  it('keeps the link in the session, so the form posts without it', async () => {
    const { app } = await buildTestApp({ setup: false });
    const client = new Client(app);
    expect((await client.get(`/setup?token=${app.setupToken}`)).statusCode).toBe(200);
    expect((await client.get('/setup')).statusCode).toBe(200);
  });

  it('re-renders the form with 422, the input kept and the error beside the field', async () => {
    const { app } = await buildTestApp({ setup: false });
    const client = new Client(app);
    await client.get(`/setup?token=${app.setupToken}`);
    const res = await client.post('/setup', {
      name: 'Odense Kommune',
      homeCity: 'Odense',
      country: 'XX',
      timeZone: 'Europe/Copenhagen',
      currency: 'DKK',
      locale: 'en',
      framework: 'odense',
      adminName: 'Ada',
      adminEmail: 'ada@example.org',
      adminPassword: 'short',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('value="Odense Kommune"');
    expect(res.body).toMatch(/id="e-country"[^>]*>Choose a country from the list\./);
    expect(res.body).toMatch(/id="e-adminPassword"[^>]*>The password must be at least 12 characters\./);
  });

  it('creates the organisation and the admin, signs in, and then is gone', async () => {
    const { app } = await buildTestApp({ setup: false });
    const client = new Client(app);
    await client.get(`/setup?token=${app.setupToken}`);
    const res = await client.post('/setup', {
      name: 'Odense Kommune',
      homeCity: 'Odense',
      country: 'DK',
      timeZone: 'Europe/Copenhagen',
      currency: 'DKK',
      locale: 'da',
      framework: 'odense',
      adminName: 'Ada',
      adminEmail: 'Ada@Example.org',
      adminPassword: PASSWORD,
    });
    expect(res.statusCode).toBe(303);
    const home = await client.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Overblik');
    expect((await client.get('/setup')).statusCode).toBe(404);
  });

  it('tells htmx to navigate after setup instead of swapping the dashboard into the form', async () => {
    const { app } = await buildTestApp({ setup: false });
    const client = new Client(app);
    await client.get(`/setup?token=${app.setupToken}`);
    const res = await client.htmx('/setup', {
      name: 'Hamar kommune',
      homeCity: 'Hamar',
      country: 'NO',
      timeZone: 'Europe/Oslo',
      currency: 'NOK',
      locale: 'nb',
      framework: 'hamar',
      adminName: 'Ada',
      adminEmail: 'ada@example.org',
      adminPassword: PASSWORD,
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['hx-redirect']).toBe('/');
    const list = await client.get('/partners');
    expect(list.body).toContain('11 partnere'); // Hamar's 8 twin cities, ORE, Hedmark fylkeskommune and Hamarregionen
    expect(list.body).toContain('Dalvík');
  });

  it('answers htmx with the form alone on a 422', async () => {
    const { app } = await buildTestApp({ setup: false });
    const client = new Client(app);
    await client.get(`/setup?token=${app.setupToken}`);
    const res = await client.htmx('/setup', { name: '' });
    expect(res.statusCode).toBe(422);
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain('id="setup-form"');
  });

  it('loads demo data when asked', async () => {
    const { app, db } = await buildTestApp({ setup: false });
    const client = new Client(app);
    await client.get(`/setup?token=${app.setupToken}`);
    const res = await client.post('/setup', {
      name: 'Odense Kommune',
      homeCity: 'Odense',
      country: 'DK',
      timeZone: 'Europe/Copenhagen',
      currency: 'DKK',
      demo: 'on',
      locale: 'en',
      framework: 'odense',
      adminName: 'Ada',
      adminEmail: 'ada@example.org',
      adminPassword: PASSWORD,
    });
    expect(res.statusCode).toBe(303);
    const list = await client.get('/partnerships?status=dormant');
    expect(list.body).toMatch(/Dormant: \d+/);
    expect(db.$client.prepare('select count(*) n from partners').get()).toMatchObject({ n: expect.any(Number) });
  });
});
