/**
 * Polls each enabled account's usage endpoint, politely: one timer per
 * account, `pollSeconds` normally, `nearLimitPollSeconds` when a window is
 * near its limit or past its reset time, never later than just after a
 * used window's reset, exponential backoff on failures (a 429 waits at
 * least its `retry-after`; a 401 backs off from the normal interval, since
 * only a new token or login helps). Every result goes to the QuotaBook with
 * a poll status (no secrets). Time, timers and transport are injected.
 */
import { request, type Dispatcher } from 'undici';
import { createUpstreamDispatcher } from '../http/client.js';
import { firstHeaderValue, parseRetryAfter } from '../http/retry-after.js';
import { findProviderDefinition } from '../providers/index.js';
import {
  isQuotaReaderError,
  type QuotaCredentials,
  type QuotaReader,
} from '../providers/quota-reader.js';
import type { QuotaPollStatus, QuotaWindow } from '../shared/quota.js';
import type { QuotaBook } from './book.js';
import { usedPercentOf } from './merge.js';

export interface PolledAccount {
  id: string;
  /** Provider registry id (`cc`, `cx`…), which names the reader. */
  kind: string;
}

export interface PollerSettings {
  poll: boolean;
  pollSeconds: number;
  nearLimitPollSeconds: number;
  nearLimitPercent: number;
}

export type PollFailureKind =
  'credentials' | 'auth' | 'rate-limited' | 'http' | 'network' | 'timeout' | 'parse';

export interface PollFailure {
  kind: PollFailureKind;
  message: string;
  /** Epoch ms the upstream asked us to wait until (429 `retry-after`). */
  retryAt?: number;
}

export interface QuotaPollerDeps {
  /** The enabled accounts; accounts whose provider has no reader are skipped. */
  accounts(): readonly PolledAccount[];
  credentials(
    accountId: string,
  ): Promise<QuotaCredentials | undefined> | QuotaCredentials | undefined;
  book: QuotaBook;
  settings(): PollerSettings;
  dispatcher?: Dispatcher;
  readerFor?(kind: string): QuotaReader | undefined;
  now?: () => number;
  setTimer?(callback: () => void, ms: number): unknown;
  clearTimer?(handle: unknown): void;
  /** Longest a poll may take, headers and body (default 15 s). */
  timeoutMs?: number;
  /** First retry delay after a failure; doubles each time (default 30 s). */
  backoffBaseMs?: number;
  /** Cap on any failure delay (default 1 h). */
  maxBackoffMs?: number;
}

const defaultSetTimer = (callback: () => void, ms: number): unknown => {
  const handle = setTimeout(callback, ms);
  // Background polling must not keep a CLI process alive.
  handle.unref();
  return handle;
};
const defaultClearTimer = (handle: unknown): void => clearTimeout(handle as NodeJS.Timeout);

export class QuotaPoller {
  private readonly timers = new Map<string, unknown>();
  private readonly failures = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private dispatcher: Dispatcher | undefined;
  private running = false;

  constructor(private readonly deps: QuotaPollerDeps) {
    this.now = deps.now ?? Date.now;
    this.setTimer = deps.setTimer ?? defaultSetTimer;
    this.clearTimer = deps.clearTimer ?? defaultClearTimer;
    this.dispatcher = deps.dispatcher;
  }

  /** Starts background polling; an account's stored `nextAt` is honoured across restarts. */
  start(): void {
    this.running = true;
    this.sync();
  }

  /** Re-reads accounts and settings: new accounts get scheduled, removed or disabled ones stop. */
  sync(): void {
    const listed = new Set(this.pollable().map((account) => account.id));
    for (const id of [...this.timers.keys()]) {
      if (!listed.has(id) || !this.running || !this.deps.settings().poll) this.cancel(id);
    }
    if (!this.running || !this.deps.settings().poll) return;
    const now = this.now();
    for (const id of listed) {
      if (this.timers.has(id) || this.inFlight.has(id)) continue;
      const nextAt = this.deps.book.pollStatus(id)?.nextAt;
      this.schedule(id, nextAt === undefined ? 0 : Math.max(0, nextAt - now));
    }
  }

  /** Polls now (one account or all), whatever the schedule and the `poll` setting say. */
  async refresh(accountId?: string): Promise<void> {
    const ids =
      accountId === undefined ? this.pollable().map((account) => account.id) : [accountId];
    await Promise.all(
      ids.map((id) => {
        this.cancel(id);
        return this.pollNow(id);
      }),
    );
  }

  stop(): void {
    this.running = false;
    for (const id of [...this.timers.keys()]) this.cancel(id);
  }

  /** Resolves when no poll is in flight (tests). */
  async whenIdle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
  }

  private pollable(): PolledAccount[] {
    return this.deps.accounts().filter((account) => this.readerFor(account.kind) !== undefined);
  }

  private readerFor(kind: string): QuotaReader | undefined {
    return this.deps.readerFor ? this.deps.readerFor(kind) : findProviderDefinition(kind)?.quota;
  }

  private schedule(id: string, delayMs: number): void {
    this.cancel(id);
    const handle = this.setTimer(() => {
      this.timers.delete(id);
      void this.pollNow(id);
    }, delayMs);
    this.timers.set(id, handle);
  }

  private cancel(id: string): void {
    const handle = this.timers.get(id);
    if (handle === undefined) return;
    this.clearTimer(handle);
    this.timers.delete(id);
  }

  private pollNow(id: string): Promise<void> {
    const current = this.inFlight.get(id);
    if (current !== undefined) return current;
    const account = this.pollable().find((candidate) => candidate.id === id);
    if (account === undefined) return Promise.resolve();
    const run = this.pollAccount(account).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, run);
    return run;
  }

  private async pollAccount(account: PolledAccount): Promise<void> {
    const at = this.now();
    const outcome = await this.fetchWindows(account);
    let status: QuotaPollStatus;
    let delay: number;
    if (Array.isArray(outcome)) {
      this.failures.delete(account.id);
      status = { at, ok: true };
      this.deps.book.observePoll(account.id, outcome, status);
      delay = this.successDelay(account.id);
    } else {
      const failures = (this.failures.get(account.id) ?? 0) + 1;
      this.failures.set(account.id, failures);
      status = { at, ok: false, error: outcome.message };
      this.deps.book.observePoll(account.id, { error: outcome.message }, status);
      delay = this.failureDelay(failures, outcome);
    }
    const listed = this.pollable().some((candidate) => candidate.id === account.id);
    const scheduled = this.running && this.deps.settings().poll && listed;
    const nextAt = scheduled ? this.now() + delay : undefined;
    this.deps.book.setPollStatus(account.id, nextAt === undefined ? status : { ...status, nextAt });
    if (scheduled) this.schedule(account.id, delay);
  }

  private successDelay(accountId: string): number {
    const settings = this.deps.settings();
    const now = this.now();
    const windows = this.deps.book.windows(accountId);
    const near = windows.some((window) => {
      if (window.source === 'local') return false;
      const percent = usedPercentOf(window);
      return (
        window.resetPassed === true ||
        (percent !== undefined && percent >= settings.nearLimitPercent && percent < 100)
      );
    });
    let delay = (near ? settings.nearLimitPollSeconds : settings.pollSeconds) * 1000;
    // Look again just after a used window resets, so routing learns of it promptly.
    for (const window of windows) {
      if (window.source === 'local' || window.resetsAt === undefined) continue;
      if ((usedPercentOf(window) ?? 0) > 0 && window.resetsAt > now) {
        delay = Math.min(delay, window.resetsAt - now + 1000);
      }
    }
    return Math.max(1000, delay);
  }

  private failureDelay(failures: number, failure: PollFailure): number {
    const max = this.deps.maxBackoffMs ?? 3_600_000;
    const factor = 2 ** (failures - 1);
    if (failure.kind === 'auth' || failure.kind === 'credentials') {
      return Math.min(max, this.deps.settings().pollSeconds * 1000 * factor);
    }
    const backoff = Math.min(max, (this.deps.backoffBaseMs ?? 30_000) * factor);
    if (failure.retryAt !== undefined) return Math.max(backoff, failure.retryAt - this.now());
    return backoff;
  }

  private async fetchWindows(account: PolledAccount): Promise<QuotaWindow[] | PollFailure> {
    const reader = this.readerFor(account.kind);
    if (reader === undefined) return { kind: 'credentials', message: 'No usage endpoint' };
    let credentials: QuotaCredentials | undefined;
    try {
      credentials = await this.deps.credentials(account.id);
    } catch {
      return { kind: 'credentials', message: 'The stored login could not be read' };
    }
    if (credentials === undefined) {
      return { kind: 'credentials', message: 'The account has no stored login' };
    }
    const call = reader.request(credentials);
    if (isQuotaReaderError(call)) return { kind: 'credentials', message: call.message };

    const controller = new AbortController();
    const timeoutMs = this.deps.timeoutMs ?? 15_000;
    const timer = this.setTimer(() => controller.abort(), timeoutMs);
    let status: number;
    let retryAfter: string | undefined;
    let text: string;
    try {
      this.dispatcher ??= createUpstreamDispatcher();
      const response = await request(call.url, {
        method: call.method,
        headers: call.headers,
        ...(call.body === undefined ? {} : { body: call.body }),
        dispatcher: this.dispatcher,
        signal: controller.signal,
      });
      status = response.statusCode;
      retryAfter = firstHeaderValue(response.headers['retry-after']);
      text = await response.body.text();
    } catch (error) {
      if (controller.signal.aborted) {
        return { kind: 'timeout', message: `No answer within ${Math.round(timeoutMs / 1000)} s` };
      }
      return { kind: 'network', message: `Network error: ${(error as Error).message}` };
    } finally {
      this.clearTimer(timer);
    }

    if (status === 401 || status === 403) {
      return { kind: 'auth', message: `The usage endpoint refused the login (HTTP ${status})` };
    }
    if (status === 429) {
      const retryAt =
        retryAfter === undefined ? undefined : parseRetryAfter(retryAfter, this.now());
      return {
        kind: 'rate-limited',
        message: 'The usage endpoint is rate limited (HTTP 429)',
        ...(retryAt === undefined ? {} : { retryAt }),
      };
    }
    if (status < 200 || status >= 300) {
      return { kind: 'http', message: `The usage endpoint answered HTTP ${status}` };
    }
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      return {
        kind: 'parse',
        message: 'The usage endpoint answered with something other than JSON',
      };
    }
    const parsed = reader.parse(body, this.now());
    return isQuotaReaderError(parsed) ? { kind: 'parse', message: parsed.message } : parsed;
  }
}
