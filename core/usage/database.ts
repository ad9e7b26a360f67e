/**
 * Opens `<dataDir>/usage.db`: WAL, migrations recorded in `user_version`, and
 * never a silent reset. A file SQLite cannot read is moved aside and reported
 * as a problem; a file from a newer Switchyard is refused and left untouched.
 */
import { chmodSync, closeSync, existsSync, openSync, renameSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './schema.js';

export const USAGE_DB_FILE = 'usage.db';

export type UsageDbErrorCode =
  /** The file was written by a newer schema; it is left untouched. */
  | 'usage_db_newer'
  /** The read-only opener found a schema older than this build (no writer has migrated it yet). */
  | 'usage_db_outdated'
  /** The read-only opener found no database. */
  | 'usage_db_missing'
  /** A migration failed; every pending migration was rolled back and the file is as it was. */
  | 'usage_db_migration_failed'
  /** The file could not be opened for a reason other than corruption (permissions, locks). */
  | 'usage_db_unavailable';

export class UsageDbError extends Error {
  readonly code: UsageDbErrorCode;

  constructor(code: UsageDbErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UsageDbError';
    this.code = code;
  }
}

export function isUsageDbError(value: unknown): value is UsageDbError {
  return value instanceof UsageDbError;
}

export interface UsageDbProblem {
  code: 'usage_db_corrupt';
  /** Where the unreadable file now lives, content intact. */
  movedTo: string;
  /** SQLite's complaint. */
  detail: string;
}

export interface OpenedUsageDatabase {
  db: Database.Database;
  /** Problems met while opening (a corrupt file moved aside); empty when all was well. */
  problems: UsageDbProblem[];
}

export interface OpenUsageDatabaseOptions {
  now?: () => Date;
  /** Replaces the real migrations, for tests of the migration runner. */
  migrations?: readonly Migration[];
  busyTimeoutMs?: number;
}

const BUSY_TIMEOUT_MS = 5000;
/** SQLite's codes for "this is not a readable database". */
const CORRUPT_CODES = ['SQLITE_NOTADB', 'SQLITE_CORRUPT'];

export function usageDbPath(dataDir: string): string {
  return path.join(dataDir, USAGE_DB_FILE);
}

/** Opens (creating or migrating) the writable database; the data dir must exist. */
export function openUsageDatabase(
  dataDir: string,
  options: OpenUsageDatabaseOptions = {},
): OpenedUsageDatabase {
  const file = usageDbPath(dataDir);
  const migrations = options.migrations ?? MIGRATIONS;
  checkOrder(migrations);
  const problems: UsageDbProblem[] = [];
  try {
    return { db: openAndMigrate(file, migrations, options), problems };
  } catch (error) {
    if (!isCorrupt(error)) throw asUnavailable(error);
    const movedTo = moveAside(file, options.now?.() ?? new Date());
    problems.push({ code: 'usage_db_corrupt', movedTo, detail: messageOf(error) });
  }
  try {
    return { db: openAndMigrate(file, migrations, options), problems };
  } catch (error) {
    throw asUnavailable(error);
  }
}

/**
 * A read-only connection for the CLI while a server writes: WAL lets it read
 * a consistent snapshot without blocking the writer. It never migrates.
 */
export function openUsageDatabaseReadOnly(
  dataDir: string,
  options: Pick<OpenUsageDatabaseOptions, 'busyTimeoutMs' | 'migrations'> = {},
): Database.Database {
  const file = usageDbPath(dataDir);
  if (!existsSync(file)) throw new UsageDbError('usage_db_missing', `no usage database at ${file}`);
  const latest = latestOf(options.migrations ?? MIGRATIONS);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? BUSY_TIMEOUT_MS}`);
  } catch (error) {
    throw asUnavailable(error);
  }
  let version: number;
  try {
    version = userVersion(db);
  } catch (error) {
    db.close();
    throw asUnavailable(error);
  }
  if (version !== latest) {
    db.close();
    throw version > latest
      ? newerError(file, version, latest)
      : new UsageDbError(
          'usage_db_outdated',
          `${file} is at schema ${version}; this build reads ${latest}`,
        );
  }
  return db;
}

function openAndMigrate(
  file: string,
  migrations: readonly Migration[],
  options: OpenUsageDatabaseOptions,
): Database.Database {
  ensurePrivateFile(file);
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? BUSY_TIMEOUT_MS}`);
    // Read the version before any pragma that writes, so a newer file stays byte-identical.
    const version = userVersion(db);
    const latest = latestOf(migrations);
    if (version > latest) throw newerError(file, version, latest);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations, version);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Database.Database, migrations: readonly Migration[], from: number): void {
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return;
  let current = from;
  try {
    db.transaction(() => {
      for (const migration of pending) {
        current = migration.version;
        if (typeof migration.up === 'string') db.exec(migration.up);
        else migration.up(db);
        db.pragma(`user_version = ${migration.version}`);
      }
    }).immediate();
  } catch (error) {
    // Corruption found mid-migration is still corruption: let the opener move the file aside.
    if (isCorrupt(error)) throw error;
    throw new UsageDbError(
      'usage_db_migration_failed',
      `usage database migration ${current} failed: ${messageOf(error)}`,
      { cause: error },
    );
  }
}

function userVersion(db: Database.Database): number {
  const value = db.pragma('user_version', { simple: true });
  return typeof value === 'number' ? value : 0;
}

function latestOf(migrations: readonly Migration[]): number {
  return migrations === MIGRATIONS
    ? LATEST_VERSION
    : migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

function checkOrder(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const migration of migrations) {
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new Error(`migrations must have rising integer versions (at ${migration.version})`);
    }
    previous = migration.version;
  }
}

/** SQLite gives its side files the main file's mode, so 0600 here covers -wal and -shm too. */
function ensurePrivateFile(file: string): void {
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    return;
  }
  closeSync(openSync(file, 'a', 0o600));
}

/** Moves the file and its WAL/SHM aside together: a stale WAL must never meet a fresh file. */
function moveAside(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let movedTo = `${file}.corrupt-${stamp}`;
  for (let attempt = 1; existsSync(movedTo); attempt += 1) {
    movedTo = `${file}.corrupt-${stamp}-${attempt}`;
  }
  renameSync(file, movedTo);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, movedTo + suffix);
  }
  return movedTo;
}

function isCorrupt(error: unknown): boolean {
  if (!(error instanceof Database.SqliteError)) return false;
  const code = error.code;
  // Extended codes (SQLITE_CORRUPT_INDEX…) count too.
  return CORRUPT_CODES.some((base) => code === base || code.startsWith(`${base}_`));
}

function newerError(file: string, version: number, latest: number): UsageDbError {
  return new UsageDbError(
    'usage_db_newer',
    `${file} is at schema ${version}, newer than this build's ${latest}; update Switchyard`,
  );
}

function asUnavailable(error: unknown): UsageDbError {
  if (error instanceof UsageDbError) return error;
  return new UsageDbError('usage_db_unavailable', `usage database: ${messageOf(error)}`, {
    cause: error,
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
