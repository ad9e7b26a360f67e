import { describe, expect, it } from 'vitest';
import { localQuotaWindows, type LocalUsage } from './local.js';

// Thursday 2026-11-19 15:30 UTC.
const NOW = Date.parse('2026-11-19T15:30:00Z');

function ledger(): { usage: LocalUsage; asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    usage: {
      tokensSince: (_account, since) => {
        asked.push(since);
        // Older spans hold more: 1000 tokens per hour back from now, plus a big cache read.
        const hours = (NOW - since) / 3_600_000;
        return {
          requests: 1,
          input: hours * 600,
          output: hours * 300,
          cacheWrite: hours * 100,
          cacheRead: 1e9,
        };
      },
    },
  };
}

describe('localQuotaWindows', () => {
  it('estimates one window per limit, with UTC calendar resets and an ISO week', () => {
    const { usage, asked } = ledger();
    const windows = localQuotaWindows(
      usage,
      'acct',
      { fiveHour: 10_000, daily: 100_000, weekly: 1_000_000, monthly: 10_000_000 },
      NOW,
    );
    expect(asked).toEqual([
      NOW - 5 * 3_600_000,
      Date.parse('2026-11-19T00:00:00Z'),
      Date.parse('2026-11-16T00:00:00Z'),
      Date.parse('2026-11-01T00:00:00Z'),
    ]);
    expect(windows.map((w) => [w.id, w.used, w.resetsAt])).toEqual([
      ['five_hour', 5_000, NOW + 5 * 3_600_000],
      ['daily', 15_500, Date.parse('2026-11-20T00:00:00Z')],
      ['weekly', 3 * 24_000 + 15_500, Date.parse('2026-11-23T00:00:00Z')],
      ['monthly', 18 * 24_000 + 15_500, Date.parse('2026-12-01T00:00:00Z')],
    ]);
    expect(windows[0]).toMatchObject({
      usedPercent: 50,
      source: 'local',
      estimated: true,
      unit: 'tokens',
      limit: 10_000,
    });
  });

  it('caps the share at 100 and skips limits that are not set', () => {
    const { usage } = ledger();
    expect(localQuotaWindows(usage, 'acct', { fiveHour: 1_000 }, NOW)).toEqual([
      expect.objectContaining({ id: 'five_hour', usedPercent: 100, used: 5_000 }),
    ]);
    expect(localQuotaWindows(usage, 'acct', undefined, NOW)).toEqual([]);
  });

  it('rolls the month over at the year end', () => {
    const { usage } = ledger();
    const [month] = localQuotaWindows(
      usage,
      'a',
      { monthly: 1 },
      Date.parse('2026-12-31T23:00:00Z'),
    );
    expect(month?.resetsAt).toBe(Date.parse('2027-01-01T00:00:00Z'));
  });
});
