// The gift register: gifts given to and received from delegations. Each gift belongs to one
// delegation; the register lists a year's gifts across delegations for whoever keeps the register.
import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import { nameOfUser } from '../users/name.js';
import { insertAudited } from '../audit/rows.js';
import type { Db } from '../db/client.js';
import { delegationGifts, delegations, partners } from '../db/schema.js';
import type { AuditActor } from '../audit/record.js';
import type { GiftInput } from './form.js';

export function addGift(db: Db, actor: AuditActor, delegationId: number, input: GiftInput, currency: string): number {
  return insertAudited(db, actor, delegationGifts, 'delegation_gift', {
    delegationId,
    direction: input.direction,
    description: input.description,
    counterpart: input.counterpart,
    givenOn: input.givenOn,
    valueMinor: input.value,
    currency,
    handling: input.handling,
    createdById: actor.userId,
    createdAt: actor.now.toISOString(),
  });
}

/** A delegation's gifts, in the order they were given. */
export function giftsOf(db: Db, delegationId: number) {
  return db
    .select()
    .from(delegationGifts)
    .where(eq(delegationGifts.delegationId, delegationId))
    .orderBy(asc(delegationGifts.givenOn), asc(delegationGifts.id))
    .all();
}

/** The register for a year: every gift with its delegation and partner, newest first, and the totals per direction. */
export function giftRegister(db: Db, year: number) {
  const inYear = and(gte(delegationGifts.givenOn, `${year}-01-01`), lte(delegationGifts.givenOn, `${year}-12-31`));
  const rows = db
    .select({
      id: delegationGifts.id,
      direction: delegationGifts.direction,
      description: delegationGifts.description,
      counterpart: delegationGifts.counterpart,
      givenOn: delegationGifts.givenOn,
      valueMinor: delegationGifts.valueMinor,
      currency: delegationGifts.currency,
      handling: delegationGifts.handling,
      delegationId: delegations.id,
      delegationTitle: delegations.title,
      partnerName: partners.name,
      recordedBy: nameOfUser(delegationGifts.createdById),
    })
    .from(delegationGifts)
    .innerJoin(delegations, eq(delegations.id, delegationGifts.delegationId))
    .leftJoin(partners, eq(partners.id, delegations.partnerId))
    .where(inYear)
    .orderBy(desc(delegationGifts.givenOn), desc(delegationGifts.id))
    .all();
  const totals = db
    .select({
      direction: delegationGifts.direction,
      currency: delegationGifts.currency,
      count: sql<number>`count(*)`,
      valueMinor: sql<number>`coalesce(sum(${delegationGifts.valueMinor}), 0)`,
    })
    .from(delegationGifts)
    .where(inYear)
    .groupBy(delegationGifts.direction, delegationGifts.currency)
    .all();
  return { rows, totals };
}

/** The years that have gifts, newest first, for the register's year choice. */
export function giftYears(db: Db): number[] {
  return db
    .selectDistinct({ year: sql<string>`substr(${delegationGifts.givenOn}, 1, 4)` })
    .from(delegationGifts)
    .orderBy(desc(sql`1`))
    .all()
    .map((r) => Number(r.year));
}
