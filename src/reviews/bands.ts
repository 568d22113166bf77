// The investment bands per year: the organisation's own or its currency's defaults.
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { investmentBands } from '../db/schema.js';
import { created, diff, recordAudit, type AuditActor } from '../audit/record.js';
import { defaultBands, type InvestmentBands } from './domain.js';

/** The bands for a year: the organisation's own, or the defaults of its currency. */
export function bandsFor(db: Db, year: number, currency: string): InvestmentBands & { custom: boolean } {
  const row = db.select().from(investmentBands).where(eq(investmentBands.year, year)).get();
  return row ? { ...row, custom: true } : { ...defaultBands(currency), custom: false };
}

export function allBands(db: Db) {
  return db.select().from(investmentBands).orderBy(desc(investmentBands.year)).all();
}

export function saveBands(db: Db, actor: AuditActor, year: number, currency: string, bands: InvestmentBands): void {
  inTransaction(db, () => {
    const before = db.select().from(investmentBands).where(eq(investmentBands.year, year)).get();
    const values = { year, currency, ...bands };
    db.insert(investmentBands)
      .values(values)
      .onConflictDoUpdate({ target: investmentBands.year, set: { currency, ...bands } })
      .run();
    recordAudit(db, actor, before ? 'update' : 'create', 'investment_bands', year, before ? diff(before, values) : created(values));
  });
}
