/**
 * Who may talk to the server. The Host check stops DNS rebinding (a web page
 * whose domain resolves to 127.0.0.1); the Origin check stops other web pages
 * from driving the API from a browser. CORS is never opened to `*`.
 */
import { isIP } from 'node:net';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Splits a Host header value into its name, without port or brackets. */
export function hostName(hostHeader: string): string {
  const trimmed = hostHeader.trim().toLowerCase();
  if (trimmed.startsWith('[')) {
    const end = trimmed.indexOf(']');
    return end === -1 ? trimmed : trimmed.slice(1, end);
  }
  const colon = trimmed.lastIndexOf(':');
  return colon === -1 ? trimmed : trimmed.slice(0, colon);
}

export function isLoopbackName(name: string): boolean {
  if (LOOPBACK_NAMES.has(name) || name.endsWith('.localhost')) return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || (isIP(plain) === 4 && plain.startsWith('127.'));
}

export interface HostPolicy {
  /** Extra names the user allowed for a deliberate non-loopback bind. */
  allowedHosts: readonly string[];
  /** True when the server listens beyond loopback; then IP-literal Hosts are fine (no DNS involved). */
  boundBeyondLoopback: boolean;
}

export function isAllowedHost(hostHeader: string | undefined, policy: HostPolicy): boolean {
  if (hostHeader === undefined || hostHeader === '') return false;
  const name = hostName(hostHeader);
  if (isLoopbackName(name)) return true;
  if (policy.allowedHosts.some((allowed) => allowed.toLowerCase() === name)) return true;
  return policy.boundBeyondLoopback && isIP(name) !== 0;
}

/**
 * A browser request is allowed only from the server's own origin (the
 * dashboard). Requests without an Origin (CLIs, SDKs) are not browser requests.
 */
export function isAllowedOrigin(
  origin: string | undefined,
  hostHeader: string | undefined,
): boolean {
  if (origin === undefined) return true;
  if (hostHeader === undefined) return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return parsed.host.toLowerCase() === hostHeader.trim().toLowerCase();
}
