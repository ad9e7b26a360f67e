/**
 * Picks where the master key lives for a data dir, in this order:
 * 1. `SWITCHYARD_SECRET_STORE=file|keychain` forces one (a forced keychain that
 *    cannot be reached is an error, not a fallback);
 * 2. a data dir that already has a key keeps it: `master.key.safe` needs the
 *    app's safeStorage; an existing `master.key` moves into the keychain when
 *    the keychain entry is new or already holds the same key (the file is
 *    removed only after the keychain copy reads back equal), else it stays;
 * 3. the OS keychain, when a probe reads (or creates and reads back) its entry
 *    (first even inside the app, so the CLI and a headless server share its key);
 * 4. the app's safeStorage, when the keychain is out of reach and the shell passes one;
 * 5. otherwise a `master.key` file, with a warning the caller shows the user.
 * The key file comes with a warning every time except when the env chose it.
 */
import { access, unlink } from 'node:fs/promises';
import path from 'node:path';
import { dataDirLockPath } from './data-dir.js';
import { StorageError, errnoCode, isStorageError } from './errors.js';
import { withFileLock } from './file-lock.js';
import {
  FileMasterKey,
  KeychainMasterKey,
  MASTER_KEY_FILE,
  SAFE_STORAGE_KEY_FILE,
  SafeStorageMasterKey,
  type KeychainMasterKeyOptions,
  type MasterKeySource,
  type SafeStorageLike,
} from './master-key.js';
import { EncryptedSecretStore, type EncryptedSecretStoreOptions } from './secret-store.js';

export const SECRET_STORE_ENV = 'SWITCHYARD_SECRET_STORE';

/** Why the key file is in use; each comes with a warning the user should see. */
export type KeyFileReason =
  /** No OS keychain answered the probe (a bare server, no D-Bus session). */
  | 'no_keychain'
  /** The data dir already had `master.key` from before the keychain was used. */
  | 'existing_key_file'
  /** The caller passed `preferKeychain: false`. */
  | 'keychain_not_preferred';

export interface SecretStoreWarning {
  code: 'key_file_in_use';
  reason: KeyFileReason;
  /** One line for the user, naming the data dir. */
  message: string;
}

export interface OpenSecretStoreOptions extends EncryptedSecretStoreOptions {
  /** Try the OS keychain before the key file (default true). */
  preferKeychain?: boolean;
  /** The Electron shell's `safeStorage`; core never imports electron itself. */
  safeStorage?: SafeStorageLike;
  /** Diagnostic lines (why the keychain probe failed); never includes key material. */
  log?: (line: string) => void;
  /** Defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Keychain service/account/binding; tests use their own service. */
  keychain?: Omit<KeychainMasterKeyOptions, 'lock'>;
}

export interface OpenedSecretStore {
  store: EncryptedSecretStore;
  /** Set when secrets are sealed with a key file on disk (unless the env chose it); the caller shows it. */
  warning?: SecretStoreWarning;
}

export async function openSecretStore(
  dataDir: string,
  options: OpenSecretStoreOptions = {},
): Promise<OpenedSecretStore> {
  const forced = forcedStore(options.env ?? process.env);
  const keychain = new KeychainMasterKey(dataDir, { ...options.keychain, lock: options.lock });
  const file = new FileMasterKey(dataDir, { lock: options.lock });
  const open = (source: MasterKeySource) => EncryptedSecretStore.open(source, dataDir, options);
  const withKeyFile = async (reason: KeyFileReason): Promise<OpenedSecretStore> => ({
    store: await open(file),
    warning: keyFileWarning(dataDir, reason),
  });

  // An explicit choice: the key file, without the warning.
  if (forced === 'file') return { store: await open(file) };
  const keyFilePath = path.join(dataDir, MASTER_KEY_FILE);
  if (forced === 'keychain') {
    if ((await exists(keyFilePath)) && !(await moveKeyFileToKeychain(file, keychain, options))) {
      throw new StorageError(
        'keychain_unavailable',
        `${keyFilePath} could not be moved into the OS keychain; see the log for why`,
      );
    }
    return { store: await open(keychain) };
  }

  if (await exists(path.join(dataDir, SAFE_STORAGE_KEY_FILE))) {
    if (options.safeStorage === undefined) {
      throw new StorageError(
        'keychain_unavailable',
        `the secrets in ${dataDir} are sealed by the Switchyard app's safeStorage; ` +
          'open them from the app, or set SWITCHYARD_SECRET_STORE after moving secrets.json aside',
      );
    }
    return { store: await open(new SafeStorageMasterKey(dataDir, options.safeStorage, options)) };
  }
  if (await exists(keyFilePath)) {
    const moved =
      options.preferKeychain !== false && (await moveKeyFileToKeychain(file, keychain, options));
    if (!moved) return withKeyFile('existing_key_file');
    return { store: await open(keychain) };
  }

  if (options.preferKeychain === false) return withKeyFile('keychain_not_preferred');

  try {
    // Opening is the probe: it reads the entry, or creates it and reads it back.
    // The keychain comes first even in the app, so the CLI and server can open the same secrets.
    return { store: await open(keychain) };
  } catch (error) {
    if (!isStorageError(error) || error.code !== 'keychain_unavailable') throw error;
    options.log?.(error.message);
    if (options.safeStorage !== undefined) {
      const safe = new SafeStorageMasterKey(dataDir, options.safeStorage, options);
      if (await safe.available()) return { store: await open(safe) };
      options.log?.('Electron safeStorage has no OS backend here either');
    }
    try {
      return await withKeyFile('no_keychain');
    } catch (fallbackError) {
      if (isStorageError(fallbackError) && fallbackError.code === 'master_key_missing') {
        // secrets.json was sealed under the keychain's key; a new key file could not open it.
        throw new StorageError(
          'keychain_unavailable',
          `the secrets in ${dataDir} are sealed with the OS keychain's key, which cannot be ` +
            `reached: ${error.message}`,
          { cause: error },
        );
      }
      throw fallbackError;
    }
  }
}

/**
 * Moves an existing `master.key` into the keychain when that changes no key: the
 * entry is absent (it is created with this key) or already holds this key. The
 * file is removed only after the keychain copy reads back equal. When the entry
 * holds another key (made for another data dir) the file stays: re-sealing every
 * secret would race a running server that still seals with the old key.
 */
async function moveKeyFileToKeychain(
  file: FileMasterKey,
  keychain: KeychainMasterKey,
  options: OpenSecretStoreOptions,
): Promise<boolean> {
  return withFileLock(
    dataDirLockPath(path.dirname(file.location)),
    async () => {
      if (!(await exists(file.location))) return true;
      const fileKey = await file.load({ create: false });
      let stored: Buffer;
      try {
        stored = await keychain.adopt(fileKey);
      } catch (error) {
        if (!isStorageError(error) || error.code !== 'keychain_unavailable') throw error;
        options.log?.(error.message);
        return false;
      }
      if (!stored.equals(fileKey)) {
        options.log?.(`${keychain.location} holds another key; keeping ${file.location}`);
        return false;
      }
      await unlink(file.location);
      options.log?.(`moved the master key from ${file.location} into ${keychain.location}`);
      return true;
    },
    options.lock,
  );
}

function forcedStore(
  env: Readonly<Record<string, string | undefined>>,
): 'file' | 'keychain' | undefined {
  const value = env[SECRET_STORE_ENV]?.trim();
  if (value === undefined || value === '') return undefined;
  if (value === 'file' || value === 'keychain') return value;
  throw new StorageError(
    'secret_store_invalid',
    `${SECRET_STORE_ENV} must be 'file' or 'keychain', not '${value}'`,
  );
}

function keyFileWarning(dataDir: string, reason: KeyFileReason): SecretStoreWarning {
  const why: Record<KeyFileReason, string> = {
    no_keychain: 'no OS keychain found',
    existing_key_file: 'this data dir already uses a key file',
    keychain_not_preferred: 'the OS keychain is turned off',
  };
  return {
    code: 'key_file_in_use',
    reason,
    message: `${why[reason]}; secrets are encrypted with a key file in ${dataDir}`,
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw error;
  }
}
