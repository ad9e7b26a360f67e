/**
 * Turns merged windows into alerts that fire once per crossing: `threshold`
 * when usage climbs past a configured share (only the highest one crossed
 * in a single step is announced), `exhausted` at 100% or nothing left, and
 * `reset` once when a window that had alerted comes back (its reset time
 * passed, or usage fell below the lowest threshold); then it re-arms.
 *
 * What has fired is not stored: after a restart `prime` derives it from the
 * stored windows, so numbers seen before (from any source) stay quiet.
 */
import type { QuotaAlert } from '../shared/quota.js';
import { usedPercentOf, windowKey, type MergedQuotaWindow } from './merge.js';

export const DEFAULT_ALERT_THRESHOLDS: readonly number[] = [80, 95];

interface FiredState {
  thresholds: Set<number>;
  exhausted: boolean;
}

export interface AlertOutcome {
  alerts: QuotaAlert[];
  /** The window was seen to reset after having alerted. */
  reset: boolean;
}

export class QuotaAlertTracker {
  private readonly fired = new Map<string, FiredState>();

  constructor(
    private readonly thresholds: () => readonly number[] = () => DEFAULT_ALERT_THRESHOLDS,
  ) {}

  /** Records what `windows` already imply as fired, without alerting. */
  prime(accountId: string, windows: readonly MergedQuotaWindow[]): void {
    for (const window of windows) {
      const percent = usedPercentOf(window);
      if (percent === undefined) continue;
      const state = this.state(accountId, window);
      for (const threshold of this.thresholds()) {
        if (percent >= threshold) state.thresholds.add(threshold);
      }
      if (isExhausted(window, percent)) state.exhausted = true;
    }
  }

  observe(accountId: string, window: MergedQuotaWindow, at: number): AlertOutcome {
    const percent = usedPercentOf(window);
    if (percent === undefined) return { alerts: [], reset: false };
    const thresholds = [...this.thresholds()].sort((a, b) => a - b);
    const lowest = thresholds[0] ?? 100;
    const state = this.state(accountId, window);
    const base = { accountId, windowId: window.id, label: window.label };
    const alerts: QuotaAlert[] = [];
    let reset = false;

    const armed = state.thresholds.size > 0 || state.exhausted;
    if (armed && (window.resetPassed === true || percent < lowest)) {
      alerts.push({ type: 'reset', ...base, at });
      state.thresholds.clear();
      state.exhausted = false;
      reset = true;
    }

    const crossed = thresholds.filter((t) => percent >= t && !state.thresholds.has(t));
    crossed.forEach((t) => state.thresholds.add(t));
    const resetsAt = window.resetsAt === undefined ? {} : { resetsAt: window.resetsAt };
    if (isExhausted(window, percent)) {
      if (!state.exhausted) {
        state.exhausted = true;
        alerts.push({ type: 'exhausted', ...base, ...resetsAt, at });
      }
    } else {
      const highest = crossed.at(-1);
      if (highest !== undefined) {
        alerts.push({
          type: 'threshold',
          ...base,
          threshold: highest,
          usedPercent: percent,
          ...resetsAt,
          at,
        });
      }
    }
    return { alerts, reset };
  }

  forget(accountId: string): void {
    for (const key of [...this.fired.keys()]) {
      if (key.startsWith(`${accountId}\n`)) this.fired.delete(key);
    }
  }

  private state(accountId: string, window: MergedQuotaWindow): FiredState {
    const key = `${accountId}\n${windowKey(window)}`;
    let state = this.fired.get(key);
    if (state === undefined) {
      state = { thresholds: new Set(), exhausted: false };
      this.fired.set(key, state);
    }
    return state;
  }
}

function isExhausted(window: MergedQuotaWindow, percent: number): boolean {
  if (percent >= 100) return true;
  return window.limit !== undefined && window.limit > 0 && (window.used ?? 0) >= window.limit;
}
