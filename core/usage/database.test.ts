import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  USAGE_DB_FILE,
  UsageDbError,
  openUsageDatabase,
  openUsageDatabaseReadOnly,
  usageDbPath,
} from './database.js';
import { LATEST_VERSION, type Migration } from './schema.js';

let dir: string;
const open: Database.Database[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sy-usage-db-'));
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function keep<T extends { db: Database.Database }>(opened: T): T {
  open.push(opened.db);
  return opened;
}

function tables(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((row) => row.name);
}

describe('openUsageDatabase', () => {
  it('creates a private WAL database at the latest schema', () => {
    const { db, problems } = keep(openUsageDatabase(dir));
    expect(problems).toEqual([]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(tables(db)).toEqual(['quota_accounts', 'requests', 'usage_daily', 'usage_daily_dim']);
    if (process.platform !== 'win32') {
      expect(statSync(usageDbPath(dir)).mode & 0o777).toBe(0o600);
    }
  });

  it('applies each migration once, and only new ones on reopen', () => {
    let runs = 0;
    const first: Migration[] = [
      { version: 1, up: 'CREATE TABLE a (x INTEGER)' },
      {
        version: 2,
        up: (db) => {
          runs += 1;
          db.exec('INSERT INTO a VALUES (1)');
        },
      },
    ];
    keep(openUsageDatabase(dir, { migrations: first })).db.close();
    const { db } = keep(openUsageDatabase(dir, { migrations: first }));
    expect(runs).toBe(1);
    expect(db.prepare('SELECT COUNT(*) AS n FROM a').get()).toEqual({ n: 1 });
    db.close();

    const more = [...first, { version: 3, up: 'INSERT INTO a VALUES (3)' }];
    const reopened = keep(openUsageDatabase(dir, { migrations: more })).db;
    expect(runs).toBe(1);
    expect(reopened.pragma('user_version', { simple: true })).toBe(3);
    expect(reopened.prepare('SELECT COUNT(*) AS n FROM a').get()).toEqual({ n: 2 });
  });

  it('rolls back every pending migration when one fails', () => {
    const failing: Migration[] = [
      { version: 1, up: 'CREATE TABLE a (x INTEGER)' },
      {
        version: 2,
        up: () => {
          throw new Error('boom');
        },
      },
    ];
    expect(() => openUsageDatabase(dir, { migrations: failing })).toThrow(
      expect.objectContaining({ code: 'usage_db_migration_failed' }) as Error,
    );
    const db = new Database(usageDbPath(dir));
    open.push(db);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it('refuses migrations out of order', () => {
    expect(() =>
      openUsageDatabase(dir, {
        migrations: [
          { version: 2, up: '' },
          { version: 1, up: '' },
        ],
      }),
    ).toThrow(/rising/);
  });

  it('keeps data across reopen', () => {
    const { db } = keep(openUsageDatabase(dir));
    db.prepare('INSERT INTO quota_accounts VALUES (?, ?, NULL, ?)').run('acc', '[]', 1);
    db.close();
    const again = keep(openUsageDatabase(dir)).db;
    expect(again.prepare('SELECT account_id FROM quota_accounts').all()).toEqual([
      { account_id: 'acc' },
    ]);
  });

  it('moves a corrupt file aside, reports it, and starts fresh', () => {
    const garbage = 'this is not a database at all, just text '.repeat(100);
    writeFileSync(usageDbPath(dir), garbage);
    const now = new Date('2026-03-04T05:06:07.089Z');
    const { db, problems } = keep(openUsageDatabase(dir, { now: () => now }));

    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem?.code).toBe('usage_db_corrupt');
    expect(problem?.movedTo).toBe(`${usageDbPath(dir)}.corrupt-2026-03-04T05-06-07-089Z`);
    expect(problem?.detail).toMatch(/not a database/i);
    expect(readFileSync(problem?.movedTo ?? '', 'utf8')).toBe(garbage);
    expect(tables(db)).toContain('requests');
    expect(readdirSync(dir).filter((name) => name.includes('corrupt'))).toHaveLength(1);
  });

  it('refuses a newer schema and leaves the file byte-identical', () => {
    const seed = new Database(usageDbPath(dir));
    seed.exec('CREATE TABLE future (x)');
    seed.pragma(`user_version = ${LATEST_VERSION + 5}`);
    seed.close();
    const before = readFileSync(usageDbPath(dir));

    let caught: unknown;
    try {
      openUsageDatabase(dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageDbError);
    expect((caught as UsageDbError).code).toBe('usage_db_newer');
    expect(readFileSync(usageDbPath(dir)).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual([USAGE_DB_FILE]);
  });
});

describe('openUsageDatabaseReadOnly', () => {
  it('reads what a live writer commits, and cannot write', () => {
    const writer = keep(openUsageDatabase(dir)).db;
    const insert = writer.prepare('INSERT INTO quota_accounts VALUES (?, ?, NULL, ?)');
    insert.run('one', '[]', 1);

    const reader = openUsageDatabaseReadOnly(dir);
    open.push(reader);
    const count = reader.prepare('SELECT COUNT(*) AS n FROM quota_accounts');
    expect(count.get()).toEqual({ n: 1 });
    insert.run('two', '[]', 2);
    expect(count.get()).toEqual({ n: 2 });
    expect(() => reader.exec("DELETE FROM quota_accounts WHERE account_id = 'one'")).toThrow(
      /readonly/i,
    );
  });

  it('opens a database no writer holds', () => {
    keep(openUsageDatabase(dir)).db.close();
    const reader = openUsageDatabaseReadOnly(dir);
    open.push(reader);
    expect(reader.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
  });

  it.each([
    ['usage_db_missing', () => undefined],
    [
      'usage_db_newer',
      () => {
        const db = new Database(usageDbPath(dir));
        db.pragma(`user_version = ${LATEST_VERSION + 1}`);
        db.close();
      },
    ],
    [
      'usage_db_outdated',
      () => {
        const db = new Database(usageDbPath(dir));
        db.exec('CREATE TABLE t (x)');
        db.close();
      },
    ],
  ])('refuses with %s', (code, setup) => {
    setup();
    expect(() => openUsageDatabaseReadOnly(dir)).toThrow(
      expect.objectContaining({ code }) as Error,
    );
  });
});
