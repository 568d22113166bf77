import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, createUser, Client, signedIn } from '../helpers/app.js';
import { createI18n, type Locale } from '../../src/i18n/index.js';
import { createSentences, referencedIds } from '../../src/audit/sentences.js';
import type { AuditEntry } from '../../src/audit/queries.js';
import { ledgerEntries } from '../../src/db/schema.js';
import { makePartner, makePartnership } from '../log/fixtures.js';

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  at: '2026-11-24T10:00:00Z',
  userId: 7,
  userName: 'Mette',
  action: 'update',
  entityType: 'partnership',
  entityId: 3,
  ip: null,
  changes: [],
  raw: {},
  ...over,
});

describe('audit rows as sentences', () => {
  const records = new Map<string, Record<string, unknown>>([
    ['partnership:3', { id: 3, title: 'Kópavogur' }],
    ['log_entry:5', { id: 5, summary: 'Møde om klimaplanen' }],
  ]);
  const users = new Map([
    [7, 'Mette'],
    [8, 'Lars'],
  ]);
  const names = new Map([
    ['partner:1', 'Kópavogur'],
    ['partner:2', 'Brno'],
  ]);
  // Money is written with a no-break space after the currency: compare with plain spaces.
  const say = (locale: Locale, e: AuditEntry) =>
    createSentences(createI18n(locale, 'Europe/Copenhagen', 'DKK'), { users, records, names })(e).replace(/\u00a0/g, ' ');

  it.each<[string, Locale, Partial<AuditEntry>, string]>([
    [
      'a status change',
      'en',
      { action: 'status', raw: { status: ['active', 'dormant'], changedOn: [null, '2026-11-20'] } },
      'Mette changed the status of Kópavogur from active to dormant',
    ],
    [
      'a status change',
      'da',
      { action: 'status', raw: { status: ['active', 'dormant'], changedOn: [null, '2026-11-20'] } },
      'Mette ændrede status for Kópavogur fra aktiv til hvilende',
    ],
    ['an owner set', 'en', { raw: { ownerId: [null, 8] } }, 'Mette set the owner of Kópavogur to Lars'],
    [
      'several fields',
      'en',
      { raw: { title: ['Kopavogur', 'Kópavogur'], agreementType: ['informal', 'twin_city_agreement'] } },
      'Mette changed Kópavogur: the title from Kopavogur to Kópavogur and the agreement type from informal to twin-city agreement',
    ],
    [
      'a log entry type',
      'da',
      { entityType: 'log_entry', entityId: 5, raw: { type: ['call', 'meeting'] } },
      'Mette ændrede type for kontaktlogposten “Møde om klimaplanen” fra opkald til møde',
    ],
    [
      'partners by name',
      'en',
      { entityType: 'log_entry', entityId: 5, raw: { partnerIds: [[1], [1, 2]] } },
      'Mette changed the partners of the contact log entry “Møde om klimaplanen” from Kópavogur to Kópavogur, Brno',
    ],
    [
      'a deleted ledger entry, named from its old values',
      'en',
      {
        action: 'delete',
        entityType: 'ledger_entry',
        entityId: 9,
        raw: {
          direction: ['cost', null],
          type: ['travel', null],
          amountMinor: [125_050, null],
          currency: ['DKK', null],
          occurredOn: ['2026-10-01', null],
        },
      },
      'Mette deleted the investment entry Travel, DKK 1,250.50 (1 Oct 2026)',
    ],
    [
      'a follow-up marked done',
      'en',
      { action: 'done', entityType: 'follow_up', entityId: 4, raw: { doneAt: [null, '2026-11-24T10:00:00.000Z'] } },
      'Mette marked the follow-up “#4” done',
    ],
    [
      'an imported change, the import left to the details',
      'en',
      { entityType: 'partner', entityId: 3, raw: { name: ['Brno', 'Brno City'], import: [null, 12] } },
      'Mette changed the name of Brno City from Brno to Brno City',
    ],
    ['a sign-in without a known user', 'en', { action: 'login', entityType: 'user', userName: null, raw: {} }, 'Someone signed in'],
  ])('puts %s into words (%s)', (_name, locale, over, expected) => {
    expect(say(locale, entry(over))).toBe(expected);
  });
});

describe('ids that values point at', () => {
  it('are collected by kind from both sides of each change, people and plain numbers left out', () => {
    const ids = referencedIds([
      { raw: { partnerIds: [[1], [1, 2]], ownerId: [null, 3], goalIds: [null, [4]] } },
      { raw: { partnershipId: [5, null] } },
    ]);
    expect([...ids].map(([k, v]) => [k, [...v]])).toEqual([
      ['partner', [1, 2]],
      ['goal', [4]],
      ['partnership', [5]],
    ]);
  });
});

describe('sentences on the pages', () => {
  async function statusChanged() {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const p = makePartnership(t.db, partner.id, { title: 'Kópavogur' });
    const mette = await createUser(t.db, 'coordinator', { name: 'Mette' });
    const client = new Client(t.app);
    await client.login(mette.email);
    const res = await client.post(`/partnerships/${p.id}/status`, { status: 'dormant', changedOn: '2026-11-20', reason: 'No activity' });
    expect(res.statusCode).toBe(303);
    return { t, p, client };
  }

  it('shows the audit log in English with the raw values one click away', async () => {
    const { t } = await statusChanged();
    const admin = await signedIn(t);
    const body = (await admin.get('/audit?entity=partnership')).body;
    expect(body).toContain('Mette changed the status of Kópavogur from active to dormant');
    expect(body).toMatch(/<details>\s*<summary>Stored values<\/summary>[\s\S]*<del>active<\/del> → <ins>dormant<\/ins>/);
  });

  it('shows a record history in Danish to a Danish reader', async () => {
    const { t, p } = await statusChanged();
    const dane = await createUser(t.db, 'viewer', { locale: 'da' });
    const client = new Client(t.app);
    await client.login(dane.email);
    const body = (await client.get(`/history/partnership/${p.id}`)).body;
    expect(body).toContain('Mette ændrede status for Kópavogur fra aktiv til hvilende');
    expect(body).toContain('<summary>Gemte værdier</summary>');
  });

  it("includes a partnership's reviews, costs (deleted ones too) and status changes in its history", async () => {
    const { t, p, client } = await statusChanged();
    expect((await client.post(`/partnerships/${p.id}/reviews`)).statusCode).toBe(303);
    await client.post(`/partnerships/${p.id}/costs`, { kind: 'cost:travel', occurredOn: '2026-10-01', amount: '1250.5', note: 'Trip' });
    await client.post(`/partnerships/${p.id}/costs`, { kind: 'funding:grant', occurredOn: '2026-10-02', amount: '300', note: 'EU' });
    const grant = t.db.select().from(ledgerEntries).where(eq(ledgerEntries.type, 'grant')).get()!;
    expect((await client.post(`/partnerships/${p.id}/costs/${grant.id}/delete`, { confirmed: '1' })).statusCode).toBe(303);
    // Another partnership's cost stays out.
    const other = makePartnership(t.db, makePartner(t.db, { name: 'Brno' }).id, { title: 'Brno' });
    await client.post(`/partnerships/${other.id}/costs`, { kind: 'cost:hosting', occurredOn: '2026-10-03', amount: '99' });

    const body = (await client.get(`/history/partnership/${p.id}`)).body.replace(/\u00a0/g, ' ');
    expect(body).toContain('Mette changed the status of Kópavogur from active to dormant');
    expect(body).toMatch(/Mette created the review of Kópavogur \(/);
    expect(body).toContain('Mette created the investment entry Travel, DKK 1,250.50 (1 Oct 2026)');
    expect(body).toContain('Mette created the investment entry Grant (e.g. EU), DKK 300 (2 Oct 2026)');
    expect(body).toContain('Mette deleted the investment entry Grant (e.g. EU), DKK 300 (2 Oct 2026)');
    expect(body).not.toContain('Hosting a delegation');
  });
});
