// In-app notifications (the bell's list, mark read, mark all read) and each user's notification settings.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm } from '../lib/form.js';
import { pager, parsePaging } from '../lib/paging.js';
import { flash } from '../plugins/views.js';
import { redirectTo } from '../plugins/context.js';
import { preferencesSchema } from './form.js';
import { DELIVERY_CHOICES, NOTIFICATION_KINDS } from './prefs.js';
import { getPreferences, inLanguage, listNotifications, markAllRead, markRead, savePreferences } from './queries.js';
import { userActor } from '../plugins/request.js';

export default async function routes(app: FastifyInstance): Promise<void> {
  const signedIn = { config: { access: 'signed_in' as const } };

  app.get('/notifications', signedIn, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const paging = parsePaging(query, ['created'] as const, 'created', 'desc', 30);
    const { rows, total } = listNotifications(app.db, request.user!.id, paging);
    return reply.page('notifications/index', {
      rows: rows.map((n) => inLanguage(n, request.i18n.locale)),
      pager: pager('/notifications', query, paging, total),
    });
  });

  app.post<{ Params: { id: string } }>('/notifications/:id/read', signedIn, async (request, reply) => {
    const id = Number(request.params.id);
    const row = Number.isInteger(id) ? markRead(app.db, userActor(request), id) : undefined;
    if (!row) return reply.code(404).renderError('notFound');
    if (request.isHtmx) return reply.fragment('notifications/_item', { n: inLanguage(row, request.i18n.locale) });
    return reply.redirect(backTo(request), 303);
  });

  app.post('/notifications/read-all', signedIn, async (request, reply) => {
    markAllRead(app.db, userActor(request));
    flash(request, request.i18n.t('notifications.allMarkedRead'));
    return redirectTo(request, reply, '/notifications');
  });

  function preferencesPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values?: Record<string, unknown>,
    errors: Record<string, string> = {},
  ) {
    const saved = getPreferences(app.db, request.user!.id)!;
    return reply.page(
      'notifications/preferences',
      {
        values: values ?? { ...saved.prefs, weeklyDigest: saved.weeklyDigest ? '1' : '' },
        errors,
        hasEmail: saved.hasEmail,
        kinds: NOTIFICATION_KINDS,
        choices: DELIVERY_CHOICES,
      },
      { status: Object.keys(errors).length ? 422 : 200, fragment: 'notifications/_preferences-form' },
    );
  }

  app.get('/profile/notifications', signedIn, async (request, reply) => preferencesPage(request, reply));

  app.post('/profile/notifications', signedIn, async (request, reply) => {
    const parsed = parseForm(preferencesSchema, request.body, request.i18n);
    if (!parsed.ok) return preferencesPage(request, reply, parsed.values, parsed.errors);
    savePreferences(app.db, userActor(request), parsed.data.prefs, parsed.data.weeklyDigest);
    flash(request, request.i18n.t('prefs.saved'));
    return redirectTo(request, reply, '/profile/notifications');
  });
}

/** Back to the page of the list the user was on (only ever a /notifications URL). */
function backTo(request: FastifyRequest): string {
  const back = String((request.body as Record<string, unknown> | undefined)?.back ?? '');
  return /^\/notifications(\?page=\d+)?$/.test(back) ? back : '/notifications';
}
