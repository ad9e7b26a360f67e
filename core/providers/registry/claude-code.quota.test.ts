import { describe, expect, it } from 'vitest';
import { claudeQuotaReader } from './claude-code.quota.js';

const NOW = Date.parse('2026-11-20T10:00:00Z');

describe('claudeQuotaReader', () => {
  it('asks with the bearer and the OAuth beta flag', () => {
    expect(claudeQuotaReader.request({ accessToken: 'tok', extra: {} })).toEqual({
      url: 'https://api.anthropic.com/api/oauth/usage',
      method: 'GET',
      headers: {
        authorization: 'Bearer tok',
        'anthropic-beta': 'oauth-2025-04-20',
        accept: 'application/json',
      },
    });
  });

  it('reads percentages and ISO reset times, skipping windows the plan lacks', () => {
    const windows = claudeQuotaReader.parse(
      {
        five_hour: { utilization: 42.5, resets_at: '2026-11-20T12:00:00.123456+00:00' },
        seven_day: { utilization: 7, resets_at: '2026-11-24T08:00:00Z' },
        seven_day_opus: null,
        seven_day_sonnet: { utilization: 130, resets_at: null },
        extra_usage: { is_enabled: false },
      },
      NOW,
    );
    expect(windows).toEqual([
      {
        id: 'five_hour',
        label: '5-hour',
        kind: 'five_hour',
        usedPercent: 42.5,
        resetsAt: Date.parse('2026-11-20T12:00:00.123Z'),
        source: 'usage-endpoint',
        observedAt: NOW,
        estimated: false,
      },
      expect.objectContaining({ id: 'seven_day', kind: 'weekly', usedPercent: 7 }),
      expect.objectContaining({ id: 'seven_day_sonnet', usedPercent: 100 }),
    ]);
    expect(Array.isArray(windows) && windows[2]?.resetsAt).toBeUndefined();
  });

  it('returns an error value, never throws, for odd bodies', () => {
    for (const body of [null, 'text', [], { error: { type: 'authentication_error' } }]) {
      expect(claudeQuotaReader.parse(body, NOW)).toMatchObject({ kind: 'parse' });
    }
    expect(
      claudeQuotaReader.parse({ five_hour: { utilization: 'x', resets_at: 'soon' } }, NOW),
    ).toEqual([]);
  });
});
