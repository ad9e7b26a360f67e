// Helpers for the fakes' own tests: authenticated fetch calls and SSE reading.
import { SseParser } from '../../sse/parser.js';
import type { SseEvent } from '../../sse/types.js';
import { DEFAULT_UPSTREAM_KEY } from './server.js';
import type { FakeFormat, FakeUpstream } from './types.js';

export function authHeaders(
  format: FakeFormat,
  key = DEFAULT_UPSTREAM_KEY,
): Record<string, string> {
  if (format === 'anthropic') return { 'x-api-key': key, 'anthropic-version': '2023-06-01' };
  if (format === 'gemini') return { 'x-goog-api-key': key };
  return { authorization: `Bearer ${key}` };
}

/** POSTs JSON (or a raw string) to `baseUrl + path` with the format's auth headers. */
export function post(
  fake: FakeUpstream,
  path: string,
  body: unknown,
  init: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Response> {
  return fetch(`${fake.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(fake.format), ...init.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(init.signal === undefined ? {} : { signal: init.signal }),
  });
}

export async function readSse(response: Response): Promise<SseEvent[]> {
  const parser = new SseParser();
  const events = parser.push(await response.text());
  return [...events, ...parser.end()];
}

export function dataOf(events: SseEvent[]): Record<string, unknown>[] {
  return events.map((event) => JSON.parse(event.data) as Record<string, unknown>);
}

/** Follows a path of keys and indexes into parsed JSON; undefined when it runs out. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

/** Changes one character in the middle of a token, always to a different one. */
export function tamper(token: string): string {
  const i = Math.floor(token.length / 2);
  const replacement = token[i] === 'A' ? 'B' : 'A';
  return `${token.slice(0, i)}${replacement}${token.slice(i + 1)}`;
}
