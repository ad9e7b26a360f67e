import { describe, expect, it } from 'vitest';
import {
  parseGoDuration,
  parseResetTime,
  parseRetryAfter,
  retryAfterSeconds,
} from './retry-after.js';

const now = Date.parse('2026-11-24T10:00:00Z');

describe('retryAfterSeconds', () => {
  it('reads retry-after seconds and HTTP dates', () => {
    expect(retryAfterSeconds({ 'retry-after': '17' }, now)).toBe(17);
    expect(retryAfterSeconds({ 'retry-after': 'Tue, 24 Nov 2026 10:01:00 GMT' }, now)).toBe(60);
  });

  it('reads OpenAI reset durations and Anthropic reset times, taking the longest', () => {
    expect(
      retryAfterSeconds(
        {
          'x-ratelimit-reset-requests': '1.5s',
          'x-ratelimit-reset-tokens': '6m0s',
        },
        now,
      ),
    ).toBe(360);
    expect(
      retryAfterSeconds({ 'anthropic-ratelimit-tokens-reset': '2026-11-24T10:00:30Z' }, now),
    ).toBe(30);
  });

  it('says nothing when no header does', () => {
    expect(retryAfterSeconds({}, now)).toBeUndefined();
  });
});

describe('parseGoDuration', () => {
  it('parses compound durations and rejects junk', () => {
    expect(parseGoDuration('1h2m3s')).toBe(3723);
    expect(parseGoDuration('250ms')).toBe(0.25);
    expect(parseGoDuration('soon')).toBeUndefined();
  });

  it('parses sub-millisecond units and fractional hours', () => {
    expect(parseGoDuration('1500us')).toBeCloseTo(0.0015);
    expect(parseGoDuration('0.5h')).toBe(1800);
    expect(parseGoDuration('6m0s ')).toBe(360);
  });
});

describe('parseRetryAfter', () => {
  it('turns delta seconds and HTTP dates into epoch ms', () => {
    expect(parseRetryAfter('17', now)).toBe(now + 17_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 10:01:00 GMT', now)).toBe(now + 60_000);
    expect(parseRetryAfter('-3', now)).toBeUndefined();
    expect(parseRetryAfter('later', now)).toBeUndefined();
  });
});

describe('parseResetTime', () => {
  it('reads RFC 3339 text and epoch seconds or ms', () => {
    expect(parseResetTime('2026-11-24T10:00:30Z')).toBe(now + 30_000);
    expect(parseResetTime(String(now / 1000 + 5))).toBe(now + 5000);
    expect(parseResetTime(String(now))).toBe(now);
    expect(parseResetTime('')).toBeUndefined();
  });
});
