// Settings (admin): the values chosen at setup, the review and losing-touch rules and the session timeouts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseForm } from '../lib/form.js';
import { countryOptions, LOCALES, translate } from '../i18n/index.js';
import { currentLocaleOf, redirectTo } from '../plugins/context.js';
import { flash } from '../plugins/views.js';
import { CURRENCIES } from '../setup/form.js';
import { hourlyRateSchema, settingsFormValues, settingsSchema, settingsValues } from './form.js';
import { safeReturnPath } from '../log/form.js';
import { updateSettings } from './queries.js';

export default async function routes(app: FastifyInstance): Promise<void> {
  const formData = (request: FastifyRequest, values: Record<string, unknown>, errors: Record<string, string>) => ({
    values,
    errors,
    countries: countryOptions(request.i18n),
    locales: LOCALES,
    currencies: CURRENCIES,
    timeZones: Intl.supportedValuesOf('timeZone'),
  });

  app.get('/settings', { config: { access: 'admin' } }, async (request, reply) =>
    reply.page('settings/index', formData(request, settingsFormValues(request.org!, request.i18n.locale), {})),
  );

  app.post('/settings', { config: { access: 'admin' } }, async (request, reply) => {
    const parsed = parseForm(settingsSchema, request.body, request.i18n);
    if (!parsed.ok)
      return reply.page('settings/index', formData(request, parsed.values, parsed.errors), { status: 422, fragment: 'settings/_form' });
    updateSettings(app.db, request.actor(), settingsValues(parsed.data));
    // In the language the next page speaks, which this change may have switched.
    flash(request, translate(currentLocaleOf(app.db, request.user!.id), 'common.saved'));
    return redirectTo(request, reply, '/settings');
  });

  // Set from the ledger, where staff time cannot be valued without it: back to where it was asked for.
  app.post('/settings/hourly-rate', { config: { access: 'admin' } }, async (request, reply) => {
    const parsed = parseForm(hourlyRateSchema, request.body, request.i18n);
    const back = safeReturnPath(parsed.ok ? parsed.data.returnTo : parsed.values.returnTo) ?? '/settings';
    if (!parsed.ok) {
      flash(request, `${request.i18n.t('settings.hourlyRate')}: ${parsed.errors.hourlyRate}`);
      return redirectTo(request, reply, back);
    }
    updateSettings(app.db, request.actor(), { hourlyRateMinor: parsed.data.hourlyRate });
    flash(request, request.i18n.t('ledger.rateSet', { rate: request.i18n.money(parsed.data.hourlyRate) }));
    return redirectTo(request, reply, back);
  });
}
