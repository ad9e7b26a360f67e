/** Extracts the router key a client presented, in any of the ways SDKs send one. */
import type { IncomingMessage } from 'node:http';

export function presentedKey(req: IncomingMessage, query: URLSearchParams): string | undefined {
  const authorization = req.headers['authorization'];
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match?.[1] !== undefined) return match[1].trim();
  }
  for (const header of ['x-api-key', 'x-goog-api-key'] as const) {
    const value = req.headers[header];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  const fromQuery = query.get('key');
  return fromQuery === null || fromQuery === '' ? undefined : fromQuery;
}
