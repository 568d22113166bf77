// Outgoing email over SMTP (nodemailer), configured from config.smtp. Without SMTP there is no mailer:
// email rows wait in the outbox and the admin sees why.
import { createTransport } from 'nodemailer';
import type { SmtpConfig } from '../config.js';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

export function createMailer(smtp: SmtpConfig | null): Mailer | null {
  if (!smtp) return null;
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    // 'tls': implicit TLS from the first byte (port 465); 'starttls': upgrade when the server offers it;
    // 'none': plain text (a relay on localhost).
    secure: smtp.tls === 'tls',
    ignoreTLS: smtp.tls === 'none',
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    // Short enough that a wrong host gives the admin an answer, not a hanging button.
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      await transport.sendMail({ from: smtp.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    },
    close() {
      transport.close();
    },
  };
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
