// The home page: what needs attention first, then the portfolio.
import type { FastifyInstance } from 'fastify';

export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { access: 'signed_in' } }, async (_request, reply) => {
    return reply.page('dashboard/index', {});
  });
}
