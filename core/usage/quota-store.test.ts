import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredAccountQuota } from '../quota/store.js';
import { openUsageDatabase } from './database.js';
import { SqliteQuotaStore } from './quota-store.js';

let dir: string;
let db: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sy-usage-quota-'));
  db = openUsageDatabase(dir).db;
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const claude: StoredAccountQuota = {
  windows: [
    {
      id: 'five_hour',
      label: '5-hour',
      kind: 'five_hour',
      usedPercent: 42,
      resetsAt: 1_800_000_000_000,
      source: 'usage-endpoint',
      observedAt: 1_799_999_000_000,
      estimated: false,
    },
    {
      id: 'seven_day',
      label: 'Weekly',
      kind: 'weekly',
      used: 10,
      limit: 100,
      unit: 'requests',
      source: 'headers',
      observedAt: 1_799_999_000_000,
      estimated: true,
    },
  ],
  poll: { at: 1_799_999_000_000, ok: false, error: 'HTTP 503', nextAt: 1_800_000_060_000 },
};

describe('SqliteQuotaStore', () => {
  it('saves, replaces, removes and survives a reopen', () => {
    const store = new SqliteQuotaStore(db);
    store.save('claude-1', claude);
    store.save('copilot-1', { windows: [] });
    store.save('copilot-1', { windows: claude.windows.slice(0, 1) });
    store.save('gone', { windows: [] });
    store.remove('gone');

    db.close();
    db = openUsageDatabase(dir).db;
    const loaded = new SqliteQuotaStore(db).loadAll();
    expect([...loaded.keys()].sort()).toEqual(['claude-1', 'copilot-1']);
    expect(loaded.get('claude-1')).toEqual(claude);
    expect(loaded.get('copilot-1')).toEqual({ windows: claude.windows.slice(0, 1) });
    expect(loaded.get('copilot-1')).not.toHaveProperty('poll');
  });

  it('skips and reports a row that no longer parses', () => {
    const bad: [string, string][] = [];
    const store = new SqliteQuotaStore(db, {
      onInvalidRow: (id, detail) => bad.push([id, detail]),
    });
    store.save('ok', claude);
    db.prepare("INSERT INTO quota_accounts VALUES ('broken', '{not json', NULL, 0)").run();
    db.prepare("INSERT INTO quota_accounts VALUES ('shape', '{\"a\":1}', NULL, 0)").run();
    expect([...store.loadAll().keys()]).toEqual(['ok']);
    expect(bad.map(([id]) => id).sort()).toEqual(['broken', 'shape']);
  });
});
