/**
 * The usage database's migrations, oldest first. Each runs once, inside the
 * opener's transaction, and its version is recorded in `PRAGMA user_version`.
 * Never edit a released migration: append a new one.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  up: string | ((db: Database.Database) => void);
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    up: `
      -- One row per request. Optional text fields hold '' for "none" so raw rows
      -- and the rollup group the same way.
      CREATE TABLE requests (
        id INTEGER PRIMARY KEY,
        request_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        key_id TEXT NOT NULL DEFAULT '',
        inbound TEXT NOT NULL,
        requested TEXT NOT NULL,
        combo TEXT NOT NULL DEFAULT '',
        prefix TEXT NOT NULL,
        account_id TEXT NOT NULL,
        model TEXT NOT NULL,
        status INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        latency_ms INTEGER NOT NULL,
        ttft_ms INTEGER,
        input INTEGER NOT NULL,
        output INTEGER NOT NULL,
        cache_read INTEGER NOT NULL,
        cache_write INTEGER NOT NULL,
        reasoning INTEGER NOT NULL,
        estimated INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        api_value_usd REAL NOT NULL
      );
      -- Time ranges, recent() paging and retention; the rowid tail orders ties.
      CREATE INDEX requests_at ON requests (at);
      -- Local quota accounting and one account's recent requests.
      CREATE INDEX requests_account_at ON requests (account_id, at);

      -- Daily totals, kept past raw-row retention; day is the UTC 'YYYY-MM-DD'.
      CREATE TABLE usage_daily (
        day TEXT NOT NULL,
        prefix TEXT NOT NULL,
        account_id TEXT NOT NULL,
        model TEXT NOT NULL,
        combo TEXT NOT NULL,
        key_id TEXT NOT NULL,
        inbound TEXT NOT NULL,
        requests INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        input INTEGER NOT NULL,
        output INTEGER NOT NULL,
        cache_read INTEGER NOT NULL,
        cache_write INTEGER NOT NULL,
        reasoning INTEGER NOT NULL,
        estimated INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        api_value_usd REAL NOT NULL,
        PRIMARY KEY (day, prefix, account_id, model, combo, key_id, inbound)
      ) WITHOUT ROWID;

      -- The same days summed along one dimension at a time ('all' has value ''):
      -- a year of usage_daily is ~100k+ rows for a busy user, a year here is a
      -- few thousand, so year-long summaries and day series stay fast.
      CREATE TABLE usage_daily_dim (
        dim TEXT NOT NULL,
        day TEXT NOT NULL,
        value TEXT NOT NULL,
        requests INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        input INTEGER NOT NULL,
        output INTEGER NOT NULL,
        cache_read INTEGER NOT NULL,
        cache_write INTEGER NOT NULL,
        reasoning INTEGER NOT NULL,
        estimated INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        api_value_usd REAL NOT NULL,
        PRIMARY KEY (dim, day, value)
      ) WITHOUT ROWID;

      -- The quota store: every window last seen per account, as JSON.
      CREATE TABLE quota_accounts (
        account_id TEXT PRIMARY KEY,
        windows TEXT NOT NULL,
        poll TEXT,
        updated_at INTEGER NOT NULL
      );
    `,
  },
];

/** The schema version this build writes. */
export const LATEST_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
