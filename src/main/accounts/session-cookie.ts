// The session cookie and what a request tells about its client: shared by login, setup and registration.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerControl } from '../common/route-types';
import { sessionPolicy } from '../settings/school-settings';
import { SESSION_COOKIE, type ClientInfo } from './sessions';

export function clientOf(request: FastifyRequest): ClientInfo {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}

export async function setSessionCookie(control: ServerControl, reply: FastifyReply, token: string): Promise<void> {
  const policy = await sessionPolicy(control.db);
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    maxAge: policy.absoluteHours * 3600,
  });
}
