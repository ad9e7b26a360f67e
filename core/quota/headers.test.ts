import { describe, expect, it } from 'vitest';
import { windowsFromHeaders } from './headers.js';

const NOW = 1_790_000_000_000;

describe('windowsFromHeaders', () => {
  it('reads Anthropic unified utilization as a fraction with epoch-second resets', () => {
    const windows = windowsFromHeaders(
      'anthropic-unified',
      {
        'anthropic-ratelimit-unified-5h-utilization': '0.42',
        'anthropic-ratelimit-unified-5h-reset': '1790010000',
        'anthropic-ratelimit-unified-5h-status': 'allowed',
        'anthropic-ratelimit-unified-7d-status': 'rejected',
        'anthropic-ratelimit-unified-7d-reset': '1790500000',
        'anthropic-ratelimit-requests-remaining': '10',
      },
      NOW,
    );
    expect(windows).toEqual([
      {
        id: 'five_hour',
        label: '5-hour',
        kind: 'five_hour',
        usedPercent: 42,
        resetsAt: 1_790_010_000_000,
        source: 'headers',
        observedAt: NOW,
        estimated: false,
      },
      expect.objectContaining({ id: 'seven_day', usedPercent: 100, resetsAt: 1_790_500_000_000 }),
    ]);
  });

  it('reads Codex primary and secondary windows by their length', () => {
    expect(
      windowsFromHeaders(
        'codex',
        {
          'x-codex-primary-used-percent': '42.5',
          'x-codex-primary-window-minutes': '300',
          'x-codex-primary-reset-at': '1790003600',
          'x-codex-secondary-used-percent': '13',
          'x-codex-secondary-window-minutes': '10080',
          'x-codex-secondary-reset-after-seconds': '120',
        },
        NOW,
      ),
    ).toEqual([
      expect.objectContaining({
        id: 'five_hour',
        usedPercent: 42.5,
        resetsAt: 1_790_003_600_000,
        source: 'headers',
      }),
      expect.objectContaining({ id: 'weekly', usedPercent: 13, resetsAt: NOW + 120_000 }),
    ]);
  });

  it('finds nothing in unrelated or malformed headers', () => {
    expect(windowsFromHeaders('codex', { 'x-codex-primary-used-percent': 'lots' }, NOW)).toEqual(
      [],
    );
    expect(windowsFromHeaders('anthropic-unified', { 'retry-after': '5' }, NOW)).toEqual([]);
  });
});
