import { describe, expect, it } from 'vitest';
import { buildTestApp, createUser } from '../helpers/app.js';
import { startScheduler } from '../../src/reminders/scheduler.js';
import { notifications } from '../../src/db/schema.js';
import { partnershipDue } from './factories.js';

describe('the in-server scheduler', () => {
  it("runs the same job on the app's clock and stops cleanly", async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    const owner = await createUser(t.db, 'coordinator');
    partnershipDue(t.db, owner.id, '2026-11-24');
    const scheduler = startScheduler(t.app);
    try {
      await scheduler.runNow();
      await scheduler.runNow();
      expect(t.db.select().from(notifications).all()).toHaveLength(1);
    } finally {
      scheduler.stop();
    }
  });

  it('refuses a wrong REMINDER_CRON with a clear message', async () => {
    const t = await buildTestApp({ config: { reminderCron: 'every five minutes' } });
    expect(() => startScheduler(t.app)).toThrow(/REMINDER_CRON "every five minutes" is not a valid cron pattern/);
  });
});
