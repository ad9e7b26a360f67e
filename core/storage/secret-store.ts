/**
 * Secrets (provider API keys, OAuth access and refresh tokens) kept out of
 * settings.json. `EncryptedSecretStore` seals each value with AES-256-GCM under
 * a master key in `secrets.json`; where that key lives (the OS keychain,
 * Electron safeStorage, or a `master.key` file) is a `MasterKeySource`.
 * `openSecretStore` (open-secret-store.ts) picks the source.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { dataDirLockPath } from './data-dir.js';
import { StorageError, errnoCode } from './errors.js';
import { withFileLock, type FileLockOptions } from './file-lock.js';
import { FileMasterKey, type MasterKeyKind, type MasterKeySource } from './master-key.js';

export { MASTER_KEY_FILE } from './master-key.js';

export interface SecretStore {
  readonly kind: string;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** The secret name a provider entry's API key is stored under. */
export function providerSecretName(providerId: string): string {
  return `provider:${providerId}`;
}

export const SECRETS_FILE = 'secrets.json';

const ENVELOPE_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface SecretsFile {
  version: 1;
  /** Secret name → `v1:<iv>:<tag>:<ciphertext>`, each part base64. */
  secrets: Record<string, string>;
}

export interface EncryptedSecretStoreOptions {
  lock?: FileLockOptions;
  /** How long a cached read trusts the file without a stat (default 500 ms). */
  recheckMs?: number;
}

/** @deprecated name kept for existing callers; same options. */
export type KeyFileSecretStoreOptions = EncryptedSecretStoreOptions;

export class EncryptedSecretStore implements SecretStore {
  readonly kind: MasterKeyKind;
  private readonly secretsPath: string;
  private readonly lockPath: string;
  private readonly recheckMs: number;
  private masterKey: Promise<Buffer> | undefined;
  /** Envelopes as last read, and the values decrypted from them so far. */
  private envelopes: Record<string, string> = {};
  private readonly plain = new Map<string, string>();
  private fileSignature = '';
  private checkedAt = -Infinity;

  /** The key is loaded on first use; `open` loads it at once so a bad key fails early. */
  constructor(
    readonly source: MasterKeySource,
    dataDir: string,
    private readonly options: EncryptedSecretStoreOptions = {},
  ) {
    this.kind = source.kind;
    this.secretsPath = path.join(dataDir, SECRETS_FILE);
    this.lockPath = dataDirLockPath(dataDir);
    this.recheckMs = options.recheckMs ?? 500;
  }

  /** Opens the store and loads (or on first use creates) the master key; the data dir must exist. */
  static async open(
    source: MasterKeySource,
    dataDir: string,
    options: EncryptedSecretStoreOptions = {},
  ): Promise<EncryptedSecretStore> {
    const store = new EncryptedSecretStore(source, dataDir, options);
    await store.key();
    return store;
  }

  async get(name: string): Promise<string | undefined> {
    await this.refreshIfChanged();
    const cached = this.plain.get(name);
    if (cached !== undefined) return cached;
    const envelope = this.envelopes[name];
    if (envelope === undefined) return undefined;
    const value = open(await this.key(), name, envelope);
    this.plain.set(name, value);
    return value;
  }

  async set(name: string, value: string): Promise<void> {
    checkName(name);
    const key = await this.key();
    await this.change((secrets) => {
      secrets[name] = seal(key, name, value);
    });
    this.plain.set(name, value);
  }

  async delete(name: string): Promise<void> {
    await this.change((secrets) => {
      delete secrets[name];
    });
  }

  /** Names of the stored secrets (never their values). */
  async names(): Promise<string[]> {
    await this.refreshIfChanged();
    return Object.keys(this.envelopes);
  }

  /**
   * Loads the master key once. When secrets.json already holds secrets, a missing
   * key is an error: a fresh key could never open them.
   */
  private key(): Promise<Buffer> {
    if (this.masterKey === undefined) {
      const loading = (async () => {
        const existing = await this.readFile();
        return this.source.load({ create: Object.keys(existing).length === 0 });
      })();
      this.masterKey = loading;
      // A failed load is retried by the next call rather than cached.
      loading.catch(() => {
        if (this.masterKey === loading) this.masterKey = undefined;
      });
    }
    return this.masterKey;
  }

  private async change(edit: (secrets: Record<string, string>) => void): Promise<void> {
    await withFileLock(
      this.lockPath,
      async () => {
        const secrets = { ...(await this.readFile()) };
        edit(secrets);
        const file: SecretsFile = { version: 1, secrets };
        await writeFileAtomic(this.secretsPath, `${JSON.stringify(file, null, 2)}\n`, {
          mode: 0o600,
        });
        this.adopt(secrets, await this.signature());
      },
      this.options.lock,
    );
  }

  private async refreshIfChanged(): Promise<void> {
    const now = performance.now();
    if (now - this.checkedAt < this.recheckMs) return;
    this.checkedAt = now;
    const signature = await this.signature();
    if (signature === this.fileSignature) return;
    this.adopt(await this.readFile(), signature);
  }

  private adopt(envelopes: Record<string, string>, signature: string): void {
    this.envelopes = envelopes;
    this.fileSignature = signature;
    this.plain.clear();
    this.checkedAt = performance.now();
  }

  private async readFile(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.secretsPath, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return {};
      throw error;
    }
    try {
      const value = JSON.parse(text) as Partial<SecretsFile>;
      const secrets = value.secrets;
      if (value.version === 1 && typeof secrets === 'object' && secrets !== null) {
        if (Object.values(secrets).every((entry) => typeof entry === 'string')) return secrets;
      }
    } catch {
      // Fall through to the typed error below.
    }
    throw new StorageError(
      'secrets_file_invalid',
      `${this.secretsPath} is not a valid secrets file; it was left untouched`,
    );
  }

  private async signature(): Promise<string> {
    try {
      const info = await stat(this.secretsPath);
      return `${info.ino}:${info.size}:${info.mtimeMs}`;
    } catch {
      return 'missing';
    }
  }
}

/** Today's `master.key` store, kept for existing callers: an `EncryptedSecretStore` over `FileMasterKey`. */
export const KeyFileSecretStore = {
  open(dataDir: string, options: EncryptedSecretStoreOptions = {}): Promise<EncryptedSecretStore> {
    return EncryptedSecretStore.open(new FileMasterKey(dataDir, options), dataDir, options);
  },
};

/** Names are plain identifiers like `provider:deepseek`; this also keeps `__proto__` out. */
function checkName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9:._-]*$/.test(name)) {
    throw new StorageError('secret_name_invalid', 'secret names use letters, digits and : . _ -');
  }
}

/** Seals one value; the secret's name is bound in as associated data so envelopes cannot be swapped. */
function seal(key: Buffer, name: string, value: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64'));
  return [ENVELOPE_VERSION, ...parts].join(':');
}

function open(key: Buffer, name: string, envelope: string): string {
  const [version, iv64, tag64, ciphertext64, ...rest] = envelope.split(':');
  const iv = Buffer.from(iv64 ?? '', 'base64');
  const tag = Buffer.from(tag64 ?? '', 'base64');
  if (
    version !== ENVELOPE_VERSION ||
    ciphertext64 === undefined ||
    rest.length > 0 ||
    iv.length !== IV_BYTES ||
    tag.length !== TAG_BYTES
  ) {
    throw new StorageError(
      'secret_malformed',
      `secret '${name}' is not a ${ENVELOPE_VERSION} envelope`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(name, 'utf8'));
    decipher.setAuthTag(tag);
    const ciphertext = Buffer.from(ciphertext64, 'base64');
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new StorageError(
      'secret_undecryptable',
      `secret '${name}' failed authentication (tampered with, or sealed with another master key)`,
      { cause: error },
    );
  }
}
