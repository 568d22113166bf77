// Operator commands of the reminders feature: the same job the server's scheduler runs, for
// installs that prefer system cron.
import type { CliCommand } from '../cli.js';
import { runReminders } from './job.js';

export const commands: Record<string, CliCommand> = {
  'send-reminders': {
    description: 'Decide the reminders that are due and send pending emails (safe to run at any time, any number of times).',
    async run({ db, config, now }) {
      const result = await runReminders(db, { now, config });
      console.log(`Reminders decided: ${result.decided.email} email, ${result.decided.inApp} in-app.`);
      if (result.delivery) {
        console.log(
          `Emails sent: ${result.delivery.sent}, to retry later: ${result.delivery.retrying}, given up: ${result.delivery.failed}.`,
        );
      } else {
        console.log('SMTP not configured (SMTP_HOST unset): emails stay pending in the outbox.');
      }
    },
  },
};
