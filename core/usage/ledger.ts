/**
 * The usage ledger: `record` only queues, so the request path never waits on
 * disk. An unref'd timer writes the queue in one transaction per flush. A
 * failed write is reported, never thrown, and its records are kept for the
 * next try, up to a bound past which the oldest are dropped (and reported).
 */
import type Database from 'better-sqlite3';
import type { Logger } from '../shared/log.js';
import type { RequestRecord } from '../shared/usage.js';
import { RetentionSchedule } from './retention.js';
import { createRecordWriter, type RecordWriter } from './writer.js';

export type UsageLedgerProblem =
  | {
      code: 'usage_write_failed';
      detail: string;
      /** Records still queued for the next try. */
      pending: number;
      cause: unknown;
    }
  | {
      code: 'usage_records_dropped';
      /** `queue_full`: oldest records past `maxPending`; `closed`: recorded after close or unwritable at close. */
      reason: 'queue_full' | 'closed';
      dropped: number;
    }
  | { code: 'usage_prune_failed'; detail: string; cause: unknown };

export interface UsageLedgerOptions {
  /** Quiet period before queued records are written (default 200 ms). */
  flushIntervalMs?: number;
  /** A queue this long is written on the next tick instead of waiting (default 500). */
  batchSize?: number;
  /** Most records held while writes fail; the oldest beyond it are dropped (default 50,000). */
  maxPending?: number;
  /** Longest wait between retries of a failing write (default 30 s). */
  maxRetryDelayMs?: number;
  /** Raw-row retention; pruning runs on open and then at most daily after a flush. Absent: never prune. */
  retentionDays?: number;
  now?: () => number;
  onError?: (problem: UsageLedgerProblem) => void;
  logger?: Logger;
}

export class UsageLedger {
  private queue: RequestRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;
  private readonly write: RecordWriter;
  private readonly retention: RetentionSchedule | undefined;
  private readonly flushIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxPending: number;
  private readonly maxRetryDelayMs: number;

  constructor(
    private readonly db: Database.Database,
    private readonly options: UsageLedgerOptions = {},
  ) {
    this.write = createRecordWriter(db);
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.batchSize = options.batchSize ?? 500;
    this.maxPending = options.maxPending ?? 50_000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
    if (options.retentionDays !== undefined) {
      this.retention = new RetentionSchedule(db, {
        retentionDays: options.retentionDays,
        now: options.now ?? Date.now,
      });
      this.prune();
    }
  }

  /** Queues one record; cheap and synchronous, never throws. */
  record(record: RequestRecord): void {
    if (this.closed) {
      this.report({ code: 'usage_records_dropped', reason: 'closed', dropped: 1 });
      return;
    }
    this.queue.push(record);
    if (this.queue.length > this.maxPending) {
      const dropped = this.queue.length - this.maxPending;
      this.queue.splice(0, dropped);
      this.report({ code: 'usage_records_dropped', reason: 'queue_full', dropped });
    }
    // Exactly at the threshold, so a burst reschedules once, not on every record.
    if (this.failures === 0 && this.queue.length === this.batchSize) this.schedule(0);
    else if (this.timer === undefined) this.schedule(this.retryDelay());
  }

  /** Records queued and not yet written. */
  get pending(): number {
    return this.queue.length;
  }

  /** Writes everything queued now, in one transaction. Returns false when the write failed (reported). */
  flush(): boolean {
    this.clearTimer();
    if (this.queue.length === 0) return true;
    const batch = this.queue;
    this.queue = [];
    try {
      this.write(batch);
    } catch (error) {
      // Keep order: the failed batch goes back before anything recorded since.
      this.queue = batch.concat(this.queue);
      this.failures += 1;
      this.report({
        code: 'usage_write_failed',
        detail: error instanceof Error ? error.message : String(error),
        pending: this.queue.length,
        cause: error,
      });
      if (!this.closed) this.schedule(this.retryDelay());
      return false;
    }
    this.failures = 0;
    this.prune();
    if (this.queue.length > 0) this.schedule(this.flushIntervalMs);
    return true;
  }

  setRetentionDays(days: number): void {
    this.retention?.setRetentionDays(days);
  }

  /** Flushes, then closes the database. Records that still cannot be written are reported as dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.flush()) {
      this.report({ code: 'usage_records_dropped', reason: 'closed', dropped: this.queue.length });
      this.queue = [];
    }
    this.clearTimer();
    this.db.close();
  }

  private prune(): void {
    try {
      const deleted = this.retention?.runIfDue();
      if (deleted !== undefined && deleted > 0) {
        this.options.logger?.log('info', 'usage: pruned old request rows', { deleted });
      }
    } catch (error) {
      this.report({
        code: 'usage_prune_failed',
        detail: error instanceof Error ? error.message : String(error),
        cause: error,
      });
    }
  }

  private retryDelay(): number {
    if (this.failures === 0) return this.flushIntervalMs;
    return Math.min(this.maxRetryDelayMs, this.flushIntervalMs * 2 ** this.failures);
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, delayMs);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private report(problem: UsageLedgerProblem): void {
    const fields: Record<string, unknown> = { ...problem };
    delete fields.cause;
    const level = problem.code === 'usage_records_dropped' ? 'error' : 'warn';
    this.options.logger?.log(level, 'usage ledger', fields);
    try {
      this.options.onError?.(problem);
    } catch {
      // A throwing listener must not break the ledger.
    }
  }
}
