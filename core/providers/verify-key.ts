/**
 * Checks an API key with the cheapest call each wire format offers (listing
 * models) before it is saved, so a typo shows up at `provider add` rather
 * than on the first request.
 */
import { request, type Dispatcher } from 'undici';
import { upstreamHeaders } from '../engine/upstream-target.js';
import type { ResolvedProvider } from './catalog.js';

export type KeyCheck =
  | { ok: true }
  /** The upstream refused the key (401/403). */
  | { ok: false; reason: 'rejected'; message: string }
  /** The upstream could not be reached; the key may still be fine. */
  | { ok: false; reason: 'unreachable'; message: string }
  /** The upstream answered something else (no listing endpoint, an outage). */
  | { ok: false; reason: 'inconclusive'; message: string };

export async function verifyApiKey(
  provider: ResolvedProvider,
  apiKey: string,
  dispatcher?: Dispatcher,
): Promise<KeyCheck> {
  const endpoint = provider.endpoints[0];
  if (endpoint === undefined || endpoint.baseUrl === '') {
    return { ok: false, reason: 'inconclusive', message: 'the provider has no endpoint to check' };
  }
  const url = `${endpoint.baseUrl}/models`;
  const headers = upstreamHeaders(endpoint, provider.definition, apiKey, {});
  delete headers['content-type'];
  try {
    const reply = await request(url, {
      method: 'GET',
      headers,
      headersTimeout: 15_000,
      bodyTimeout: 15_000,
      ...(dispatcher === undefined ? {} : { dispatcher }),
    });
    await reply.body.dump();
    if (reply.statusCode >= 200 && reply.statusCode < 300) return { ok: true };
    if (reply.statusCode === 401 || reply.statusCode === 403) {
      return {
        ok: false,
        reason: 'rejected',
        message: `${new URL(url).host} refused the key (HTTP ${reply.statusCode})`,
      };
    }
    return {
      ok: false,
      reason: 'inconclusive',
      message: `${new URL(url).host} answered HTTP ${reply.statusCode} to a model listing`,
    };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return {
      ok: false,
      reason: 'unreachable',
      message: `could not reach ${new URL(url).host}${typeof code === 'string' ? ` (${code})` : ''}`,
    };
  }
}
