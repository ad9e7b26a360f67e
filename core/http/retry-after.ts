/**
 * Reads how long an upstream wants us to wait from its rate-limit headers:
 * `retry-after` (seconds or HTTP date), OpenAI's `x-ratelimit-reset-*`
 * durations ("6m0s", "1.5s", "20ms") and Anthropic's RFC 3339 reset times.
 * The single-value parsers are exported for routing, which weighs each
 * signal on its own instead of taking the longest.
 */
import type { IncomingHttpHeaders } from 'node:http';

type HeaderValue = IncomingHttpHeaders[string];

export function firstHeaderValue(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Seconds until retry, rounded up; undefined when no header says. */
export function retryAfterSeconds(
  headers: IncomingHttpHeaders,
  now = Date.now(),
): number | undefined {
  const candidates: number[] = [];
  const retryAfter = firstHeaderValue(headers['retry-after']);
  if (retryAfter !== undefined) {
    const at = parseRetryAfter(retryAfter, now);
    if (at !== undefined) candidates.push((at - now) / 1000);
  }
  for (const [name, raw] of Object.entries(headers)) {
    const value = firstHeaderValue(raw);
    if (value === undefined) continue;
    if (name.startsWith('x-ratelimit-reset')) {
      const seconds = parseGoDuration(value);
      if (seconds !== undefined) candidates.push(seconds);
    } else if (name.startsWith('anthropic-ratelimit-') && name.endsWith('-reset')) {
      const at = parseResetTime(value);
      if (at !== undefined) candidates.push((at - now) / 1000);
    }
  }
  const positive = candidates.filter((seconds) => seconds >= 0);
  if (positive.length === 0) return undefined;
  // The longest wait among the limits that apply is the one that matters.
  return Math.ceil(Math.max(...positive));
}

/** A `retry-after` value (delta seconds or HTTP date) as epoch ms; undefined when unreadable. */
export function parseRetryAfter(value: string, now: number): number | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return seconds >= 0 ? now + seconds * 1000 : undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : at;
}

/**
 * An absolute reset time as epoch ms: RFC 3339 / HTTP date text, or a bare
 * epoch number (Anthropic's unified headers send epoch seconds).
 */
export function parseResetTime(value: string): number | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  const number = Number(text);
  if (Number.isFinite(number)) return epochToMs(number);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : at;
}

/** Epoch seconds or epoch ms (told apart by size) as epoch ms. */
export function epochToMs(value: number): number {
  return value >= 1e12 ? value : value * 1000;
}

/** Parses "1h2m3.5s", "250ms", "12s" (and Go's "us"/"µs"/"ns") into seconds. */
export function parseGoDuration(text: string): number | undefined {
  const pattern = /(\d+(?:\.\d+)?)(ns|us|µs|ms|h|m|s)/g;
  let total = 0;
  let matched = '';
  for (const match of text.matchAll(pattern)) {
    const amount = Number(match[1]);
    const unit = match[2];
    matched += match[0];
    if (unit === 'h') total += amount * 3600;
    else if (unit === 'm') total += amount * 60;
    else if (unit === 's') total += amount;
    else if (unit === 'ms') total += amount / 1000;
    else if (unit === 'ns') total += amount / 1e9;
    else total += amount / 1e6;
  }
  return matched === text.trim() && matched !== '' ? total : undefined;
}
