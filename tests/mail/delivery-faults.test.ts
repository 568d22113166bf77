// Delivery against a real SMTP server (smtp-server on 127.0.0.1) that stalls, drops and refuses:
// every outbox row arrives exactly once, except in the one documented case where the connection
// fails after the whole message went out (the server may have it): that row is retried once, much
// later, with the same Message-ID, and then given up.
import { afterEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo, Socket } from 'node:net';
import { openDatabase, type Db } from '../../src/db/client.js';
import { outbox } from '../../src/db/schema.js';
import { createMailer } from '../../src/mail/mailer.js';
import { deliverOutbox, UNKNOWN_OUTCOME } from '../../src/mail/delivery.js';
import type { SmtpConfig } from '../../src/config.js';

type Fault = 'stall-greeting' | 'drop-at-rcpt' | 'refuse-451' | 'reject-after-data' | 'stall-after-data' | 'drop-after-data';

interface FaultySmtp {
  config: SmtpConfig;
  /** Message-IDs of the messages the server accepted (kept: it would deliver them). */
  accepted: string[];
  maxConnections: number;
  close(): Promise<void>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Each new connection takes the next fault from the list; when it is empty, connections behave. */
async function faultySmtp(faults: Fault[], options: { dataDelayMs?: number } = {}): Promise<FaultySmtp> {
  const accepted: string[] = [];
  const plan = new Map<string, Fault | undefined>();
  let active = 0;
  const state = { maxConnections: 0 };
  const socketOf = (sessionId: string): Socket | undefined =>
    [...(server as unknown as { connections: Set<{ session?: { id: string }; _socket: Socket }> }).connections].find(
      (c) => c.session?.id === sessionId,
    )?._socket;
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(session, callback) {
      active += 1;
      state.maxConnections = Math.max(state.maxConnections, active);
      const fault = faults.shift();
      plan.set(session.id, fault);
      if (fault === 'stall-greeting') return; // never greets
      callback();
    },
    onClose() {
      active -= 1;
    },
    onMailFrom(_address, session, callback) {
      if (plan.get(session.id) === 'refuse-451') return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
      callback();
    },
    onRcptTo(_address, session, callback) {
      if (plan.get(session.id) === 'drop-at-rcpt') return void socketOf(session.id)?.destroy();
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const fault = plan.get(session.id);
        if (fault === 'reject-after-data') return callback(Object.assign(new Error('Message refused'), { responseCode: 554 }));
        const messageId = /^Message-ID:\s*(\S+)/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '';
        accepted.push(messageId); // from here on the server has it and would deliver it
        if (fault === 'stall-after-data') return; // never says 250
        if (fault === 'drop-after-data') return void socketOf(session.id)?.destroy();
        setTimeout(() => callback(), options.dataDelayMs ?? 0);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const smtp: FaultySmtp = {
    config: {
      host: '127.0.0.1',
      port,
      from: 'Partnerships <reminders@odense.example>',
      tls: 'none',
      connectTimeoutMs: 1500,
      socketTimeoutMs: 1500,
      concurrency: 3,
      unknownRetryMinutes: 12 * 60,
    },
    accepted,
    get maxConnections() {
      return state.maxConnections;
    },
    close: () => {
      for (const c of (server as unknown as { connections: Set<{ _socket: Socket }> }).connections) c._socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  cleanups.push(() => smtp.close());
  return smtp;
}

function outboxWith(rows: number): Db {
  const db = openDatabase(':memory:');
  for (let i = 1; i <= rows; i++) {
    db.insert(outbox)
      .values({
        key: `test:${i}:email`,
        channel: 'email',
        kind: 'test',
        recipient: `person${i}@example.org`,
        subject: `Reminder ${i}`,
        bodyText: `Text ${i}`,
        bodyHtml: `<p>Text ${i}</p>`,
        status: 'pending',
        nextAttemptAt: '2026-11-24T10:00:00.000Z',
      })
      .run();
  }
  return db;
}

const rowsOf = (db: Db) => db.select().from(outbox).orderBy(outbox.id).all();

/** Run delivery like the scheduler would, moving the clock past every backoff between runs. */
async function deliverUntilSettled(db: Db, smtp: FaultySmtp, rounds = 4) {
  const mailer = createMailer(smtp.config)!;
  let now = new Date('2026-11-24T10:00:00Z');
  try {
    for (let round = 0; round < rounds; round++) {
      await deliverOutbox(db, mailer, now);
      if (rowsOf(db).every((r) => r.status !== 'pending')) break;
      now = new Date(now.getTime() + 3 * 3_600_000);
    }
  } finally {
    mailer.close();
  }
}

function copiesPerMessageId(accepted: string[]): number[] {
  const counts = new Map<string, number>();
  for (const id of accepted) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts.values()];
}

describe('delivery against a faulty SMTP server', () => {
  for (const fault of ['stall-greeting', 'drop-at-rcpt', 'refuse-451', 'reject-after-data'] as const) {
    it(`delivers each row exactly once when a connection meets ${fault}`, async () => {
      const db = outboxWith(5);
      const smtp = await faultySmtp([fault, fault]);
      await deliverUntilSettled(db, smtp);
      const rows = rowsOf(db);
      expect(rows.map((r) => r.status)).toEqual(Array(5).fill('sent'));
      expect(smtp.accepted).toHaveLength(5);
      expect(copiesPerMessageId(smtp.accepted)).toEqual(Array(5).fill(1));
      expect(rows.reduce((n, r) => n + r.attempts, 0)).toBe(7); // two rows needed a second attempt
    });
  }

  it('gives every row one Message-ID for all its attempts', async () => {
    const db = outboxWith(1);
    const smtp = await faultySmtp(['reject-after-data']);
    await deliverUntilSettled(db, smtp);
    expect(rowsOf(db)[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.accepted).toEqual([expect.stringMatching(/^<outbox\.1\.[0-9a-f]{16}@odense\.example>$/)]);
  });

  for (const fault of ['stall-after-data', 'drop-after-data'] as const) {
    it(`treats ${fault} as an unknown outcome: one retry 12 hours later with the same Message-ID, then gives up`, async () => {
      const db = outboxWith(1);
      const smtp = await faultySmtp([fault, fault]);
      const mailer = createMailer(smtp.config)!;
      cleanups.push(() => mailer.close());
      const now = new Date('2026-11-24T10:00:00Z');
      expect(await deliverOutbox(db, mailer, now)).toEqual({ sent: 0, retrying: 1, failed: 0 });
      expect(rowsOf(db)[0]).toMatchObject({ status: 'pending', nextAttemptAt: '2026-11-24T22:00:00.000Z' });
      expect(rowsOf(db)[0]!.lastError.startsWith(UNKNOWN_OUTCOME)).toBe(true);
      // Not in the normal backoff: 5 minutes, 30 minutes and 2 hours later nothing is sent.
      for (const later of ['2026-11-24T10:05:00Z', '2026-11-24T10:35:00Z', '2026-11-24T12:35:00Z']) {
        expect(await deliverOutbox(db, mailer, new Date(later))).toEqual({ sent: 0, retrying: 0, failed: 0 });
      }
      expect(await deliverOutbox(db, mailer, new Date('2026-11-24T22:00:00Z'))).toEqual({ sent: 0, retrying: 0, failed: 1 });
      expect(rowsOf(db)[0]).toMatchObject({ status: 'failed', attempts: 2 });
      expect(rowsOf(db)[0]!.lastError).toContain('twice');
      // The documented duplicate: the server kept both copies, which share one Message-ID.
      expect(smtp.accepted).toHaveLength(2);
      expect(new Set(smtp.accepted).size).toBe(1);
    });
  }

  it('marks an unknown outcome sent when the single retry goes through', async () => {
    const db = outboxWith(1);
    const smtp = await faultySmtp(['stall-after-data']);
    await deliverUntilSettled(db, smtp, 6);
    expect(rowsOf(db)[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('sends several at once, never more than SMTP_CONCURRENCY', async () => {
    const db = outboxWith(9);
    const smtp = await faultySmtp([], { dataDelayMs: 150 });
    await deliverUntilSettled(db, smtp);
    expect(rowsOf(db).every((r) => r.status === 'sent')).toBe(true);
    expect(smtp.maxConnections).toBeGreaterThan(1);
    expect(smtp.maxConnections).toBeLessThanOrEqual(3);
  });
});
