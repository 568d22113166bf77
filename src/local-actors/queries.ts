// Local actors: the records, their contact people, their parts in partnerships and delegations,
// the map of who takes part in which ties, and what a review shows of them.
import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { countRows } from '../db/aggregates.js';
import { liveContact } from '../contacts/live.js';
import { insertAudited, updateAudited } from '../audit/rows.js';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { contacts, delegations, localActorContacts, localActorLinks, localActors, partners, partnerships } from '../db/schema.js';
import { created, recordAudit, type AuditActor } from '../audit/record.js';
import { byLabel, byName, type Labels } from '../db/sort-key.js';
import type { Paging } from '../lib/paging.js';
import type { ActorInput, LinkInput } from './form.js';
import { LOCAL_ACTOR_KINDS } from '../lib/words.js';

export type LocalActor = typeof localActors.$inferSelect;

export const ACTOR_SORTS = ['name', 'kind', 'sector', 'ties'] as const;
export type ActorSort = (typeof ACTOR_SORTS)[number];

const tieCount = sql<number>`(select count(*) from ${localActorLinks} where ${localActorLinks.localActorId} = ${localActors.id})`;

/** A page of local actors with how many ties each takes part in, sorted in SQL. */
export function listActors(db: Db, paging: Paging<ActorSort> & { labels?: Labels }) {
  const dir = paging.dir === 'desc' ? desc : asc;
  const labels = paging.labels;
  const kind = byLabel(localActors.kind, LOCAL_ACTOR_KINDS, labels ? (k) => labels.t(`localActors.kind.${k}`) : null, labels?.intlLocale);
  const order: SQL[] = {
    name: [dir(byName(localActors.name))],
    kind: [dir(kind), asc(byName(localActors.name))],
    sector: [dir(localActors.sector), asc(byName(localActors.name))],
    ties: [dir(tieCount), asc(byName(localActors.name))],
  }[paging.sort];
  return db
    .select({ id: localActors.id, name: localActors.name, kind: localActors.kind, sector: localActors.sector, ties: tieCount })
    .from(localActors)
    .orderBy(...order, asc(localActors.id))
    .limit(paging.perPage)
    .offset(paging.offset)
    .all();
}

export function countActors(db: Db): number {
  return countRows(db, localActors);
}

export function findActor(db: Db, id: number): LocalActor | undefined {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return db.select().from(localActors).where(eq(localActors.id, id)).get();
}

export function createActor(db: Db, actor: AuditActor, input: ActorInput): number {
  return insertAudited(db, actor, localActors, 'local_actor', { ...input, updatedAt: actor.now.toISOString() }, input);
}

export function updateActor(db: Db, actor: AuditActor, id: number, input: ActorInput): void {
  updateAudited(db, actor, localActors, 'local_actor', id, input, { updatedAt: actor.now.toISOString() });
}

/** The contact people of a local actor: a linked contact's name and email, or the ones typed. */
export function contactsOf(db: Db, actorId: number) {
  return db
    .select({
      id: localActorContacts.id,
      contactId: localActorContacts.contactId,
      name: sql<string>`coalesce(${contacts.name}, ${localActorContacts.name})`,
      email: sql<string>`coalesce(${contacts.email}, ${localActorContacts.email})`,
    })
    .from(localActorContacts)
    .leftJoin(contacts, eq(contacts.id, localActorContacts.contactId))
    .where(eq(localActorContacts.localActorId, actorId))
    .orderBy(asc(localActorContacts.id))
    .all();
}

export function addContact(
  db: Db,
  actor: AuditActor,
  actorId: number,
  input: { contactId: number | null; name: string; email: string },
): number {
  return inTransaction(db, () => {
    const values = input.contactId
      ? { localActorId: actorId, contactId: input.contactId }
      : { localActorId: actorId, name: input.name, email: input.email };
    const row = db.insert(localActorContacts).values(values).returning({ id: localActorContacts.id }).get();
    recordAudit(db, actor, 'add_contact', 'local_actor', actorId, created(values));
    return row.id;
  });
}

export function removeContact(db: Db, actor: AuditActor, actorId: number, id: number): boolean {
  return inTransaction(db, () => {
    const gone = db
      .delete(localActorContacts)
      .where(and(eq(localActorContacts.id, id), eq(localActorContacts.localActorId, actorId)))
      .returning()
      .get();
    if (gone) recordAudit(db, actor, 'remove_contact', 'local_actor', actorId, { contact: [gone.contactId ?? gone.name, null] });
    return Boolean(gone);
  });
}

/** The live contact with this email, if any: a contact person typed by email links to it. */
export function contactByEmail(db: Db, email: string): number | null {
  if (email === '') return null;
  return (
    db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.email, email), liveContact))
      .get()?.id ?? null
  );
}

/** Whether a referenced contact, partnership or delegation exists (a stale form is a 422, not a 500). */
export function exists(db: Db, what: 'partnership' | 'delegation', id: number): boolean {
  const table = { partnership: partnerships, delegation: delegations }[what];
  return Boolean(db.select({ id: table.id }).from(table).where(eq(table.id, id)).get());
}

export function addLink(db: Db, actor: AuditActor, actorId: number, input: LinkInput): number {
  return inTransaction(db, () => {
    const values = { localActorId: actorId, ...input };
    const row = db.insert(localActorLinks).values(values).returning({ id: localActorLinks.id }).get();
    recordAudit(db, actor, 'link', 'local_actor', actorId, created(values));
    return row.id;
  });
}

export function removeLink(db: Db, actor: AuditActor, actorId: number, id: number): boolean {
  return inTransaction(db, () => {
    const gone = db
      .delete(localActorLinks)
      .where(and(eq(localActorLinks.id, id), eq(localActorLinks.localActorId, actorId)))
      .returning()
      .get();
    if (gone)
      recordAudit(db, actor, 'unlink', 'local_actor', actorId, {
        partnershipId: [gone.partnershipId, null],
        delegationId: [gone.delegationId, null],
      });
    return Boolean(gone);
  });
}

export const TIE_SORTS = ['actor', 'kind', 'tie', 'role'] as const;
export type TieSort = (typeof TIE_SORTS)[number];

const tieTitle = sql<string>`coalesce(${partnerships.title}, ${delegations.title})`;

/** One query for both the page of ties and one actor's ties: the link with its actor and its tie. */
function tiesSelect(db: Db) {
  return db
    .select({
      id: localActorLinks.id,
      actorId: localActors.id,
      actorName: localActors.name,
      kind: localActors.kind,
      sector: localActors.sector,
      role: localActorLinks.role,
      note: localActorLinks.note,
      partnershipId: localActorLinks.partnershipId,
      delegationId: localActorLinks.delegationId,
      tieTitle,
      partnerName: partners.name,
      status: partnerships.status,
      startsOn: delegations.startsOn,
    })
    .from(localActorLinks)
    .innerJoin(localActors, eq(localActors.id, localActorLinks.localActorId))
    .leftJoin(partnerships, eq(partnerships.id, localActorLinks.partnershipId))
    .leftJoin(partners, eq(partners.id, partnerships.partnerId))
    .leftJoin(delegations, eq(delegations.id, localActorLinks.delegationId));
}

/** Which local actors take part in which ties: a page of the whole map, sorted in SQL. */
export function tiesMap(db: Db, paging: Paging<TieSort>) {
  const dir = paging.dir === 'desc' ? desc : asc;
  const order: SQL[] = {
    actor: [dir(byName(localActors.name)), asc(tieTitle)],
    kind: [dir(localActors.kind), asc(byName(localActors.name))],
    tie: [dir(tieTitle), asc(byName(localActors.name))],
    role: [dir(localActorLinks.role), asc(byName(localActors.name))],
  }[paging.sort];
  return tiesSelect(db)
    .orderBy(...order, asc(localActorLinks.id))
    .limit(paging.perPage)
    .offset(paging.offset)
    .all();
}

export function countTies(db: Db): number {
  return countRows(db, localActorLinks);
}

export function tiesOf(db: Db, actorId: number) {
  return tiesSelect(db).where(eq(localActorLinks.localActorId, actorId)).orderBy(asc(tieTitle), asc(localActorLinks.id)).all();
}

/** The local actors taking part in one partnership or delegation, with their role, for its page. */
export function actorsOfTie(db: Db, tie: 'partnership' | 'delegation', id: number) {
  const column = tie === 'partnership' ? localActorLinks.partnershipId : localActorLinks.delegationId;
  return tiesSelect(db)
    .where(eq(column, id))
    .orderBy(asc(byName(localActors.name)), asc(localActorLinks.id))
    .limit(100)
    .all();
}

/**
 * Evidence for the principle of collaboration (Odense's Samarbejde) on a review: the local actors
 * taking part in the partnership itself or in its delegations during the review's period.
 */
export function localActorEvidence(db: Db, partnershipId: number, fromOn: string, toOn: string) {
  return tiesSelect(db)
    .where(
      // Both branches read through an index (links by partnership, links by delegation): an OR
      // on the joined delegation's columns would read every link.
      or(
        eq(localActorLinks.partnershipId, partnershipId),
        inArray(
          localActorLinks.delegationId,
          db
            .select({ id: delegations.id })
            .from(delegations)
            .where(
              and(
                eq(delegations.partnershipId, partnershipId),
                sql`${delegations.startsOn} <= ${toOn}`,
                sql`${delegations.endsOn} >= ${fromOn}`,
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(localActors.name), asc(localActorLinks.id))
    .limit(100)
    .all();
}

/** Partnerships that are not ended and recent delegations, for the link form's pickers. */
export function tieChoices(db: Db) {
  return {
    partnerships: db
      .select({ id: partnerships.id, title: partnerships.title, partnerName: partners.name })
      .from(partnerships)
      .innerJoin(partners, eq(partners.id, partnerships.partnerId))
      .where(sql`${partnerships.status} <> 'ended'`)
      .orderBy(partnerships.titleKey)
      .limit(500)
      .all(),
    delegations: db
      .select({ id: delegations.id, title: delegations.title, startsOn: delegations.startsOn })
      .from(delegations)
      .where(sql`${delegations.status} not in ('declined', 'cancelled')`)
      .orderBy(desc(delegations.startsOn))
      .limit(200)
      .all(),
  };
}
