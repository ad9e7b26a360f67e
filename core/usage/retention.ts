/**
 * Raw request rows live `retentionDays`; the daily rollup is kept forever, so
 * summaries over old days still work while per-request detail ages out.
 */
import type Database from 'better-sqlite3';
import { DAY_MS } from './time.js';

/** Deletes raw rows older than `retentionDays` before `now`; returns how many went. */
export function pruneRequests(db: Database.Database, retentionDays: number, now: number): number {
  const cutoff = now - Math.max(1, retentionDays) * DAY_MS;
  // One statement on the `at` index; the first prune of a long-unpruned file may take a moment.
  return db.prepare('DELETE FROM requests WHERE at < ?').run(cutoff).changes;
}

export interface RetentionOptions {
  retentionDays: number;
  now: () => number;
}

/** Prunes at most once a day: call `runIfDue` as often as convenient (the ledger does, after each flush). */
export class RetentionSchedule {
  private retentionDays: number;
  private readonly now: () => number;
  private lastRun: number | undefined;

  constructor(
    private readonly db: Database.Database,
    options: RetentionOptions,
  ) {
    this.retentionDays = options.retentionDays;
    this.now = options.now;
  }

  /** Settings can change while running; the next due run uses the new value. */
  setRetentionDays(days: number): void {
    if (days !== this.retentionDays) this.lastRun = undefined;
    this.retentionDays = days;
  }

  /** Returns the rows deleted, or undefined when the last run was under a day ago. */
  runIfDue(): number | undefined {
    const now = this.now();
    if (this.lastRun !== undefined && now - this.lastRun < DAY_MS) return undefined;
    this.lastRun = now;
    return pruneRequests(this.db, this.retentionDays, now);
  }
}
