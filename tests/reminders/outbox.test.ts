import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, createUser, signedIn, testConfig } from '../helpers/app.js';
import { auditLog, outbox } from '../../src/db/schema.js';
import { REMINDER_KIND_NAMES, runReminders } from '../../src/reminders/job.js';
import { LOCALES, translate } from '../../src/i18n/index.js';
import { startSmtp, type TestSmtp } from './smtp.js';
import { partnershipDue } from './factories.js';

let smtp: TestSmtp | undefined;
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

describe('the outbox page', () => {
  it('names every kind of reminder the job sends, in every language', () => {
    expect(REMINDER_KIND_NAMES.length).toBeGreaterThan(5);
    for (const kind of [...REMINDER_KIND_NAMES, 'digest', 'test'])
      for (const locale of LOCALES) expect(translate(locale, `outbox.kind.${kind}`), `${locale}: ${kind}`).not.toBe(`outbox.kind.${kind}`);
  });

  it('is for admins only', async () => {
    const t = await buildTestApp();
    for (const role of ['viewer', 'contributor', 'coordinator'] as const) {
      const client = await signedIn(t, role);
      expect((await client.get('/outbox')).statusCode).toBe(403);
      expect((await client.post('/outbox/test-email')).statusCode).toBe(403);
    }
  });

  it('shows every row with its status, attempts, next attempt and last error, and says SMTP is not configured', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    const owner = await createUser(t.db, 'coordinator', { email: 'owner@example.org' });
    partnershipDue(t.db, owner.id, '2026-11-24', { title: 'Groningen' });
    await runReminders(t.db, { now: t.clock.now(), config: testConfig() });
    t.db
      .insert(outbox)
      .values({
        key: 'x',
        channel: 'email',
        kind: 'review',
        recipient: 'gone@example.org',
        subject: 'Old one',
        status: 'failed',
        attempts: 5,
        lastError: 'EENVELOPE: 550 No such user',
      })
      .run();

    const client = await signedIn(t);
    const res = await client.get('/outbox');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('SMTP not configured');
    expect(res.body).toContain('Review due today: Groningen');
    expect(res.body).toContain('owner@example.org');
    expect(res.body).toContain('waiting for SMTP');
    expect(res.body).toMatch(/status-failed">Failed/);
    expect(res.body).toContain('EENVELOPE: 550 No such user');
    expect(res.body).toMatch(/<td class="num">5<\/td>/);
    expect(res.body).toMatch(/status-sent">Sent/); // the in-app row

    const failedOnly = await client.get('/outbox?status=failed');
    expect(failedOnly.body).toContain('Old one');
    expect(failedOnly.body).not.toContain('Groningen');
    const fragment = await client.get('/outbox?channel=in_app', { 'hx-request': 'true' });
    expect(fragment.body.trim()).toMatch(/^<div id="outbox-table">/);
    expect(fragment.body).not.toContain('owner@example.org');
  });

  it('retries a failed email from the start, with an audit entry; anything else is 404', async () => {
    const t = await buildTestApp();
    const failed = t.db
      .insert(outbox)
      .values({ key: 'f', channel: 'email', kind: 'review', recipient: 'a@example.org', status: 'failed', attempts: 5, lastError: 'x' })
      .returning()
      .get();
    const sent = t.db
      .insert(outbox)
      .values({ key: 's', channel: 'email', kind: 'review', recipient: 'a@example.org', status: 'sent', attempts: 1 })
      .returning()
      .get();
    const client = await signedIn(t);
    await client.get('/outbox');
    expect((await client.post(`/outbox/${failed.id}/retry`)).statusCode).toBe(303);
    expect(t.db.select().from(outbox).where(eq(outbox.id, failed.id)).get()).toMatchObject({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: t.clock.now().toISOString(),
    });
    expect(t.db.select().from(auditLog).where(eq(auditLog.entityType, 'outbox')).get()!.entityId).toBe(failed.id);
    expect((await client.post(`/outbox/${sent.id}/retry`)).statusCode).toBe(404);
    expect((await client.post('/outbox/99999/retry')).statusCode).toBe(404);
  });
});

describe('send test email', () => {
  it('says clearly that SMTP is not configured', async () => {
    const t = await buildTestApp();
    const client = await signedIn(t);
    await client.get('/outbox');
    const res = await client.post('/outbox/test-email');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/role="alert" id="test-email-result">SMTP not configured: set SMTP_HOST/);
  });

  it('sends to the admin over real SMTP and says so', async () => {
    smtp = await startSmtp();
    const t = await buildTestApp({ config: { smtp: smtp.config }, setup: { locale: 'sv' } });
    const client = await signedIn(t);
    await client.get('/outbox');
    const res = await client.post('/outbox/test-email');
    expect(res.body).toMatch(/role="status" id="test-email-result">Testmejl skickat till admin@example.org/);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(['admin@example.org']);
    expect(smtp.received[0]!.subject).toBe('Testmejl från Partnerskap');
    expect(smtp.received[0]!.text).toContain('Det här är ett test.');
    expect((await client.get('/outbox')).body).toContain('127.0.0.1');
  });

  it('shows the SMTP error when the server refuses, and when nothing listens', async () => {
    smtp = await startSmtp({ reject: true });
    const t = await buildTestApp({ config: { smtp: smtp.config } });
    const client = await signedIn(t);
    await client.get('/outbox');
    const refused = await client.post('/outbox/test-email');
    expect(refused.statusCode).toBe(200);
    expect(refused.body).toMatch(
      /role="alert" id="test-email-result">The test email could not be sent: EENVELOPE: 550 Mailbox unavailable/,
    );

    const closed = await startSmtp();
    await closed.close();
    const t2 = await buildTestApp({ config: { smtp: closed.config } });
    const client2 = await signedIn(t2);
    await client2.get('/outbox');
    const down = await client2.post('/outbox/test-email');
    expect(down.body).toMatch(/The test email could not be sent: ECONNECTION|The test email could not be sent: ESOCKET|ECONNREFUSED/);
  });
});
