// First-run setup: shown until the organisation exists, then gone (404). A fresh install is open to
// the network, so setup only opens with the one-time link the server prints at start (a token, as
// Grafana and Jupyter do); the token is remembered in the visitor's session for the form's post.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { parseForm } from '../lib/form.js';
import { countryOptions, LOCALES } from '../i18n/index.js';
import { setupSchema, CURRENCIES } from './form.js';
import { applySetup, isSetUp } from './queries.js';
import { FRAMEWORKS, PRESETS } from './presets.js';
import { hashPassword } from '../auth/passwords.js';
import { signIn } from '../auth/session.js';
import { generateDemo } from '../demo/index.js';
import { demoDocumentsDir } from '../demo/documents.js';
import { redirectTo } from '../plugins/context.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one-time secret in the setup link; meaningful only until setup is done. */
    setupToken: string;
  }
  interface Session {
    setupAllowed?: boolean;
  }
}

function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export default async function routes(app: FastifyInstance): Promise<void> {
  /** Whether this visitor holds the setup link: now (?token=) or earlier in the session. */
  const mayRunSetup = (request: FastifyRequest): boolean => {
    if (request.session.setupAllowed) return true;
    const query = request.query as Record<string, unknown>;
    const body = request.body as Record<string, unknown> | undefined;
    if (sameToken(query.token, app.setupToken) || sameToken(body?.token, app.setupToken)) {
      request.session.setupAllowed = true;
      return true;
    }
    return false;
  };

  const formData = (request: import('fastify').FastifyRequest, values: Record<string, unknown>, errors: Record<string, string>) => ({
    values,
    errors,
    countries: countryOptions(request.i18n),
    locales: LOCALES,
    currencies: CURRENCIES,
    frameworks: FRAMEWORKS,
    presets: PRESETS,
    timeZones: Intl.supportedValuesOf('timeZone'),
  });

  app.get('/setup', { config: { access: 'public' } }, async (request, reply) => {
    if (isSetUp(app.db)) return reply.code(404).renderError('notFound');
    if (!mayRunSetup(request)) return reply.code(403).renderError('setupToken');
    const odense = PRESETS.odense;
    const values = {
      framework: 'odense',
      homeCity: odense.homeCity,
      country: odense.country,
      timeZone: odense.timeZone,
      currency: odense.currency,
      locale: request.i18n.locale,
    };
    return reply.page('setup/index', formData(request, values, {}));
  });

  app.post('/setup', { config: { access: 'public' } }, async (request, reply) => {
    if (isSetUp(app.db)) return reply.code(404).renderError('notFound');
    if (!mayRunSetup(request)) return reply.code(403).renderError('setupToken');
    const parsed = parseForm(setupSchema, request.body, request.i18n);
    if (!parsed.ok) {
      const { adminPassword: _dropped, ...kept } = parsed.values;
      return reply.page('setup/index', formData(request, kept, parsed.errors), { status: 422, fragment: 'setup/_form' });
    }
    const input = parsed.data;
    const adminId = applySetup(app.db, input, await hashPassword(input.adminPassword), app.now());
    if (adminId === null) return reply.code(404).renderError('notFound');
    if (input.demo)
      generateDemo(app.db, {
        framework: input.framework,
        size: 'small',
        seed: 1,
        now: app.now(),
        documentsDir: demoDocumentsDir(app.config),
      });
    await signIn(request, adminId, app.now());
    // htmx gets HX-Redirect (a 303 would be followed by fetch and the dashboard swapped into the form).
    return redirectTo(request, reply, '/');
  });
}
