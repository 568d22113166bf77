// Outgoing email over SMTP (nodemailer), configured from config.smtp. Without SMTP there is no mailer:
// email rows wait in the outbox and the admin sees why. A send that fails after the whole message
// went out (a timeout or a dropped connection while the server should be saying "250 queued") is
// marked as having an unknown outcome: the server may have accepted it, so it must not be retried
// like a send that surely failed.
import type { Transporter } from 'nodemailer';
import { Transform } from 'node:stream';
import type { SmtpConfig } from '../config.js';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** A stable Message-ID (with angle brackets), the same at every attempt, so a copy can be recognised. */
  messageId?: string;
}

export interface Mailer {
  send(message: EmailMessage): Promise<void>;
  close(): void;
  /** How many sends may run at once, and how long to wait before the single retry of an unknown outcome. */
  limits?: { concurrency: number; unknownRetryMs: number };
  /** The domain of the sender address, for Message-IDs. */
  domain?: string;
}

/** An error after the message body was handed to the server: it may or may not have been delivered. */
export function outcomeUnknown(err: unknown): boolean {
  return !!(err as { outcomeUnknown?: boolean } | null)?.outcomeUnknown;
}

export const SMTP_DEFAULTS = { connectTimeoutMs: 15_000, socketTimeoutMs: 60_000, concurrency: 3, unknownRetryMinutes: 12 * 60 };

export function createMailer(smtp: SmtpConfig | null): Mailer | null {
  if (!smtp) return null;
  // nodemailer (~0.4 MB of code) loads with the first message, not at start-up.
  let transport: Promise<Transporter> | undefined;
  const connect = (): Promise<Transporter> =>
    (transport ??= import('nodemailer').then(({ createTransport }) => smtpTransport(createTransport, smtp)));
  return {
    domain: /@([^>\s]+)>?\s*$/.exec(smtp.from)?.[1] ?? 'partnerships.invalid',
    limits: {
      concurrency: smtp.concurrency ?? SMTP_DEFAULTS.concurrency,
      unknownRetryMs: (smtp.unknownRetryMinutes ?? SMTP_DEFAULTS.unknownRetryMinutes) * 60_000,
    },
    async send(message) {
      const connection = await connect();
      let bodySent = false;
      try {
        await connection.sendMail({
          from: smtp.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          ...(message.messageId ? { messageId: message.messageId } : {}),
          onBodySent: () => {
            bodySent = true;
          },
        } as Parameters<Transporter['sendMail']>[0]);
      } catch (err) {
        // A definite answer from the server (4xx/5xx after DATA) is a real failure; silence or a cut is not.
        const responseCode = (err as { responseCode?: number }).responseCode;
        if (bodySent && !responseCode && err && typeof err === 'object') (err as { outcomeUnknown?: boolean }).outcomeUnknown = true;
        throw err;
      }
    },
    close() {
      void transport?.then((t) => t.close());
    },
  };
}

function smtpTransport(createTransport: typeof import('nodemailer').createTransport, smtp: SmtpConfig): Transporter {
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    // 'tls': implicit TLS from the first byte (port 465); 'starttls': upgrade when the server offers it;
    // 'none': plain text (a relay on localhost).
    secure: smtp.tls === 'tls',
    ignoreTLS: smtp.tls === 'none',
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    // Short enough that a wrong host gives the admin an answer, not a hanging button (SMTP_*_TIMEOUT_MS).
    connectionTimeout: smtp.connectTimeoutMs ?? SMTP_DEFAULTS.connectTimeoutMs,
    greetingTimeout: smtp.connectTimeoutMs ?? SMTP_DEFAULTS.connectTimeoutMs,
    socketTimeout: smtp.socketTimeoutMs ?? SMTP_DEFAULTS.socketTimeoutMs,
  });
  // Learn when the whole body has passed to the connection: after that, a failure has an unknown outcome.
  transport.use('stream', (mail, done) => {
    const onBodySent = (mail.data as { onBodySent?: () => void }).onBodySent;
    if (onBodySent)
      mail.message.transform(
        () =>
          new Transform({
            transform: (chunk, _enc, cb) => cb(null, chunk),
            flush: (cb) => {
              onBodySent();
              cb();
            },
          }),
      );
    done();
  });
  return transport;
}

/** A short, readable description of a failed send, for the outbox and the test-email result. */
export function describeMailError(err: unknown): string {
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  const parts: string[] = [];
  if (e?.code) parts.push(e.code);
  if (e?.response) parts.push(e.response);
  else if (e?.message) parts.push(e.message);
  const text = parts.join(': ') || String(err);
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
