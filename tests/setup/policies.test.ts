import { describe, it, expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, signedIn, type TestApp } from '../helpers/app.js';
import { auditLog, ledgerEntries, partners, partnerships, statusChanges } from '../../src/db/schema.js';
import { fundingShortfall, policiesFor, twinCityAgainstPolicy } from '../../src/setup/policies.js';

describe('framework policies as pure checks', () => {
  it('only Stockholm holds new partnerships to "no new twin cities" and "aid only when fully paid by others"', () => {
    expect(policiesFor('stockholm')).toEqual({ noNewTwinCities: true, aidOnlyFullyFunded: true });
    for (const f of ['odense', 'oslo', 'hamar', 'osloregionen', 'blank', 'unknown', null]) expect(policiesFor(f)).toEqual({});
  });

  it('a twin-city agreement goes against the Stockholm policy; a cooperation agreement does not', () => {
    const stockholm = policiesFor('stockholm');
    expect(twinCityAgainstPolicy(stockholm, 'twin_city_agreement')).toBe(true);
    expect(twinCityAgainstPolicy(stockholm, 'cooperation_agreement')).toBe(false);
    expect(twinCityAgainstPolicy(policiesFor('odense'), 'twin_city_agreement')).toBe(false);
  });

  it('a project whose funding falls short of its costs is short by the difference; covered, other kinds or other frameworks are not flagged', () => {
    const stockholm = policiesFor('stockholm');
    const project = { agreementType: 'project_participation', partnerKind: 'project' };
    expect(fundingShortfall(stockholm, project, { costTotal: 100_000, fundingTotal: 60_000 })).toBe(40_000);
    expect(
      fundingShortfall(stockholm, { agreementType: 'cooperation_agreement', partnerKind: 'project' }, { costTotal: 1, fundingTotal: 0 }),
    ).toBe(1);
    expect(fundingShortfall(stockholm, project, { costTotal: 100_000, fundingTotal: 100_000 })).toBeNull();
    expect(
      fundingShortfall(stockholm, { agreementType: 'network_membership', partnerKind: 'network' }, { costTotal: 100_000, fundingTotal: 0 }),
    ).toBeNull();
    expect(fundingShortfall(policiesFor('odense'), project, { costTotal: 100_000, fundingTotal: 0 })).toBeNull();
  });
});

function addPartner(t: TestApp, kind: 'twin_city' | 'project', name: string) {
  return t.db.insert(partners).values({ kind, name, country: 'FI', updatedAt: '2026-01-01T00:00:00.000Z' }).returning().get();
}

const form = (partnerId: number, agreementType: string, extra: Record<string, string> = {}) => ({
  partnerId: String(partnerId),
  title: 'Vänort Helsingfors',
  agreementType,
  status: 'exploring',
  ownerId: '',
  department: '',
  startOn: '',
  agreementOn: '',
  renewalOn: '',
  reviewCadenceMonths: '12',
  description: '',
  ...extra,
});

describe('Stockholm: no new twin-city agreements', () => {
  it('the new-partnership form warns; creating a twin-city agreement without a reason is refused with 422', async () => {
    const t = await buildTestApp({ setup: { framework: 'stockholm', locale: 'sv' } });
    const client = await signedIn(t, 'coordinator');
    const helsinki = addPartner(t, 'twin_city', 'Helsingfors');
    const page = await client.get(`/partnerships/new?partnerId=${helsinki.id}`);
    expect(page.body).toContain('id="policy-twin-cities"');
    expect(page.body).toContain('Ert ramverk tecknar inga nya vänortsavtal');
    const res = await client.htmx('/partnerships', form(helsinki.id, 'twin_city_agreement'));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Ramverket tecknar inga nya vänortsavtal: ange motiveringen');
    expect(res.body).toContain('role="alert"');
    expect(t.db.select().from(partnerships).where(eq(partnerships.partnerId, helsinki.id)).all()).toHaveLength(0);
  });

  it('with a reason it is created and the reason is recorded in the status history and the audit log', async () => {
    const t = await buildTestApp({ setup: { framework: 'stockholm', locale: 'sv' } });
    const client = await signedIn(t, 'coordinator');
    const helsinki = addPartner(t, 'twin_city', 'Helsingfors');
    const reason = 'Kommunfullmäktige beslutade 2026-03-01 om ett undantag för Helsingfors.';
    const res = await client.post('/partnerships', form(helsinki.id, 'twin_city_agreement', { policyReason: reason }));
    expect(res.statusCode).toBe(303);
    const created = t.db.select().from(partnerships).where(eq(partnerships.partnerId, helsinki.id)).get()!;
    expect(created.agreementType).toBe('twin_city_agreement');
    expect(t.db.select().from(statusChanges).where(eq(statusChanges.partnershipId, created.id)).all()).toMatchObject([
      { fromStatus: null, toStatus: 'exploring', reason },
    ]);
    const audit = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'partnership'), eq(auditLog.entityId, created.id)))
      .all();
    expect(audit.some((a) => JSON.parse(a.changes).reason?.[1] === reason)).toBe(true);
    expect((await client.get(`/partnerships/${created.id}`)).body).toContain(reason);
  });

  it('a cooperation agreement needs no reason, and other frameworks neither warn nor ask', async () => {
    const t = await buildTestApp({ setup: { framework: 'stockholm' } });
    const client = await signedIn(t, 'coordinator');
    const helsinki = addPartner(t, 'twin_city', 'Helsingfors');
    expect((await client.post('/partnerships', form(helsinki.id, 'cooperation_agreement'))).statusCode).toBe(303);

    const odense = await buildTestApp({ setup: { framework: 'odense' } });
    const other = await signedIn(odense, 'coordinator');
    const tampere = addPartner(odense, 'twin_city', 'Turku');
    expect((await other.get(`/partnerships/new?partnerId=${tampere.id}`)).body).not.toContain('policy-twin-cities');
    expect((await other.post('/partnerships', form(tampere.id, 'twin_city_agreement'))).statusCode).toBe(303);
  });
});

describe('Stockholm: aid-type projects only when fully paid by others', () => {
  async function projectWith(framework: 'stockholm' | 'odense', costMinor: number, fundingMinor: number) {
    const t = await buildTestApp({ setup: { framework, locale: 'en' } });
    const project = addPartner(t, 'project', 'Water for Mwanza');
    const ps = t.db
      .insert(partnerships)
      .values({
        partnerId: project.id,
        title: 'Water for Mwanza',
        agreementType: 'project_participation',
        status: 'active',
        updatedAt: '2026-01-01T00:00:00.000Z',
      })
      .returning()
      .get();
    const entry = { partnershipId: ps.id, occurredOn: '2026-02-01', currency: 'SEK' };
    t.db
      .insert(ledgerEntries)
      .values({ ...entry, direction: 'cost', type: 'travel', amountMinor: costMinor })
      .run();
    t.db
      .insert(ledgerEntries)
      .values({ ...entry, direction: 'funding', type: 'grant', amountMinor: fundingMinor })
      .run();
    const client = await signedIn(t, 'viewer');
    return (await client.get(`/partnerships/${ps.id}`)).body;
  }

  it('a project whose funding does not cover its costs is flagged on its page with the shortfall', async () => {
    const body = await projectWith('stockholm', 5_000_000, 3_000_000);
    expect(body).toContain('id="policy-funding"');
    expect(body).toContain('aid-type projects only when others cover the costs in full');
    expect(body).toMatch(/20,000/);
  });

  it('a fully funded project, or the same project under Odense, is not flagged', async () => {
    expect(await projectWith('stockholm', 5_000_000, 5_000_000)).not.toContain('policy-funding');
    expect(await projectWith('odense', 5_000_000, 0)).not.toContain('policy-funding');
  });
});
