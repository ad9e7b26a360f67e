import { describe, expect, it } from 'vitest';
import { antigravityQuotaReader } from './antigravity.quota.js';

const NOW = Date.parse('2026-11-20T10:00:00Z');

describe('antigravityQuotaReader', () => {
  it('posts the Cloud Code project the login stored', () => {
    expect(antigravityQuotaReader.request({ accessToken: 't', extra: { project: 'p-1' } })).toEqual(
      {
        url: 'https://cloudcode-pa.googleapis.com/v1internal:fetchAvailableModels',
        method: 'POST',
        headers: {
          authorization: 'Bearer t',
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: '{"project":"p-1"}',
      },
    );
  });

  it('turns each model quota into a window, reading a missing fraction as none left', () => {
    const windows = antigravityQuotaReader.parse(
      {
        models: {
          'gemini-3-pro-high': {
            displayName: 'Gemini 3 Pro (High)',
            quotaInfo: { remainingFraction: 0.25, resetTime: '2026-11-20T15:00:00Z' },
          },
          'claude-sonnet-4-5': { quotaInfo: { resetTime: '2026-11-20T12:00:00Z' } },
          chat_20706: { displayName: 'internal' },
          broken: 7,
        },
      },
      NOW,
    );
    expect(windows).toEqual([
      expect.objectContaining({
        id: 'model:gemini-3-pro-high',
        label: 'Gemini 3 Pro (High)',
        kind: 'other',
        usedPercent: 75,
        resetsAt: Date.parse('2026-11-20T15:00:00Z'),
      }),
      expect.objectContaining({
        id: 'model:claude-sonnet-4-5',
        label: 'claude-sonnet-4-5',
        usedPercent: 100,
      }),
    ]);
  });

  it('returns error values for bodies without models', () => {
    expect(antigravityQuotaReader.parse({ error: { code: 403 } }, NOW)).toMatchObject({
      kind: 'parse',
    });
    expect(antigravityQuotaReader.parse('nope', NOW)).toMatchObject({ kind: 'parse' });
  });
});
