// Reads and writes of partnerships with several partners and of project details: the other
// partners and their roles, the project's programme, status and budget, and its reporting dates.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { inTransaction, type Db } from '../db/client.js';
import { ledgerEntries, partners, partnershipPartners, partnerships, projectDetails, projectReportingDates } from '../db/schema.js';
import { created, diff, recordAudit, type AuditActor } from '../audit/record.js';
import type { PartnerRole } from '../lib/words.js';
import type { ProjectDetailsInput, ReportingDateInput } from './form.js';

/** The partners of a partnership besides its main partner, by role (lead first), then name. */
export function otherPartnersOf(db: Db, partnershipId: number) {
  return db
    .select({
      partnerId: partners.id,
      name: partners.name,
      kind: partners.kind,
      country: partners.country,
      role: partnershipPartners.role,
    })
    .from(partnershipPartners)
    .innerJoin(partners, eq(partners.id, partnershipPartners.partnerId))
    .where(eq(partnershipPartners.partnershipId, partnershipId))
    .orderBy(sql`case ${partnershipPartners.role} when 'lead' then 0 when 'partner' then 1 else 2 end`, partners.nameKey)
    .all();
}

/**
 * The other partners' names of a list row, joined with '; ' (for the list and its export). Spelled
 * out so it binds to the outer query's "partnerships" row.
 */
export const otherPartnerNames = sql<string>`coalesce((select group_concat(n, '; ') from (select op."name" as n from "partnership_partners" pp join "partners" op on op."id" = pp."partner_id" where pp."partnership_id" = "partnerships"."id" order by op."name_key")), '')`;

/** Partnerships (ids) in which the partner takes part besides as the main partner, as SQL for `IN (...)`. */
export const partnershipsWithOtherPartner = (partnerId: number) =>
  sql`SELECT partnership_id FROM partnership_partners WHERE partner_id = ${partnerId}`;

export type AddPartnerResult = { ok: true } | { ok: false; reason: 'duplicate' | 'notFound' };

/**
 * Adds a partner with a role. A partner takes part once: the main partner or one already added is
 * refused as 'duplicate' and nothing is written.
 */
export function addPartner(db: Db, actor: AuditActor, partnershipId: number, partnerId: number, role: PartnerRole): AddPartnerResult {
  return inTransaction(db, () => {
    const p = db.select({ partnerId: partnerships.partnerId }).from(partnerships).where(eq(partnerships.id, partnershipId)).get();
    const partner = db.select({ name: partners.name }).from(partners).where(eq(partners.id, partnerId)).get();
    if (!p || !partner) return { ok: false as const, reason: 'notFound' as const };
    const already = db
      .select({ id: partnershipPartners.partnerId })
      .from(partnershipPartners)
      .where(and(eq(partnershipPartners.partnershipId, partnershipId), eq(partnershipPartners.partnerId, partnerId)))
      .get();
    if (p.partnerId === partnerId || already) return { ok: false as const, reason: 'duplicate' as const };
    db.insert(partnershipPartners).values({ partnershipId, partnerId, role }).run();
    recordAudit(db, actor, 'update', 'partnership', partnershipId, { otherPartner: [null, `${partner.name} (${role})`] });
    touch(db, actor, partnershipId);
    return { ok: true as const };
  });
}

/** Removes a partner from the other partners; false when it was not one of them. */
export function removePartner(db: Db, actor: AuditActor, partnershipId: number, partnerId: number): boolean {
  return inTransaction(db, () => {
    const row = db
      .select({ role: partnershipPartners.role, name: partners.name })
      .from(partnershipPartners)
      .innerJoin(partners, eq(partners.id, partnershipPartners.partnerId))
      .where(and(eq(partnershipPartners.partnershipId, partnershipId), eq(partnershipPartners.partnerId, partnerId)))
      .get();
    if (!row) return false;
    db.delete(partnershipPartners)
      .where(and(eq(partnershipPartners.partnershipId, partnershipId), eq(partnershipPartners.partnerId, partnerId)))
      .run();
    recordAudit(db, actor, 'update', 'partnership', partnershipId, { otherPartner: [`${row.name} (${row.role})`, null] });
    touch(db, actor, partnershipId);
    return true;
  });
}

function touch(db: Db, actor: AuditActor, partnershipId: number) {
  db.update(partnerships).set({ updatedAt: actor.now.toISOString() }).where(eq(partnerships.id, partnershipId)).run();
}

export type ProjectDetails = typeof projectDetails.$inferSelect;

export function projectDetailsOf(db: Db, partnershipId: number): ProjectDetails | undefined {
  return db.select().from(projectDetails).where(eq(projectDetails.partnershipId, partnershipId)).get();
}

/** Saves a project's details (created on first save); the audit row holds what changed. */
export function saveProjectDetails(db: Db, actor: AuditActor, partnershipId: number, input: ProjectDetailsInput, currency: string): void {
  inTransaction(db, () => {
    const before = projectDetailsOf(db, partnershipId);
    const values = {
      programme: input.programme,
      call: input.call,
      applicationDeadlineOn: input.applicationDeadlineOn,
      status: input.projectStatus,
      budgetMinor: input.budget,
      coFinancingMinor: input.coFinancing,
    };
    // The audit names the fields as the form does, amounts in major units as typed.
    const said = (v: typeof values) => ({
      programme: v.programme,
      call: v.call,
      applicationDeadlineOn: v.applicationDeadlineOn,
      projectStatus: v.status,
      budget: v.budgetMinor === null ? null : v.budgetMinor / 100,
      coFinancing: v.coFinancingMinor === null ? null : v.coFinancingMinor / 100,
    });
    const changes = before ? diff(said(before), said(values)) : created(said(values));
    if (before && Object.keys(changes).length === 0) return;
    const updatedAt = actor.now.toISOString();
    db.insert(projectDetails)
      .values({ partnershipId, ...values, currency, updatedAt })
      .onConflictDoUpdate({ target: projectDetails.partnershipId, set: { ...values, updatedAt } })
      .run();
    recordAudit(db, actor, 'update', 'partnership', partnershipId, changes);
  });
}

/** A project's reporting dates, the next first. */
export function reportingDatesOf(db: Db, partnershipId: number) {
  return db
    .select()
    .from(projectReportingDates)
    .where(eq(projectReportingDates.partnershipId, partnershipId))
    .orderBy(asc(projectReportingDates.dueOn), asc(projectReportingDates.id))
    .all();
}

export function addReportingDate(db: Db, actor: AuditActor, partnershipId: number, input: ReportingDateInput): number {
  return inTransaction(db, () => {
    const row = db
      .insert(projectReportingDates)
      .values({ partnershipId, dueOn: input.dueOn, label: input.label })
      .returning({ id: projectReportingDates.id })
      .get();
    recordAudit(db, actor, 'update', 'partnership', partnershipId, { reportingDate: [null, `${input.dueOn} ${input.label}`] });
    return row.id;
  });
}

/** Marks a report as sent on `doneOn` (reminders stop); false when it is not this partnership's or already sent. */
export function markReportingDone(db: Db, actor: AuditActor, partnershipId: number, id: number, doneOn: string): boolean {
  return inTransaction(db, () => {
    const done = db
      .update(projectReportingDates)
      .set({ doneOn })
      .where(
        and(eq(projectReportingDates.id, id), eq(projectReportingDates.partnershipId, partnershipId), isNull(projectReportingDates.doneOn)),
      )
      .returning({ label: projectReportingDates.label })
      .get();
    if (!done) return false;
    recordAudit(db, actor, 'update', 'partnership', partnershipId, { reportingDone: [null, `${doneOn} ${done.label}`] });
    return true;
  });
}

export interface ReportingDue {
  id: number;
  partnershipId: number;
  title: string;
  ownerId: number | null;
  dueOn: string;
  label: string;
}

/** Reports not yet sent, of partnerships that have not ended: what the reminder job reads. */
export function openReportingDates(db: Db): ReportingDue[] {
  return db
    .select({
      id: projectReportingDates.id,
      partnershipId: projectReportingDates.partnershipId,
      title: partnerships.title,
      ownerId: partnerships.ownerId,
      dueOn: projectReportingDates.dueOn,
      label: projectReportingDates.label,
    })
    .from(projectReportingDates)
    .innerJoin(partnerships, eq(partnerships.id, projectReportingDates.partnershipId))
    .where(and(isNull(projectReportingDates.doneOn), sql`${partnerships.status} <> 'ended'`))
    .all();
}

/** Costs and funding received in all, per partnership, for a page of rows (one query). */
export function ledgerTotalsOf(db: Db, ids: number[]): Map<number, { costTotal: number; fundingTotal: number }> {
  const out = new Map<number, { costTotal: number; fundingTotal: number }>();
  if (ids.length === 0) return out;
  const rows = db
    .select({
      id: ledgerEntries.partnershipId,
      costTotal: sql<number>`coalesce(sum(case when ${ledgerEntries.direction} = 'cost' then ${ledgerEntries.amountMinor} end), 0)`,
      fundingTotal: sql<number>`coalesce(sum(case when ${ledgerEntries.direction} = 'funding' then ${ledgerEntries.amountMinor} end), 0)`,
    })
    .from(ledgerEntries)
    .where(inArray(ledgerEntries.partnershipId, ids))
    .groupBy(ledgerEntries.partnershipId)
    .all();
  for (const r of rows) out.set(r.id, { costTotal: r.costTotal, fundingTotal: r.fundingTotal });
  return out;
}
