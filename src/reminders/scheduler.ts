// The in-process scheduler for reminders. Filled in by the reminders feature.
import type { FastifyInstance } from 'fastify';

export function startScheduler(_app: FastifyInstance): { stop(): void } {
  return { stop() {} };
}
