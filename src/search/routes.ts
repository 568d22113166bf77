// Search: the full page, or (htmx, while typing in the header box) a fragment of grouped results;
// and the suggestions of the partner and contact pickers.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { searchAll } from './queries.js';
import { seesContactDetails } from '../plugins/access.js';
import { searchDelegations } from '../delegations/queries.js';
import { highlight, excerpt, searchTokens } from './fold.js';
import { suggestContacts, suggestPartners, type Suggestion } from './suggest.js';

export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/search', { config: { access: 'signed_in' } }, async (request, reply) => {
    const raw = (request.query as { q?: unknown }).q;
    const q = typeof raw === 'string' ? raw.trim().slice(0, 200) : '';
    // Contact details (a contact's e-mail address) by the same rule as on the contact pages: not
    // for viewers, unless the organisation allows it; neither shown nor matched.
    const contactDetails = seesContactDetails(request.user?.role, request.org);
    const found = searchAll(app.db, q, request.isHtmx ? 5 : 25, { contactDetails });
    const results = contactDetails ? found : { ...found, contacts: found.contacts.map((c) => ({ ...c, email: '' })) };
    const tokens = searchTokens(q);
    const mark = (text: string) => highlight(text, tokens);
    const short = (text: string) => highlight(excerpt(text, tokens), tokens);
    const delegations = searchDelegations(app.db, q, request.isHtmx ? 5 : 25);
    const total =
      results.partners.length + results.partnerships.length + results.contacts.length + results.logEntries.length + delegations.length;
    return reply.page('search/index', { q, results, delegations, total, mark, short }, { fragment: 'search/_results' });
  });

  // The options of a type-ahead picker (static/combobox.js), as <li role="option"> for its listbox.
  const suggestions = (find: (db: typeof app.db, q: string) => Suggestion[]) => async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = (request.query as { q?: unknown }).q;
    const q = typeof raw === 'string' ? raw.trim().slice(0, 200) : '';
    reply.header('cache-control', 'private, no-store');
    return reply.fragment('search/_suggestions', { items: find(app.db, q) });
  };
  app.get('/partners/suggest', { config: { access: 'signed_in' } }, suggestions(suggestPartners));
  app.get('/contacts/suggest', { config: { access: 'signed_in' } }, suggestions(suggestContacts));
}
