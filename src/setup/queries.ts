// First-run setup: writes the organisation, its goals and principles, the preset's partners
// and the first administrator, all in one transaction.
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { goals, organisation, partners, partnerships, users } from '../db/schema.js';
import { recordAudit } from '../audit/record.js';
import { recordInitialStatus } from '../partnerships/queries.js';
import { todayIn } from '../lib/dates.js';
import { PRESETS, agreementTypeFor, type Framework } from './presets.js';
import { loadPresetPlan } from './preset-plans.js';
import type { SetupInput } from './form.js';

export function isSetUp(db: Db): boolean {
  return !!db.select({ id: organisation.id }).from(organisation).get();
}

/** Load a framework's goals, its own principles (or result dimensions) and the bodies it names. Used by setup and by the demo generator. */
export function loadPreset(db: Db, framework: Framework, ownerId: number | null, now: Date, timeZone: string): void {
  const preset = PRESETS[framework];
  const nowIso = now.toISOString();
  const today = todayIn(timeZone, now);
  preset.goals.forEach((name, i) =>
    db
      .insert(goals)
      .values({ kind: 'goal', name, position: i + 1 })
      .run(),
  );
  preset.principles.forEach((name, i) =>
    db
      .insert(goals)
      .values({ kind: 'principle', name, position: i + 1 })
      .run(),
  );
  for (const p of preset.partners) {
    const partner = db
      .insert(partners)
      .values({
        kind: p.kind,
        name: p.name,
        country: p.country,
        cityRegion: p.cityRegion ?? '',
        website: p.website ?? '',
        updatedAt: nowIso,
      })
      .returning({ id: partners.id })
      .get();
    const ps = db
      .insert(partnerships)
      .values({
        partnerId: partner.id,
        title: p.name,
        agreementType: agreementTypeFor(p.kind),
        status: 'active',
        ownerId,
        activeSinceOn: today,
        updatedAt: nowIso,
      })
      .returning({ id: partnerships.id })
      .get();
    recordInitialStatus(db, { userId: ownerId, now }, ps.id, 'active', today);
  }
  loadPresetPlan(db, framework, today, nowIso, preset.currency);
}

/** Returns the new administrator's id. Refuses (returns null) when setup already ran. */
export function applySetup(db: Db, input: SetupInput, passwordHash: string, now: Date): number | null {
  return inTransaction(db, () => {
    if (isSetUp(db)) return null;
    const preset = PRESETS[input.framework];
    // The council period comes from the framework where its document says (Odense: revised once per
    // council period, next at the end of 2025), so the council-period review is scheduled from day one.
    const councilPeriodEndOn = preset.councilPeriodEndOn ?? null;
    db.insert(organisation)
      .values({
        id: 1,
        name: input.name,
        homeCity: input.homeCity,
        country: input.country,
        timeZone: input.timeZone,
        currency: input.currency,
        locale: input.locale,
        framework: input.framework,
        councilPeriodEndOn,
      })
      .run();
    const admin = db
      .insert(users)
      .values({
        email: input.adminEmail,
        name: input.adminName,
        role: 'admin',
        passwordHash,
      })
      .returning({ id: users.id })
      .get();
    loadPreset(db, input.framework, admin.id, now, input.timeZone);
    recordAudit(db, { userId: admin.id, now }, 'create', 'organisation', 1, {
      name: [null, input.name],
      framework: [null, input.framework],
      ...(preset.inForceFrom ? { frameworkInForceFrom: [null, preset.inForceFrom] } : {}),
      ...(councilPeriodEndOn ? { councilPeriodEndOn: [null, councilPeriodEndOn] } : {}),
    });
    recordAudit(db, { userId: admin.id, now }, 'create', 'user', admin.id, { email: [null, input.adminEmail], role: [null, 'admin'] });
    return admin.id;
  });
}
