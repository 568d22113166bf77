// What a framework holds its partnerships to beyond the scores (the preset's `policies`), as pure
// checks, plus the one write the twin-city policy needs: the reason given for going against it.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { statusChanges } from '../db/schema.js';
import { recordAudit, type AuditActor } from '../audit/record.js';
import { FRAMEWORKS, PRESETS, type Framework, type PresetPolicies } from './presets.js';

/** The policies of the organisation's framework (organisation.framework); none for an unknown one. */
export function policiesFor(framework: string | null | undefined): PresetPolicies {
  return (FRAMEWORKS as readonly string[]).includes(framework ?? '') ? PRESETS[framework as Framework].policies : {};
}

/**
 * Whether a new partnership of this agreement type goes against the framework (Stockholm signs no
 * new twin-city agreements): the form warns and asks for a reason, which is recorded.
 */
export function twinCityAgainstPolicy(policies: PresetPolicies, agreementType: string): boolean {
  return !!policies.noNewTwinCities && agreementType === 'twin_city_agreement';
}

/** A project partnership: a project participation, or any agreement with a partner that is a project. */
export function isProjectPartnership(p: { agreementType: string; partnerKind: string }): boolean {
  return p.agreementType === 'project_participation' || p.partnerKind === 'project';
}

/**
 * The one rule for a project's funding: the amount (minor units) the funding received falls short
 * of the costs in the ledger, or null when the partnership is not a project or the funding covers
 * the costs. Every framework shows the gap; Stockholm's policy (below) calls it against the framework.
 */
export function projectFundingGap(
  p: { agreementType: string; partnerKind: string },
  totals: { costTotal: number; fundingTotal: number },
): number | null {
  if (!isProjectPartnership(p)) return null;
  const short = totals.costTotal - totals.fundingTotal;
  return short > 0 ? short : null;
}

/**
 * Aid-type projects only when another party covers the costs in full (Stockholm): the project's
 * funding gap when the framework has that policy, else null.
 */
export function fundingShortfall(
  policies: PresetPolicies,
  p: { agreementType: string; partnerKind: string },
  totals: { costTotal: number; fundingTotal: number },
): number | null {
  return policies.aidOnlyFullyFunded ? projectFundingGap(p, totals) : null;
}

/**
 * Records why a partnership was created against the twin-city policy: as the reason of its first
 * status change (shown in its status history) and in the audit log.
 */
export function recordPolicyReason(db: Db, actor: AuditActor, partnershipId: number, reason: string): void {
  db.update(statusChanges)
    .set({ reason })
    .where(and(eq(statusChanges.partnershipId, partnershipId), isNull(statusChanges.fromStatus)))
    .run();
  // An ordinary change of the reason, so the audit page words it ("Reason").
  recordAudit(db, actor, 'update', 'partnership', partnershipId, { reason: [null, reason] });
}
