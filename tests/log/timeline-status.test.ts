import { describe, it, expect } from 'vitest';
import { buildTestApp, createUser, Client } from '../helpers/app.js';
import { makePartner, makePartnership } from './fixtures.js';

describe('status changes on the timeline', () => {
  it("name the status with the partnership status words, in the reader's language", async () => {
    const t = await buildTestApp();
    const p = makePartnership(t.db, makePartner(t.db).id);
    const coordinator = await createUser(t.db, 'coordinator', { locale: 'da' });
    const client = new Client(t.app);
    await client.login(coordinator.email);
    expect((await client.post(`/partnerships/${p.id}/status`, { status: 'dormant', changedOn: '2026-11-20' })).statusCode).toBe(303);
    const body = (await client.get(`/partnerships/${p.id}/timeline`)).body;
    expect(body).toContain('Twin city Kópavogur: nu hvilende');
  });
});
