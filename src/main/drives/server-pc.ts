// Whether a request comes from the server PC itself (issue 6, item 3). External drives are plugged into the
// computer that runs the journal server; a browser on another PC of the school would see drives that are not
// next to its user, and an archive "written to E:" from the staffroom would land on the office PC. So features
// that touch drives ask for a request from loopback: a browser or the desktop shell on the server PC.

import type { FastifyRequest } from 'fastify';
import { SERVER_PC_ONLY_MESSAGE } from '../../shared/api/drives-schemas';
import { forbidden } from '../common/app-error';

/** The Russian refusal for a request from another PC (the UI shows the same text); see assertServerPcRequest. */
export { SERVER_PC_ONLY_MESSAGE };

const LOOPBACK_V4 = /^127(?:\.\d{1,3}){3}$/;

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackAddress(address: string | undefined | null): boolean {
  if (!address) return false;
  const plain = address.toLowerCase().replace(/^::ffff:/, '');
  return plain === '::1' || LOOPBACK_V4.test(plain);
}

/**
 * The socket's address, not `request.ip`: the server trusts no proxy headers (no trustProxy), and a forwarded
 * header from the LAN must not make a staffroom PC pass for the server PC.
 */
export function isServerPcRequest(request: FastifyRequest): boolean {
  return isLoopbackAddress(request.socket?.remoteAddress ?? request.ip);
}

/** For routes that write to a drive: a 403 with the Russian explanation when the request is from another PC. */
export function assertServerPcRequest(request: FastifyRequest): void {
  if (!isServerPcRequest(request)) throw forbidden(SERVER_PC_ONLY_MESSAGE);
}
