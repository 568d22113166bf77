// Static files under content-hashed names, so a deploy never serves stale CSS or JS:
// asset('app.css') -> /static/app.3f9c0a1b2d4e.css, served with `immutable` for a year.
// The plain name (/static/app.css, e.g. a service worker's fixed address) is revalidated on every use.
// A hash that is no longer current (a page cached from before a deploy) still gets today's file,
// but never under `immutable`, so no cache keeps it.
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { fromRoot } from '../paths.js';

export const staticFolder = fromRoot('static');

export const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
/** name.<12 hex>.ext, the form asset() writes. */
const HASHED = /^(?<base>[\w.-]+)\.(?<hash>[0-9a-f]{12})\.(?<ext>[a-z0-9]+)$/;

interface Known {
  hash: string;
  mtimeMs: number;
  checkedAt: number;
}

/** Content hashes of the files in one folder, computed on first use and again when a file changes. */
export class AssetHashes {
  private known = new Map<string, Known>();
  /** @param recheckMs how long a hash is trusted before the file is looked at again (every page names several files). */
  constructor(
    private readonly root: string,
    private readonly recheckMs = 0,
  ) {}

  /** The file's hash, or null when there is no such file (or the name leaves the folder). */
  hash(name: string): string | null {
    const now = Date.now();
    const recent = this.known.get(name);
    if (recent && now - recent.checkedAt < this.recheckMs) return recent.hash;
    const file = normalize(join(this.root, name));
    if (!file.startsWith(this.root + sep)) return null;
    let mtimeMs: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) return null;
      mtimeMs = stat.mtimeMs;
    } catch {
      return null;
    }
    const cached = this.known.get(name);
    if (cached && cached.mtimeMs === mtimeMs) {
      cached.checkedAt = now;
      return cached.hash;
    }
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);
    this.known.set(name, { hash, mtimeMs, checkedAt: now });
    return hash;
  }

  /** The address of a static file under its hashed name. */
  url(name: string): string {
    const hash = this.hash(name);
    if (!hash) throw new Error(`No static file named ${name}`);
    const dot = name.lastIndexOf('.');
    return `/static/${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The hashed address of a file in static/, for templates: it.asset('app.css'). */
    asset: (name: string) => string;
  }
}

export default fp(async (app) => {
  // A deploy changes the files: a second's delay before pages name the new ones is fine.
  const hashes = new AssetHashes(staticFolder, 1_000);
  // Hash everything once at start-up, so the first page does not pay for it.
  for (const name of ['app.css', 'app.js']) hashes.hash(name);
  app.decorate('asset', (name: string) => hashes.url(name));

  // Encapsulated: reply.sendFile stays a detail of this route.
  await app.register(async (scope) => {
    await scope.register(fastifyStatic, { root: staticFolder, serve: false });
    scope.get('/static/*', { config: { access: 'public' } }, async (request, reply) => {
      const rest = (request.params as { '*': string })['*'];
      const hashed = HASHED.exec(rest)?.groups;
      let name = rest;
      let cacheControl = REVALIDATE;
      if (hashed) {
        const plain = `${hashed.base}.${hashed.ext}`;
        const current = hashes.hash(plain);
        if (current !== null) {
          name = plain;
          if (current === hashed.hash) cacheControl = IMMUTABLE;
        }
      }
      reply.header('Cache-Control', cacheControl);
      return reply.sendFile(name, { cacheControl: false });
    });
  });
});
