/**
 * Quota windows as the UI, the CLI and routing see them. Pure types: the
 * renderer imports them with `import type`.
 */

/** The window lengths providers define. `other` covers per-model buckets without a fixed length. */
export type QuotaWindowKind = 'five_hour' | 'daily' | 'weekly' | 'monthly' | 'other';

/**
 * Where a number came from, best first: the provider's usage endpoint, the
 * rate-limit headers on a response, or Switchyard's own token accounting.
 */
export type QuotaSource = 'usage-endpoint' | 'headers' | 'local';

export interface QuotaWindow {
  /** Stable within one account: `five_hour`, `seven_day`, `seven_day_opus`, `premium_interactions`, `model:<id>`… */
  id: string;
  /** What the user reads: "5-hour", "Weekly (Opus)", "Premium requests". */
  label: string;
  kind: QuotaWindowKind;
  /** 0–100, where known. */
  usedPercent?: number;
  /** Absolute numbers, where the source gives them. */
  used?: number;
  limit?: number;
  unit?: 'tokens' | 'requests' | 'credits';
  /** The provider reports no cap for this window. */
  unlimited?: boolean;
  /** Epoch ms when the window resets. */
  resetsAt?: number;
  source: QuotaSource;
  /** Epoch ms when this number was observed. */
  observedAt: number;
  /** True when the number is Switchyard's estimate rather than the provider's measurement. */
  estimated: boolean;
}

export interface QuotaPollStatus {
  /** Epoch ms of the last poll attempt. */
  at: number;
  ok: boolean;
  /** Why the last poll failed (no secrets). */
  error?: string;
  /** Epoch ms of the next scheduled poll. */
  nextAt?: number;
}

export interface AccountQuota {
  accountId: string;
  prefix: string;
  windows: QuotaWindow[];
  /** Absent for accounts without a usage endpoint. */
  poll?: QuotaPollStatus;
}

/** An alert the app turns into a notification. Each fires once per crossing. */
export type QuotaAlert =
  | {
      type: 'threshold';
      accountId: string;
      windowId: string;
      label: string;
      /** The threshold crossed (80, 95…). */
      threshold: number;
      usedPercent: number;
      resetsAt?: number;
      at: number;
    }
  | {
      type: 'exhausted';
      accountId: string;
      windowId: string;
      label: string;
      resetsAt?: number;
      at: number;
    }
  | { type: 'reset'; accountId: string; windowId: string; label: string; at: number };
