// Every list that can be exported, by the name used in /exports/<name>.<format>. Each source
// lives in its feature (src/<feature>/export.ts) and reuses that list's own filters and sort.
import type { ExportSource } from './types.js';

export const EXPORT_SOURCES: Record<string, ExportSource> = {};

/** Register a source (features call this from their export.ts; tests may add their own). */
export function registerExportSource(name: string, source: ExportSource): void {
  EXPORT_SOURCES[name] = source;
}
