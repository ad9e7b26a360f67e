import { describe, expect, it } from 'vitest';
import type { QuotaAlert } from '../shared/quota.js';
import { QuotaAlertTracker } from './alerts.js';
import type { MergedQuotaWindow } from './merge.js';

const AT = 1_800_000_000_000;

function window(usedPercent: number, extra: Partial<MergedQuotaWindow> = {}): MergedQuotaWindow {
  return {
    id: 'five_hour',
    label: '5-hour',
    kind: 'five_hour',
    usedPercent,
    source: 'usage-endpoint',
    observedAt: AT,
    estimated: false,
    ...extra,
  };
}

function run(tracker: QuotaAlertTracker, percents: number[]): QuotaAlert['type'][][] {
  return percents.map((p) => tracker.observe('a', window(p), AT).alerts.map((alert) => alert.type));
}

describe('QuotaAlertTracker', () => {
  it('fires exactly once per upward crossing', () => {
    const tracker = new QuotaAlertTracker();
    const seen = percentsToAlerts(tracker, [10, 79.9, 80, 80, 85, 90, 94, 95, 96, 95, 99]);
    expect(seen).toEqual([
      [],
      [],
      [{ type: 'threshold', threshold: 80 }],
      [],
      [],
      [],
      [],
      [{ type: 'threshold', threshold: 95 }],
      [],
      [],
      [],
    ]);
  });

  it('announces only the highest threshold when one step crosses several', () => {
    const tracker = new QuotaAlertTracker(() => [50, 80, 95]);
    expect(percentsToAlerts(tracker, [10, 96, 97])).toEqual([
      [],
      [{ type: 'threshold', threshold: 95 }],
      [],
    ]);
    // The skipped thresholds count as fired.
    expect(percentsToAlerts(tracker, [85, 60])).toEqual([[], []]);
  });

  it('fires exhausted once at 100% or when nothing remains', () => {
    const tracker = new QuotaAlertTracker();
    expect(run(tracker, [50, 100, 100, 100])).toEqual([[], ['exhausted'], [], []]);
    const counted = new QuotaAlertTracker();
    const full = window(99, { used: 300, limit: 300 });
    delete full.usedPercent;
    expect(counted.observe('a', full, AT).alerts.map((a) => a.type)).toEqual(['exhausted']);
    expect(counted.observe('a', full, AT).alerts).toEqual([]);
  });

  it('fires reset once, when usage falls back below the lowest threshold, then re-arms', () => {
    const tracker = new QuotaAlertTracker();
    expect(run(tracker, [85, 100, 90, 50, 40, 85, 3])).toEqual([
      ['threshold'],
      ['exhausted'],
      [],
      ['reset'],
      [],
      ['threshold'],
      ['reset'],
    ]);
  });

  it('fires reset when the reset time has passed, and says so', () => {
    const tracker = new QuotaAlertTracker();
    tracker.observe('a', window(97), AT);
    const outcome = tracker.observe('a', window(0, { resetPassed: true }), AT + 1);
    expect(outcome.reset).toBe(true);
    expect(outcome.alerts).toEqual([
      { type: 'reset', accountId: 'a', windowId: 'five_hour', label: '5-hour', at: AT + 1 },
    ]);
    expect(tracker.observe('a', window(0, { resetPassed: true }), AT + 2).alerts).toEqual([]);
  });

  it('stays quiet for windows that never alerted, unlimited ones, and other accounts', () => {
    const tracker = new QuotaAlertTracker();
    expect(tracker.observe('a', window(0, { resetPassed: true }), AT)).toEqual({
      alerts: [],
      reset: false,
    });
    expect(tracker.observe('a', window(100, { unlimited: true }), AT).alerts).toEqual([]);
    tracker.observe('a', window(90), AT);
    expect(tracker.observe('b', window(90), AT).alerts).toHaveLength(1);
    expect(
      tracker.observe('a', window(90, { id: 'seven_day', kind: 'weekly' }), AT).alerts,
    ).toHaveLength(1);
  });

  it('after a restart, primed numbers do not alert again; new crossings still do', () => {
    const tracker = new QuotaAlertTracker();
    tracker.prime('a', [window(96), window(100, { id: 'seven_day', kind: 'weekly' })]);
    expect(tracker.observe('a', window(96, { source: 'headers' }), AT).alerts).toEqual([]);
    expect(
      tracker.observe('a', window(100, { id: 'seven_day', kind: 'weekly' }), AT).alerts,
    ).toEqual([]);
    expect(run(tracker, [100])).toEqual([['exhausted']]);
  });

  it('carries the numbers in a threshold alert', () => {
    const tracker = new QuotaAlertTracker();
    expect(tracker.observe('a', window(81, { resetsAt: AT + 5 }), AT).alerts).toEqual([
      {
        type: 'threshold',
        accountId: 'a',
        windowId: 'five_hour',
        label: '5-hour',
        threshold: 80,
        usedPercent: 81,
        resetsAt: AT + 5,
        at: AT,
      },
    ]);
  });
});

function percentsToAlerts(
  tracker: QuotaAlertTracker,
  percents: number[],
): { type: string; threshold?: number }[][] {
  return percents.map((p) =>
    tracker
      .observe('a', window(p), AT)
      .alerts.map((alert) =>
        alert.type === 'threshold'
          ? { type: alert.type, threshold: alert.threshold }
          : { type: alert.type },
      ),
  );
}
