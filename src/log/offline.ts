// The quick log as an installable web app that works offline: the service worker (served from the
// root so its scope covers /log/new), the web app manifest, the page other pages fall back to
// without network, and a fresh CSRF token for the entries the device sends when the network returns.
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { csrfToken } from '../plugins/context.js';
import { fromRoot } from '../paths.js';

const serviceWorker = readFileSync(fromRoot('static', 'sw.js'), 'utf8');

/** The app's icon: the first letter of the log on the app's blue; SVG, so any size. */
const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512" rx="96" fill="#1d4f91"/><path d="M176 128h56v200h120v56H176z" fill="#fff"/></svg>`;

export default async function offlineRoutes(app: FastifyInstance): Promise<void> {
  // Served from the root, not /static/, so the worker may control /log/new; never cached by HTTP,
  // so a deploy reaches the browser's update check at once.
  app.get('/sw.js', { config: { access: 'public' } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'no-cache').send(serviceWorker),
  );

  app.get('/manifest.webmanifest', { config: { access: 'public' } }, async (request, reply) => {
    const name = request.org?.name ?? request.i18n.t('app.name');
    return reply
      .type('application/manifest+json; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .send({
        name: `${request.i18n.t('log.new')} · ${name}`,
        short_name: request.i18n.t('nav.quickLog'),
        lang: request.i18n.locale,
        start_url: '/log/new',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1d4f91',
        icons: [{ src: '/app-icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      });
  });

  app.get('/app-icon.svg', { config: { access: 'public' } }, async (_request, reply) =>
    reply.type('image/svg+xml').header('Cache-Control', 'public, max-age=86400').send(ICON),
  );

  // What the service worker shows for any page but the quick log when there is no network.
  app.get('/offline', { config: { access: 'public' } }, async (request, reply) =>
    reply.page('log/offline', { canLog: !!request.user && request.user.role !== 'viewer' }),
  );

  // Entries kept on the device are sent with a token fetched just before: the one in a page saved
  // hours ago may belong to a session that has ended since. Signed out, this answers the sign-in redirect.
  app.get('/log/offline/token', { config: { access: 'contributor' } }, async (request, reply) =>
    reply.header('Cache-Control', 'no-store').send({ token: csrfToken(request, reply), userId: request.user!.id }),
  );
}
