import { access, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fakeKeychain, fakeSafeStorage } from '../testing/secret-fakes.js';
import { isStorageError } from './errors.js';
import { openSecretStore } from './open-secret-store.js';
import { KeyFileSecretStore } from './secret-store.js';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
const TOKENS = ['sk-ant-api-PLAINTEXT-111', 'access-PLAINTEXT-222', 'refresh-PLAINTEXT-333'];

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isStorageError(error) ? error.code : undefined;
}

async function present(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

describe('openSecretStore', () => {
  it('uses the OS keychain when the probe succeeds, with no warning and no key file', async () => {
    const dir = await tempDir();
    const keychain = fakeKeychain();
    const { store, warning } = await openSecretStore(dir, { env: {}, keychain });
    expect(store.kind).toBe('keychain');
    expect(warning).toBeUndefined();
    await store.set('provider:a', TOKENS[0]!);
    expect(await present(path.join(dir, 'master.key'))).toBe(false);
    expect(keychain.calls).not.toContain('delete');
  });

  it('falls back to a key file with a visible warning when no keychain answers', async () => {
    const dir = await tempDir();
    const lines: string[] = [];
    const { store, warning } = await openSecretStore(dir, {
      env: {},
      keychain: fakeKeychain({ fail: true }),
      log: (line) => lines.push(line),
    });
    expect(store.kind).toBe('key-file');
    expect(warning).toEqual({
      code: 'key_file_in_use',
      reason: 'no_keychain',
      message: `no OS keychain found; secrets are encrypted with a key file in ${dir}`,
    });
    expect(lines.join('\n')).toContain('keychain entry switchyard/master-key');
    await store.set('provider:a', 'v');
    expect(await present(path.join(dir, 'master.key'))).toBe(true);
  });

  it('honours SWITCHYARD_SECRET_STORE=file without touching the keychain or warning', async () => {
    const dir = await tempDir();
    const keychain = fakeKeychain();
    const { store, warning } = await openSecretStore(dir, {
      env: { SWITCHYARD_SECRET_STORE: 'file' },
      keychain,
    });
    expect(store.kind).toBe('key-file');
    expect(warning).toBeUndefined();
    expect(keychain.calls).toEqual([]);
  });

  it('honours SWITCHYARD_SECRET_STORE=keychain, failing rather than falling back', async () => {
    const dir = await tempDir();
    const forced = { env: { SWITCHYARD_SECRET_STORE: 'keychain' } };
    expect((await openSecretStore(dir, { ...forced, keychain: fakeKeychain() })).store.kind).toBe(
      'keychain',
    );
    const other = await tempDir();
    expect(
      await codeOf(openSecretStore(other, { ...forced, keychain: fakeKeychain({ fail: true }) })),
    ).toBe('keychain_unavailable');
    expect(await readdir(other)).toEqual([]);
  });

  it('rejects an unknown SWITCHYARD_SECRET_STORE value', async () => {
    const dir = await tempDir();
    const env = { SWITCHYARD_SECRET_STORE: 'plaintext' };
    expect(await codeOf(openSecretStore(dir, { env, keychain: fakeKeychain() }))).toBe(
      'secret_store_invalid',
    );
  });

  it('moves an existing master.key into a new keychain entry, removing the file after', async () => {
    const dir = await tempDir();
    await (await KeyFileSecretStore.open(dir)).set('provider:old', TOKENS[1]!);
    const fileKey = (await readFile(path.join(dir, 'master.key'), 'utf8')).trim();
    const keychain = fakeKeychain();
    const { store, warning } = await openSecretStore(dir, { env: {}, keychain });
    expect(store.kind).toBe('keychain');
    expect(warning).toBeUndefined();
    expect(keychain.entries.get('switchyard/master-key')).toBe(fileKey);
    expect(await present(path.join(dir, 'master.key'))).toBe(false);
    expect(await store.get('provider:old')).toBe(TOKENS[1]);
    expect(keychain.calls).toEqual(['get', 'get', 'set', 'get', 'get']);
    const again = await openSecretStore(dir, { env: {}, keychain });
    expect(await again.store.get('provider:old')).toBe(TOKENS[1]);
  });

  it('keeps master.key, with the warning, when the keychain holds another key', async () => {
    const dir = await tempDir();
    const keychain = fakeKeychain();
    await openSecretStore(await tempDir(), { env: {}, keychain });
    const other = keychain.entries.get('switchyard/master-key');
    await (await KeyFileSecretStore.open(dir)).set('provider:old', TOKENS[1]!);
    const { store, warning } = await openSecretStore(dir, { env: {}, keychain });
    expect(store.kind).toBe('key-file');
    expect(warning?.reason).toBe('existing_key_file');
    expect(await store.get('provider:old')).toBe(TOKENS[1]);
    expect(keychain.entries.get('switchyard/master-key')).toBe(other);
    expect(keychain.calls).not.toContain('delete');
    // Forcing the keychain cannot move it either, and says so instead of losing secrets.
    const forced = { SWITCHYARD_SECRET_STORE: 'keychain' };
    expect(await codeOf(openSecretStore(dir, { env: forced, keychain }))).toBe(
      'keychain_unavailable',
    );
    expect(await present(path.join(dir, 'master.key'))).toBe(true);
  });

  it('keeps master.key, with the warning, when no keychain answers', async () => {
    const dir = await tempDir();
    await (await KeyFileSecretStore.open(dir)).set('provider:old', TOKENS[1]!);
    const { store, warning } = await openSecretStore(dir, {
      env: {},
      keychain: fakeKeychain({ fail: true }),
    });
    expect(store.kind).toBe('key-file');
    expect(warning?.reason).toBe('existing_key_file');
    expect(await store.get('provider:old')).toBe(TOKENS[1]);
  });

  it('skips the keychain when preferKeychain is false', async () => {
    const dir = await tempDir();
    const keychain = fakeKeychain();
    const { store, warning } = await openSecretStore(dir, {
      env: {},
      keychain,
      preferKeychain: false,
    });
    expect(store.kind).toBe('key-file');
    expect(warning?.reason).toBe('keychain_not_preferred');
    expect(keychain.calls).toEqual([]);
  });

  it('refuses to start a key file over secrets sealed with an unreachable keychain key', async () => {
    const dir = await tempDir();
    const keychain = fakeKeychain();
    await (await openSecretStore(dir, { env: {}, keychain })).store.set('provider:a', 'v');
    const error = await openSecretStore(dir, { env: {}, keychain: fakeKeychain({ fail: true }) })
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(isStorageError(error) && error.code).toBe('keychain_unavailable');
    expect(String(error)).toContain("sealed with the OS keychain's key");
    expect(await present(path.join(dir, 'master.key'))).toBe(false);
  });

  it('prefers the keychain even in the app, so the CLI can open the same secrets', async () => {
    const dir = await tempDir();
    const keychain = fakeKeychain();
    const { storage } = fakeSafeStorage();
    const { store } = await openSecretStore(dir, { env: {}, keychain, safeStorage: storage });
    expect(store.kind).toBe('keychain');
    await store.set('provider:a', TOKENS[2]!);
    const cli = await openSecretStore(dir, { env: {}, keychain });
    expect(await cli.store.get('provider:a')).toBe(TOKENS[2]);
  });

  it('uses the app safeStorage when the keychain is out of reach', async () => {
    const dir = await tempDir();
    const keychain = fakeKeychain({ fail: true });
    const { storage } = fakeSafeStorage();
    const { store, warning } = await openSecretStore(dir, {
      env: {},
      keychain,
      safeStorage: storage,
    });
    expect(store.kind).toBe('safe-storage');
    expect(warning).toBeUndefined();
    await store.set('provider:a', TOKENS[2]!);
    const again = await openSecretStore(dir, { env: {}, keychain, safeStorage: storage });
    expect(await again.store.get('provider:a')).toBe(TOKENS[2]);
    // A process without safeStorage (the CLI) cannot open the app's key, and says so.
    expect(await codeOf(openSecretStore(dir, { env: {}, keychain }))).toBe('keychain_unavailable');
  });

  it('moves on to the keychain when safeStorage has no real backend', async () => {
    const dir = await tempDir();
    const basic = fakeSafeStorage({ getSelectedStorageBackend: () => 'basic_text' });
    const { store } = await openSecretStore(dir, {
      env: {},
      keychain: fakeKeychain(),
      safeStorage: basic.storage,
    });
    expect(store.kind).toBe('keychain');
    expect(basic.calls).toEqual([]);
  });

  it.each([
    ['keychain', {}],
    ['key-file', { SWITCHYARD_SECRET_STORE: 'file' }],
    ['safe-storage', {}],
  ] as const)('leaves no token in plaintext anywhere in the data dir (%s)', async (kind, env) => {
    const dir = await tempDir();
    const keychain = fakeKeychain({ fail: kind === 'safe-storage' });
    const safeStorage = kind === 'safe-storage' ? fakeSafeStorage().storage : undefined;
    const { store } = await openSecretStore(dir, {
      env,
      keychain,
      ...(safeStorage === undefined ? {} : { safeStorage }),
    });
    expect(store.kind).toBe(kind);
    await store.set('provider:anthropic', TOKENS[0]!);
    await store.set('oauth:claude:access', TOKENS[1]!);
    await store.set('oauth:claude:refresh', TOKENS[2]!);
    await writeFile(path.join(dir, 'settings.json'), '{}');
    const files = await readdir(dir, { recursive: true });
    expect(files).toContain('secrets.json');
    for (const name of files) {
      const bytes = await readFile(path.join(dir, name)).catch(() => Buffer.alloc(0));
      for (const token of TOKENS) {
        expect(bytes.includes(token)).toBe(false);
        expect(bytes.includes(Buffer.from(token).toString('base64'))).toBe(false);
        expect(bytes.includes(Buffer.from(token).toString('hex'))).toBe(false);
      }
    }
    // The keychain holds only the master key, never a token.
    for (const value of keychain.entries.values()) {
      for (const token of TOKENS) expect(value).not.toContain(token);
    }
  });
});
