/**
 * Turns one upstream failure into what routing should do about it: hand the
 * error back (`request`), mark the account for login (`auth`), cool the
 * account or model down until a reset time (`quota`), or move on to the next
 * candidate (`transient`). See docs "Signals for routing" in providers.md.
 */
import { kindForHttpStatus } from '../formats/ir/http-status.js';
import { isRecord } from '../formats/ir/json.js';
import type { ErrorKind, UpstreamErrorInfo } from '../formats/ir/types.js';
import {
  epochToMs,
  firstHeaderValue,
  parseGoDuration,
  parseResetTime,
  parseRetryAfter,
} from '../http/retry-after.js';

export type FailureClass = 'request' | 'auth' | 'quota' | 'transient';

export interface FailureSignal {
  class: FailureClass;
  /** Epoch ms when the limit lifts; set only for `quota`. */
  resetAt?: number;
  /** True when the limit covers one model, false when it covers the whole account. */
  perModel: boolean;
  /** For logs and the dashboard; never parsed. */
  detail: string;
}

export type TransportFailure = 'reset' | 'timeout' | 'refused';

export interface FailureInput {
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  /** The decoded upstream error, also how errors inside an HTTP 200 stream arrive. */
  error?: UpstreamErrorInfo;
  /** The parsed error body (a JSON string is parsed here). */
  body?: unknown;
  transport?: TransportFailure;
}

/** Cool-down used when a quota error names no reset time. */
export const DEFAULT_QUOTA_COOLDOWN_MS = 60_000;

/** Structured codes (never message text) that mean "out of quota" whatever the status. */
const QUOTA_CODES = new Set([
  'usage_limit_reached',
  'insufficient_quota',
  'rate_limit_exceeded',
  'rate_limit_error',
  'quota_exceeded',
  'resource_exhausted',
  'rate_limit_reached',
]);

/** Codes that mean the whole account (its billing or plan) is out, not one model. */
const ACCOUNT_QUOTA_CODES = new Set(['usage_limit_reached', 'insufficient_quota']);

export function classifyFailure(input: FailureInput, now: number): FailureSignal {
  if (input.transport !== undefined) {
    return { class: 'transient', perModel: false, detail: `transport ${input.transport}` };
  }
  const status = effectiveStatus(input);
  const kind: ErrorKind | undefined =
    input.error?.kind ?? (status === undefined ? undefined : kindForHttpStatus(status));
  const body = parseBody(input.body);
  const codes = errorCodes(body, input.error);
  const label = describe(status, kind, input.error?.code);
  const saysQuota = [...codes].some((code) => QUOTA_CODES.has(code)) || hasQuotaFailure(body);

  if (status === 429 || kind === 'rate_limit' || status === 402) {
    return quotaSignal(input, body, codes, now, label);
  }
  if ((status === 403 || kind === 'permission') && saysQuota) {
    return quotaSignal(input, body, codes, now, label);
  }
  if (status === 401 || kind === 'authentication' || status === 403 || kind === 'permission') {
    return { class: 'auth', perModel: false, detail: label };
  }
  if (
    status === 400 ||
    status === 413 ||
    status === 422 ||
    kind === 'invalid_request' ||
    kind === 'request_too_large'
  ) {
    return { class: 'request', perModel: false, detail: label };
  }
  // 5xx, 529, overloaded, timeouts, and anything unrecognised: another candidate may work.
  return { class: 'transient', perModel: false, detail: label };
}

/** A status only counts when it is an error status; stream errors inside a 200 carry their own. */
function effectiveStatus(input: FailureInput): number | undefined {
  if (input.status !== undefined && input.status >= 400) return input.status;
  return input.error?.status;
}

function describe(status: number | undefined, kind: ErrorKind | undefined, code?: string): string {
  const parts = [
    status === undefined ? undefined : `HTTP ${status}`,
    kind,
    code === undefined ? undefined : `(${code})`,
  ];
  return parts.filter((part) => part !== undefined).join(' ') || 'unknown failure';
}

interface ResetReading {
  resetAt: number;
  perModel: boolean;
  source: string;
}

/** Each reader looks at one signal; the first that answers, in order of precision, wins. */
type ResetReader = (
  headers: Map<string, string>,
  body: unknown,
  now: number,
) => ResetReading | undefined;

const RESET_READERS: readonly ResetReader[] = [
  readCodexUsageLimit,
  readAnthropicUnified,
  readAnthropicBuckets,
  readOpenAiBuckets,
  readGeminiRetryInfo,
  readRetryAfter,
];

function quotaSignal(
  input: FailureInput,
  body: unknown,
  codes: ReadonlySet<string>,
  now: number,
  label: string,
): FailureSignal {
  const headers = lowerCaseHeaders(input.headers);
  const accountWide = [...codes].some((code) => ACCOUNT_QUOTA_CODES.has(code));
  for (const read of RESET_READERS) {
    const reading = read(headers, body, now);
    if (reading === undefined) continue;
    return {
      class: 'quota',
      resetAt: Math.ceil(reading.resetAt),
      perModel: reading.perModel && !accountWide,
      detail: `${label}: resets per ${reading.source}`,
    };
  }
  return {
    class: 'quota',
    resetAt: now + DEFAULT_QUOTA_COOLDOWN_MS,
    perModel: false,
    detail: `${label}: no reset signal, guessed ${DEFAULT_QUOTA_COOLDOWN_MS / 1000}s cool-down`,
  };
}

/** Codex: `{"error": {"type": "usage_limit_reached", "resets_at": <epoch s>, "resets_in_seconds": n}}`. */
function readCodexUsageLimit(
  _headers: Map<string, string>,
  body: unknown,
  now: number,
): ResetReading | undefined {
  const error = errorObject(body);
  if (error === undefined) return undefined;
  if (error.type !== 'usage_limit_reached' && error.code !== 'usage_limit_reached') {
    return undefined;
  }
  const resetsAt = finiteNumber(error.resets_at);
  if (resetsAt !== undefined && epochToMs(resetsAt) > now) {
    return {
      resetAt: epochToMs(resetsAt),
      perModel: false,
      source: 'usage_limit_reached resets_at',
    };
  }
  const resetsIn = finiteNumber(error.resets_in_seconds);
  if (resetsIn !== undefined && resetsIn >= 0) {
    return {
      resetAt: now + resetsIn * 1000,
      perModel: false,
      source: 'usage_limit_reached resets_in_seconds',
    };
  }
  return undefined;
}

/**
 * Subscription windows (5 h, 7 d) cover the whole account. The overall
 * `-unified-reset` is preferred; otherwise a window whose status is
 * "rejected", else the latest window reset.
 */
function readAnthropicUnified(
  headers: Map<string, string>,
  _body: unknown,
  now: number,
): ResetReading | undefined {
  const overall = headers.get('anthropic-ratelimit-unified-reset');
  const overallAt = overall === undefined ? undefined : parseResetTime(overall);
  if (overallAt !== undefined && overallAt > now) {
    return {
      resetAt: overallAt,
      perModel: false,
      source: 'anthropic-ratelimit-unified-reset',
    };
  }
  const windows = bucketResets(
    headers,
    /^anthropic-ratelimit-unified-([\w-]+)-reset$/,
    (name) => headers.get(`anthropic-ratelimit-unified-${name}-status`) === 'rejected',
    (value) => parseResetTime(value),
    now,
  );
  return windows === undefined ? undefined : { ...windows, perModel: false };
}

/** API-key limits (requests, tokens, input/output tokens) apply per model. */
function readAnthropicBuckets(
  headers: Map<string, string>,
  _body: unknown,
  now: number,
): ResetReading | undefined {
  const reading = bucketResets(
    headers,
    /^anthropic-ratelimit-(requests|tokens|input-tokens|output-tokens)-reset$/,
    (name) => headers.get(`anthropic-ratelimit-${name}-remaining`) === '0',
    (value) => parseResetTime(value),
    now,
  );
  return reading === undefined ? undefined : { ...reading, perModel: true };
}

/**
 * OpenAI `x-ratelimit-reset-{requests,tokens}` durations apply per model.
 * A bare `x-ratelimit-reset` (OpenRouter and others) is an epoch or seconds
 * count for the whole key.
 */
function readOpenAiBuckets(
  headers: Map<string, string>,
  _body: unknown,
  now: number,
): ResetReading | undefined {
  const reading = bucketResets(
    headers,
    /^x-ratelimit-reset-(requests|tokens)$/,
    (name) => headers.get(`x-ratelimit-remaining-${name}`) === '0',
    (value) => {
      const seconds = parseGoDuration(value);
      return seconds === undefined ? undefined : now + seconds * 1000;
    },
    now,
  );
  if (reading !== undefined) return { ...reading, perModel: true };
  const bare = headers.get('x-ratelimit-reset');
  if (bare === undefined) return undefined;
  const number = Number(bare);
  const at = Number.isFinite(number)
    ? number >= 1e9
      ? epochToMs(number)
      : now + number * 1000
    : ((): number | undefined => {
        const seconds = parseGoDuration(bare);
        return seconds === undefined ? parseResetTime(bare) : now + seconds * 1000;
      })();
  return at !== undefined && at > now
    ? { resetAt: at, perModel: false, source: 'x-ratelimit-reset' }
    : undefined;
}

/**
 * Among several bucket headers, the exhausted ones (remaining 0) say which
 * reset matters; when none says, the latest reset is the safe one.
 */
function bucketResets(
  headers: Map<string, string>,
  pattern: RegExp,
  exhausted: (bucket: string) => boolean,
  parse: (value: string) => number | undefined,
  now: number,
): Omit<ResetReading, 'perModel'> | undefined {
  const found: { name: string; at: number; exhausted: boolean }[] = [];
  for (const [name, value] of headers) {
    const bucket = pattern.exec(name)?.[1];
    if (bucket === undefined) continue;
    const at = parse(value);
    if (at === undefined || at <= now) continue;
    found.push({ name, at, exhausted: exhausted(bucket) });
  }
  const relevant = found.some((entry) => entry.exhausted)
    ? found.filter((entry) => entry.exhausted)
    : found;
  let latest: (typeof found)[number] | undefined;
  for (const entry of relevant) if (latest === undefined || entry.at > latest.at) latest = entry;
  return latest === undefined ? undefined : { resetAt: latest.at, source: latest.name };
}

/**
 * Google RPC: `error.details[]` holds a `…RetryInfo` with `retryDelay: "37s"`,
 * and a `…QuotaFailure` whose violations name a model when the quota is per model.
 * Cloud Code (Antigravity) puts `quotaResetDelay` in an `…ErrorInfo`'s metadata.
 */
function readGeminiRetryInfo(
  _headers: Map<string, string>,
  body: unknown,
  now: number,
): ResetReading | undefined {
  const details = errorDetails(body);
  const perModel = quotaNamesModel(details);
  for (const detail of details) {
    if (!typeEndsWith(detail, 'RetryInfo') || typeof detail.retryDelay !== 'string') continue;
    const seconds = parseGoDuration(detail.retryDelay);
    if (seconds !== undefined) {
      return { resetAt: now + seconds * 1000, perModel, source: 'RetryInfo retryDelay' };
    }
  }
  for (const detail of details) {
    if (!typeEndsWith(detail, 'ErrorInfo') || !isRecord(detail.metadata)) continue;
    const delay = detail.metadata.quotaResetDelay;
    const seconds = typeof delay === 'string' ? parseGoDuration(delay) : undefined;
    if (seconds !== undefined) {
      // Antigravity's quotas are per model, and its ErrorInfo names the model when so.
      const namesModel = perModel || typeof detail.metadata.model === 'string';
      return {
        resetAt: now + seconds * 1000,
        perModel: namesModel,
        source: 'ErrorInfo quotaResetDelay',
      };
    }
  }
  return undefined;
}

function readRetryAfter(
  headers: Map<string, string>,
  _body: unknown,
  now: number,
): ResetReading | undefined {
  const value = headers.get('retry-after');
  const at = value === undefined ? undefined : parseRetryAfter(value, now);
  // Nothing says whether a bare retry-after is per model; cool the account to be safe.
  return at !== undefined && at > now
    ? { resetAt: at, perModel: false, source: 'retry-after' }
    : undefined;
}

function quotaNamesModel(details: readonly Record<string, unknown>[]): boolean {
  return details.some(
    (detail) =>
      typeEndsWith(detail, 'QuotaFailure') &&
      Array.isArray(detail.violations) &&
      detail.violations.some(
        (violation) =>
          isRecord(violation) &&
          ((isRecord(violation.quotaDimensions) && 'model' in violation.quotaDimensions) ||
            (typeof violation.quotaId === 'string' && violation.quotaId.includes('PerModel'))),
      ),
  );
}

function hasQuotaFailure(body: unknown): boolean {
  return errorDetails(body).some((detail) => typeEndsWith(detail, 'QuotaFailure'));
}

function typeEndsWith(detail: Record<string, unknown>, suffix: string): boolean {
  const type = detail['@type'];
  return typeof type === 'string' && type.endsWith(suffix);
}

function errorDetails(body: unknown): Record<string, unknown>[] {
  const details = errorObject(body)?.details;
  return Array.isArray(details) ? details.filter(isRecord) : [];
}

/** Lower-cased `type`, `code` and `status` strings from the body and the decoded error. */
function errorCodes(body: unknown, info: UpstreamErrorInfo | undefined): Set<string> {
  const codes = new Set<string>();
  const error = errorObject(body);
  for (const value of [error?.type, error?.code, error?.status, info?.code]) {
    if (typeof value === 'string' && value !== '') codes.add(value.toLowerCase());
  }
  for (const detail of errorDetails(body)) {
    if (typeof detail.reason === 'string') codes.add(detail.reason.toLowerCase());
  }
  return codes;
}

/** `{"error": {...}}`, or the same wrapped in an array as Gemini's non-SSE stream sends it. */
function errorObject(body: unknown): Record<string, unknown> | undefined {
  const root = Array.isArray(body) ? (body as unknown[])[0] : body;
  return isRecord(root) && isRecord(root.error) ? root.error : undefined;
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  const text = body.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return body;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return body;
  }
}

function lowerCaseHeaders(headers: FailureInput['headers']): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = firstHeaderValue(raw);
    if (value !== undefined) out.set(name.toLowerCase(), value.trim());
  }
  return out;
}

function finiteNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}
