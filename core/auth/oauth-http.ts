/**
 * The small JSON/form HTTP calls OAuth endpoints need, on the one HTTP client
 * (undici with an injectable dispatcher). Transport failures and upstream 5xx
 * become `OAuthTransportError`, so callers can tell "try again" from "refused".
 */
import { request, type Dispatcher } from 'undici';
import { createUpstreamDispatcher } from '../http/client.js';

export interface OAuthRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Sent as `application/x-www-form-urlencoded`. */
  form?: Record<string, string>;
  /** Sent as `application/json`. */
  json?: unknown;
  signal?: AbortSignal;
}

export interface OAuthReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  body: unknown;
}

/** The endpoint could not be reached, or answered with a server error: worth retrying later. */
export class OAuthTransportError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OAuthTransportError';
  }
}

let sharedDispatcher: Dispatcher | undefined;

/** The proxy-aware dispatcher used when a caller does not inject one; built on first use. */
export function defaultDispatcher(): Dispatcher {
  sharedDispatcher ??= createUpstreamDispatcher({
    headersTimeoutMs: 30_000,
    bodyTimeoutMs: 30_000,
  });
  return sharedDispatcher;
}

export async function sendOAuthRequest(
  dispatcher: Dispatcher,
  call: OAuthRequest,
): Promise<OAuthReply> {
  const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
  let body: string | undefined;
  if (call.form !== undefined) {
    body = new URLSearchParams(call.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (call.json !== undefined) {
    body = JSON.stringify(call.json);
    headers['content-type'] = 'application/json';
  }
  const method = call.method ?? (body === undefined ? 'GET' : 'POST');
  try {
    const reply = await request(call.url, {
      method,
      headers,
      dispatcher,
      ...(body === undefined ? {} : { body }),
      ...(call.signal === undefined ? {} : { signal: call.signal }),
    });
    const text = await reply.body.text();
    return { status: reply.statusCode, headers: reply.headers, body: parseJson(text) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OAuthTransportError(`${method} ${safeOrigin(call.url)} failed: ${reason}`, {
      cause: error,
    });
  }
}

/** Throws `OAuthTransportError` for a 5xx or 429 answer, which says nothing about the credentials. */
export function throwIfTransient(reply: OAuthReply, what: string): void {
  if (reply.status >= 500 || reply.status === 429) {
    throw new OAuthTransportError(`${what} answered HTTP ${reply.status}`);
  }
}

export function stringField(body: unknown, name: string): string | undefined {
  const value = fieldOf(body, name);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function numberField(body: unknown, name: string): number | undefined {
  const value = fieldOf(body, name);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function objectField(body: unknown, name: string): Record<string, unknown> | undefined {
  const value = fieldOf(body, name);
  return isRecord(value) ? value : undefined;
}

/** The `error_description` (or `message`) a failed OAuth call carries, for a human-readable failure. */
export function describeError(reply: OAuthReply): string {
  return (
    stringField(reply.body, 'error_description') ??
    stringField(reply.body, 'message') ??
    stringField(reply.body, 'error') ??
    `HTTP ${reply.status}`
  );
}

function fieldOf(body: unknown, name: string): unknown {
  return isRecord(body) ? body[name] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function safeOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'endpoint';
  }
}
