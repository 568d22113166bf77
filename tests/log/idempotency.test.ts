// Entries logged offline are sent with a key the device made: the same key sent twice makes one
// entry, a replay after success answers with the entry already made, and what the server refuses
// comes back as a 422 with its message and stores nothing (not even the key).
import { describe, it, expect } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { logEntries, logEntryPartners, partners } from '../../src/db/schema.js';
import { makePartner } from './fixtures.js';

const entry = (partnerId: number, clientKey: string, summary = 'Møde i Kópavogur uden netværk') => ({
  partnerIds: String(partnerId),
  type: 'meeting',
  occurredOn: '2026-11-20',
  summary,
  quick: '1',
  clientKey,
});

describe('offline quick log: idempotency keys', () => {
  it('makes one entry when the same key is sent twice, and answers the second with the first', async () => {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const client = await signedIn(t, 'contributor');
    const key = randomUUID();
    const first = await client.htmx('/log', entry(partner.id, key));
    expect(first.statusCode).toBe(200);
    const [row] = t.db.select().from(logEntries).all();
    expect(row).toMatchObject({ clientKey: key, summary: 'Møde i Kópavogur uden netværk' });
    expect(first.body).toContain(`href="/log/${row!.id}"`);

    const second = await client.htmx('/log', entry(partner.id, key));
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain(`href="/log/${row!.id}"`);
    expect(second.body).toContain('Logged: “Møde i Kópavogur uden netværk”.');
    expect(t.db.select().from(logEntries).all()).toHaveLength(1);
    expect(t.db.select().from(logEntryPartners).all()).toHaveLength(1);
  });

  it('answers a replay after success with the original entry, even when the text sent again differs', async () => {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const client = await signedIn(t, 'contributor');
    const key = randomUUID();
    const first = await client.post('/log', entry(partner.id, key));
    expect(first.statusCode).toBe(303);
    const original = t.db.select().from(logEntries).get()!;
    expect(first.headers.location).toBe(`/log/${original.id}`);

    // The answer was lost on the way; the device sends the same entry again, with the same key.
    const replay = await client.post('/log', entry(partner.id, key, 'A changed summary'));
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe(`/log/${original.id}`);
    const rows = t.db.select().from(logEntries).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.summary).toBe('Møde i Kópavogur uden netværk');

    // Another key is another entry.
    const other = await client.htmx('/log', entry(partner.id, randomUUID(), 'Second contact'));
    expect(other.statusCode).toBe(200);
    expect(t.db.select().from(logEntries).all()).toHaveLength(2);
  });

  it('does not hand one user the entry another user made with the same key', async () => {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const key = randomUUID();
    const alice = await signedIn(t, 'contributor');
    expect((await alice.htmx('/log', entry(partner.id, key))).statusCode).toBe(200);
    const bob = await signedIn(t, 'contributor');
    const res = await bob.htmx('/log', entry(partner.id, key));
    expect(res.statusCode).toBe(409);
    expect(res.body).not.toContain('/log/');
    expect(t.db.select().from(logEntries).all()).toHaveLength(1);
  });

  it('refuses an entry whose partner has gone with a 422 and the message, keeping the key unused', async () => {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const kept = makePartner(t.db, { name: 'Östersund', country: 'SE' });
    const client = await signedIn(t, 'contributor');
    t.db.delete(partners).where(eq(partners.id, partner.id)).run(); // gone while the entry waited on the device
    const key = randomUUID();
    const refused = await client.htmx('/log', entry(partner.id, key));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(/<p id="e-partnerIds" class="field-error">[^<]+<\/p>/);
    // The form comes back with the user's text and the same key, to fix and send again.
    expect(refused.body).toContain('Møde i Kópavogur uden netværk');
    expect(refused.body).toContain(`name="clientKey" value="${key}"`);
    expect(t.db.select().from(logEntries).all()).toHaveLength(0);

    const fixed = await client.htmx('/log', { ...entry(kept.id, key) });
    expect(fixed.statusCode).toBe(200);
    expect(t.db.select().from(logEntries).all()).toHaveLength(1);
  });

  it('refuses an invalid entry with a 422 and the message next to the field', async () => {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const client = await signedIn(t, 'contributor');
    const res = await client.htmx('/log', { ...entry(partner.id, randomUUID()), summary: '' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/<p id="e-summary" class="field-error">[^<]+<\/p>/);
    expect(t.db.select().from(logEntries).all()).toHaveLength(0);
  });

  it('ignores a key that is not a UUID (no key, no replay)', async () => {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const client = await signedIn(t, 'contributor');
    await client.htmx('/log', entry(partner.id, 'not-a-uuid'));
    await client.htmx('/log', entry(partner.id, 'not-a-uuid'));
    const rows = t.db.select().from(logEntries).all();
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.clientKey)).toEqual([null, null]);
  });

  it('gives a signed-in contributor a fresh token for the entries the device sends, and signs the signed-out in first', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t, 'contributor');
    const res = await client.get('/log/offline/token');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { token } = res.json() as { token: string };
    const partner = makePartner(t.db);
    const sent = await client.post('/log', entry(partner.id, randomUUID()), { csrf: token, headers: { 'hx-request': 'true' } });
    expect(sent.statusCode).toBe(200);

    await client.post('/logout', {});
    const signedOut = await client.get('/log/offline/token', { 'hx-request': 'true' });
    expect(signedOut.statusCode).toBe(204);
    expect(signedOut.headers['hx-redirect']).toMatch(/^\/login\?next=/);
  });
});
