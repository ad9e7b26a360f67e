/**
 * Where the 32-byte master key that seals `secrets.json` lives. The envelope
 * format does not depend on it: `EncryptedSecretStore` asks a source for the
 * key once, at open. Three sources:
 * - `FileMasterKey`: `master.key` in the data dir (0600), for hosts without a keychain;
 * - `KeychainMasterKey`: one OS keychain entry through `@napi-rs/keyring`;
 * - `SafeStorageMasterKey`: `master.key.safe`, sealed by Electron's safeStorage,
 *   which the Electron shell passes in (core never imports electron).
 * Every source creates the key once and never replaces or deletes it: a new key
 * would make every stored secret unreadable, and on macOS deleting and
 * recreating a keychain item wipes its access list and causes prompt storms.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { dataDirLockPath } from './data-dir.js';
import { StorageError, errnoCode } from './errors.js';
import { withFileLock, type FileLockOptions } from './file-lock.js';

export const MASTER_KEY_FILE = 'master.key';
export const SAFE_STORAGE_KEY_FILE = 'master.key.safe';
export const MASTER_KEY_BYTES = 32;

export type MasterKeyKind = 'key-file' | 'keychain' | 'safe-storage';

export interface MasterKeyLoadOptions {
  /**
   * Create the key when it is absent (default true). The store passes false when
   * `secrets.json` already holds secrets: a new key could not open them, so a
   * missing key is reported as `master_key_missing` instead.
   */
  create?: boolean;
}

export interface MasterKeySource {
  readonly kind: MasterKeyKind;
  /** Where the key lives, for messages (a path, or `keychain service/account`). */
  readonly location: string;
  /** Returns the key, creating it on first use. */
  load(options?: MasterKeyLoadOptions): Promise<Buffer>;
}

/** A 32-byte key from its base64 text; anything else is an error, never a reason to replace it. */
export function parseMasterKey(text: string, location: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== MASTER_KEY_BYTES || key.toString('base64') !== trimmed) {
    throw new StorageError('master_key_invalid', `${location} does not hold a 32-byte key`);
  }
  return key;
}

function missing(location: string): StorageError {
  return new StorageError(
    'master_key_missing',
    `the master key is missing from ${location} but secrets.json holds secrets sealed with it; ` +
      'restore the key, or move secrets.json aside to start over',
  );
}

/**
 * Reads the key; when absent, creates it under the data dir lock after reading
 * again, so processes opening one data dir together agree on a single key.
 */
async function loadOrCreate(
  lockPath: string,
  lock: FileLockOptions | undefined,
  location: string,
  options: MasterKeyLoadOptions,
  read: () => Promise<Buffer | undefined>,
  write: (key: Buffer) => Promise<void>,
  make: () => Buffer = () => randomBytes(MASTER_KEY_BYTES),
): Promise<Buffer> {
  const existing = await read();
  if (existing !== undefined) return existing;
  if (options.create === false) throw missing(location);
  return withFileLock(
    lockPath,
    async () => {
      const raced = await read();
      if (raced !== undefined) return raced;
      await write(make());
      // Read back what was stored, so the key in use is the one a later process will find.
      const stored = await read();
      if (stored === undefined) throw missing(location);
      return stored;
    },
    lock,
  );
}

export interface DataDirKeyOptions {
  lock?: FileLockOptions | undefined;
}

export class FileMasterKey implements MasterKeySource {
  readonly kind = 'key-file';
  readonly location: string;

  constructor(
    private readonly dataDir: string,
    private readonly options: DataDirKeyOptions = {},
  ) {
    this.location = path.join(dataDir, MASTER_KEY_FILE);
  }

  load(options: MasterKeyLoadOptions = {}): Promise<Buffer> {
    return loadOrCreate(
      dataDirLockPath(this.dataDir),
      this.options.lock,
      this.location,
      options,
      async () => {
        const text = await readIfPresent(this.location, 'utf8');
        return text === undefined ? undefined : parseMasterKey(text, this.location);
      },
      (key) => writeFileAtomic(this.location, `${key.toString('base64')}\n`, { mode: 0o600 }),
    );
  }
}

/**
 * The part of an `@napi-rs/keyring` `Entry`/`AsyncEntry` this code uses. There
 * is deliberately no delete: the entry is only ever created and read.
 */
export interface KeychainEntryLike {
  getPassword(): string | null | undefined | Promise<string | null | undefined>;
  setPassword(password: string): void | Promise<void>;
}

export type KeychainEntryFactory = (service: string, account: string) => KeychainEntryLike;

export const KEYCHAIN_SERVICE = 'switchyard';
export const KEYCHAIN_ACCOUNT = 'master-key';

/**
 * Loads `@napi-rs/keyring` lazily, so a platform without a prebuilt binding
 * falls back to the key file instead of failing at import.
 */
export async function loadKeyringEntryFactory(): Promise<KeychainEntryFactory | undefined> {
  try {
    const keyring = await import('@napi-rs/keyring');
    return (service, account) => new keyring.AsyncEntry(service, account);
  } catch {
    return undefined;
  }
}

export interface KeychainMasterKeyOptions extends DataDirKeyOptions {
  /** Default `switchyard`; tests use their own service so they never touch a real key. */
  service?: string;
  /** Default `master-key`. */
  account?: string;
  /** Default: `@napi-rs/keyring`'s `AsyncEntry`. */
  entry?: KeychainEntryFactory;
}

export class KeychainMasterKey implements MasterKeySource {
  readonly kind = 'keychain';
  readonly location: string;
  private readonly service: string;
  private readonly account: string;

  constructor(
    private readonly dataDir: string,
    private readonly options: KeychainMasterKeyOptions = {},
  ) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.account = options.account ?? KEYCHAIN_ACCOUNT;
    this.location = `keychain entry ${this.service}/${this.account}`;
  }

  load(options: MasterKeyLoadOptions = {}): Promise<Buffer> {
    return this.loadOr(options, () => randomBytes(MASTER_KEY_BYTES));
  }

  /**
   * Stores `key` as the entry when there is none yet (moving a key file's key in);
   * returns the entry's key, which differs from `key` when the entry already existed.
   */
  adopt(key: Buffer): Promise<Buffer> {
    return this.loadOr({}, () => key);
  }

  private async loadOr(options: MasterKeyLoadOptions, make: () => Buffer): Promise<Buffer> {
    const factory = this.options.entry ?? (await loadKeyringEntryFactory());
    if (factory === undefined) {
      throw new StorageError(
        'keychain_unavailable',
        '@napi-rs/keyring has no binding for this platform',
      );
    }
    const entry = await this.keychainCall('open', () => factory(this.service, this.account));
    return loadOrCreate(
      dataDirLockPath(this.dataDir),
      this.options.lock,
      this.location,
      options,
      async () => {
        const text = await this.keychainCall('read', () => entry.getPassword());
        // An empty or absent password reads as no entry; a malformed one is an error.
        return text === null || text === undefined || text === ''
          ? undefined
          : parseMasterKey(text, this.location);
      },
      // setPassword updates the entry in place when it exists; it is never deleted first.
      async (key) => {
        await this.keychainCall('write', () => entry.setPassword(key.toString('base64')));
      },
      make,
    );
  }

  /** Any keychain failure (no Secret Service, locked, denied) becomes `keychain_unavailable`. */
  private async keychainCall<T>(what: string, call: () => T | Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const detail = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      throw new StorageError(
        'keychain_unavailable',
        `could not ${what} ${this.location}: ${detail}`,
        { cause: error },
      );
    }
  }
}

/**
 * The part of Electron's `safeStorage` this code uses, shaped so the Electron
 * shell can pass `safeStorage` itself.
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  isAsyncEncryptionAvailable?(): Promise<boolean>;
  /** Linux only; `basic_text` means a hard-coded password, which protects nothing. */
  getSelectedStorageBackend?(): string;
  encryptStringAsync?(plainText: string): Promise<Buffer>;
  decryptStringAsync?(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt?: boolean }>;
}

/** Keeps the master key in `master.key.safe`, sealed by Electron's safeStorage (async API). */
export class SafeStorageMasterKey implements MasterKeySource {
  readonly kind = 'safe-storage';
  readonly location: string;

  constructor(
    private readonly dataDir: string,
    private readonly safeStorage: SafeStorageLike,
    private readonly options: DataDirKeyOptions = {},
  ) {
    this.location = path.join(dataDir, SAFE_STORAGE_KEY_FILE);
  }

  /** True when safeStorage has its async API and a real OS backend here. */
  async available(): Promise<boolean> {
    const storage = this.safeStorage;
    if (storage.encryptStringAsync === undefined || storage.decryptStringAsync === undefined) {
      return false;
    }
    if (storage.getSelectedStorageBackend?.() === 'basic_text') return false;
    return storage.isAsyncEncryptionAvailable !== undefined
      ? await storage.isAsyncEncryptionAvailable()
      : storage.isEncryptionAvailable();
  }

  async load(options: MasterKeyLoadOptions = {}): Promise<Buffer> {
    if (!(await this.available())) {
      throw new StorageError('keychain_unavailable', 'Electron safeStorage cannot encrypt here');
    }
    const seal = async (key: Buffer): Promise<void> => {
      const sealed = await this.safeStorage.encryptStringAsync?.(key.toString('base64'));
      if (sealed === undefined) throw new StorageError('keychain_unavailable', 'no safeStorage');
      await writeFileAtomic(this.location, sealed, { mode: 0o600 });
    };
    return loadOrCreate(
      dataDirLockPath(this.dataDir),
      this.options.lock,
      this.location,
      options,
      async () => {
        const sealed = await readIfPresent(this.location);
        if (sealed === undefined) return undefined;
        let opened: { result: string; shouldReEncrypt?: boolean } | undefined;
        try {
          opened = await this.safeStorage.decryptStringAsync?.(sealed);
        } catch (error) {
          throw new StorageError(
            'master_key_invalid',
            `${this.location} could not be decrypted by safeStorage`,
            { cause: error },
          );
        }
        if (opened === undefined) throw new StorageError('keychain_unavailable', 'no safeStorage');
        const key = parseMasterKey(opened.result, this.location);
        // The OS rotated safeStorage's own key: re-seal the same master key in place.
        if (opened.shouldReEncrypt === true) await seal(key);
        return key;
      },
      seal,
    );
  }
}

async function readIfPresent(file: string): Promise<Buffer | undefined>;
async function readIfPresent(file: string, encoding: 'utf8'): Promise<string | undefined>;
async function readIfPresent(
  file: string,
  encoding?: 'utf8',
): Promise<Buffer | string | undefined> {
  try {
    return encoding === undefined ? await readFile(file) : await readFile(file, encoding);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}
