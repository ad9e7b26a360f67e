/**
 * Secrets (provider API keys) kept out of settings.json. `KeyFileSecretStore`
 * seals each value with AES-256-GCM under a per-install master key in
 * `master.key`; OS keychain stores implement the same small interface.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { dataDirLockPath } from './data-dir.js';
import { StorageError, errnoCode } from './errors.js';
import { withFileLock, type FileLockOptions } from './file-lock.js';

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

export const MASTER_KEY_FILE = 'master.key';
export const SECRETS_FILE = 'secrets.json';

const ENVELOPE_VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface SecretsFile {
  version: 1;
  /** Secret name → `v1:<iv>:<tag>:<ciphertext>`, each part base64. */
  secrets: Record<string, string>;
}

export interface KeyFileSecretStoreOptions {
  lock?: FileLockOptions;
  /** How long a cached read trusts the file without a stat (default 500 ms). */
  recheckMs?: number;
}

export class KeyFileSecretStore implements SecretStore {
  readonly kind = 'key-file';
  private readonly secretsPath: string;
  private readonly lockPath: string;
  private readonly recheckMs: number;
  /** Envelopes as last read, and the values decrypted from them so far. */
  private envelopes: Record<string, string> = {};
  private readonly plain = new Map<string, string>();
  private fileSignature = '';
  private checkedAt = -Infinity;

  private constructor(
    private readonly masterKey: Buffer,
    dataDir: string,
    private readonly options: KeyFileSecretStoreOptions,
  ) {
    this.secretsPath = path.join(dataDir, SECRETS_FILE);
    this.lockPath = dataDirLockPath(dataDir);
    this.recheckMs = options.recheckMs ?? 500;
  }

  /** Loads (or on first use creates) the master key; the data dir must exist. */
  static async open(
    dataDir: string,
    options: KeyFileSecretStoreOptions = {},
  ): Promise<KeyFileSecretStore> {
    const keyPath = path.join(dataDir, MASTER_KEY_FILE);
    const masterKey =
      (await readMasterKey(keyPath)) ??
      (await withFileLock(
        dataDirLockPath(dataDir),
        async () => {
          const raced = await readMasterKey(keyPath);
          if (raced !== undefined) return raced;
          const created = randomBytes(KEY_BYTES);
          await writeFileAtomic(keyPath, `${created.toString('base64')}\n`, { mode: 0o600 });
          return created;
        },
        options.lock,
      ));
    return new KeyFileSecretStore(masterKey, dataDir, options);
  }

  async get(name: string): Promise<string | undefined> {
    await this.refreshIfChanged();
    const cached = this.plain.get(name);
    if (cached !== undefined) return cached;
    const envelope = this.envelopes[name];
    if (envelope === undefined) return undefined;
    const value = open(this.masterKey, name, envelope);
    this.plain.set(name, value);
    return value;
  }

  async set(name: string, value: string): Promise<void> {
    checkName(name);
    await this.change((secrets) => {
      secrets[name] = seal(this.masterKey, name, value);
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

/** Names are plain identifiers like `provider:deepseek`; this also keeps `__proto__` out. */
function checkName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9:._-]*$/.test(name)) {
    throw new StorageError('secret_name_invalid', 'secret names use letters, digits and : . _ -');
  }
}

async function readMasterKey(keyPath: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(keyPath, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES) {
    // Never replace it: every stored secret would become unreadable.
    throw new StorageError('master_key_invalid', `${keyPath} does not hold a 32-byte key`);
  }
  return key;
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
