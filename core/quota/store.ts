/**
 * Where quota windows survive a restart. The usage database implements it
 * (`core/usage/quota-store.ts`); tests use the in-memory one below.
 */
import type { QuotaPollStatus, QuotaWindow } from '../shared/quota.js';

export interface StoredAccountQuota {
  /** Every window last seen, from every source (merging happens on read). */
  windows: QuotaWindow[];
  poll?: QuotaPollStatus;
}

export interface QuotaStore {
  loadAll(): Map<string, StoredAccountQuota>;
  /** Replaces what is stored for one account. */
  save(accountId: string, quota: StoredAccountQuota): void;
  remove(accountId: string): void;
}

export class MemoryQuotaStore implements QuotaStore {
  private readonly data = new Map<string, StoredAccountQuota>();

  loadAll(): Map<string, StoredAccountQuota> {
    return new Map(this.data);
  }

  save(accountId: string, quota: StoredAccountQuota): void {
    this.data.set(accountId, structuredClone(quota));
  }

  remove(accountId: string): void {
    this.data.delete(accountId);
  }
}
