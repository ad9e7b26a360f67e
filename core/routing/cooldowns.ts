/**
 * Which accounts (or account × model pairs) are out of quota, and until when.
 * An account-wide entry covers every model of the account. Entries expire
 * lazily: every read compares against the injected clock, so nothing needs a
 * timer and tests move time by hand.
 */
import { z } from 'zod';

export interface CooldownKey {
  accountId: string;
  /** Absent for a cooldown that covers the whole account. */
  model?: string;
}

export interface Cooldown {
  /** Epoch ms when the account (or model) may be used again. */
  until: number;
  reason: string;
}

export interface CooldownEntry extends CooldownKey, Cooldown {
  /** Epoch ms when the cooldown was recorded. */
  since: number;
}

export interface CooldownBookOptions {
  now?: () => number;
  /** A cooldown longer than this may be probed before it ends (default 5 min). */
  longCooldownMs?: number;
  /** At most one probe per key per this interval (default 1 min). */
  recheckIntervalMs?: number;
}

const cooldownEntrySchema = z.object({
  accountId: z.string().min(1),
  model: z.string().min(1).optional(),
  until: z.number(),
  since: z.number(),
  reason: z.string(),
});

export const cooldownsSnapshotSchema = z.object({
  entries: z.array(cooldownEntrySchema),
});

export type CooldownsSnapshot = z.infer<typeof cooldownsSnapshotSchema>;

interface Stored {
  entry: CooldownEntry;
  /** Epoch ms of the last probe `shouldRecheck` allowed, in memory only. */
  lastRecheck?: number;
}

export class CooldownBook {
  private readonly now: () => number;
  private readonly longCooldownMs: number;
  private readonly recheckIntervalMs: number;
  private readonly byKey = new Map<string, Stored>();

  constructor(options: CooldownBookOptions = {}) {
    this.now = options.now ?? Date.now;
    this.longCooldownMs = options.longCooldownMs ?? 5 * 60_000;
    this.recheckIntervalMs = options.recheckIntervalMs ?? 60_000;
  }

  /**
   * Records a cooldown. The latest upstream statement replaces an older one
   * for the same key, so a fresher and shorter reset is believed.
   */
  coolDown(key: CooldownKey, until: number, reason: string): void {
    const now = this.now();
    if (until <= now) return;
    const entry: CooldownEntry = { accountId: key.accountId, until, since: now, reason };
    if (key.model !== undefined) entry.model = key.model;
    this.byKey.set(keyOf(key), { entry });
  }

  /** The cooldown that blocks this model of the account, the later one when both apply. */
  isCooling(accountId: string, model?: string): Cooldown | undefined {
    const stored = this.blocking(accountId, model);
    return stored === undefined
      ? undefined
      : { until: stored.entry.until, reason: stored.entry.reason };
  }

  /**
   * Manual clearing: without a model, every cooldown of the account goes;
   * with one, only that model's own entry. Says whether anything was cleared.
   */
  clear(accountId: string, model?: string): boolean {
    if (model !== undefined) return this.byKey.delete(keyOf({ accountId, model }));
    let cleared = false;
    for (const [key, stored] of this.byKey) {
      if (stored.entry.accountId !== accountId) continue;
      this.byKey.delete(key);
      cleared = true;
    }
    return cleared;
  }

  /**
   * When the first of these candidates becomes usable: now when one already
   * is, undefined when there are no candidates.
   */
  earliestRecovery(keys: readonly CooldownKey[]): number | undefined {
    const now = this.now();
    let earliest: number | undefined;
    for (const key of keys) {
      const until = this.isCooling(key.accountId, key.model)?.until ?? now;
      if (earliest === undefined || until < earliest) earliest = until;
    }
    return earliest;
  }

  /** Live entries, soonest to end first. */
  entries(): CooldownEntry[] {
    this.dropExpired();
    return [...this.byKey.values()]
      .map((stored) => ({ ...stored.entry }))
      .sort((a, b) => a.until - b.until);
  }

  /**
   * A long cooldown (a 5-hour window, a weekly cap) may end early, for
   * instance when the user buys more: the engine may spend a cheap probe on
   * it. True at most once per interval per blocking entry, and never during
   * the first interval after the cooldown began.
   */
  shouldRecheck(key: CooldownKey, now = this.now()): boolean {
    const stored = this.blocking(key.accountId, key.model, now);
    if (stored === undefined) return false;
    const { entry } = stored;
    if (entry.until - entry.since <= this.longCooldownMs) return false;
    const last = stored.lastRecheck ?? entry.since;
    if (now - last < this.recheckIntervalMs) return false;
    stored.lastRecheck = now;
    return true;
  }

  toJSON(): CooldownsSnapshot {
    return { entries: this.entries() };
  }

  /** Throws a ZodError on a malformed snapshot; expired entries are dropped. */
  static fromJSON(value: unknown, options: CooldownBookOptions = {}): CooldownBook {
    const snapshot = cooldownsSnapshotSchema.parse(value);
    const book = new CooldownBook(options);
    const now = book.now();
    for (const raw of snapshot.entries) {
      if (raw.until <= now) continue;
      const entry: CooldownEntry = {
        accountId: raw.accountId,
        until: raw.until,
        since: raw.since,
        reason: raw.reason,
      };
      if (raw.model !== undefined) entry.model = raw.model;
      book.byKey.set(keyOf(entry), { entry });
    }
    return book;
  }

  private blocking(
    accountId: string,
    model: string | undefined,
    now = this.now(),
  ): Stored | undefined {
    const accountWide = this.live(keyOf({ accountId }), now);
    const own = model === undefined ? undefined : this.live(keyOf({ accountId, model }), now);
    if (accountWide === undefined) return own;
    if (own === undefined) return accountWide;
    return own.entry.until > accountWide.entry.until ? own : accountWide;
  }

  private live(key: string, now: number): Stored | undefined {
    const stored = this.byKey.get(key);
    if (stored === undefined) return undefined;
    if (stored.entry.until > now) return stored;
    this.byKey.delete(key);
    return undefined;
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [key, stored] of this.byKey) if (stored.entry.until <= now) this.byKey.delete(key);
  }
}

function keyOf(key: CooldownKey): string {
  return JSON.stringify([key.accountId, key.model ?? null]);
}
