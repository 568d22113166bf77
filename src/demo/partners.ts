// Demo data: partners, partnerships, users and goals (creates the organisation when missing). Not built yet.
import type { DemoContext } from './index.js';

export function fillPartners(_ctx: DemoContext): void {}
