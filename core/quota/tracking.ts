/**
 * Quota tracking while a server runs: the book, the background poller, the
 * local estimates, and the adapters routing and the engine read. The
 * composition root builds one and closes it on shutdown.
 */
import type { Dispatcher } from 'undici';
import type { QuotaSignals } from '../engine/routing-policy.js';
import type { ResolvedProvider } from '../providers/catalog.js';
import type { QuotaCredentials } from '../providers/quota-reader.js';
import type { QuotaSettings } from '../storage/settings-schema.js';
import { QuotaBook } from './book.js';
import { localQuotaWindows, type LocalUsage } from './local.js';
import { usedPercentOf } from './merge.js';
import { QuotaPoller } from './poller.js';
import type { QuotaStore, StoredAccountQuota } from './store.js';

export interface QuotaTrackingDeps {
  store: QuotaStore;
  accounts(): readonly ResolvedProvider[];
  settings(): QuotaSettings;
  credentials(accountId: string): Promise<QuotaCredentials | undefined>;
  /** Switchyard's own token counts, for accounts with `tokenLimits`. */
  local: LocalUsage;
  dispatcher?: Dispatcher;
  now?: () => number;
  /** How often local estimates are recomputed (default 30 s). */
  localEveryMs?: number;
}

export class QuotaTracking {
  readonly book: QuotaBook;
  readonly poller: QuotaPoller;
  private readonly store: DeferredQuotaStore;
  private readonly now: () => number;
  private readonly localTimer: NodeJS.Timeout;

  constructor(private readonly deps: QuotaTrackingDeps) {
    this.now = deps.now ?? Date.now;
    this.store = new DeferredQuotaStore(deps.store);
    this.book = new QuotaBook({
      store: this.store,
      prefixOf: (accountId) => this.account(accountId)?.prefix ?? '',
      thresholds: () => deps.settings().alertThresholds,
      now: this.now,
    });
    this.poller = new QuotaPoller({
      accounts: () =>
        deps
          .accounts()
          .filter((account) => account.enabled && account.auth === 'oauth')
          .map((account) => ({ id: account.id, kind: account.kind })),
      credentials: (accountId) => deps.credentials(accountId),
      book: this.book,
      settings: () => deps.settings(),
      now: this.now,
      ...(deps.dispatcher === undefined ? {} : { dispatcher: deps.dispatcher }),
    });
    this.localTimer = setInterval(() => this.updateLocal(), deps.localEveryMs ?? 30_000);
    this.localTimer.unref();
  }

  start(): void {
    this.poller.start();
    this.updateLocal();
  }

  /** Accounts or settings changed: new accounts get polled, removed ones stop. */
  sync(): void {
    this.poller.sync();
    this.updateLocal();
  }

  /** Rate-limit headers from a reply (engine hook). */
  observeResponse(account: ResolvedProvider, headers: Record<string, unknown>): void {
    this.book.observeHeaders(
      account.id,
      account.kind,
      headers as Parameters<QuotaBook['observeHeaders']>[2],
    );
  }

  /** What routing reads. */
  readonly signals: QuotaSignals = {
    mostUsed: (accountId) => {
      let top: { usedPercent: number; label: string; resetsAt?: number } | undefined;
      for (const window of this.book.windows(accountId)) {
        const percent = usedPercentOf(window);
        if (percent === undefined || (top !== undefined && percent <= top.usedPercent)) continue;
        top = {
          usedPercent: percent,
          label: window.label,
          ...(window.resetsAt === undefined ? {} : { resetsAt: window.resetsAt }),
        };
      }
      return top;
    },
    isPolled: (accountId) => {
      const account = this.account(accountId);
      return (
        account !== undefined &&
        account.auth === 'oauth' &&
        account.definition.quota !== undefined &&
        this.deps.settings().poll
      );
    },
  };

  /** Recomputes estimates for accounts whose user-typed caps local accounting measures. */
  updateLocal(): void {
    const now = this.now();
    for (const account of this.deps.accounts()) {
      if (account.tokenLimits === undefined) continue;
      try {
        const windows = localQuotaWindows(this.deps.local, account.id, account.tokenLimits, now);
        this.book.observeLocal(account.id, windows);
      } catch {
        // The ledger may be closing; the next round tries again.
      }
    }
  }

  close(): void {
    clearInterval(this.localTimer);
    this.poller.stop();
    this.store.flush();
  }

  private account(accountId: string): ResolvedProvider | undefined {
    return this.deps.accounts().find((account) => account.id === accountId);
  }
}

/**
 * Header observations arrive with every reply; the store is written at most
 * once a second, off the request path, and on close.
 */
class DeferredQuotaStore implements QuotaStore {
  private readonly pending = new Map<string, StoredAccountQuota | undefined>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly inner: QuotaStore) {}

  loadAll(): Map<string, StoredAccountQuota> {
    return this.inner.loadAll();
  }

  save(accountId: string, quota: StoredAccountQuota): void {
    this.pending.set(accountId, structuredClone(quota));
    this.later();
  }

  remove(accountId: string): void {
    this.pending.set(accountId, undefined);
    this.later();
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const [accountId, quota] of this.pending) {
      if (quota === undefined) this.inner.remove(accountId);
      else this.inner.save(accountId, quota);
    }
    this.pending.clear();
  }

  private later(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.flush();
      } catch {
        // A failed save keeps nothing pending; the next observation saves again.
      }
    }, 1000);
    this.timer.unref();
  }
}
