// Checks on every request before routing. Host: a page on a foreign site that rebinds its
// DNS name to this PC (DNS rebinding) sends its own name as Host; only this PC's names
// are accepted. Origin: writes must come from the journal's own pages (with SameSite=Strict
// cookies and the JSON-only rule this closes cross-site request forgery).

import os from 'node:os';

export interface HostPolicy {
  /** Whether the server is reachable from the LAN (then its LAN addresses and name count too). */
  isLanOpen: boolean;
  lanAddresses: readonly string[];
  hostname: string;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function hostnameOf(hostHeader: string): string {
  // "name:port", "[v6]:port" -> name / [v6]
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(hostHeader.trim().toLowerCase());
  return match ? match[1]! : '';
}

export function isAllowedHost(hostHeader: string | undefined, policy: HostPolicy): boolean {
  if (!hostHeader) return false;
  const name = hostnameOf(hostHeader);
  if (LOOPBACK_NAMES.has(name)) return true;
  if (!policy.isLanOpen) return false;
  const own = policy.hostname.toLowerCase();
  return policy.lanAddresses.includes(name) || name === own || name === `${own}.local` || name.startsWith(`${own}.`);
}

export function currentHostPolicy(isLanOpen: boolean, lanAddresses: readonly string[]): HostPolicy {
  return { isLanOpen, lanAddresses, hostname: os.hostname() };
}

/** True when the Origin header names the same host the request was sent to. */
export function isSameOrigin(origin: string, hostHeader: string | undefined): boolean {
  try {
    return new URL(origin).host === hostHeader;
  } catch {
    // "null" (sandboxed frames, some redirects) or garbage: not our page.
    return false;
  }
}
