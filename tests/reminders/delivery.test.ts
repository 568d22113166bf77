import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { buildTestApp, Clock, createUser, defaultSetup, testConfig, testPasswordHash } from '../helpers/app.js';
import { openDatabase } from '../../src/db/client.js';
import { applySetup } from '../../src/setup/queries.js';
import { runReminders } from '../../src/reminders/job.js';
import { outbox } from '../../src/db/schema.js';
import { todayIn } from '../../src/lib/dates.js';
import { startSmtp, type TestSmtp } from './smtp.js';
import { followUp, partnershipDue } from './factories.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function smtpServer(options: Parameters<typeof startSmtp>[0] = {}): Promise<TestSmtp> {
  const s = await startSmtp(options);
  cleanups.push(() => s.close());
  return s;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'reminders-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('delivery', () => {
  it('retries a refused email after 5 min, 30 min, 2 h and 12 h, then gives up and shows the error', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' }, clock: new Clock(new Date('2026-11-24T10:00:00Z')) });
    const smtp = await smtpServer({ reject: true });
    const config = testConfig({ smtp: smtp.config });
    const owner = await createUser(t.db, 'coordinator', { email: 'bounce@example.org' });
    partnershipDue(t.db, owner.id, '2026-11-24');
    const row = () => t.db.select().from(outbox).where(eq(outbox.channel, 'email')).get()!;
    const run = () => runReminders(t.db, { now: t.clock.now(), config });

    expect((await run()).delivery).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(row()).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: '2026-11-24T10:05:00.000Z' });
    expect(row().lastError).toMatch(/550 Mailbox unavailable/);

    t.clock.set('2026-11-24T10:04:00Z'); // not yet
    await run();
    expect(row().attempts).toBe(1);

    const waits = [
      ['2026-11-24T10:05:00Z', '2026-11-24T10:35:00.000Z'],
      ['2026-11-24T10:35:00Z', '2026-11-24T12:35:00.000Z'],
      ['2026-11-24T12:35:00Z', '2026-11-25T00:35:00.000Z'],
    ];
    for (const [at, next] of waits) {
      t.clock.set(at!);
      await run();
      expect(row()).toMatchObject({ status: 'pending', nextAttemptAt: next });
    }
    expect(row().attempts).toBe(4);

    t.clock.set('2026-11-25T00:35:00Z');
    expect((await run()).delivery).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(row()).toMatchObject({ status: 'failed', attempts: 5, nextAttemptAt: null });
    expect(smtp.refused).toHaveLength(5);

    // A month later the given-up email is not tried again (the newer weekly reminders are new rows).
    const failedId = row().id;
    t.clock.set('2026-12-25T00:00:00Z');
    await run();
    expect(t.db.select().from(outbox).where(eq(outbox.id, failedId)).get()).toMatchObject({ status: 'failed', attempts: 5 });
  });

  it('reports a connection error and retries it', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    const smtp = await smtpServer();
    await smtp.close(); // nothing listens on that port now
    const owner = await createUser(t.db, 'coordinator');
    partnershipDue(t.db, owner.id, '2026-11-24');
    const result = await runReminders(t.db, { now: t.clock.now(), config: testConfig({ smtp: smtp.config }) });
    expect(result.delivery).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(t.db.select().from(outbox).where(eq(outbox.channel, 'email')).get()!.lastError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
  });

  it('sends each reminder once when two connections to one database run the job at the same time', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.sqlite');
    const db1 = openDatabase(file);
    const db2 = openDatabase(file);
    cleanups.push(() => {
      db1.$client.close();
      db2.$client.close();
    });
    const now = new Date('2026-11-24T10:00:00Z');
    applySetup(db1, { ...defaultSetup, framework: 'blank' }, await testPasswordHash(), now);
    const owner = await createUser(db1, 'coordinator');
    for (let i = 0; i < 6; i++) partnershipDue(db1, owner.id, '2026-11-24');
    for (let i = 0; i < 4; i++) followUp(db1, owner.id, '2026-11-24');
    const smtp = await smtpServer();
    const config = testConfig({ smtp: smtp.config });

    const results = await Promise.all([
      runReminders(db1, { now, config }),
      runReminders(db2, { now, config }),
      runReminders(db1, { now, config }),
    ]);
    expect(results.reduce((n, r) => n + r.decided.email, 0)).toBe(10);
    expect(results.reduce((n, r) => n + (r.delivery?.sent ?? 0), 0)).toBe(10);
    expect(smtp.received).toHaveLength(10);
    expect(new Set(smtp.received.map((m) => m.subject)).size).toBe(10);
  });

  it('sends each reminder once when two processes run send-reminders at once', async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'app.sqlite'));
    cleanups.push(() => {
      db.$client.close();
    });
    // The command runs at the real time: make the reviews due today there.
    const now = new Date();
    applySetup(db, { ...defaultSetup, framework: 'blank' }, await testPasswordHash(), now);
    const owner = await createUser(db, 'coordinator');
    const today = todayIn('Europe/Copenhagen', now);
    for (let i = 0; i < 5; i++) partnershipDue(db, owner.id, today);
    const smtp = await smtpServer();

    const runCli = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'send-reminders'], {
          cwd: root,
          env: {
            ...process.env,
            BASE_URL: 'http://localhost:3000',
            DATA_DIR: dir,
            SMTP_HOST: '127.0.0.1',
            SMTP_PORT: String(smtp.config.port),
            SMTP_TLS: 'none',
            SMTP_FROM: 'r@example.org',
            LOG_LEVEL: 'silent',
          },
        });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('close', (code) => resolve({ code, out }));
      });
    const [a, b] = await Promise.all([runCli(), runCli()]);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
    expect(smtp.received).toHaveLength(5);
    expect(new Set(smtp.received.map((m) => m.subject)).size).toBe(5);
    expect(
      db
        .select()
        .from(outbox)
        .where(eq(outbox.status, 'sent'))
        .all()
        .filter((r) => r.channel === 'email'),
    ).toHaveLength(5);
  }, 60_000);
});
