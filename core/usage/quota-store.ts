/**
 * The quota store on the usage database: one row per account holding its
 * windows and poll status as JSON, replaced whole on every save.
 */
import type Database from 'better-sqlite3';
import type { QuotaStore, StoredAccountQuota } from '../quota/store.js';
import type { QuotaPollStatus, QuotaWindow } from '../shared/quota.js';

interface QuotaRow {
  account_id: string;
  windows: string;
  poll: string | null;
}

export interface SqliteQuotaStoreOptions {
  now?: () => number;
  /** Told about rows that no longer parse; they are skipped, and replaced on the next save. */
  onInvalidRow?: (accountId: string, detail: string) => void;
}

export class SqliteQuotaStore implements QuotaStore {
  private readonly selectAll: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly delete: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly options: SqliteQuotaStoreOptions = {},
  ) {
    this.selectAll = db.prepare('SELECT account_id, windows, poll FROM quota_accounts');
    this.upsert = db.prepare(`
      INSERT INTO quota_accounts (account_id, windows, poll, updated_at)
      VALUES (@accountId, @windows, @poll, @updatedAt)
      ON CONFLICT (account_id) DO UPDATE SET
        windows = excluded.windows, poll = excluded.poll, updated_at = excluded.updated_at`);
    this.delete = db.prepare('DELETE FROM quota_accounts WHERE account_id = ?');
  }

  loadAll(): Map<string, StoredAccountQuota> {
    const out = new Map<string, StoredAccountQuota>();
    for (const row of this.selectAll.all() as QuotaRow[]) {
      const parsed = parseRow(row);
      if (typeof parsed === 'string') this.options.onInvalidRow?.(row.account_id, parsed);
      else out.set(row.account_id, parsed);
    }
    return out;
  }

  save(accountId: string, quota: StoredAccountQuota): void {
    this.upsert.run({
      accountId,
      windows: JSON.stringify(quota.windows),
      poll: quota.poll === undefined ? null : JSON.stringify(quota.poll),
      updatedAt: (this.options.now ?? Date.now)(),
    });
  }

  remove(accountId: string): void {
    this.delete.run(accountId);
  }
}

/** Shape checks only: the rows were written by `save` from typed values. */
function parseRow(row: QuotaRow): StoredAccountQuota | string {
  try {
    const windows: unknown = JSON.parse(row.windows);
    if (!Array.isArray(windows) || !windows.every(isWindowLike)) return 'windows is not a list';
    const stored: StoredAccountQuota = { windows: windows as QuotaWindow[] };
    if (row.poll !== null) {
      const poll: unknown = JSON.parse(row.poll);
      if (!isObject(poll) || typeof poll.at !== 'number' || typeof poll.ok !== 'boolean') {
        return 'poll is not a poll status';
      }
      stored.poll = poll as unknown as QuotaPollStatus;
    }
    return stored;
  } catch (error) {
    return error instanceof Error ? error.message : 'unparseable JSON';
  }
}

function isWindowLike(value: unknown): boolean {
  return isObject(value) && typeof value.id === 'string' && typeof value.kind === 'string';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
