import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { goals, statusChanges } from '../../src/db/schema.js';
import { makePartnership, addCost, addSignedReview } from '../reviews/factories.js';

describe('the council report', () => {
  it('groups partnerships under the goals with their latest review, lists those proposed for ending with reasons, and spend by type', async () => {
    const t = await buildTestApp();
    const firstGoal = t.db.select().from(goals).where(eq(goals.kind, 'goal')).all()[0]!;
    const weak = makePartnership(t.db, { title: 'Weak twinning', goalCount: 1 });
    const strong = makePartnership(t.db, { title: 'Strong twinning', goalCount: 1 });
    const loose = makePartnership(t.db, { title: 'Loose network', goalCount: 0 });
    addSignedReview(t.db, weak.id, {
      periodEndOn: '2026-05-01',
      valueIndex: 1.4,
      investmentLevelComputed: 3,
      recommendation: 'end',
      decision: 'end',
      decisionComment: 'No longer worth it',
      reasons: JSON.stringify([
        { code: 'valueBelowInvestment', params: { value: 1.4, level: 3, amountMinor: 21_200_000, currency: 'DKK', months: 12 } },
      ]),
    });
    t.db.insert(statusChanges).values({ partnershipId: weak.id, fromStatus: 'active', toStatus: 'ending', changedOn: '2026-05-10' }).run();
    addSignedReview(t.db, strong.id, { periodEndOn: '2026-04-01', valueIndex: 3.5, investmentLevelComputed: 1 });
    addCost(t.db, loose.id, 1_500_000, '2026-03-01');
    addCost(t.db, loose.id, 9_900_000, '2024-03-01'); // outside the period
    const client = await signedIn(t, 'viewer');
    const res = await client.get('/report?from=2026-01-01&to=2026-11-24');
    expect(res.statusCode).toBe(200);
    const body = res.body.replace(/\s+/g, ' ');
    expect(body).toContain(`<h3 id="goal-${firstGoal.id}">${firstGoal.name}</h3>`);
    const goalSection = body.slice(body.indexOf(`id="goal-${firstGoal.id}"`), body.indexOf('id="goal-none"'));
    expect(goalSection).toContain('Weak twinning');
    expect(goalSection).toContain('Strong twinning');
    expect(body.slice(body.indexOf('id="goal-none"'))).toContain('Loose network');
    const ending = body.slice(body.indexOf('id="ending-h"'), body.indexOf('id="spend-h"'));
    expect(ending).toContain('Weak twinning');
    expect(ending).toContain('Value 1.4 is below investment level 3: DKK 212,000 in 12 months');
    expect(ending).toContain('No longer worth it');
    expect(ending).not.toContain('Strong twinning');
    expect(body).toMatch(/Membership fee<\/th><td class="num">DKK 15,000</);
  });

  it('defaults to the year so far and refuses a reversed or invalid period with 422', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    const res = await client.get('/report');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('1 January 2026 to 24 November 2026');
    const reversed = await client.get('/report?from=2026-06-01&to=2026-01-01');
    expect(reversed.statusCode).toBe(422);
    expect(reversed.body).toMatch(/id="e-to"[^>]*>The end must be on or after the start./);
    expect((await client.get('/report?from=2026-02-30')).statusCode).toBe(422);
  });
  it('lists the 20 most in need under each goal with a link to the whole goal, paged 100 at a time', async () => {
    const t = await buildTestApp();
    for (let i = 0; i < 125; i++) makePartnership(t.db, { title: `Network ${String(i).padStart(3, '0')}`, goalCount: 0 });
    const weakest = makePartnership(t.db, { title: 'Zz weakest', goalCount: 0 });
    addSignedReview(t.db, weakest.id, { periodEndOn: '2026-05-01', valueIndex: 0.5, investmentLevelComputed: 3, recommendation: 'end' });
    const client = await signedIn(t, 'viewer');
    const res = await client.get('/report?from=2026-01-01&to=2026-11-24');
    const unlinked = res.body.slice(res.body.indexOf('id="goal-none"'), res.body.indexOf('id="ending-h"'));
    expect(unlinked.match(/<tr>\s*<th scope="row">/g)).toHaveLength(20);
    expect(unlinked.indexOf('Zz weakest')).toBeGreaterThan(0); // the rule says end: listed first, not cut
    expect(unlinked).toContain('href="/report?from=2026-01-01&amp;to=2026-11-24&amp;goal=none"');
    const all = await client.get('/report?from=2026-01-01&to=2026-11-24&goal=none');
    expect(all.statusCode).toBe(200);
    expect(all.body.match(/<tr>\s*<th scope="row">/g)).toHaveLength(100);
    const second = await client.get('/report?from=2026-01-01&to=2026-11-24&goal=none&page=2');
    const total = Number(/All (\d+) partnerships under this goal/.exec(unlinked)?.[1]);
    expect(total).toBeGreaterThanOrEqual(126); // ours and the preset's
    expect(second.body.match(/<tr>\s*<th scope="row">/g)).toHaveLength(total - 100);
    expect((await client.get('/report?goal=999999')).statusCode).toBe(404);
  });
});
