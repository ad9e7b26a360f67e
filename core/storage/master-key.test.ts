import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fakeKeychain, fakeSafeStorage } from '../testing/secret-fakes.js';
import { isStorageError } from './errors.js';
import {
  FileMasterKey,
  KeychainMasterKey,
  SafeStorageMasterKey,
  type MasterKeySource,
  type SafeStorageLike,
} from './master-key.js';
import { EncryptedSecretStore } from './secret-store.js';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
const PLAINTEXT = 'refresh-token-THIS-IS-THE-PLAINTEXT-0123456789';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isStorageError(error) ? error.code : undefined;
}

const sources: Array<[string, (dir: string) => MasterKeySource]> = [
  ['FileMasterKey', (dir) => new FileMasterKey(dir)],
  ['KeychainMasterKey', (dir) => new KeychainMasterKey(dir, { entry: sharedKeychain.entry })],
  ['SafeStorageMasterKey', (dir) => new SafeStorageMasterKey(dir, fakeSafeStorage().storage)],
];
const sharedKeychain = fakeKeychain();

describe.each(sources)('EncryptedSecretStore over %s', (_name, makeSource) => {
  it('round-trips, survives a reopen, and keeps no plaintext or raw key on disk', async () => {
    const dir = await tempDir();
    const source = makeSource(dir);
    const store = await EncryptedSecretStore.open(source, dir);
    expect(store.kind).toBe(source.kind);
    await store.set('oauth:claude:refresh', PLAINTEXT);
    expect(await store.get('oauth:claude:refresh')).toBe(PLAINTEXT);
    const again = await EncryptedSecretStore.open(makeSource(dir), dir);
    expect(await again.get('oauth:claude:refresh')).toBe(PLAINTEXT);

    const key = await source.load();
    for (const name of await readdir(dir)) {
      const text = (await readFile(path.join(dir, name))).toString('utf8');
      expect(text).not.toContain(PLAINTEXT);
      expect(text).not.toContain(Buffer.from(PLAINTEXT).toString('base64'));
      // Only the key file source keeps the key itself on disk.
      if (source.kind !== 'key-file') expect(text).not.toContain(key.toString('base64'));
      if (process.platform !== 'win32') {
        expect((await stat(path.join(dir, name))).mode & 0o077).toBe(0);
      }
    }
  });

  it('refuses to make a new key when secrets.json already holds secrets', async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'secrets.json'),
      JSON.stringify({ version: 1, secrets: { 'provider:x': 'v1:a:b:c' } }),
    );
    const source = makeSource(dir);
    if (source.kind === 'keychain') {
      // The shared fake already holds a key; use an empty one.
      const empty = new KeychainMasterKey(dir, { entry: fakeKeychain().entry });
      expect(await codeOf(EncryptedSecretStore.open(empty, dir))).toBe('master_key_missing');
      return;
    }
    expect(await codeOf(EncryptedSecretStore.open(source, dir))).toBe('master_key_missing');
  });
});

describe('KeychainMasterKey', () => {
  it('creates the entry once, reuses it across stores, and never deletes it', async () => {
    const keychain = fakeKeychain();
    const dirA = await tempDir();
    const dirB = await tempDir();
    const first = await EncryptedSecretStore.open(
      new KeychainMasterKey(dirA, { entry: keychain.entry }),
      dirA,
    );
    await first.set('provider:a', PLAINTEXT);
    const created = keychain.entries.get('switchyard/master-key');
    expect(created).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    for (const dir of [dirA, dirA, dirB]) {
      const store = await EncryptedSecretStore.open(
        new KeychainMasterKey(dir, { entry: keychain.entry }),
        dir,
      );
      if (dir === dirA) expect(await store.get('provider:a')).toBe(PLAINTEXT);
    }
    expect(keychain.entries.get('switchyard/master-key')).toBe(created);
    expect(keychain.calls.filter((call) => call === 'set')).toHaveLength(1);
    expect(keychain.calls).not.toContain('delete');
  });

  it('agrees on one key when stores open concurrently', async () => {
    const keychain = fakeKeychain();
    const dir = await tempDir();
    const stores = await Promise.all(
      Array.from({ length: 4 }, () =>
        EncryptedSecretStore.open(new KeychainMasterKey(dir, { entry: keychain.entry }), dir),
      ),
    );
    await stores[0]?.set('k', 'v');
    for (const store of stores) expect(await store.get('k')).toBe('v');
    expect(keychain.calls.filter((call) => call === 'set')).toHaveLength(1);
  });

  it('treats a malformed entry as an error and leaves it alone', async () => {
    const keychain = fakeKeychain();
    keychain.entries.set('switchyard/master-key', 'not-a-key');
    const dir = await tempDir();
    const source = new KeychainMasterKey(dir, { entry: keychain.entry });
    expect(await codeOf(source.load())).toBe('master_key_invalid');
    expect(keychain.entries.get('switchyard/master-key')).toBe('not-a-key');
    expect(keychain.calls).toEqual(['get']);
  });

  it('reports an unreachable keychain as keychain_unavailable', async () => {
    const dir = await tempDir();
    const source = new KeychainMasterKey(dir, { entry: fakeKeychain({ fail: true }).entry });
    expect(await codeOf(source.load())).toBe('keychain_unavailable');
    const throwing = new KeychainMasterKey(dir, {
      entry: () => {
        throw new Error('no binding');
      },
    });
    expect(await codeOf(throwing.load())).toBe('keychain_unavailable');
  });

  it('uses its own service and account when given', async () => {
    const keychain = fakeKeychain();
    const dir = await tempDir();
    await new KeychainMasterKey(dir, {
      entry: keychain.entry,
      service: 'switchyard-test',
      account: 'k',
    }).load();
    expect([...keychain.entries.keys()]).toEqual(['switchyard-test/k']);
  });
});

describe('SafeStorageMasterKey', () => {
  it('keeps the master key sealed by safeStorage in master.key.safe', async () => {
    const dir = await tempDir();
    const { storage, calls } = fakeSafeStorage();
    const source = new SafeStorageMasterKey(dir, storage);
    const key = await source.load();
    const sealed = await readFile(path.join(dir, 'master.key.safe'), 'utf8');
    expect(sealed.startsWith('sealed:')).toBe(true);
    expect(sealed).not.toContain(key.toString('base64'));
    expect(calls).toEqual(['encrypt', 'decrypt']);
    expect((await new SafeStorageMasterKey(dir, storage).load()).equals(key)).toBe(true);
  });

  it('is unavailable without the async API or with the basic_text backend', async () => {
    const dir = await tempDir();
    const noAsync: SafeStorageLike = { isEncryptionAvailable: () => true };
    expect(await new SafeStorageMasterKey(dir, noAsync).available()).toBe(false);
    const basic = fakeSafeStorage({ getSelectedStorageBackend: () => 'basic_text' }).storage;
    expect(await new SafeStorageMasterKey(dir, basic).available()).toBe(false);
    expect(await codeOf(new SafeStorageMasterKey(dir, basic).load())).toBe('keychain_unavailable');
    const off = fakeSafeStorage({ isAsyncEncryptionAvailable: () => Promise.resolve(false) });
    expect(await new SafeStorageMasterKey(dir, off.storage).available()).toBe(false);
  });

  it('re-seals the same key in place when safeStorage asks for it', async () => {
    const dir = await tempDir();
    const { storage } = fakeSafeStorage();
    const key = await new SafeStorageMasterKey(dir, storage).load();
    const before = await readFile(path.join(dir, 'master.key.safe'));
    const decrypt = storage.decryptStringAsync!.bind(storage);
    let resealed = 0;
    const rotating = fakeSafeStorage({
      encryptStringAsync: (text) => {
        resealed += 1;
        return storage.encryptStringAsync!(text);
      },
      decryptStringAsync: async (sealed) => ({
        ...(await decrypt(sealed)),
        shouldReEncrypt: true,
      }),
    });
    expect((await new SafeStorageMasterKey(dir, rotating.storage).load()).equals(key)).toBe(true);
    const after = await readFile(path.join(dir, 'master.key.safe'));
    expect(resealed).toBe(1);
    expect(after.equals(before)).toBe(true);
  });

  it('refuses a sealed key safeStorage cannot open, without replacing it', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'master.key.safe'), 'garbage');
    const { storage } = fakeSafeStorage({
      decryptStringAsync: () => Promise.reject(new Error('Error while decrypting')),
    });
    expect(await codeOf(new SafeStorageMasterKey(dir, storage).load())).toBe('master_key_invalid');
    expect(await readFile(path.join(dir, 'master.key.safe'), 'utf8')).toBe('garbage');
  });
});
