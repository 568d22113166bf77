// Versions of the organisation's framework: a revision (Odense revises once per council period) starts
// a new version from a date. Each version keeps a snapshot of the goals, principles, investment bands
// and review cadences as they stood under it; reviews are stamped with the version in force on the day
// they were made (a trigger, migration 0019), so an old review keeps the goals it was scored against.
import { asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { frameworkVersions, goals, investmentBands, organisation, partnerships, reviews } from '../db/schema.js';
import { loadOrganisation } from '../settings/queries.js';
import { untilWrite } from '../db/memo.js';
import { recordAudit, type AuditActor } from '../audit/record.js';

export interface FrameworkSnapshot {
  goals: { id: number; name: string; description: string }[];
  principles: { id: number; name: string; description: string }[];
  bands: { year: number; currency: string; levelsFromMinor: [number, number, number, number] }[];
  cadences: { reviewReminderDays: string; councilPeriodEndOn: string | null; months: { months: number; partnerships: number }[] };
}

/** The framework as it stands now: a few small reads. */
export function currentFramework(db: Db): FrameworkSnapshot {
  // The cadences count every partnership (2.5 ms at a region's size) for each review page: kept until the next write.
  return untilWrite(db, 'currentFramework', () => readFramework(db));
}

function readFramework(db: Db): FrameworkSnapshot {
  const all = db.select().from(goals).orderBy(asc(goals.kind), asc(goals.position), asc(goals.id)).all();
  const pick = (kind: 'goal' | 'principle') =>
    all.filter((g) => g.kind === kind).map((g) => ({ id: g.id, name: g.name, description: g.description }));
  const org = loadOrganisation(db);
  return {
    goals: pick('goal'),
    principles: pick('principle'),
    bands: db
      .select()
      .from(investmentBands)
      .orderBy(asc(investmentBands.year))
      .all()
      .map((b) => ({
        year: b.year,
        currency: b.currency,
        levelsFromMinor: [b.level1FromMinor, b.level2FromMinor, b.level3FromMinor, b.level4FromMinor],
      })),
    cadences: {
      reviewReminderDays: org?.reviewReminderDays ?? '',
      councilPeriodEndOn: org?.councilPeriodEndOn ?? null,
      months: db
        .select({ months: partnerships.reviewCadenceMonths, partnerships: count() })
        .from(partnerships)
        .groupBy(partnerships.reviewCadenceMonths)
        .orderBy(asc(partnerships.reviewCadenceMonths))
        .all(),
    },
  };
}

export interface FrameworkVersion {
  id: number;
  number: number;
  startsOn: string;
  note: string;
  createdAt: string;
  current: boolean;
  snapshot: FrameworkSnapshot;
}

/** Every version, oldest first, numbered from 1; the last one is in force. */
export function frameworkVersionList(db: Db): FrameworkVersion[] {
  const rows = db.select().from(frameworkVersions).orderBy(asc(frameworkVersions.startsOn), asc(frameworkVersions.id)).all();
  return rows.map((v, i) => ({
    id: v.id,
    number: i + 1,
    startsOn: v.startsOn,
    note: v.note,
    createdAt: v.createdAt,
    current: i === rows.length - 1,
    snapshot: JSON.parse(v.snapshot) as FrameworkSnapshot,
  }));
}

export type ReviseOutcome = { ok: true; id: number } | { ok: false; field: 'startsOn'; error: string; after: string };

/**
 * Starts a new version on `startsOn`. The framework as it stands is kept as the version so far (the
 * first revision creates that version, from the organisation's start, and stamps the reviews made
 * before with it); the new version starts from the same contents, to be edited on the goals page.
 */
export function reviseFramework(db: Db, actor: AuditActor, input: { startsOn: string; note: string }): ReviseOutcome {
  return inTransaction(db, () => {
    const now = currentFramework(db);
    const snapshot = JSON.stringify(now);
    const latest = db.select().from(frameworkVersions).orderBy(desc(frameworkVersions.startsOn), desc(frameworkVersions.id)).get();
    if (latest) {
      if (input.startsOn <= latest.startsOn)
        return { ok: false, field: 'startsOn', error: 'frameworks.error.notAfter', after: latest.startsOn };
      db.update(frameworkVersions).set({ snapshot }).where(eq(frameworkVersions.id, latest.id)).run();
    } else {
      const org = db.select({ createdAt: organisation.createdAt }).from(organisation).get();
      const firstReview =
        db
          .select({ at: sql<string | null>`min(${reviews.createdAt})` })
          .from(reviews)
          .get()?.at ?? null;
      const origin =
        [org?.createdAt, firstReview]
          .filter((d): d is string => !!d)
          .sort()[0]
          ?.slice(0, 10) ?? input.startsOn;
      const startsOn = origin < input.startsOn ? origin : '2000-01-01';
      const first = db.insert(frameworkVersions).values({ startsOn, snapshot, note: '' }).returning({ id: frameworkVersions.id }).get();
      db.update(reviews).set({ frameworkVersionId: first.id }).where(isNull(reviews.frameworkVersionId)).run();
    }
    const row = db
      .insert(frameworkVersions)
      .values({ startsOn: input.startsOn, note: input.note, snapshot, createdById: actor.userId })
      .returning({ id: frameworkVersions.id })
      .get();
    recordAudit(db, actor, 'create', 'framework_version', row.id, { startsOn: [null, input.startsOn], note: [null, input.note] });
    return { ok: true, id: row.id };
  });
}

/**
 * The goals and principles a review was scored against: those of the version it was made under, or the
 * framework as it stands when that version is the one in force (or there has been no revision yet).
 */
export function reviewFramework(db: Db, reviewId: number): { version: FrameworkVersion | null; framework: FrameworkSnapshot } {
  const review = db.select({ versionId: reviews.frameworkVersionId }).from(reviews).where(eq(reviews.id, reviewId)).get();
  const versions = frameworkVersionList(db);
  const version = versions.find((v) => v.id === review?.versionId) ?? null;
  return { version, framework: version && !version.current ? version.snapshot : currentFramework(db) };
}
