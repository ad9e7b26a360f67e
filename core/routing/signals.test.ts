import { describe, expect, it } from 'vitest';
import { classifyFailure, DEFAULT_QUOTA_COOLDOWN_MS, type FailureInput } from './signals.js';

const now = Date.parse('2026-11-24T10:00:00Z');
const at = (iso: string) => Date.parse(iso);

/** Gemini's 429 as generativelanguage.googleapis.com sends it. */
function geminiQuotaBody(violation: Record<string, unknown>, retryDelay = '37s') {
  return {
    error: {
      code: 429,
      message: 'You exceeded your current quota, please check your plan and billing details.',
      status: 'RESOURCE_EXHAUSTED',
      details: [
        { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [violation] },
        {
          '@type': 'type.googleapis.com/google.rpc.Help',
          links: [
            { description: 'Learn more', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' },
          ],
        },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay },
      ],
    },
  };
}

describe('classifyFailure: quota reset signals', () => {
  const cases: {
    name: string;
    input: FailureInput;
    resetAt: number;
    perModel: boolean;
    source: string;
  }[] = [
    {
      name: 'Codex usage_limit_reached with resets_at (epoch seconds)',
      input: {
        status: 429,
        body: {
          error: {
            type: 'usage_limit_reached',
            message: 'The usage limit has been reached',
            plan_type: 'plus',
            resets_at: now / 1000 + 7200,
            resets_in_seconds: 7199,
          },
        },
      },
      resetAt: now + 7_200_000,
      perModel: false,
      source: 'resets_at',
    },
    {
      name: 'Codex usage_limit_reached with only resets_in_seconds, body as raw text',
      input: {
        status: 429,
        body: JSON.stringify({
          error: { type: 'usage_limit_reached', message: 'limit', resets_in_seconds: 1800 },
        }),
      },
      resetAt: now + 1_800_000,
      perModel: false,
      source: 'resets_in_seconds',
    },
    {
      name: 'Anthropic unified reset (subscription, epoch seconds)',
      input: {
        status: 429,
        headers: {
          'anthropic-ratelimit-unified-status': 'rejected',
          'anthropic-ratelimit-unified-reset': String(now / 1000 + 3 * 3600),
          'anthropic-ratelimit-unified-5h-status': 'rejected',
          'anthropic-ratelimit-unified-5h-reset': String(now / 1000 + 3 * 3600),
          'anthropic-ratelimit-unified-7d-status': 'allowed',
          'anthropic-ratelimit-unified-7d-reset': String(now / 1000 + 4 * 86400),
          'retry-after': '10800',
        },
        body: { type: 'error', error: { type: 'rate_limit_error', message: 'Rate limited' } },
      },
      resetAt: now + 3 * 3_600_000,
      perModel: false,
      source: 'anthropic-ratelimit-unified-reset',
    },
    {
      name: 'Anthropic unified window reset (RFC 3339), the rejected window wins',
      input: {
        status: 429,
        headers: {
          'anthropic-ratelimit-unified-5h-status': 'allowed',
          'anthropic-ratelimit-unified-5h-reset': '2026-11-24T12:00:00Z',
          'anthropic-ratelimit-unified-7d-status': 'rejected',
          'anthropic-ratelimit-unified-7d-reset': '2026-11-27T08:00:00Z',
        },
      },
      resetAt: at('2026-11-27T08:00:00Z'),
      perModel: false,
      source: 'anthropic-ratelimit-unified-7d-reset',
    },
    {
      name: 'Anthropic API-key token bucket (RFC 3339), the exhausted bucket wins',
      input: {
        status: 429,
        headers: {
          'anthropic-ratelimit-requests-limit': '50',
          'anthropic-ratelimit-requests-remaining': '49',
          'anthropic-ratelimit-requests-reset': '2026-11-24T10:00:59Z',
          'anthropic-ratelimit-tokens-limit': '40000',
          'anthropic-ratelimit-tokens-remaining': '0',
          'anthropic-ratelimit-tokens-reset': '2026-11-24T10:00:12Z',
          'retry-after': '13',
        },
        body: { type: 'error', error: { type: 'rate_limit_error', message: 'tokens per minute' } },
      },
      resetAt: at('2026-11-24T10:00:12Z'),
      perModel: true,
      source: 'anthropic-ratelimit-tokens-reset',
    },
    {
      name: 'Anthropic input-tokens bucket',
      input: {
        status: 429,
        headers: {
          'anthropic-ratelimit-input-tokens-remaining': '0',
          'anthropic-ratelimit-input-tokens-reset': '2026-11-24T10:00:40Z',
        },
      },
      resetAt: at('2026-11-24T10:00:40Z'),
      perModel: true,
      source: 'anthropic-ratelimit-input-tokens-reset',
    },
    {
      name: 'Anthropic output-tokens bucket',
      input: {
        status: 429,
        headers: {
          'anthropic-ratelimit-output-tokens-remaining': '0',
          'anthropic-ratelimit-output-tokens-reset': '2026-11-24T10:00:05Z',
        },
      },
      resetAt: at('2026-11-24T10:00:05Z'),
      perModel: true,
      source: 'anthropic-ratelimit-output-tokens-reset',
    },
    {
      name: 'Anthropic requests bucket',
      input: {
        status: 429,
        headers: {
          'anthropic-ratelimit-requests-remaining': '0',
          'anthropic-ratelimit-requests-reset': '2026-11-24T10:00:01Z',
        },
      },
      resetAt: at('2026-11-24T10:00:01Z'),
      perModel: true,
      source: 'anthropic-ratelimit-requests-reset',
    },
    {
      name: 'OpenAI x-ratelimit-reset-tokens "6m0s" (remaining tokens 0)',
      input: {
        status: 429,
        headers: {
          'x-ratelimit-limit-requests': '10000',
          'x-ratelimit-remaining-requests': '9999',
          'x-ratelimit-reset-requests': '6ms',
          'x-ratelimit-limit-tokens': '30000',
          'x-ratelimit-remaining-tokens': '0',
          'x-ratelimit-reset-tokens': '6m0s',
        },
        body: {
          error: {
            message: 'Rate limit reached for gpt-4.1 on tokens per min (TPM)',
            type: 'tokens',
            param: null,
            code: 'rate_limit_exceeded',
          },
        },
      },
      resetAt: now + 360_000,
      perModel: true,
      source: 'x-ratelimit-reset-tokens',
    },
    {
      name: 'OpenAI x-ratelimit-reset-requests "1h2m3.5s"',
      input: {
        status: 429,
        headers: {
          'X-RateLimit-Remaining-Requests': '0',
          'X-RateLimit-Reset-Requests': '1h2m3.5s',
        },
      },
      resetAt: now + 3_723_500,
      perModel: true,
      source: 'x-ratelimit-reset-requests',
    },
    {
      name: 'OpenAI x-ratelimit-reset-requests "20ms", no remaining header',
      input: { status: 429, headers: { 'x-ratelimit-reset-requests': '20ms' } },
      resetAt: now + 20,
      perModel: true,
      source: 'x-ratelimit-reset-requests',
    },
    {
      name: 'OpenAI insufficient_quota is account-wide even with bucket headers',
      input: {
        status: 429,
        headers: { 'x-ratelimit-reset-tokens': '1s' },
        body: {
          error: {
            message: 'You exceeded your current quota',
            type: 'insufficient_quota',
            code: 'insufficient_quota',
          },
        },
      },
      resetAt: now + 1000,
      perModel: false,
      source: 'x-ratelimit-reset-tokens',
    },
    {
      name: 'OpenRouter bare x-ratelimit-reset (epoch ms)',
      input: { status: 429, headers: { 'x-ratelimit-reset': String(now + 45_000) } },
      resetAt: now + 45_000,
      perModel: false,
      source: 'x-ratelimit-reset',
    },
    {
      name: 'Gemini RetryInfo "37s" with a per-model QuotaFailure',
      input: {
        status: 429,
        body: geminiQuotaBody({
          quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
          quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
          quotaDimensions: { location: 'global', model: 'gemini-2.5-pro' },
          quotaValue: '5',
        }),
      },
      resetAt: now + 37_000,
      perModel: true,
      source: 'RetryInfo',
    },
    {
      name: 'Gemini RetryInfo with a project-wide QuotaFailure, wrapped in an array',
      input: {
        status: 429,
        body: [
          geminiQuotaBody(
            {
              quotaMetric: 'generativelanguage.googleapis.com/generate_requests_per_project',
              quotaId: 'GenerateRequestsPerDayPerProject',
              quotaDimensions: { location: 'global' },
            },
            '12.5s',
          ),
        ],
      },
      resetAt: now + 12_500,
      perModel: false,
      source: 'RetryInfo',
    },
    {
      name: 'Cloud Code ErrorInfo quotaResetDelay',
      input: {
        status: 429,
        body: {
          error: {
            code: 429,
            message: 'Resource has been exhausted',
            status: 'RESOURCE_EXHAUSTED',
            details: [
              {
                '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
                reason: 'RATE_LIMIT_EXCEEDED',
                domain: 'cloudcode-pa.googleapis.com',
                metadata: { quotaResetDelay: '2h5m', model: 'gemini-3-pro' },
              },
            ],
          },
        },
      },
      resetAt: now + 7_500_000,
      perModel: true,
      source: 'quotaResetDelay',
    },
    {
      name: 'retry-after in seconds',
      input: { status: 429, headers: { 'retry-after': '17' } },
      resetAt: now + 17_000,
      perModel: false,
      source: 'retry-after',
    },
    {
      name: 'retry-after as an HTTP date',
      input: { status: 429, headers: { 'retry-after': 'Tue, 24 Nov 2026 10:05:00 GMT' } },
      resetAt: now + 300_000,
      perModel: false,
      source: 'retry-after',
    },
  ];

  it.each(cases)('$name', ({ input, resetAt, perModel, source }) => {
    const signal = classifyFailure(input, now);
    expect(signal).toMatchObject({ class: 'quota', resetAt, perModel });
    expect(signal.detail).toContain(source);
  });

  it('guesses a default cool-down when nothing names a reset, and says so', () => {
    const signal = classifyFailure({ status: 429, headers: { 'content-type': 'json' } }, now);
    expect(signal).toMatchObject({
      class: 'quota',
      resetAt: now + DEFAULT_QUOTA_COOLDOWN_MS,
      perModel: false,
    });
    expect(signal.detail).toContain('guessed');
  });

  it('skips reset signals already in the past and falls through to the next', () => {
    const signal = classifyFailure(
      {
        status: 429,
        headers: {
          'anthropic-ratelimit-tokens-reset': '2026-11-24T09:59:00Z',
          'retry-after': '5',
        },
      },
      now,
    );
    expect(signal).toMatchObject({ class: 'quota', resetAt: now + 5000 });
  });

  it('prefers the Codex body over headers', () => {
    const signal = classifyFailure(
      {
        status: 429,
        headers: { 'retry-after': '5', 'x-ratelimit-reset-requests': '1s' },
        body: { error: { type: 'usage_limit_reached', resets_in_seconds: 600 } },
      },
      now,
    );
    expect(signal).toMatchObject({ resetAt: now + 600_000, perModel: false });
  });
});

describe('classifyFailure: classes', () => {
  const cases: { name: string; input: FailureInput; class: string }[] = [
    { name: '400 invalid request', input: { status: 400 }, class: 'request' },
    { name: '413 too large', input: { status: 413 }, class: 'request' },
    { name: '422 schema', input: { status: 422 }, class: 'request' },
    {
      name: 'kind request_too_large inside a stream',
      input: { status: 200, error: { kind: 'request_too_large', message: 'prompt is too long' } },
      class: 'request',
    },
    {
      name: 'kind invalid_request',
      input: {
        error: { kind: 'invalid_request', message: 'bad', code: 'context_length_exceeded' },
      },
      class: 'request',
    },
    { name: '401', input: { status: 401 }, class: 'auth' },
    {
      name: 'Gemini bad key: 400 decoded as authentication',
      input: { status: 400, error: { kind: 'authentication', message: 'API key not valid' } },
      class: 'auth',
    },
    {
      name: '403 permission',
      input: {
        status: 403,
        body: { type: 'error', error: { type: 'permission_error', message: 'nope' } },
      },
      class: 'auth',
    },
    {
      name: '403 whose body says quota',
      input: {
        status: 403,
        body: {
          error: {
            code: 403,
            status: 'PERMISSION_DENIED',
            details: [{ reason: 'QUOTA_EXCEEDED' }],
          },
        },
      },
      class: 'quota',
    },
    { name: '402 payment required', input: { status: 402 }, class: 'quota' },
    {
      name: 'rate_limit inside an HTTP 200 stream',
      input: { status: 200, error: { kind: 'rate_limit', message: 'slow down' } },
      class: 'quota',
    },
    { name: '500', input: { status: 500 }, class: 'transient' },
    { name: '502', input: { status: 502 }, class: 'transient' },
    { name: '503', input: { status: 503, headers: { 'retry-after': '3' } }, class: 'transient' },
    { name: '529 overloaded', input: { status: 529 }, class: 'transient' },
    {
      name: 'overloaded_error event inside a 200 stream',
      input: {
        status: 200,
        error: { kind: 'overloaded', message: 'Overloaded', code: 'overloaded_error' },
      },
      class: 'transient',
    },
    {
      name: 'response.failed with a server error',
      input: { error: { kind: 'upstream', message: 'server_error' } },
      class: 'transient',
    },
    {
      name: 'timeout kind',
      input: { error: { kind: 'timeout', message: 'slow' } },
      class: 'transient',
    },
    { name: 'transport reset', input: { transport: 'reset' }, class: 'transient' },
    { name: 'transport timeout', input: { transport: 'timeout' }, class: 'transient' },
    { name: 'transport refused', input: { transport: 'refused' }, class: 'transient' },
    { name: 'nothing known', input: {}, class: 'transient' },
  ];

  it.each(cases)('$name', ({ input, class: expected }) => {
    const signal = classifyFailure(input, now);
    expect(signal.class).toBe(expected);
    if (expected !== 'quota') expect(signal.resetAt).toBeUndefined();
  });

  it('says what happened in the detail', () => {
    expect(classifyFailure({ status: 503 }, now).detail).toBe('HTTP 503 overloaded');
    expect(classifyFailure({ transport: 'refused' }, now).detail).toBe('transport refused');
  });
});
