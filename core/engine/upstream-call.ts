/**
 * Sends one request upstream and turns transport failures and error statuses
 * into typed values. Reading a success body is left to the caller.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import type { InboundFormat, UpstreamCodec } from '../formats/codec.js';
import type { ErrorKind, UpstreamErrorInfo } from '../formats/ir/types.js';
import { retryAfterSeconds } from '../http/retry-after.js';
import { SwitchyardError, statusForKind } from '../shared/errors.js';

export interface UpstreamReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Dispatcher.ResponseData['body'];
}

const MAX_ERROR_BODY_BYTES = 1024 * 1024;

/** Opens the upstream request; throws `SwitchyardError` for transport failures. */
export async function callUpstream(
  dispatcher: Dispatcher,
  url: string,
  headers: Record<string, string>,
  body: string | readonly Buffer[],
  signal: AbortSignal,
): Promise<UpstreamReply> {
  try {
    const reply = await request(url, {
      method: 'POST',
      // Chunks go out as they are; the declared length keeps the request unchunked.
      headers:
        typeof body === 'string'
          ? headers
          : { ...headers, 'content-length': String(byteLength(body)) },
      body: typeof body === 'string' ? body : Readable.from(body),
      signal,
      dispatcher,
    });
    return {
      status: reply.statusCode,
      headers: reply.headers as IncomingHttpHeaders,
      body: reply.body,
    };
  } catch (error) {
    throw transportError(error, url);
  }
}

function byteLength(chunks: readonly Buffer[]): number {
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  return total;
}

export function transportError(error: unknown, url: string): SwitchyardError {
  const code = (error as { code?: unknown } | null)?.code;
  const host = safeHost(url);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new SwitchyardError('upstream_timeout', `The upstream ${host} did not answer in time.`, {
      status: 504,
      cause: error,
    });
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new SwitchyardError('upstream_timeout', `The upstream ${host} went silent mid-reply.`, {
      status: 504,
      cause: error,
    });
  }
  const detail = typeof code === 'string' ? ` (${code})` : '';
  return new SwitchyardError('upstream_error', `Could not reach the upstream ${host}${detail}.`, {
    status: 502,
    cause: error,
  });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'server';
  }
}

/** Reads an error body, capped, as JSON when it parses and as text otherwise. */
export async function readErrorBody(reply: UpstreamReply): Promise<{ raw: Buffer; json: unknown }> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of reply.body) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > MAX_ERROR_BODY_BYTES) break;
      chunks.push(buffer);
    }
  } catch {
    // A body cut short still says what it said so far.
  }
  const raw = Buffer.concat(chunks);
  const text = raw.toString('utf8');
  try {
    return { raw, json: JSON.parse(text) as unknown };
  } catch {
    return { raw, json: text };
  }
}

/** Statuses that mean the same in every format and are passed through as they are. */
const SHARED_STATUSES = new Set([400, 401, 403, 404, 413, 422, 429]);

/** The status to show a client of `inbound` for an upstream failure. */
export function clientStatus(
  upstreamStatus: number | undefined,
  kind: ErrorKind,
  inbound: InboundFormat,
): number {
  if (upstreamStatus !== undefined && SHARED_STATUSES.has(upstreamStatus)) return upstreamStatus;
  if (kind === 'overloaded') return inbound === 'anthropic' ? 529 : 503;
  return statusForKind(kind);
}

/** An upstream error status reply → a typed error the inbound codec can render. */
export function upstreamFailure(
  codec: UpstreamCodec,
  reply: UpstreamReply,
  json: unknown,
  inbound: InboundFormat,
): SwitchyardError {
  const info = codec.parseError(reply.status, json);
  return errorFromInfo(info, inbound, reply.status, retryAfterSeconds(reply.headers));
}

export function errorFromInfo(
  info: UpstreamErrorInfo,
  inbound: InboundFormat,
  upstreamStatus?: number,
  retryAfter?: number,
): SwitchyardError {
  const status = clientStatus(upstreamStatus ?? info.status, info.kind, inbound);
  return new SwitchyardError('upstream_error', info.message, {
    status,
    kind: info.kind,
    ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
  });
}
