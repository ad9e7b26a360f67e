import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../shared/usage.js';
import { openUsageDatabase } from './database.js';
import { RetentionSchedule, pruneRequests } from './retention.js';
import { DAY_MS, HOUR_MS } from './time.js';
import { createRecordWriter } from './writer.js';

const NOW = Date.UTC(2026, 5, 1, 10);
let dir: string;
let db: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sy-usage-retention-'));
  db = openUsageDatabase(dir).db;
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function rec(at: number): RequestRecord {
  return {
    requestId: `r-${at}`,
    at,
    inbound: 'anthropic',
    requested: 'x',
    prefix: 'p',
    accountId: 'a',
    model: 'm',
    status: 200,
    outcome: 'completed',
    latencyMs: 1,
    input: 1,
    output: 1,
    cacheRead: 0,
    cacheWrite: 0,
    reasoning: 0,
    estimated: false,
    costUsd: 1,
    apiValueUsd: 1,
  };
}

const rawCount = () => db.prepare('SELECT COUNT(*) FROM requests').pluck().get();
const rollupCost = () => db.prepare('SELECT SUM(cost_usd) FROM usage_daily').pluck().get();

describe('pruneRequests', () => {
  it('drops raw rows older than the retention and keeps every rollup', () => {
    const write = createRecordWriter(db);
    write([
      rec(NOW - 10 * DAY_MS - 1),
      rec(NOW - 10 * DAY_MS),
      rec(NOW - 9 * DAY_MS),
      rec(NOW - HOUR_MS),
    ]);
    expect(pruneRequests(db, 10, NOW)).toBe(1);
    expect(rawCount()).toBe(3);
    expect(rollupCost()).toBe(4);
  });
});

describe('RetentionSchedule', () => {
  it('runs at most once a day on the injected clock', () => {
    const write = createRecordWriter(db);
    let now = NOW;
    const schedule = new RetentionSchedule(db, { retentionDays: 1, now: () => now });
    write([rec(now - 2 * DAY_MS)]);
    expect(schedule.runIfDue()).toBe(1);

    write([rec(now - 2 * DAY_MS)]);
    now += DAY_MS - 1;
    expect(schedule.runIfDue()).toBeUndefined();
    expect(rawCount()).toBe(1);
    now += 1;
    expect(schedule.runIfDue()).toBe(1);
    expect(rawCount()).toBe(0);
    expect(rollupCost()).toBe(2);
  });

  it('runs again at once when the retention changes', () => {
    const write = createRecordWriter(db);
    const schedule = new RetentionSchedule(db, { retentionDays: 30, now: () => NOW });
    write([rec(NOW - 5 * DAY_MS)]);
    expect(schedule.runIfDue()).toBe(0);
    schedule.setRetentionDays(3);
    expect(schedule.runIfDue()).toBe(1);
  });
});
