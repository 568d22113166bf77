// Demo data: costs, funding and reviews. Not built yet.
import type { DemoContext } from './index.js';

export function fillLedgerReviews(_ctx: DemoContext): void {}
