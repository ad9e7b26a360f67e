/**
 * Reads how long an upstream wants us to wait from its rate-limit headers:
 * `retry-after` (seconds or HTTP date), OpenAI's `x-ratelimit-reset-*`
 * durations ("6m0s", "1.5s", "20ms") and Anthropic's RFC 3339 reset times.
 */
import type { IncomingHttpHeaders } from 'node:http';

type HeaderValue = IncomingHttpHeaders[string];

function first(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Seconds until retry, rounded up; undefined when no header says. */
export function retryAfterSeconds(
  headers: IncomingHttpHeaders,
  now = Date.now(),
): number | undefined {
  const candidates: number[] = [];
  const retryAfter = first(headers['retry-after']);
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) candidates.push(seconds);
    else {
      const at = Date.parse(retryAfter);
      if (!Number.isNaN(at)) candidates.push((at - now) / 1000);
    }
  }
  for (const [name, raw] of Object.entries(headers)) {
    const value = first(raw);
    if (value === undefined) continue;
    if (name.startsWith('x-ratelimit-reset')) {
      const seconds = parseGoDuration(value);
      if (seconds !== undefined) candidates.push(seconds);
    } else if (name.startsWith('anthropic-ratelimit-') && name.endsWith('-reset')) {
      const at = Date.parse(value);
      if (!Number.isNaN(at)) candidates.push((at - now) / 1000);
      else if (Number.isFinite(Number(value))) candidates.push(Number(value) - now / 1000);
    }
  }
  const positive = candidates.filter((seconds) => seconds >= 0);
  if (positive.length === 0) return undefined;
  // The longest wait among the limits that apply is the one that matters.
  return Math.ceil(Math.max(...positive));
}

/** Parses "1h2m3.5s", "250ms", "12s" into seconds. */
export function parseGoDuration(text: string): number | undefined {
  const pattern = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let matched = '';
  for (const match of text.matchAll(pattern)) {
    const amount = Number(match[1]);
    const unit = match[2];
    matched += match[0];
    if (unit === 'h') total += amount * 3600;
    else if (unit === 'm') total += amount * 60;
    else if (unit === 's') total += amount;
    else total += amount / 1000;
  }
  return matched === text.trim() && matched !== '' ? total : undefined;
}
