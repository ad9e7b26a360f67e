/** Gemini helpers: snake_case-tolerant field reads, usage, finish reasons, MIME guesses. */
import { invalidRequest } from '../../shared/errors.js';
import { isRecord } from '../ir/json.js';
import type { StopReason, Usage } from '../ir/types.js';

export type Json = Record<string, unknown>;

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** REST also accepts proto field names (`inline_data`); Google's own curl samples use them. */
export function field(obj: Json, key: string): unknown {
  const value = obj[key];
  if (value !== undefined) return value;
  const snake = snakeCase(key);
  return snake === key ? undefined : obj[snake];
}

/** Entries whose key is not in `known`, keyed in camelCase (the spelling we emit). */
export function leftovers(obj: Json, known: ReadonlySet<string>): Json | undefined {
  let out: Json | undefined;
  for (const [key, value] of Object.entries(obj)) {
    const name = camelCase(key);
    if (known.has(name) || value === undefined) continue;
    out ??= {};
    out[name] = value;
  }
  return out;
}

/** `path` is the parent's JSON path; '' for top-level fields. */
function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function optionalNumber(obj: Json, key: string, path: string): number | undefined {
  const value = field(obj, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalidRequest(`${at(path, key)} must be a number`, at(path, key));
  }
  return value;
}

export function optionalString(obj: Json, key: string, path: string): string | undefined {
  const value = field(obj, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw invalidRequest(`${at(path, key)} must be a string`, at(path, key));
  return value;
}

export function optionalRecord(obj: Json, key: string, path: string): Json | undefined {
  const value = field(obj, key);
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidRequest(`${at(path, key)} must be an object`, at(path, key));
  return value;
}

export function optionalArray(obj: Json, key: string, path: string): unknown[] | undefined {
  const value = field(obj, key);
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value))
    throw invalidRequest(`${at(path, key)} must be an array`, at(path, key));
  return value;
}

/** Model ids arrive as `gemini-2.5-pro` or `models/gemini-2.5-pro`. */
export function stripModelsPrefix(model: string): string {
  return model.startsWith('models/') ? model.slice('models/'.length) : model;
}

function count(obj: Json, key: string): number {
  const value = field(obj, key);
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/**
 * promptTokenCount includes cachedContentTokenCount; candidatesTokenCount excludes
 * thoughtsTokenCount; toolUsePromptTokenCount is billed as input but counted apart.
 * Proto3 JSON omits zero counts, so absent means 0.
 */
export function usageFromGemini(meta: unknown): Usage | undefined {
  if (!isRecord(meta)) return undefined;
  const cached = count(meta, 'cachedContentTokenCount');
  const thoughts = count(meta, 'thoughtsTokenCount');
  return {
    input:
      Math.max(0, count(meta, 'promptTokenCount') - cached) +
      count(meta, 'toolUsePromptTokenCount'),
    output: count(meta, 'candidatesTokenCount') + thoughts,
    cacheRead: cached,
    cacheWrite: 0,
    reasoning: thoughts,
  };
}

export function usageToGemini(usage: Partial<Usage>): Json {
  const cacheRead = usage.cacheRead ?? 0;
  const reasoning = usage.reasoning ?? 0;
  // Gemini has no cache-write bucket; those tokens were still prompt tokens.
  const prompt = (usage.input ?? 0) + cacheRead + (usage.cacheWrite ?? 0);
  const candidates = Math.max(0, (usage.output ?? 0) - reasoning);
  const out: Json = {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + reasoning,
  };
  if (cacheRead > 0) out.cachedContentTokenCount = cacheRead;
  if (reasoning > 0) out.thoughtsTokenCount = reasoning;
  return out;
}

const FILTER_REASONS = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
]);

export function stopReasonFromGemini(reason: string, sawFunctionCall: boolean): StopReason {
  if (reason === 'STOP') return sawFunctionCall ? 'tool_use' : 'end_turn';
  if (reason === 'MAX_TOKENS') return 'max_tokens';
  if (FILTER_REASONS.has(reason)) return 'content_filter';
  if (
    reason === 'MALFORMED_FUNCTION_CALL' ||
    reason === 'UNEXPECTED_TOOL_CALL' ||
    reason === 'TOO_MANY_TOOL_CALLS'
  ) {
    return 'error';
  }
  return 'other';
}

export function finishReasonToGemini(reason: StopReason): string {
  switch (reason) {
    case 'end_turn':
    case 'tool_use':
    case 'stop_sequence':
    case 'pause_turn':
      return 'STOP';
    case 'max_tokens':
      return 'MAX_TOKENS';
    case 'content_filter':
    case 'refusal':
      return 'SAFETY';
    case 'error':
    case 'other':
      return 'OTHER';
  }
}

const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  html: 'text/html',
  csv: 'text/csv',
  json: 'application/json',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
};

/** fileData needs a MIME type the IR url source does not carry; guess it from the path. */
export function guessMimeType(url: string, fallback: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  const dot = path.lastIndexOf('.');
  if (dot === -1 || dot < path.lastIndexOf('/')) return fallback;
  return MIME_BY_EXTENSION[path.slice(dot + 1).toLowerCase()] ?? fallback;
}

/** Splits a `data:` URL into MIME type and base64 payload. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([^;,]+)?(?:;[^;,]*)*;base64,(.*)$/s.exec(url);
  if (match === null) return undefined;
  return { mediaType: match[1] ?? 'application/octet-stream', data: match[2] ?? '' };
}
