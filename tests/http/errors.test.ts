// Errors Fastify answers before any route (an address it cannot decode) get the app's error page in
// the browser's language, never Fastify's JSON.
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';

describe('an address that cannot be decoded', () => {
  it("answers 400 with an error page in the organisation's language, else the browser's", async () => {
    const danish = await buildTestApp({ setup: { locale: 'da' } });
    const res = await danish.app.inject({ method: 'GET', url: '/%E0%A4%A', headers: { 'accept-language': 'en-US' } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Forespørgslen kunne ikke forstås');
    expect(res.body).toContain('lang="da"');

    // Before setup there is no organisation: the browser's language.
    const t = await buildTestApp({ setup: false });
    for (const [language, title] of [
      ['da', 'Forespørgslen kunne ikke forstås'],
      ['en', '<h1>'],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url: '/%E0%A4%A', headers: { 'accept-language': language } });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain(title);
      expect(res.body).not.toContain('FST_ERR_BAD_URL');
    }
  });
});

describe('an error before the page knows its reader', () => {
  it("answers in the organisation's language and under its name, not the browser's", async () => {
    const danish = await buildTestApp({ setup: { locale: 'da' } });
    const res = await danish.app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en-US' },
      payload: 'email=' + 'x'.repeat(17 * 1024 * 1024),
    });
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('For stor');
    expect(res.body).toContain('lang="da"');
    expect(res.body).toContain('Odense Kommune');
  });
});
