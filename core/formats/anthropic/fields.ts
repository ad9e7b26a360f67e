/** Small readers shared by the Anthropic request, response and stream code. */
import { invalidRequest } from '../../shared/errors.js';
import { isRecord } from '../ir/json.js';
import type { CacheHint, StopReason, Usage } from '../ir/types.js';

export type Json = Record<string, unknown>;

/** `path` is the parent's JSON path; '' for top-level fields. */
export function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function optionalString(obj: Json, key: string, path: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw invalidRequest(`${at(path, key)} must be a string`, at(path, key));
  return value;
}

export function requiredString(obj: Json, key: string, path: string): string {
  const value = optionalString(obj, key, path);
  if (value === undefined) throw invalidRequest(`${at(path, key)} is required`, at(path, key));
  return value;
}

export function optionalNumber(obj: Json, key: string, path: string): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalidRequest(`${at(path, key)} must be a number`, at(path, key));
  }
  return value;
}

export function optionalBoolean(obj: Json, key: string, path: string): boolean | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw invalidRequest(`${at(path, key)} must be a boolean`, at(path, key));
  return value;
}

export function optionalRecord(obj: Json, key: string, path: string): Json | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidRequest(`${at(path, key)} must be an object`, at(path, key));
  return value;
}

/** `cache_control` → IR cache hint; Anthropic only knows `ephemeral` (with an optional ttl). */
export function readCache(obj: Json, path: string): CacheHint | undefined {
  const value = optionalRecord(obj, 'cache_control', path);
  if (value === undefined) return undefined;
  if (value.type !== 'ephemeral') {
    throw invalidRequest(
      `${at(path, 'cache_control')}.type must be "ephemeral"`,
      `${at(path, 'cache_control')}.type`,
    );
  }
  const hint: CacheHint = { type: 'ephemeral' };
  if (typeof value.ttl === 'string') hint.ttl = value.ttl;
  return hint;
}

export function writeCache(target: Json, cache: CacheHint | undefined): Json {
  if (cache !== undefined) {
    target.cache_control = cache.ttl === undefined ? { type: 'ephemeral' } : { ...cache };
  }
  return target;
}

const STOP_REASONS: ReadonlySet<string> = new Set([
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
]);

export function stopReasonFromAnthropic(value: unknown): StopReason {
  if (typeof value !== 'string') return 'other';
  if (STOP_REASONS.has(value)) return value as StopReason;
  // The context window ran out before max_tokens did: the same for a client.
  if (value === 'model_context_window_exceeded') return 'max_tokens';
  return 'other';
}

export function stopReasonToAnthropic(reason: StopReason): string {
  switch (reason) {
    case 'content_filter':
      return 'refusal';
    case 'error':
    case 'other':
      return 'end_turn';
    default:
      return reason;
  }
}

const count = (obj: Json, key: string): number | undefined => {
  const value = obj[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

/**
 * Anthropic's `input_tokens` already excludes cache reads and writes, and
 * `output_tokens` includes thinking, which is exactly the IR's bucketing.
 * Only the fields present are returned, so partial stream usage merges cleanly.
 */
export function usageFromAnthropic(value: unknown): Partial<Usage> {
  if (!isRecord(value)) return {};
  const usage: Partial<Usage> = {};
  const input = count(value, 'input_tokens');
  const output = count(value, 'output_tokens');
  const cacheRead = count(value, 'cache_read_input_tokens');
  const cacheWrite = count(value, 'cache_creation_input_tokens');
  if (input !== undefined) usage.input = input;
  if (output !== undefined) usage.output = output;
  if (cacheRead !== undefined) usage.cacheRead = cacheRead;
  if (cacheWrite !== undefined) usage.cacheWrite = cacheWrite;
  return usage;
}

export function usageToAnthropic(usage: Partial<Usage>): Json {
  return {
    input_tokens: usage.input ?? 0,
    cache_creation_input_tokens: usage.cacheWrite ?? 0,
    cache_read_input_tokens: usage.cacheRead ?? 0,
    output_tokens: usage.output ?? 0,
  };
}

/** Anthropic message ids start with `msg_`; other upstreams' ids are rebased onto that prefix. */
export function messageId(id: string | undefined, fallback: string): string {
  if (id !== undefined && id.startsWith('msg_')) return id;
  return `msg_${fallback.replace(/^[a-z]+_/, '')}`;
}

/** Splits a `data:` URL into media type and base64 payload. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([^;,]+)?(?:;[^;,]*)*;base64,(.*)$/s.exec(url);
  if (match === null) return undefined;
  return { mediaType: match[1] ?? 'application/octet-stream', data: match[2] ?? '' };
}

const CITATION_TYPES: ReadonlySet<string> = new Set([
  'char_location',
  'page_location',
  'content_block_location',
  'web_search_result_location',
  'search_result_location',
]);

/** Annotations another format produced (OpenAI url_citation…) would be rejected by Anthropic. */
export function anthropicCitations(annotations: unknown[] | undefined): unknown[] | undefined {
  if (annotations === undefined) return undefined;
  const kept = annotations.filter(
    (a) => isRecord(a) && typeof a.type === 'string' && CITATION_TYPES.has(a.type),
  );
  return kept.length > 0 ? kept : undefined;
}
