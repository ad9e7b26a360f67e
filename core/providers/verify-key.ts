/**
 * Checks an API key before it is saved, with the cheapest authenticated read
 * each upstream offers (a model listing, or the endpoint's own `keyCheck`
 * path), so a typo shows up at once rather than on the first request. No
 * tokens are spent; the key goes only into the request's auth header.
 */
import { request, type Dispatcher } from 'undici';
import { upstreamHeaders } from '../engine/upstream-target.js';
import type { ResolvedProvider } from './catalog.js';
import type { ProviderEndpoint } from './types.js';

/** Messages are fragments without a closing full stop, for callers to write into sentences. */
export type KeyCheck =
  | { outcome: 'valid' }
  /** The upstream refused the key; `message` is its own reason, the key masked out. */
  | { outcome: 'rejected'; message: string }
  /** No answer, a timeout or a server error: the key may still be fine. */
  | { outcome: 'unreachable'; message: string }
  /** The provider offers nothing to check a key with, or answered something that says neither. */
  | { outcome: 'unchecked'; message: string };

export interface KeyCheckOptions {
  /** The upstream dispatcher (the engine's, so proxies and test redirects apply). */
  dispatcher?: Dispatcher;
  /** The whole check is given up after this long (default 8 s). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 8_000;
/** Enough of an error body to find its message; anything longer is cut. */
const MAX_BODY_BYTES = 16_384;
const MAX_MESSAGE_CHARS = 300;

export async function verifyApiKey(
  provider: ResolvedProvider,
  apiKey: string,
  options: KeyCheckOptions = {},
): Promise<KeyCheck> {
  const target = checkTarget(provider.endpoints);
  if (target === undefined) {
    return {
      outcome: 'unchecked',
      message: `${provider.definition.displayName} offers no way to check a key`,
    };
  }
  const { endpoint, url } = target;
  const host = new URL(url).host;
  const headers = upstreamHeaders(endpoint, provider.definition, apiKey, {});
  delete headers['content-type'];
  headers['accept'] = 'application/json';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let status: number;
  let body: string;
  try {
    const reply = await request(url, {
      method: 'GET',
      headers,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    });
    status = reply.statusCode;
    body =
      status >= 200 && status < 300 ? (await reply.body.dump(), '') : await readSome(reply.body);
  } catch (error) {
    const reason = signal.aborted ? 'timed out' : errorCode(error);
    return {
      outcome: 'unreachable',
      message: `could not reach ${host}${reason === undefined ? '' : ` (${reason})`}`,
    };
  }
  if (status >= 200 && status < 300) return { outcome: 'valid' };
  const said = upstreamMessage(body, apiKey);
  const told = `${host} answered HTTP ${status}${said === undefined ? '' : `: ${said}`}`;
  if (status === 401 || status === 403 || (status === 400 && body.includes('API_KEY_INVALID'))) {
    return { outcome: 'rejected', message: said ?? `${host} answered HTTP ${status}` };
  }
  if (status >= 500) return { outcome: 'unreachable', message: told };
  // 404 (no listing there), 429 and the like say nothing about the key itself.
  return { outcome: 'unchecked', message: told };
}

/**
 * The preferred endpoint's check URL. Only that endpoint is asked: another
 * endpoint of the same provider may take different keys (Kimi's coding plan).
 */
function checkTarget(
  endpoints: readonly ProviderEndpoint[],
): { endpoint: ProviderEndpoint; url: string } | undefined {
  const endpoint = endpoints[0];
  if (endpoint === undefined || endpoint.auth === 'none' || endpoint.baseUrl === '')
    return undefined;
  const path = endpoint.keyCheck === undefined ? defaultCheckPath(endpoint) : endpoint.keyCheck;
  return path === null ? undefined : { endpoint, url: `${endpoint.baseUrl}${path}` };
}

/** Every API-key wire format lists models under its base URL; the login-only ones do not. */
function defaultCheckPath(endpoint: ProviderEndpoint): string | null {
  switch (endpoint.format) {
    case 'openai-chat':
    case 'openai-responses':
    case 'anthropic':
    case 'gemini':
      return '/models';
    case 'kiro':
    case 'antigravity':
      return null;
  }
}

async function readSome(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_BODY_BYTES) break;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY_BYTES);
}

/**
 * The vendor's own sentence from its error body (OpenAI and Gemini nest it in
 * `error.message`, Anthropic in `error.message` under `type: error`), one
 * line, short, and never holding the key.
 */
function upstreamMessage(body: string, apiKey: string): string | undefined {
  let message: unknown;
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
    message =
      typeof parsed.error === 'object' && parsed.error !== null
        ? (parsed.error as { message?: unknown }).message
        : typeof parsed.error === 'string'
          ? parsed.error
          : parsed.message;
  } catch {
    return undefined;
  }
  if (typeof message !== 'string' || message.trim() === '') return undefined;
  let text = message.split(apiKey).join('[key]');
  // Control characters and line breaks have no place in a one-line reason.
  text = [...text.replace(/\s+/g, ' ')]
    .filter((char) => char >= ' ' && char !== '\u007f')
    .join('')
    .trim();
  // Callers end the sentence themselves.
  text = text.replace(/[.\s]+$/, '');
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS - 1)}…` : text;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
