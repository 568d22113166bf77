import { describe, it, expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, signedIn, Client, createUser, type TestApp } from '../helpers/app.js';
import { auditLog, ledgerEntries, partnerships } from '../../src/db/schema.js';
import { makePartnership } from '../reviews/factories.js';

/** A partnership with one travel cost (typed with a typo in its note) added through the form. */
async function withEntry(t?: TestApp) {
  t ??= await buildTestApp();
  const p = makePartnership(t.db);
  const client = await signedIn(t);
  await client.post(`/partnerships/${p.id}/costs`, {
    kind: 'cost:travel',
    occurredOn: '2026-10-01',
    amount: '1250.5',
    note: 'Trip to Bnro',
  });
  const entry = t.db.select().from(ledgerEntries).where(eq(ledgerEntries.partnershipId, p.id)).get()!;
  return { t, p, client, entry, base: `/partnerships/${p.id}/costs/${entry.id}` };
}

const auditOf = (t: TestApp, id: number, action: string) =>
  t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'ledger_entry'), eq(auditLog.entityId, id), eq(auditLog.action, action)))
    .get();

describe('correcting a ledger entry', () => {
  it('offers the entry in an edit form, saves the fixed typo and keeps the old note in the audit log', async () => {
    const { t, client, entry, base, p } = await withEntry();
    const page = await client.get(`/partnerships/${p.id}/costs`);
    expect(page.body).toContain(`href="${base}/edit"`);
    const form = await client.get(`${base}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`action="${base}"`);
    expect(form.body).toContain('value="Trip to Bnro"');
    expect(form.body).toContain('value="1250.5"');
    expect(form.body).toMatch(/<option value="cost:travel" selected>/);

    const res = await client.post(base, { kind: 'cost:travel', occurredOn: '2026-10-01', amount: '1250.5', note: 'Trip to Brno' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/partnerships/${p.id}/costs`);
    expect(t.db.select().from(ledgerEntries).where(eq(ledgerEntries.id, entry.id)).get()).toMatchObject({
      note: 'Trip to Brno',
      amountMinor: 125_050,
    });
    expect(JSON.parse(auditOf(t, entry.id, 'update')!.changes)).toEqual({ note: ['Trip to Bnro', 'Trip to Brno'] });
  });

  it('answers bad input with 422, the input kept and the error beside its field, and changes nothing', async () => {
    const { t, client, entry, base } = await withEntry();
    const res = await client.post(base, { kind: 'cost:travel', occurredOn: '2026-10-01', amount: '-5', note: 'Trip to Brno' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="f-amount"[^>]*aria-describedby="e-amount"/);
    expect(res.body).toContain('id="e-amount"');
    expect(res.body).toContain('value="-5"');
    expect(res.body).toContain('value="Trip to Brno"');
    expect(t.db.select().from(ledgerEntries).where(eq(ledgerEntries.id, entry.id)).get()!.note).toBe('Trip to Bnro');
    expect(auditOf(t, entry.id, 'update')).toBeUndefined();
  });

  it('answers 404 for an entry of another partnership', async () => {
    const { t, client, entry } = await withEntry();
    const other = makePartnership(t.db);
    expect((await client.get(`/partnerships/${other.id}/costs/${entry.id}/edit`)).statusCode).toBe(404);
    expect((await client.post(`/partnerships/${other.id}/costs/${entry.id}/delete`, { confirmed: '1' })).statusCode).toBe(404);
  });
});

describe('deleting a ledger entry', () => {
  it('asks for confirmation first, then removes the entry and keeps its old values in the audit log', async () => {
    const { t, client, entry, base, p } = await withEntry();
    const confirm = await client.get(`${base}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Delete this entry from the ledger?');
    expect(confirm.body).toMatch(new RegExp(`<form method="post" action="${base}/delete"`));
    // A post without the confirmation only shows the question again.
    const unconfirmed = await client.post(`${base}/delete`);
    expect(unconfirmed.statusCode).toBe(200);
    expect(unconfirmed.body).toContain('Delete this entry from the ledger?');
    expect(t.db.select().from(ledgerEntries).all()).toHaveLength(1);

    const res = await client.post(`${base}/delete`, { confirmed: '1' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/partnerships/${p.id}/costs`);
    expect(t.db.select().from(ledgerEntries).all()).toHaveLength(0);
    expect(JSON.parse(auditOf(t, entry.id, 'delete')!.changes)).toMatchObject({
      partnershipId: [p.id, null],
      direction: ['cost', null],
      type: ['travel', null],
      amountMinor: [125_050, null],
      note: ['Trip to Bnro', null],
    });
    expect((await client.get(`/partnerships/${p.id}/costs`)).body).not.toContain('Trip to Bnro');
  });

  it('never deletes on GET', async () => {
    const { t, client, base } = await withEntry();
    await client.get(`${base}/delete`);
    expect(t.db.select().from(ledgerEntries).all()).toHaveLength(1);
  });
});

describe('who may correct and delete ledger entries', () => {
  it('refuses viewers and contributors who may not add to the partnership (403), and lets the owning contributor', async () => {
    const { t, base, entry, p } = await withEntry();
    const viewer = await signedIn(t, 'viewer');
    expect((await viewer.get(`${base}/edit`)).statusCode).toBe(403);
    expect((await viewer.post(base, { kind: 'cost:travel', occurredOn: '2026-10-01', amount: '1', note: 'x' })).statusCode).toBe(403);
    expect((await viewer.post(`${base}/delete`, { confirmed: '1' })).statusCode).toBe(403);
    const stranger = await signedIn(t, 'contributor');
    expect((await stranger.get(`${base}/edit`)).statusCode).toBe(403);
    expect((await stranger.get(`${base}/delete`)).statusCode).toBe(403);
    expect((await stranger.post(base, { kind: 'cost:travel', occurredOn: '2026-10-01', amount: '1', note: 'x' })).statusCode).toBe(403);
    expect((await stranger.post(`${base}/delete`, { confirmed: '1' })).statusCode).toBe(403);
    expect(t.db.select().from(ledgerEntries).where(eq(ledgerEntries.id, entry.id)).get()!.note).toBe('Trip to Bnro');
    expect((await viewer.get(`/partnerships/${p.id}/costs`)).body).not.toContain(`${base}/edit`);

    const owner = await createUser(t.db, 'contributor');
    t.db.update(partnerships).set({ ownerId: owner.id }).where(eq(partnerships.id, p.id)).run();
    const contributor = new Client(t.app);
    await contributor.login(owner.email);
    expect(
      (await contributor.post(base, { kind: 'cost:travel', occurredOn: '2026-10-01', amount: '1250.5', note: 'Trip to Brno' })).statusCode,
    ).toBe(303);
    expect((await contributor.post(`${base}/delete`, { confirmed: '1' })).statusCode).toBe(303);
    expect(t.db.select().from(ledgerEntries).all()).toHaveLength(0);
  });

  it('keeps the ledger of an ended partnership closed: a correction is refused with the reason', async () => {
    const { t, client, base, entry, p } = await withEntry();
    t.db.update(partnerships).set({ status: 'ended' }).where(eq(partnerships.id, p.id)).run();
    const res = await client.post(base, { kind: 'cost:travel', occurredOn: '2026-10-01', amount: '1250.5', note: 'Trip to Brno' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('This partnership has ended; its ledger is closed.');
    expect((await client.post(`${base}/delete`, { confirmed: '1' })).statusCode).toBe(422);
    expect(t.db.select().from(ledgerEntries).where(eq(ledgerEntries.id, entry.id)).get()!.note).toBe('Trip to Bnro');
  });
});
