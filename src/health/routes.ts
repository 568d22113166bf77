// Probes for supervisors and load balancers, open to anyone and saying nothing about the install:
// /healthz: the process answers; /readyz: the database answers, its migrations are current and the
// data folder's disk has room. /health stays as an alias of /healthz for older checks.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { appliedMigration, latestMigration } from '../db/client.js';

export interface Readiness {
  ready: boolean;
  /** The names of the failing checks: database, migrations, disk. */
  failing: string[];
}

/** Free bytes for an unprivileged writer on the disk that holds `path`, or null when unknown. */
export function freeBytes(path: string): number | null {
  try {
    const s = statfsSync(path);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

export default async function routes(app: FastifyInstance): Promise<void> {
  const expected = latestMigration();
  const minFree = app.config.minFreeDiskBytes ?? 0;
  const dataDir = app.config.databaseFile === ':memory:' ? null : dirname(app.config.databaseFile);

  const databaseAnswers = (): boolean => {
    try {
      app.db.$client.prepare('select 1').get();
      return true;
    } catch {
      return false;
    }
  };
  const plain = (reply: FastifyReply) => reply.header('Cache-Control', 'no-store').type('text/plain; charset=utf-8');
  // Every request passes the app's preHandler, which reads the organisation. When the database does
  // not answer, that read would fail, so the probes answer before it (onRequest), and only then.
  const probe = (whenDatabaseFails: (reply: FastifyReply) => FastifyReply, answer: (reply: FastifyReply) => FastifyReply) => ({
    config: { access: 'public' as const },
    onRequest: async (_request: FastifyRequest, reply: FastifyReply) => {
      if (!databaseAnswers()) return whenDatabaseFails(plain(reply));
    },
    handler: async (_request: FastifyRequest, reply: FastifyReply) => answer(plain(reply)),
  });
  const alive = (reply: FastifyReply) => reply.send('ok\n');
  app.get('/healthz', probe(alive, alive));
  app.get('/health', probe(alive, alive));

  const readiness = (): Readiness => {
    const failing: string[] = [];
    try {
      app.db.$client.prepare('select 1').get();
      if (appliedMigration(app.db.$client) < expected) failing.push('migrations');
    } catch {
      failing.push('database');
    }
    if (dataDir) {
      const free = freeBytes(dataDir);
      if (free === null || free < minFree) failing.push('disk');
    }
    return { ready: failing.length === 0, failing };
  };

  app.get(
    '/readyz',
    probe(
      (reply) => reply.code(503).send('not ready: database\n'),
      (reply) => {
        const { ready, failing } = readiness();
        if (ready) return reply.send('ready\n');
        return reply.code(503).send(`not ready: ${failing.join(', ')}\n`);
      },
    ),
  );
}
