import { describe, expect, it } from 'vitest';
import { copilotQuotaReader } from './copilot.quota.js';

const NOW = Date.parse('2026-11-20T10:00:00Z');

describe('copilotQuotaReader', () => {
  it('uses the GitHub token, not the Copilot token', () => {
    expect(
      copilotQuotaReader.request({ accessToken: 'copilot', refreshToken: 'gho_x', extra: {} }),
    ).toMatchObject({
      url: 'https://api.github.com/copilot_internal/user',
      headers: { authorization: 'token gho_x', 'user-agent': 'Switchyard' },
    });
    expect(copilotQuotaReader.request({ accessToken: 'copilot', extra: {} })).toMatchObject({
      kind: 'credentials',
    });
  });

  it('reads entitlements, unlimited buckets and the monthly reset date', () => {
    const windows = copilotQuotaReader.parse(
      {
        copilot_plan: 'individual',
        quota_reset_date: '2026-12-01',
        quota_snapshots: {
          chat: { entitlement: 0, remaining: 0, unlimited: true, percent_remaining: 100 },
          completions: { entitlement: 0, remaining: 0, unlimited: true },
          premium_interactions: {
            entitlement: 300,
            remaining: 45,
            unlimited: false,
            percent_remaining: 15,
            overage_permitted: false,
          },
        },
      },
      NOW,
    );
    const reset = Date.parse('2026-12-01T00:00:00Z');
    expect(windows).toEqual([
      expect.objectContaining({
        id: 'premium_interactions',
        kind: 'monthly',
        used: 255,
        limit: 300,
        usedPercent: 85,
        unit: 'requests',
        resetsAt: reset,
      }),
      expect.objectContaining({ id: 'chat', unlimited: true, resetsAt: reset }),
      expect.objectContaining({ id: 'completions', unlimited: true }),
    ]);
    expect(Array.isArray(windows) && windows[1]?.usedPercent).toBeUndefined();
  });

  it('falls back to percent_remaining and survives junk', () => {
    expect(
      copilotQuotaReader.parse(
        { quota_snapshots: { premium_interactions: { percent_remaining: 40 }, chat: 'x' } },
        NOW,
      ),
    ).toEqual([expect.objectContaining({ id: 'premium_interactions', usedPercent: 60 })]);
    expect(copilotQuotaReader.parse({ message: 'Not Found' }, NOW)).toMatchObject({
      kind: 'parse',
    });
    expect(copilotQuotaReader.parse(undefined, NOW)).toMatchObject({ kind: 'parse' });
  });
});
