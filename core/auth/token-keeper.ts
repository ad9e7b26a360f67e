/**
 * Keeps every subscription account's tokens fresh: a timer refreshes each one
 * ahead of its expiry, a 401 refreshes on demand through the same
 * single-flight path, rotated refresh tokens are saved before they are used,
 * network failures retry with backoff, and a refused refresh marks the
 * account as needing a new login.
 */
import type { SecretStore } from '../storage/secret-store.js';
import { RefreshError, type OAuthTokens, type TokenRefresher } from './types.js';

/** The secret name an account's tokens are stored under (JSON, encrypted by the store). */
export function tokenSecretName(accountId: string): string {
  return `oauth:${accountId}`;
}

const MAX_TIMER_MS = 2_147_483_647;

export interface RefreshPolicy {
  refresh: TokenRefresher;
  /** Refresh this long before expiry (providers differ: Copilot tokens live minutes). */
  leadMs: number;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // Refresh timers must not keep a CLI process alive.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface TokenKeeperOptions {
  secrets: SecretStore;
  /** How an account refreshes, or undefined for accounts without OAuth. */
  policyFor(accountId: string): RefreshPolicy | undefined;
  /** The upstream refused a refresh: the account needs the user. */
  onNeedsLogin?: (accountId: string, message: string) => void;
  now?: () => number;
  timers?: Timers;
  /** Delay before retry number `attempt` after a network failure (default: 2^n s, up to 5 min). */
  retryDelayMs?: (attempt: number) => number;
}

export class TokenKeeper {
  private readonly inFlight = new Map<string, Promise<OAuthTokens>>();
  private readonly timers = new Map<string, unknown>();
  private readonly failures = new Map<string, number>();
  private readonly now: () => number;
  private readonly clock: Timers;
  private stopped = false;

  constructor(private readonly options: TokenKeeperOptions) {
    this.now = options.now ?? Date.now;
    this.clock = options.timers ?? realTimers;
  }

  async tokens(accountId: string): Promise<OAuthTokens | undefined> {
    const text = await this.options.secrets.get(tokenSecretName(accountId));
    return text === undefined ? undefined : (JSON.parse(text) as OAuthTokens);
  }

  /** Stores tokens from a login and schedules their refresh. */
  async save(accountId: string, tokens: OAuthTokens): Promise<void> {
    await this.options.secrets.set(tokenSecretName(accountId), JSON.stringify(tokens));
    this.schedule(accountId, tokens);
  }

  /** A usable access token: refreshed first when it has expired or is about to. */
  async accessToken(accountId: string): Promise<string | undefined> {
    const current = await this.tokens(accountId);
    if (current === undefined) return undefined;
    const policy = this.options.policyFor(accountId);
    const due =
      policy !== undefined &&
      current.expiresAt !== undefined &&
      current.expiresAt - policy.leadMs <= this.now();
    return due ? (await this.refresh(accountId)).accessToken : current.accessToken;
  }

  /**
   * Refreshes once for everyone who asks at the same time (a burst of 401s
   * causes one refresh). Throws `RefreshError`.
   */
  refresh(accountId: string): Promise<OAuthTokens> {
    const running = this.inFlight.get(accountId);
    if (running !== undefined) return running;
    const attempt = this.refreshNow(accountId).finally(() => this.inFlight.delete(accountId));
    this.inFlight.set(accountId, attempt);
    return attempt;
  }

  /**
   * After a 401 with `usedToken`: refreshes unless someone already did (the
   * stored token differs), so late 401s of a burst do not refresh again.
   */
  async refreshAfterRejection(accountId: string, usedToken: string | undefined): Promise<void> {
    const stored = await this.tokens(accountId);
    if (stored !== undefined && usedToken !== undefined && stored.accessToken !== usedToken) return;
    await this.refresh(accountId);
  }

  /** Schedules the next refresh of every listed account from its stored tokens. */
  async start(accountIds: readonly string[]): Promise<void> {
    for (const accountId of accountIds) {
      const tokens = await this.tokens(accountId);
      if (tokens !== undefined) this.schedule(accountId, tokens);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const handle of this.timers.values()) this.clock.clearTimeout(handle);
    this.timers.clear();
  }

  private async refreshNow(accountId: string): Promise<OAuthTokens> {
    const policy = this.options.policyFor(accountId);
    const current = await this.tokens(accountId);
    if (policy === undefined || current === undefined) {
      throw new RefreshError({
        kind: 'refused',
        message: `No refreshable login for ${accountId}.`,
      });
    }
    try {
      const fresh = await policy.refresh(current);
      // A rotated refresh token replaces the old one on disk before anyone uses it.
      const refreshToken = fresh.refreshToken ?? current.refreshToken;
      const merged: OAuthTokens = {
        ...fresh,
        ...(refreshToken === undefined ? {} : { refreshToken }),
        extra: { ...current.extra, ...fresh.extra },
      };
      await this.options.secrets.set(tokenSecretName(accountId), JSON.stringify(merged));
      this.failures.delete(accountId);
      this.schedule(accountId, merged);
      return merged;
    } catch (error) {
      if (error instanceof RefreshError && error.failure.kind === 'refused') {
        // Nothing will work until the user logs in again; stop trying on a timer.
        this.disarm(accountId);
        this.options.onNeedsLogin?.(accountId, error.failure.message);
      } else {
        this.retryLater(accountId);
      }
      throw error;
    }
  }

  private schedule(accountId: string, tokens: OAuthTokens): void {
    const policy = this.options.policyFor(accountId);
    if (this.stopped || policy === undefined || tokens.expiresAt === undefined) return;
    this.arm(accountId, Math.max(0, tokens.expiresAt - policy.leadMs - this.now()));
  }

  private retryLater(accountId: string): void {
    const attempt = (this.failures.get(accountId) ?? 0) + 1;
    this.failures.set(accountId, attempt);
    const delay =
      this.options.retryDelayMs?.(attempt) ?? Math.min(300_000, 1000 * 2 ** (attempt - 1));
    this.arm(accountId, delay);
  }

  private disarm(accountId: string): void {
    const handle = this.timers.get(accountId);
    if (handle !== undefined) this.clock.clearTimeout(handle);
    this.timers.delete(accountId);
  }

  private arm(accountId: string, delayMs: number): void {
    if (this.stopped) return;
    const previous = this.timers.get(accountId);
    if (previous !== undefined) this.clock.clearTimeout(previous);
    // Timers cannot wait longer than ~24.8 days; a far expiry is re-checked when that ends.
    const far = delayMs > MAX_TIMER_MS;
    const handle = this.clock.setTimeout(
      () => {
        this.timers.delete(accountId);
        if (far) {
          void this.tokens(accountId).then((tokens) => {
            if (tokens !== undefined) this.schedule(accountId, tokens);
          });
          return;
        }
        // Failures are handled inside (needs-login event or a retry timer).
        this.refresh(accountId).catch(() => undefined);
      },
      far ? MAX_TIMER_MS : delayMs,
    );
    this.timers.set(accountId, handle);
  }
}
