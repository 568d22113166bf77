// The admin's outbox: every reminder decided with its delivery status, a retry for given-up emails,
// and a "send test email" button that reports what the mail server said.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pager, parsePaging } from '../lib/paging.js';
import { flash } from '../plugins/views.js';
import { createMailer, describeMailError } from '../mail/mailer.js';
import { composeEmail } from '../mail/compose.js';
import { listOutbox, OUTBOX_CHANNELS, OUTBOX_STATUSES, retryOutboxRow } from './queries.js';

export default async function routes(app: FastifyInstance): Promise<void> {
  const admin = { config: { access: 'admin' as const } };

  function outboxPage(request: FastifyRequest, reply: FastifyReply, testResult?: { ok: boolean; message: string }) {
    const query = request.query as Record<string, unknown>;
    const status = (OUTBOX_STATUSES as readonly string[]).includes(String(query.status)) ? String(query.status) : null;
    const channel = (OUTBOX_CHANNELS as readonly string[]).includes(String(query.channel)) ? String(query.channel) : null;
    const paging = parsePaging(query, ['created'] as const, 'created', 'desc', 50);
    const { rows, total } = listOutbox(app.db, { status, channel }, paging);
    const smtp = app.config.smtp;
    return reply.page(
      'reminders/outbox',
      {
        rows,
        status,
        channel,
        statuses: OUTBOX_STATUSES,
        channels: OUTBOX_CHANNELS,
        smtp: smtp ? { host: smtp.host, port: smtp.port, from: smtp.from } : null,
        pager: pager('/outbox', query, paging, total),
        testResult: testResult ?? null,
      },
      { fragment: 'reminders/_outbox-table' },
    );
  }

  app.get('/outbox', admin, async (request, reply) => outboxPage(request, reply));

  app.post('/outbox/test-email', admin, async (request, reply) => {
    const t = request.i18n.t;
    const to = request.user!.email;
    const mailer = createMailer(app.config.smtp);
    if (!mailer) return outboxPage(request, reply, { ok: false, message: t('outbox.testEmail.notConfigured') });
    if (!to.includes('@')) return outboxPage(request, reply, { ok: false, message: t('outbox.testEmail.noAddress') });
    const mail = composeEmail(request.i18n, {
      greetingName: request.user!.name,
      subject: t('outbox.testEmail.subject'),
      paragraphs: [t('outbox.testEmail.body')],
      url: `${app.config.baseUrl}/outbox`,
      settingsUrl: `${app.config.baseUrl}/profile/notifications`,
    });
    try {
      await mailer.send({ to, ...mail });
      return outboxPage(request, reply, { ok: true, message: t('outbox.testEmail.sent', { email: to }) });
    } catch (err) {
      request.log.warn({ err }, 'test email failed');
      return outboxPage(request, reply, { ok: false, message: t('outbox.testEmail.failed', { error: describeMailError(err) }) });
    } finally {
      mailer.close();
    }
  });

  app.post<{ Params: { id: string } }>('/outbox/:id/retry', admin, async (request, reply) => {
    const id = Number(request.params.id);
    if (!Number.isInteger(id) || !retryOutboxRow(app.db, request.actor(), id)) {
      return reply.code(404).renderError('notFound');
    }
    flash(request, request.i18n.t('outbox.retried'));
    return reply.redirect('/outbox', 303);
  });
}
