// Pages kept until the next write. A signed-in page is a function of the data, the reader's
// session, the address (with htmx's request headers and the Referer) and the clock; while none of
// these moves, rendering it again gives the same bytes. So the rendered page is kept, and a repeat
// view (back to the list, a reload, a link opened twice) is answered without running the page's
// queries or its templates. Every hook still runs first: the session, the access rule, the
// two-factor and CSRF checks; and after it the headers and compression.
//
// What keeps it right without anyone remembering to invalidate:
// - the data: pages are kept for one state of the database, SQLite's own change count and
//   data_version (db/memo.ts), which every write moves, here, by a trigger or by another process
//   (but the session store's: sessions are in the key below); a page whose own request wrote
//   something (one that marks notifications read) is never kept;
// - the reader: the key holds the session's id and its whole content (user, CSRF secret, pending
//   messages); a page whose rendering changed the session (it showed a "Saved.") is never kept;
// - the clock: the key holds the current minute, so "today", "overdue" and relative times are at
//   most a minute old;
// - what is not in the database (the backup folder) opts out with `config: { keepPage: false }`.
// A request with `Cache-Control: no-cache` (the browser's hard reload) renders afresh.
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { dataVersion } from '../db/memo.js';

/** At most this many pages, and this many bytes in all; a page of more characters is not kept. */
const MAX_PAGES = 256;
const MAX_BYTES = 16_000_000;
const MAX_PAGE_CHARS = 2_000_000;

interface KeptPage {
  /** As bytes: sent again without encoding it each time. */
  body: Buffer;
  headers: Record<string, string | number | string[]>;
}

interface Pending {
  key: string;
  version: string;
  session: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    keptPages: {
      offer(request: FastifyRequest, reply: FastifyReply, html: string): void;
      /** How many pages are kept, and their bytes. */
      size(): { pages: number; bytes: number };
    };
  }
  interface FastifyRequest {
    /** Set when this request's page may be kept: under which key, and what it was read from. */
    keptPage: Pending | null;
  }
  interface FastifyContextConfig {
    /** false: the page reads something beyond the database (files on disk) and is rendered every time. */
    keepPage?: false;
  }
}

/** The session's content as stored, without its cookie (which carries no state of the page). */
function sessionState(request: FastifyRequest): string {
  const session = request.session;
  return `${session.sessionId}:${JSON.stringify(session, function (key, value: unknown) {
    return this === session && key === 'cookie' ? undefined : value;
  })}`;
}

/**
 * The request headers a page may read: htmx's (a fragment and its page share an address but not their
 * answer) and the Referer (the quick log returns to the page it was opened from).
 */
function readHeaders(request: FastifyRequest): string {
  let out = '';
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.startsWith('hx-') || name === 'referer') out += `${name}=${String(value)};`;
  }
  return out;
}

function wantsFresh(request: FastifyRequest): boolean {
  const cacheControl = request.headers['cache-control'];
  return typeof cacheControl === 'string' && /(^|,)\s*no-cache\s*(,|$)/i.test(cacheControl);
}

export default fp(
  async (app) => {
    let version = '';
    let pages = new Map<string, KeptPage>();
    let bytes = 0;
    const clear = () => {
      pages = new Map();
      bytes = 0;
    };

    app.decorateRequest('keptPage', null);
    app.decorate('keptPages', {
      /** Called by reply.page and reply.fragment with what they rendered: kept if nothing it stood on moved. */
      offer(request: FastifyRequest, reply: FastifyReply, html: string) {
        const pending = request.keptPage;
        if (!pending || reply.statusCode !== 200 || html.length > MAX_PAGE_CHARS || reply.hasHeader('set-cookie')) return;
        // Something was written, here or elsewhere, or the session changed while the page was made: not kept.
        if (pending.version !== version || dataVersion(app.db) !== version || sessionState(request) !== pending.session) return;
        const body = Buffer.from(html, 'utf8');
        if (pages.size >= MAX_PAGES || bytes + body.byteLength > MAX_BYTES) clear();
        pages.set(pending.key, { body, headers: { ...reply.getHeaders() } as KeptPage['headers'] });
        bytes += body.byteLength;
      },
      size: () => ({ pages: pages.size, bytes }),
    });

    // After the context plugin's preHandler: the reader is known and the access rule has passed.
    app.addHook('preHandler', async (request, reply) => {
      if (reply.sent || request.method !== 'GET' || !request.user || request.routeOptions.config.keepPage === false) return;
      if (app.db.$client.inTransaction || wantsFresh(request)) return;
      // The pages kept are those of one state of the database: a new state lets them all go.
      const now = dataVersion(app.db);
      if (now !== version) {
        clear();
        version = now;
      }
      const session = sessionState(request);
      const minute = Math.floor(app.now().getTime() / 60_000);
      const key = `${minute}\n${session}\n${readHeaders(request)}\n${request.url}`;
      const kept = pages.get(key);
      if (kept) return reply.headers(kept.headers).send(kept.body);
      request.keptPage = { key, version: now, session };
    });
  },
  { name: 'kept-pages', dependencies: ['request-plumbing'] },
);
