// Routes of this feature: HTTP only (parse, call, render). Not built yet.
import type { FastifyInstance } from 'fastify';

export default async function routes(_app: FastifyInstance): Promise<void> {}
