// Search: the full page, or (htmx, while typing in the header box) a fragment of grouped results.
import type { FastifyInstance } from 'fastify';
import { searchAll } from './queries.js';
import { highlight, excerpt, searchTokens } from './fold.js';

export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/search', { config: { access: 'signed_in' } }, async (request, reply) => {
    const raw = (request.query as { q?: unknown }).q;
    const q = typeof raw === 'string' ? raw.trim().slice(0, 200) : '';
    const results = searchAll(app.db, q, request.isHtmx ? 5 : 25);
    const tokens = searchTokens(q);
    const mark = (text: string) => highlight(text, tokens);
    const short = (text: string) => highlight(excerpt(text, tokens), tokens);
    const total = results.partners.length + results.partnerships.length + results.contacts.length + results.logEntries.length;
    return reply.page('search/index', { q, results, total, mark, short }, { fragment: 'search/_results' });
  });
}
