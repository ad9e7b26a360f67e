import { describe, expect, it } from 'vitest';
import { alertNotification } from './alert-notification.js';

const NOW = Date.UTC(2026, 11, 1, 12);

describe('alertNotification', () => {
  it('says which window passed which share and when it resets', () => {
    expect(
      alertNotification(
        {
          type: 'threshold',
          accountId: 'cc-main',
          windowId: 'five_hour',
          label: '5-hour',
          threshold: 80,
          usedPercent: 83.4,
          resetsAt: NOW + 2 * 3_600_000 + 14 * 60_000,
          at: NOW,
        },
        NOW,
      ),
    ).toEqual({
      title: 'Quota past 80%',
      body: 'cc-main · 5-hour: 83% used. Resets in 2 h 14 min.',
    });
  });

  it('names an exhausted window and a reset one', () => {
    const base = { accountId: 'cx', windowId: 'weekly', label: 'Weekly', at: NOW };
    expect(
      alertNotification({ ...base, type: 'exhausted', resetsAt: NOW + 3 * 86_400_000 }, NOW),
    ).toEqual({
      title: 'Quota used up — falling back',
      body: 'cx · Weekly. Resets in 3 d 0 h.',
    });
    expect(alertNotification({ ...base, type: 'reset' }, NOW)).toEqual({
      title: 'Quota is back',
      body: 'cx · Weekly',
    });
  });
});
