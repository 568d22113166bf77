// The deterministic demo-data generator: the same seed gives the same portfolio.
// Each feature fills its own tables, in order, on one database.
import type { Db } from '../db/client.js';
import type { Framework } from '../setup/presets.js';
import { Random } from './random.js';
import { fillPartners } from './partners.js';
import { fillContactLog } from './contact-log.js';
import { fillLedgerReviews } from './ledger-reviews.js';
import { fillDelegations } from './delegations.js';
import { fillNetworks } from './networks.js';
import { fillDocuments } from './documents.js';
import { fillProjects } from './projects.js';
import { fillEntry } from './entry.js';
import { fillPlans } from './plans.js';

export interface DemoOptions {
  framework: Framework;
  size: 'small' | 'large';
  seed: number;
  now: Date;
  /** Where demo documents are stored (DATA_DIR/documents); none are made without it. */
  documentsDir?: string | undefined;
}

export interface DemoContext extends DemoOptions {
  db: Db;
  random: Random;
}

export function generateDemo(db: Db, options: DemoOptions): void {
  const ctx: DemoContext = { ...options, db, random: new Random(options.seed) };
  fillPartners(ctx);
  fillContactLog(ctx);
  fillLedgerReviews(ctx);
  fillProjects(ctx);
  fillDelegations(ctx);
  fillNetworks(ctx);
  fillDocuments(ctx);
  fillEntry(ctx);
  fillPlans(ctx);
}
