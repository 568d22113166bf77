// One email, plain text and HTML, from already translated parts. Everything interpolated is escaped.
import { DateTime } from 'luxon';
import type { I18n } from '../i18n/index.js';

export interface EmailParts {
  greetingName: string;
  subject: string;
  paragraphs: string[];
  /** A list under the paragraphs (the digest), each with its own link. */
  items?: { text: string; url: string }[];
  /** The exact page, absolute. */
  url: string;
  /** Where to change what one receives, absolute. */
  settingsUrl: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A calendar date (YYYY-MM-DD) written out with its weekday, e.g. "Sunday 25 October 2026". Never shifted by a zone. */
export function longDay(i18n: I18n, isoDate: string): string {
  const d = DateTime.fromISO(isoDate, { zone: 'utc' });
  return d.isValid ? d.setLocale(i18n.intlLocale).toLocaleString(DateTime.DATE_HUGE) : isoDate;
}

export function composeEmail(i18n: I18n, parts: EmailParts): { subject: string; text: string; html: string } {
  const t = i18n.t;
  const greeting = t('mail.greeting', { name: parts.greetingName });
  const open = t('mail.open');
  const footer = t('mail.footer');
  const items = parts.items ?? [];
  const text = [
    greeting,
    '',
    ...parts.paragraphs.flatMap((p) => [p, '']),
    ...(items.length ? [...items.map((i) => `- ${i.text}\n  ${i.url}`), ''] : []),
    `${open}: ${parts.url}`,
    '',
    '-- ',
    `${footer}: ${parts.settingsUrl}`,
    '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="${escapeHtml(i18n.locale)}"><head><meta charset="utf-8"><title>${escapeHtml(parts.subject)}</title></head>
<body>
<p>${escapeHtml(greeting)}</p>
${parts.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${items.length ? `<ul>\n${items.map((i) => `<li><a href="${escapeHtml(i.url)}">${escapeHtml(i.text)}</a></li>`).join('\n')}\n</ul>` : ''}
<p><a href="${escapeHtml(parts.url)}">${escapeHtml(open)}</a></p>
<hr>
<p><small><a href="${escapeHtml(parts.settingsUrl)}">${escapeHtml(footer)}</a></small></p>
</body></html>
`;
  return { subject: parts.subject, text, html };
}
