// The in-process scheduler: runs the reminder job on config.reminderCron. A run that is still
// going when the next one is due is skipped (protect), and the job itself is safe to run from
// several processes at once, so an extra system cron with `send-reminders` does no harm.
import { Cron } from 'croner';
import type { FastifyInstance } from 'fastify';
import { runReminders } from './job.js';

export function startScheduler(app: FastifyInstance): { stop(): void } {
  const job = new Cron(app.config.reminderCron, { protect: true, catch: (err) => app.log.error({ err }, 'reminder job failed') }, async () => {
    const result = await runReminders(app.db, { now: app.now(), config: app.config });
    if (result.decided.email || result.decided.inApp || result.delivery?.sent || result.delivery?.failed || result.delivery?.retrying) {
      app.log.info({ reminders: result }, 'reminders run');
    }
  });
  return { stop: () => job.stop() };
}
