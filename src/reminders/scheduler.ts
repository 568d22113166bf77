// The in-process scheduler: runs the reminder job on config.reminderCron. A run that is still
// going when the next one is due is skipped (protect), and the job itself is safe to run from
// several processes at once, so an extra system cron with `send-reminders` does no harm.
import { Cron } from 'croner';
import type { FastifyInstance } from 'fastify';
import { runReminders } from './job.js';

export interface Scheduler {
  stop(): void;
  /** Run the job now, as the schedule would (used at start-up checks and in tests). */
  runNow(): Promise<void>;
}

export function startScheduler(app: FastifyInstance): Scheduler {
  const run = async () => {
    try {
      const result = await runReminders(app.db, { now: app.now(), config: app.config });
      const d = result.delivery;
      if (result.decided.email || result.decided.inApp || d?.sent || d?.failed || d?.retrying)
        app.log.info({ reminders: result }, 'reminders run');
    } catch (err) {
      // A failed run is logged and the next one tries again; the server stays up.
      app.log.error({ err }, 'reminder job failed');
    }
  };
  let job: Cron;
  try {
    job = new Cron(app.config.reminderCron, { protect: true, name: 'reminders' }, run);
  } catch (err) {
    throw new Error(`REMINDER_CRON "${app.config.reminderCron}" is not a valid cron pattern: ${(err as Error).message}`);
  }
  return { stop: () => job.stop(), runNow: run };
}
