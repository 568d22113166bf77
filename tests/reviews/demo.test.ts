import { describe, it, expect } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { generateDemo } from '../../src/demo/index.js';
import { latestReviews } from '../../src/dashboard/queries.js';
import { dueReviews } from '../../src/reviews/lists.js';
import { loadOrganisation } from '../../src/settings/queries.js';
import { todayIn } from '../../src/lib/dates.js';

describe('demo costs and reviews', () => {
  it('flags partnerships for every reason of the rule and has reviews due and overdue', () => {
    const db = openDatabase(':memory:');
    const now = new Date('2026-11-24T10:00:00Z');
    generateDemo(db, { framework: 'odense', size: 'small', seed: 1, now });
    const org = loadOrganisation(db)!;
    const today = todayIn(org.timeZone, now);
    expect(org.hourlyRateMinor).toBeGreaterThan(0);
    const ledger = db.$client.prepare('select count(*) as n from ledger_entries').get() as { n: number };
    expect(ledger.n).toBeGreaterThan(50);
    const latest = latestReviews(db, { signedOnly: false });
    const codes = new Set(latest.flatMap((r) => (JSON.parse(r.reasons) as { code: string }[]).map((x) => x.code)));
    for (const code of ['valueBelowInvestment', 'noGoalLinked', 'valueFell']) expect(codes).toContain(code);
    expect(codes.has('lostTouch') || codes.has('neverContacted')).toBe(true);
    expect(latest.some((r) => r.recommendation === 'end' && r.status === 'active')).toBe(true);
    expect(latest.some((r) => r.state === 'proposed')).toBe(true);
    const due = dueReviews(db, org, { until: '2026-12-24' });
    expect(due.some((d) => d.dueOn < today)).toBe(true);
    expect(due.some((d) => d.dueOn >= today)).toBe(true);
  });
});
