// Proposals: writing one with its ex-ante verdict, the list awaiting approval, the decision (which
// moves the partnership through its one status writer), and what was expected when a review comes.
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { countRows } from '../db/aggregates.js';
import { nameOfUser } from '../users/name.js';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { goals, partners, partnershipGoals, partnerships, proposalScores, proposals, users } from '../db/schema.js';
import { created, recordAudit, type AuditActor } from '../audit/record.js';
import { transitionPartnership, type PartnershipHead } from '../partnerships/queries.js';
import { bandsFor } from '../reviews/bands.js';
import { activeAdministrators } from '../reviews/queries.js';
import type { Organisation } from '../plugins/context.js';
import type { Paging } from '../lib/paging.js';
import { approvalRule, exAnteVerdict } from './domain.js';
import type { DecisionInput, ProposalInput, ScoredGoal } from './form.js';

export type ProposalRow = typeof proposals.$inferSelect;

/** Every goal and principle a proposal can score, goals first, in the framework's order. */
export function proposalLines(db: Db): (ScoredGoal & { name: string })[] {
  return db
    .select({ goalId: goals.id, kind: goals.kind, name: goals.name })
    .from(goals)
    .orderBy(sql`case ${goals.kind} when 'goal' then 0 else 1 end`, asc(goals.position), asc(goals.id))
    .all();
}

export function findProposal(db: Db, id: number): ProposalRow | undefined {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return db.select().from(proposals).where(eq(proposals.id, id)).get();
}

/** The expected scores of a proposal by goal id. */
export function proposalScoreMap(db: Db, proposalId: number): Map<number, number> {
  return new Map(
    db
      .select()
      .from(proposalScores)
      .where(eq(proposalScores.proposalId, proposalId))
      .all()
      .map((s) => [s.goalId, s.score]),
  );
}

/** The proposal awaiting a decision for a partnership, if any. */
export function openProposal(db: Db, partnershipId: number): ProposalRow | undefined {
  return db
    .select()
    .from(proposals)
    .where(and(eq(proposals.partnershipId, partnershipId), eq(proposals.state, 'proposed')))
    .get();
}

/** The proposal the partnership was entered on: the latest approved one. */
export function approvedProposal(db: Db, partnershipId: number): ProposalRow | undefined {
  return db
    .select()
    .from(proposals)
    .where(and(eq(proposals.partnershipId, partnershipId), eq(proposals.state, 'approved')))
    .orderBy(desc(proposals.decidedAt), desc(proposals.id))
    .get();
}

/** Every proposal of a partnership, newest first (its history). */
export function proposalsOf(db: Db, partnershipId: number): ProposalRow[] {
  return db.select().from(proposals).where(eq(proposals.partnershipId, partnershipId)).orderBy(desc(proposals.id)).all();
}

export type CreateResult =
  { ok: true; id: number } | { ok: false; error: 'proposals.error.notExploring' | 'proposals.error.alreadyProposed' };

/** A coordinator proposes: the verdict of the review's rule on the expected values is kept with it. */
export function createProposal(
  db: Db,
  actor: AuditActor,
  org: Organisation,
  p: PartnershipHead,
  input: ProposalInput,
  today: string,
): CreateResult {
  return inTransaction(db, () => {
    const status = db.select({ status: partnerships.status }).from(partnerships).where(eq(partnerships.id, p.id)).get()?.status;
    if (status !== 'exploring') return { ok: false as const, error: 'proposals.error.notExploring' as const };
    if (openProposal(db, p.id)) return { ok: false as const, error: 'proposals.error.alreadyProposed' as const };
    const verdict = exAnteVerdict(
      {
        goalScores: input.scores.filter((s) => s.kind === 'goal').map((s) => s.score),
        principleScores: input.scores.filter((s) => s.kind === 'principle').map((s) => s.score),
        investmentMinor: input.investmentMinor,
        hours: input.hours,
        hourlyRateMinor: org.hourlyRateMinor,
        currency: org.currency,
      },
      bandsFor(db, Number(today.slice(0, 4)), org.currency),
    );
    const values = {
      partnershipId: p.id,
      state: 'proposed' as const,
      expectedInvestmentMinor: input.investmentMinor,
      currency: org.currency,
      expectedHours: input.hours,
      localActors: input.localActors,
      risks: input.risks,
      expectedReturn: input.expectedReturn,
      councilText: input.councilText,
      valueIndex: verdict.valueIndex,
      investmentLevel: verdict.investmentLevel,
      recommendation: verdict.recommendation,
      reasons: JSON.stringify(verdict.reasons),
      proposedById: actor.userId,
      proposedAt: actor.now.toISOString(),
    };
    const row = db.insert(proposals).values(values).returning({ id: proposals.id }).get();
    for (const s of input.scores) db.insert(proposalScores).values({ proposalId: row.id, goalId: s.goalId, score: s.score }).run();
    recordAudit(
      db,
      actor,
      'create',
      'proposal',
      row.id,
      created({ ...values, scores: input.scores.map((s) => `${s.goalId}:${s.score}`).join(',') }),
    );
    return { ok: true as const, id: row.id };
  });
}

export type DecideResult = { ok: true; approved: boolean } | { ok: false; error: string; params?: Record<string, string>; field?: string };

/**
 * An administrator approves or rejects; a council decision (date, reference) is an approval on that
 * date. Approval moves the partnership from exploring to active through transitionPartnership,
 * which starts the review clock (the first review falls due a cadence later), and links the goals
 * the proposal expects to support. All or nothing, in one transaction.
 */
export function decideProposal(
  db: Db,
  actor: AuditActor & { userId: number },
  proposalId: number,
  d: DecisionInput,
  today: string,
): DecideResult {
  const approve = d.outcome === 'approve';
  const outcome = inTransaction(db, (): DecideResult => {
    const before = findProposal(db, proposalId);
    if (!before) return { ok: false, error: 'proposals.error.notProposed' };
    const rule = approvalRule(before.state, before.proposedById, actor.userId, activeAdministrators(db), approve);
    if (!rule.ok) return { ok: false, error: rule.error };
    if (d.councilDecisionOn && d.councilDecisionOn > today)
      return { ok: false, error: 'proposals.error.councilDateFuture', field: 'councilDecisionOn' };
    if (approve) {
      const moved = transitionPartnership(
        db,
        actor,
        before.partnershipId,
        { status: 'active', changedOn: d.councilDecisionOn ?? today, reason: d.reason, reference: d.councilReference },
        today,
        'exploring',
      );
      if (!moved.ok) {
        const refusal = moved.reason === 'changed' ? 'proposals.error.notExploring' : moved.reason;
        return { ok: false, error: refusal, params: 'params' in moved ? moved.params : {} };
      }
      const goalIds = db
        .select({ goalId: proposalScores.goalId })
        .from(proposalScores)
        .innerJoin(goals, eq(goals.id, proposalScores.goalId))
        .where(and(eq(proposalScores.proposalId, proposalId), eq(goals.kind, 'goal')))
        .all();
      for (const g of goalIds)
        db.insert(partnershipGoals).values({ partnershipId: before.partnershipId, goalId: g.goalId }).onConflictDoNothing().run();
    }
    const after = {
      state: approve ? ('approved' as const) : ('rejected' as const),
      decidedById: actor.userId,
      decidedAt: actor.now.toISOString(),
      rejectionReason: approve ? '' : d.reason,
      councilDecisionOn: d.councilDecisionOn,
      councilReference: d.councilReference,
    };
    db.update(proposals).set(after).where(eq(proposals.id, proposalId)).run();
    recordAudit(db, actor, approve ? 'approve' : 'reject', 'proposal', proposalId, {
      state: [before.state, after.state],
      ...(d.reason ? { reason: [null, d.reason] } : {}),
      ...(d.councilDecisionOn ? { councilDecisionOn: [null, d.councilDecisionOn] } : {}),
      ...(d.councilReference ? { councilReference: [null, d.councilReference] } : {}),
    });
    return { ok: true, approved: approve };
  });
  return outcome;
}

export const PROPOSAL_SORTS = ['proposedAt', 'title', 'recommendation'] as const;
export type ProposalSort = (typeof PROPOSAL_SORTS)[number];

/** Proposals awaiting a decision, paged and sorted in SQL. */
export function awaitingProposals(db: Db, paging: Paging<ProposalSort>) {
  const dir = paging.dir === 'desc' ? desc : asc;
  const order: SQL[] = {
    proposedAt: [dir(proposals.proposedAt)],
    title: [dir(partnerships.title)],
    recommendation: [dir(proposals.recommendation), asc(proposals.proposedAt)],
  }[paging.sort];
  return db
    .select({
      id: proposals.id,
      partnershipId: proposals.partnershipId,
      title: partnerships.title,
      partnerName: partners.name,
      proposedAt: proposals.proposedAt,
      proposerName: nameOfUser(proposals.proposedById),
      recommendation: proposals.recommendation,
      valueIndex: proposals.valueIndex,
      investmentLevel: proposals.investmentLevel,
    })
    .from(proposals)
    .innerJoin(partnerships, eq(partnerships.id, proposals.partnershipId))
    .innerJoin(partners, eq(partners.id, partnerships.partnerId))
    .where(eq(proposals.state, 'proposed'))
    .orderBy(...order, asc(proposals.id))
    .limit(paging.perPage)
    .offset(paging.offset)
    .all();
}

export function countAwaiting(db: Db): number {
  return countRows(db, proposals, eq(proposals.state, 'proposed'));
}

/** The name of a user, for "proposed by" and "decided by". */
export function userName(db: Db, id: number | null): string | null {
  return id ? (db.select({ name: users.name }).from(users).where(eq(users.id, id)).get()?.name ?? null) : null;
}
