/** Opens the usage database read-only for CLI reports; a server may be writing it meanwhile. */
import type Database from 'better-sqlite3';
import { isUsageDbError, openUsageDatabaseReadOnly } from '../usage/database.js';
import { CliError } from './errors.js';

/** Runs `read` against the ledger; undefined when nothing has been recorded yet. */
export function withLedger<T>(dataDir: string, read: (db: Database.Database) => T): T | undefined {
  let db: Database.Database;
  try {
    db = openUsageDatabaseReadOnly(dataDir);
  } catch (error) {
    if (isUsageDbError(error) && error.code === 'usage_db_missing') return undefined;
    throw new CliError(
      'ledger_unavailable',
      `the usage database cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    return read(db);
  } finally {
    db.close();
  }
}
