// The demo shows entry assessment and local actors at once: proposals awaiting approval with the
// review rule's verdict, and local actors taking part in partnerships and delegations.
import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.js';
import { generateDemo } from '../../src/demo/index.js';
import { goals, localActorContacts, localActorLinks, localActors, partnerships, proposalScores, proposals } from '../../src/db/schema.js';
import { exAnteVerdict } from '../../src/proposals/domain.js';
import { defaultBands } from '../../src/reviews/domain.js';

describe('demo entry assessment and local actors', () => {
  it('has proposals awaiting approval for exploring partnerships, each with the verdict of the review rule', () => {
    const db = openDatabase(':memory:');
    generateDemo(db, { framework: 'odense', size: 'small', seed: 1, now: new Date('2026-11-24T10:00:00Z') });
    const awaiting = db.select().from(proposals).where(eq(proposals.state, 'proposed')).all();
    expect(awaiting.length).toBeGreaterThanOrEqual(1);
    for (const p of awaiting) {
      expect(db.select().from(partnerships).where(eq(partnerships.id, p.partnershipId)).get()!.status).toBe('exploring');
      const scores = db
        .select({ score: proposalScores.score, kind: goals.kind })
        .from(proposalScores)
        .innerJoin(goals, eq(goals.id, proposalScores.goalId))
        .where(eq(proposalScores.proposalId, p.id))
        .all();
      const rate = db.$client.prepare('select hourly_rate_minor as r from organisation').get() as { r: number | null };
      const verdict = exAnteVerdict(
        {
          goalScores: scores.filter((s) => s.kind === 'goal').map((s) => s.score),
          principleScores: scores.filter((s) => s.kind === 'principle').map((s) => s.score),
          investmentMinor: p.expectedInvestmentMinor,
          hours: p.expectedHours,
          hourlyRateMinor: rate.r,
          currency: p.currency,
        },
        defaultBands(p.currency),
      );
      expect({ valueIndex: p.valueIndex, recommendation: p.recommendation, reasons: JSON.parse(p.reasons) }).toEqual({
        valueIndex: verdict.valueIndex,
        recommendation: verdict.recommendation,
        reasons: verdict.reasons,
      });
    }
    expect(db.select().from(localActors).all().length).toBeGreaterThanOrEqual(5);
    expect(db.select().from(localActorContacts).all().length).toBeGreaterThanOrEqual(5);
    const links = db.select().from(localActorLinks).all();
    expect(links.some((l) => l.partnershipId !== null)).toBe(true);
    expect(links.some((l) => l.delegationId !== null)).toBe(true);
  });
});
