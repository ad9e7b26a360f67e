/**
 * The quota book: every account's windows from every source (usage-endpoint
 * polls, response headers, local estimates), merged on read, persisted
 * through a `QuotaStore` and restored on start. It raises `alert`
 * (notifications, once per crossing) and `window-reset` (a measured window
 * was seen to reset: routing can end a cooldown early).
 */
import { EventEmitter } from 'node:events';
import { findProviderDefinition } from '../providers/index.js';
import type { AccountQuota, QuotaAlert, QuotaPollStatus, QuotaWindow } from '../shared/quota.js';
import { QuotaAlertTracker } from './alerts.js';
import { windowsFromHeaders, type ResponseHeaders } from './headers.js';
import { mergeWindows, usedPercentOf, windowKey, type MergedQuotaWindow } from './merge.js';
import type { QuotaStore, StoredAccountQuota } from './store.js';

export interface WindowReset {
  accountId: string;
  windowId: string;
}

export interface QuotaBookEvents {
  alert: [QuotaAlert];
  'window-reset': [WindowReset];
}

export interface QuotaBookOptions {
  store: QuotaStore;
  /** The model prefix an account serves under, for `AccountQuota.prefix`. */
  prefixOf(accountId: string): string;
  /** Alert thresholds (settings `quota.alertThresholds`). */
  thresholds?: () => readonly number[];
  now?: () => number;
}

/** A reset time that moves by less than this is the same window (sources round differently). */
const SAME_RESET_TOLERANCE_MS = 10 * 60_000;

export class QuotaBook extends EventEmitter<QuotaBookEvents> {
  private readonly entries = new Map<string, StoredAccountQuota>();
  private readonly lastMerged = new Map<string, Map<string, MergedQuotaWindow>>();
  private readonly tracker: QuotaAlertTracker;
  private readonly now: () => number;

  constructor(private readonly options: QuotaBookOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.tracker = new QuotaAlertTracker(options.thresholds);
    const now = this.now();
    for (const [accountId, stored] of options.store.loadAll()) {
      this.entries.set(accountId, stored);
      const merged = mergeWindows(stored.windows, now);
      this.tracker.prime(accountId, merged);
      this.lastMerged.set(accountId, byKey(merged));
    }
  }

  /** A poll's outcome: its windows replace the previous poll's; a failure keeps them. */
  observePoll(
    accountId: string,
    result: readonly QuotaWindow[] | { error: string },
    poll: QuotaPollStatus,
  ): void {
    const entry = this.entry(accountId);
    entry.poll = poll;
    if ('error' in result) {
      this.options.store.save(accountId, entry);
      return;
    }
    entry.windows = [...entry.windows.filter((w) => w.source !== 'usage-endpoint'), ...result];
    this.settle(accountId);
  }

  /** Updates the poll status alone (the poller learns `nextAt` after scheduling). */
  setPollStatus(accountId: string, poll: QuotaPollStatus): void {
    const entry = this.entry(accountId);
    entry.poll = poll;
    this.options.store.save(accountId, entry);
  }

  /** Rate-limit headers of a response from an account of provider `kind`. */
  observeHeaders(accountId: string, kind: string, headers: ResponseHeaders): void {
    const format = findProviderDefinition(kind)?.quotaHeaders;
    if (format === undefined) return;
    const seen = windowsFromHeaders(format, headers, this.now());
    if (seen.length === 0) return;
    const entry = this.entry(accountId);
    const replaced = new Set(seen.map(windowKey));
    entry.windows = [
      ...entry.windows.filter((w) => w.source !== 'headers' || !replaced.has(windowKey(w))),
      ...seen,
    ];
    this.settle(accountId);
  }

  /** Local estimates (`localQuotaWindows`); they replace the previous estimates. */
  observeLocal(accountId: string, windows: readonly QuotaWindow[]): void {
    const entry = this.entry(accountId);
    entry.windows = [...entry.windows.filter((w) => w.source !== 'local'), ...windows];
    this.settle(accountId);
  }

  windows(accountId: string): MergedQuotaWindow[] {
    const entry = this.entries.get(accountId);
    return entry === undefined ? [] : mergeWindows(entry.windows, this.now());
  }

  pollStatus(accountId: string): QuotaPollStatus | undefined {
    return this.entries.get(accountId)?.poll;
  }

  accounts(): AccountQuota[] {
    return [...this.entries.entries()].map(([accountId, entry]) => ({
      accountId,
      prefix: this.options.prefixOf(accountId),
      windows: this.windows(accountId),
      ...(entry.poll === undefined ? {} : { poll: entry.poll }),
    }));
  }

  /** The most used window's share (0–1); undefined when no window reports one. */
  usedFraction(accountId: string): number | undefined {
    let highest: number | undefined;
    for (const window of this.windows(accountId)) {
      const percent = usedPercentOf(window);
      if (percent !== undefined && (highest === undefined || percent > highest)) highest = percent;
    }
    return highest === undefined ? undefined : highest / 100;
  }

  /** True when some window has reached `stopAtPercent`; false when nothing is known. */
  overStop(accountId: string, stopAtPercent: number): boolean {
    const fraction = this.usedFraction(accountId);
    return fraction !== undefined && fraction * 100 >= stopAtPercent;
  }

  /** Drops an account that was removed. */
  forget(accountId: string): void {
    this.entries.delete(accountId);
    this.lastMerged.delete(accountId);
    this.tracker.forget(accountId);
    this.options.store.remove(accountId);
  }

  private entry(accountId: string): StoredAccountQuota {
    let entry = this.entries.get(accountId);
    if (entry === undefined) {
      entry = { windows: [] };
      this.entries.set(accountId, entry);
    }
    return entry;
  }

  /** Saves, then raises alerts and resets for what changed since the last look. */
  private settle(accountId: string): void {
    const entry = this.entry(accountId);
    this.options.store.save(accountId, entry);
    const now = this.now();
    const merged = mergeWindows(entry.windows, now);
    const previous = this.lastMerged.get(accountId) ?? new Map<string, MergedQuotaWindow>();
    this.lastMerged.set(accountId, byKey(merged));
    for (const window of merged) {
      const outcome = this.tracker.observe(accountId, window, now);
      for (const alert of outcome.alerts) this.emit('alert', alert);
      const before = previous.get(windowKey(window));
      if (outcome.reset || (before !== undefined && movedToNextWindow(before, window))) {
        this.emit('window-reset', { accountId, windowId: window.id });
      }
    }
  }
}

function byKey(windows: readonly MergedQuotaWindow[]): Map<string, MergedQuotaWindow> {
  return new Map(windows.map((window) => [windowKey(window), window]));
}

/**
 * A fresh measurement names a later reset time than before, and the earlier
 * window had something used (unused windows may report a rolling reset time).
 */
function movedToNextWindow(before: MergedQuotaWindow, after: MergedQuotaWindow): boolean {
  if (after.source === 'local' || after.resetPassed === true) return false;
  if (before.resetsAt === undefined || after.resetsAt === undefined) return false;
  if (after.resetsAt <= before.resetsAt + SAME_RESET_TOLERANCE_MS) return false;
  return before.resetPassed === true || (usedPercentOf(before) ?? 0) > 0;
}
