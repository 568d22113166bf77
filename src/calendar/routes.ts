// The personal calendar feed: its settings on the profile (create, regenerate, revoke) and the
// public, token-guarded ICS address that calendar apps poll.
import type { FastifyInstance } from 'fastify';
import { createI18n, isLocale } from '../i18n/index.js';
import { flash } from '../plugins/views.js';
import { redirectTo } from '../plugins/context.js';
import { userFeed } from './feed.js';
import { feedOwner, hasFeed, regenerateFeed, revokeFeed } from './queries.js';
import { looksLikeFeedToken } from './token.js';
import { userActor } from '../plugins/request.js';

declare module 'fastify' {
  interface Session {
    /** A feed address just made, shown once on the next page and then forgotten. */
    calendarFeedUrl?: string;
  }
}

export default async function routes(app: FastifyInstance): Promise<void> {
  const signedIn = { config: { access: 'signed_in' as const } };

  app.get('/profile/calendar', signedIn, async (request, reply) => {
    const feedUrl = request.session.calendarFeedUrl ?? null;
    if (feedUrl) request.session.calendarFeedUrl = undefined;
    // The page may carry the secret address: keep it out of caches.
    reply.header('Cache-Control', 'no-store');
    return reply.page('calendar/profile', { active: hasFeed(app.db, request.user!.id), feedUrl });
  });

  app.post('/profile/calendar', signedIn, async (request, reply) => {
    const token = regenerateFeed(app.db, userActor(request));
    request.session.calendarFeedUrl = `${app.config.baseUrl}/calendar/${token}.ics`;
    return redirectTo(request, reply, '/profile/calendar');
  });

  app.post('/profile/calendar/revoke', signedIn, async (request, reply) => {
    revokeFeed(app.db, userActor(request));
    flash(request, request.i18n.t('calendar.revoked'));
    return redirectTo(request, reply, '/profile/calendar');
  });

  // Calendar apps cannot sign in: the token in the address is the credential. Without a valid one
  // the answer is a bare 404, the same for a wrong, revoked or malformed token.
  app.get<{ Params: { token: string } }>('/calendar/:token.ics', { config: { access: 'public' } }, async (request, reply) => {
    const token = request.params.token;
    const owner = looksLikeFeedToken(token) ? feedOwner(app.db, token) : undefined;
    const org = request.org;
    if (!owner || !org) return reply.code(404).type('text/plain; charset=utf-8').header('Cache-Control', 'no-store').send('Not found');
    const locale = owner.locale && isLocale(owner.locale) ? owner.locale : isLocale(org.locale) ? org.locale : 'en';
    const i18n = createI18n(locale, org.timeZone, org.currency);
    const body = userFeed(app.db, {
      userId: owner.id,
      i18n,
      orgName: org.name,
      orgTimeZone: org.timeZone,
      baseUrl: app.config.baseUrl,
      now: app.now(),
    });
    return reply
      .type('text/calendar; charset=utf-8')
      .header('Cache-Control', 'private, max-age=300')
      .header('X-Robots-Tag', 'noindex')
      .send(body);
  });
}
