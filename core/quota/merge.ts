/**
 * One view of an account's windows from every source. Per window (id and
 * kind): a measurement (usage endpoint or headers) beats a local estimate,
 * and among measurements the newest observation wins. A window whose reset
 * time has passed is shown as reset (nothing used, `resetPassed`) until a
 * new observation says otherwise, so a stale 100% never blocks an account.
 */
import type { QuotaWindow, QuotaWindowKind } from '../shared/quota.js';

export interface MergedQuotaWindow extends QuotaWindow {
  /** The observation's reset time has passed; the numbers are zeroed until re-observed. */
  resetPassed?: true;
}

const KIND_ORDER: Record<QuotaWindowKind, number> = {
  five_hour: 0,
  daily: 1,
  weekly: 2,
  monthly: 3,
  other: 4,
};

export function windowKey(window: Pick<QuotaWindow, 'id' | 'kind'>): string {
  return `${window.kind}|${window.id}`;
}

function isMeasured(window: QuotaWindow): boolean {
  return window.source !== 'local';
}

/** True when `candidate` should replace `current` as the window's best observation. */
export function preferred(candidate: QuotaWindow, current: QuotaWindow): boolean {
  if (isMeasured(candidate) !== isMeasured(current)) return isMeasured(candidate);
  return candidate.observedAt >= current.observedAt;
}

export function mergeWindows(windows: readonly QuotaWindow[], now: number): MergedQuotaWindow[] {
  const best = new Map<string, QuotaWindow>();
  for (const window of windows) {
    const key = windowKey(window);
    const current = best.get(key);
    if (current === undefined || preferred(window, current)) best.set(key, window);
  }
  return [...best.values()]
    .map((window) => rolledOver(window, now))
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.id.localeCompare(b.id));
}

/** The window as it stands at `now`: zeroed and flagged once its reset time has passed. */
export function rolledOver(window: QuotaWindow, now: number): MergedQuotaWindow {
  if (window.resetsAt === undefined || window.resetsAt > now || window.unlimited === true) {
    return window;
  }
  const reset: MergedQuotaWindow = { ...window, estimated: true, resetPassed: true };
  if (reset.usedPercent !== undefined) reset.usedPercent = 0;
  if (reset.used !== undefined) reset.used = 0;
  return reset;
}

/** The used share (0–100) a window reports directly or through its numbers. */
export function usedPercentOf(window: QuotaWindow): number | undefined {
  if (window.unlimited === true) return undefined;
  if (window.usedPercent !== undefined) return window.usedPercent;
  if (window.used !== undefined && window.limit !== undefined && window.limit > 0) {
    return Math.min(100, (window.used / window.limit) * 100);
  }
  return undefined;
}
