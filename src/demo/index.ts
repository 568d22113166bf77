// The deterministic demo-data generator: the same seed gives the same portfolio.
// Each feature adds its own part; they run in order on one database.
import type { Db } from '../db/client.js';
import type { Framework } from '../setup/presets.js';

export interface DemoOptions {
  framework: Framework;
  size: 'small' | 'large';
  seed: number;
  now: Date;
}

export function generateDemo(_db: Db, _options: DemoOptions): void {
  // Filled in by the partner registry, contact log and review features.
}
