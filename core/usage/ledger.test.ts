import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestRecord } from '../shared/usage.js';
import { openUsageDatabase } from './database.js';
import { UsageLedger, type UsageLedgerProblem } from './ledger.js';
import { DAY_MS } from './time.js';

const T0 = Date.UTC(2026, 0, 10, 12);
let dir: string;
let db: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sy-usage-ledger-'));
  db = openUsageDatabase(dir).db;
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function rec(n: number, over: Partial<RequestRecord> = {}): RequestRecord {
  return {
    requestId: `req-${n}`,
    at: T0 + n,
    inbound: 'openai-chat',
    requested: 'claude/sonnet',
    prefix: 'claude',
    accountId: 'acc-1',
    model: 'claude-sonnet-4-5',
    status: 200,
    outcome: 'completed',
    latencyMs: 900,
    input: 10,
    output: 5,
    cacheRead: 0,
    cacheWrite: 0,
    reasoning: 0,
    estimated: false,
    costUsd: 0.01,
    apiValueUsd: 0.01,
    ...over,
  };
}

function count(table: 'requests' | 'usage_daily'): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function dailyRequests(): number {
  return (
    db.prepare('SELECT COALESCE(SUM(requests), 0) AS n FROM usage_daily').get() as { n: number }
  ).n;
}

describe('UsageLedger', () => {
  it('queues records and writes them only on flush', () => {
    const ledger = new UsageLedger(db, { flushIntervalMs: 60_000, batchSize: 10_000 });
    for (let i = 0; i < 1000; i += 1) ledger.record(rec(i));
    expect(count('requests')).toBe(0);
    expect(ledger.pending).toBe(1000);

    expect(ledger.flush()).toBe(true);
    expect(count('requests')).toBe(1000);
    expect(dailyRequests()).toBe(1000);
    // All 1000 share one (day, group) key, so the rollup holds one summed row.
    expect(count('usage_daily')).toBe(1);
    expect(ledger.pending).toBe(0);
  });

  it('writes a batch in one transaction: one bad row keeps every row out, and the batch is retried', () => {
    const problems: UsageLedgerProblem[] = [];
    const ledger = new UsageLedger(db, {
      flushIntervalMs: 60_000,
      onError: (p) => problems.push(p),
    });
    db.exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON requests WHEN NEW.request_id = 'req-50'
      BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    for (let i = 0; i < 100; i += 1) ledger.record(rec(i));

    expect(() => ledger.flush()).not.toThrow();
    expect(count('requests')).toBe(0);
    expect(count('usage_daily')).toBe(0);
    expect(ledger.pending).toBe(100);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'usage_write_failed', pending: 100, detail: 'refused' }),
    ]);

    ledger.record(rec(100));
    db.exec('DROP TRIGGER refuse');
    expect(ledger.flush()).toBe(true);
    const ids = db.prepare('SELECT request_id FROM requests ORDER BY id').pluck().all();
    expect(ids).toEqual(Array.from({ length: 101 }, (_, i) => `req-${i}`));
    expect(dailyRequests()).toBe(101);
  });

  it('bounds what it holds while writes fail, dropping the oldest and saying so', () => {
    const problems: UsageLedgerProblem[] = [];
    const ledger = new UsageLedger(db, {
      flushIntervalMs: 60_000,
      maxPending: 5,
      onError: (p) => problems.push(p),
    });
    db.exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON requests
      BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    for (let i = 0; i < 8; i += 1) ledger.record(rec(i));
    ledger.flush();
    expect(ledger.pending).toBe(5);
    expect(problems.filter((p) => p.code === 'usage_records_dropped')).toEqual([
      { code: 'usage_records_dropped', reason: 'queue_full', dropped: 1 },
      { code: 'usage_records_dropped', reason: 'queue_full', dropped: 1 },
      { code: 'usage_records_dropped', reason: 'queue_full', dropped: 1 },
    ]);
    db.exec('DROP TRIGGER refuse');
    ledger.flush();
    expect(db.prepare('SELECT request_id FROM requests ORDER BY id').pluck().all()).toEqual([
      'req-3',
      'req-4',
      'req-5',
      'req-6',
      'req-7',
    ]);
  });

  it('flushes on its own timer', async () => {
    const ledger = new UsageLedger(db, { flushIntervalMs: 5 });
    ledger.record(rec(1));
    ledger.record(rec(2));
    await vi.waitFor(() => expect(count('requests')).toBe(2));
    ledger.close();
  });

  it('flushes at once when a batch fills, without waiting for the interval', async () => {
    const ledger = new UsageLedger(db, { flushIntervalMs: 60_000, batchSize: 3 });
    for (let i = 0; i < 3; i += 1) ledger.record(rec(i));
    expect(count('requests')).toBe(0);
    await vi.waitFor(() => expect(count('requests')).toBe(3));
    ledger.close();
  });

  it('writes what is queued on close, then closes the database and refuses more', () => {
    const problems: UsageLedgerProblem[] = [];
    const ledger = new UsageLedger(db, {
      flushIntervalMs: 60_000,
      onError: (p) => problems.push(p),
    });
    ledger.record(rec(1));
    ledger.close();
    expect(db.open).toBe(false);
    ledger.record(rec(2));
    expect(problems).toEqual([{ code: 'usage_records_dropped', reason: 'closed', dropped: 1 }]);

    db = openUsageDatabase(dir).db;
    expect(count('requests')).toBe(1);
  });

  it('never throws into record() callers even when the listener throws', () => {
    const ledger = new UsageLedger(db, {
      flushIntervalMs: 60_000,
      maxPending: 1,
      onError: () => {
        throw new Error('listener bug');
      },
    });
    expect(() => {
      ledger.record(rec(1));
      ledger.record(rec(2));
    }).not.toThrow();
    ledger.close();
  });

  it('prunes old raw rows on open and keeps their rollup', () => {
    const first = new UsageLedger(db, { flushIntervalMs: 60_000 });
    first.record(rec(1, { at: T0 - 40 * DAY_MS }));
    first.record(rec(2, { at: T0 }));
    first.close();

    db = openUsageDatabase(dir).db;
    const ledger = new UsageLedger(db, { retentionDays: 30, now: () => T0 });
    expect(db.prepare('SELECT request_id FROM requests').pluck().all()).toEqual(['req-2']);
    expect(dailyRequests()).toBe(2);
    ledger.close();
  });
});
