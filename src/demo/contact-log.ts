// Demo data: contacts, log entries and follow-ups. Not built yet.
import type { DemoContext } from './index.js';

export function fillContactLog(_ctx: DemoContext): void {}
