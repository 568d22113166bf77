import { describe, it, expect } from 'vitest';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { followUps } from '../../src/db/schema.js';
import { chartDots } from '../../src/dashboard/chart.js';
import { makePartnership, addCost, addContact, addSignedReview } from '../reviews/factories.js';

describe('the chart geometry', () => {
  it('marks dots below the diagonal and spreads dots sharing a place', () => {
    const dots = chartDots([
      { partnershipId: 1, title: 'A', valueIndex: 1.4, level: 3, recommendation: 'end' },
      { partnershipId: 2, title: 'B', valueIndex: 3, level: 3, recommendation: 'watch' },
      { partnershipId: 3, title: 'C', valueIndex: 3, level: 3, recommendation: 'watch' },
    ]);
    expect(dots.map((d) => d.below)).toEqual([true, false, false]);
    expect(dots[1]!.x).not.toBe(dots[2]!.x);
    expect(dots[1]!.y).toBe(dots[2]!.y);
  });
});

describe('the dashboard', () => {
  it('puts what needs attention first: my reviews due, the rule recommending ending, losing touch, my follow-ups', async () => {
    const t = await buildTestApp();
    const due = makePartnership(t.db, {
      title: 'Due twinning',
      ownerId: t.adminId,
      activeSinceOn: '2025-11-01',
      agreementType: 'cooperation_agreement',
    });
    addContact(t.db, due.id, '2026-11-01');
    const ending = makePartnership(t.db, { title: 'Weak twinning' });
    addContact(t.db, ending.id, '2026-11-01');
    addSignedReview(t.db, ending.id, {
      periodEndOn: '2026-06-01',
      valueIndex: 1.4,
      investmentLevelComputed: 3,
      recommendation: 'end',
      reasons: JSON.stringify([
        { code: 'valueBelowInvestment', params: { value: 1.4, level: 3, amountMinor: 21_200_000, currency: 'DKK', months: 12 } },
      ]),
    });
    const quiet = makePartnership(t.db, { title: 'Quiet twinning', activeSinceOn: '2023-01-01' });
    addContact(t.db, quiet.id, '2025-03-14');
    t.db.insert(followUps).values({ task: 'Send the minutes', dueOn: '2026-11-25', assigneeId: t.adminId, partnershipId: due.id }).run();
    t.db
      .insert(followUps)
      .values({ task: 'Plan the anniversary', dueOn: '2027-05-01', assigneeId: t.adminId, partnershipId: due.id })
      .run();
    t.db
      .insert(followUps)
      .values({ task: 'Already booked', dueOn: '2026-11-20', assigneeId: t.adminId, doneAt: '2026-11-21T09:00:00Z' })
      .run();
    const client = await signedIn(t);
    const res = await client.get('/');
    expect(res.statusCode).toBe(200);
    const body = res.body.replace(/\s+/g, ' ');
    const attention = body.slice(body.indexOf('id="attention-h"'), body.indexOf('id="portfolio-h"'));
    expect(attention).toContain('Due twinning');
    expect(attention).toContain('overdue since 1 Nov 2026');
    expect(attention).toContain('Weak twinning</a>: Value 1.4 is below investment level 3: DKK 212,000 in 12 months');
    expect(attention).toContain('Quiet twinning</a> · No contact since 14 March 2025');
    expect(attention).toContain('Send the minutes');
    // Every open follow-up, not only this week's; a done one is gone.
    expect(attention).toContain('Plan the anniversary');
    expect(attention).not.toContain('Already booked');
  });

  it('shows counts, spend this year against last, and the chart with each dot a named link, below-the-line dots in another shape', async () => {
    const t = await buildTestApp();
    const weak = makePartnership(t.db, { title: 'Weak twinning' });
    const strong = makePartnership(t.db, { title: 'Strong twinning' });
    addSignedReview(t.db, weak.id, { valueIndex: 1.4, investmentLevelComputed: 3, recommendation: 'end' });
    addSignedReview(t.db, strong.id, { valueIndex: 3.5, investmentLevelComputed: 1 });
    addCost(t.db, weak.id, 5_000_000, '2026-02-01');
    addCost(t.db, weak.id, 3_000_000, '2025-02-01');
    const client = await signedIn(t, 'viewer');
    const res = await client.get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Partnerships by kind and status');
    expect(res.body).toMatch(/Membership fee<\/th><td class="num">DKK\s50,000<\/td><td class="num">DKK\s30,000/);
    const svg = res.body.slice(
      res.body.indexOf('<svg id="value-chart"'),
      res.body.indexOf('</svg>', res.body.indexOf('<svg id="value-chart"')),
    );
    expect(svg).toContain('class="rule-line"');
    expect(svg).toMatch(
      new RegExp(
        `<a href="/partnerships/${weak.id}/reviews" aria-label="Weak twinning: value 1.4, investment level 3, below the line" class="dot dot-below"`,
      ),
    );
    expect(svg).toMatch(
      new RegExp(`<a href="/partnerships/${strong.id}/reviews" aria-label="Strong twinning: value 3.5, investment level 1" class="dot"`),
    );
    expect(svg).not.toContain('style=');
    expect(res.body).toContain('id="value-table"');
    expect(res.body).toContain('1 of 2 lie below it');
  });

  it('sends a signed-out visitor to sign in', async () => {
    const t = await buildTestApp();
    const res = await t.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('/login');
  });
});
