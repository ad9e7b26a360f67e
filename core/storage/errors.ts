/** Typed storage failures; callers branch on `code`, never on message text. */
export type StorageErrorCode =
  /** A settings value failed the schema; nothing was written. */
  | 'settings_invalid'
  /** The data dir's lock could not be taken in time. */
  | 'lock_timeout'
  /** The master key (file, keychain entry or safeStorage file) exists but is not a 32-byte key; it is never replaced automatically. */
  | 'master_key_invalid'
  /** The master key is absent while `secrets.json` holds secrets sealed with it; no new key is made. */
  | 'master_key_missing'
  /** The OS keychain (or Electron safeStorage) could not be reached, read or written. */
  | 'keychain_unavailable'
  /** `SWITCHYARD_SECRET_STORE` holds something other than `file` or `keychain`. */
  | 'secret_store_invalid'
  /** `secrets.json` is not a readable secrets file; it is never overwritten automatically. */
  | 'secrets_file_invalid'
  /** A secret name outside the allowed characters. */
  | 'secret_name_invalid'
  /** A stored secret is not a well-formed envelope. */
  | 'secret_malformed'
  /** A ciphertext failed authentication: tampered with, or sealed with another key. */
  | 'secret_undecryptable';

export interface StorageIssue {
  path: string;
  message: string;
}

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  /** Schema issues, for `settings_invalid`. */
  readonly issues: readonly StorageIssue[];

  constructor(
    code: StorageErrorCode,
    message: string,
    options: { issues?: readonly StorageIssue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StorageError';
    this.code = code;
    this.issues = options.issues ?? [];
  }
}

export function isStorageError(value: unknown): value is StorageError {
  return value instanceof StorageError;
}

/** The Node error code of a failed fs call (`ENOENT`, `EEXIST`, ...), if any. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
