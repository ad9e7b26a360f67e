/**
 * Against a real Secret Service (gnome-keyring). These run only inside the
 * private session of scripts/with-keyring.sh (`npm run test:keychain`, and CI
 * runs every test there), never against a developer's own keyring.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AsyncEntry, Entry } from '@napi-rs/keyring';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isStorageError } from './errors.js';
import { KeychainMasterKey, type KeychainEntryFactory } from './master-key.js';
import { openSecretStore } from './open-secret-store.js';
import { EncryptedSecretStore, KeyFileSecretStore } from './secret-store.js';

const inPrivateKeyring = process.env['SWITCHYARD_TEST_KEYRING'] === 'private';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
const TOKEN = 'refresh-token-REAL-KEYCHAIN-PLAINTEXT-42';

/** The real binding, with every method the code touches recorded. */
function spiedKeyring() {
  const touched: string[] = [];
  const entry: KeychainEntryFactory = (service, account) => {
    const real = new AsyncEntry(service, account);
    return new Proxy(real, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        touched.push(String(property));
        return (...args: unknown[]) => Reflect.apply(value, target, args) as unknown;
      },
    });
  };
  return { touched, entry };
}

describe.skipIf(!inPrivateKeyring)(
  'OS keychain master key (needs the private Secret Service of npm run test:keychain)',
  () => {
    it('creates the entry once and reuses it across store instances, never deleting it', async () => {
      const service = `switchyard-test-${randomUUID()}`;
      const spy = spiedKeyring();
      const dirA = await tempDir();
      const dirB = await tempDir();
      const open = (dir: string) =>
        EncryptedSecretStore.open(new KeychainMasterKey(dir, { service, entry: spy.entry }), dir);

      expect(new Entry(service, 'master-key').getPassword() ?? undefined).toBeUndefined();
      const first = await open(dirA);
      await first.set('oauth:claude:refresh', TOKEN);
      const stored = new Entry(service, 'master-key').getPassword();
      expect(stored).toMatch(/^[A-Za-z0-9+/]{43}=$/);

      expect(await (await open(dirA)).get('oauth:claude:refresh')).toBe(TOKEN);
      await (await open(dirB)).set('provider:x', 'other');
      expect(new Entry(service, 'master-key').getPassword()).toBe(stored);
      expect(spy.touched.filter((name) => name === 'setPassword')).toHaveLength(1);
      expect(spy.touched.every((name) => name === 'getPassword' || name === 'setPassword')).toBe(
        true,
      );

      for (const name of await readdir(dirA)) {
        const text = await readFile(path.join(dirA, name), 'utf8');
        expect(text).not.toContain(TOKEN);
        expect(text).not.toContain(stored);
      }
    });

    it('opens through openSecretStore with the default binding and no warning', async () => {
      const dir = await tempDir();
      const service = `switchyard-test-${randomUUID()}`;
      const { store, warning } = await openSecretStore(dir, { env: {}, keychain: { service } });
      expect(store.kind).toBe('keychain');
      expect(warning).toBeUndefined();
      await store.set('provider:a', TOKEN);
      const again = await openSecretStore(dir, { env: {}, keychain: { service } });
      expect(await again.store.get('provider:a')).toBe(TOKEN);
      expect(await readdir(dir)).not.toContain('master.key');
    });

    it('moves an existing master.key into the keychain', async () => {
      const dir = await tempDir();
      const service = `switchyard-test-${randomUUID()}`;
      await (await KeyFileSecretStore.open(dir)).set('provider:old', TOKEN);
      const fileKey = (await readFile(path.join(dir, 'master.key'), 'utf8')).trim();
      const { store, warning } = await openSecretStore(dir, { env: {}, keychain: { service } });
      expect(store.kind).toBe('keychain');
      expect(warning).toBeUndefined();
      expect(new Entry(service, 'master-key').getPassword()).toBe(fileKey);
      expect(await readdir(dir)).not.toContain('master.key');
      expect(await store.get('provider:old')).toBe(TOKEN);
    });

    it('refuses a malformed entry and leaves it as it was', async () => {
      const service = `switchyard-test-${randomUUID()}`;
      new Entry(service, 'master-key').setPassword('not-a-key');
      const dir = await tempDir();
      const error: unknown = await new KeychainMasterKey(dir, { service }).load().catch((e) => e);
      expect(isStorageError(error) && error.code).toBe('master_key_invalid');
      expect(new Entry(service, 'master-key').getPassword()).toBe('not-a-key');
    });
  },
);
