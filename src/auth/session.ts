// Signing in and out: the session id is replaced at sign-in (no fixation) and destroyed at sign-out.
import type { FastifyRequest } from 'fastify';

export async function signIn(request: FastifyRequest, userId: number, now: Date): Promise<void> {
  await request.session.regenerate();
  request.session.userId = userId;
  request.session.loginAt = now.getTime();
  request.session.lastSeenAt = now.getTime();
}

export async function signOut(request: FastifyRequest): Promise<void> {
  await request.session.destroy();
}
