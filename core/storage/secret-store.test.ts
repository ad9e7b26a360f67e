import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isStorageError } from './errors.js';
import { KeyFileSecretStore, providerSecretName } from './secret-store.js';
import { SettingsStore } from './settings-store.js';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
const PLAINTEXT = 'sk-live-THIS-IS-THE-PLAINTEXT-0123456789';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isStorageError(error) ? error.code : undefined;
}

async function tamper(dir: string, edit: (envelope: string) => string): Promise<void> {
  const file = path.join(dir, 'secrets.json');
  const parsed = JSON.parse(await readFile(file, 'utf8')) as { secrets: Record<string, string> };
  for (const [name, envelope] of Object.entries(parsed.secrets)) {
    parsed.secrets[name] = edit(envelope);
  }
  await writeFile(file, JSON.stringify(parsed));
}

describe('KeyFileSecretStore', () => {
  it('round-trips, deletes, and survives a reopen', async () => {
    const dir = await tempDir();
    const store = await KeyFileSecretStore.open(dir);
    expect(store.kind).toBe('key-file');
    const name = providerSecretName('deepseek');
    expect(name).toBe('provider:deepseek');
    expect(await store.get(name)).toBeUndefined();
    await store.set(name, PLAINTEXT);
    expect(await store.get(name)).toBe(PLAINTEXT);
    expect(await (await KeyFileSecretStore.open(dir)).get(name)).toBe(PLAINTEXT);
    await store.delete(name);
    expect(await store.get(name)).toBeUndefined();
  });

  it('keeps no plaintext in any file of the data dir', async () => {
    const dir = await tempDir();
    const settings = await SettingsStore.open(dir);
    await settings.update((draft) => {
      draft.server.port = 3001;
    });
    const store = await KeyFileSecretStore.open(dir);
    await store.set(providerSecretName('openai'), PLAINTEXT);
    const names = await readdir(dir);
    expect(names).toEqual(expect.arrayContaining(['master.key', 'secrets.json', 'settings.json']));
    for (const name of names) {
      const bytes = await readFile(path.join(dir, name));
      expect(bytes.includes(PLAINTEXT)).toBe(false);
      expect(bytes.toString('utf8')).not.toContain(Buffer.from(PLAINTEXT).toString('base64'));
    }
    const envelope = (
      JSON.parse(await readFile(path.join(dir, 'secrets.json'), 'utf8')) as {
        secrets: Record<string, string>;
      }
    ).secrets['provider:openai'];
    expect(envelope).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    if (process.platform !== 'win32') {
      expect((await stat(path.join(dir, 'master.key'))).mode & 0o777).toBe(0o600);
      expect((await stat(path.join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
    }
  });

  it('uses a fresh IV per value', async () => {
    const dir = await tempDir();
    const store = await KeyFileSecretStore.open(dir);
    await store.set('a', 'same');
    await store.set('b', 'same');
    const { secrets } = JSON.parse(await readFile(path.join(dir, 'secrets.json'), 'utf8')) as {
      secrets: Record<string, string>;
    };
    expect(secrets['a']?.split(':')[1]).not.toBe(secrets['b']?.split(':')[1]);
  });

  it('detects a tampered ciphertext with a typed error', async () => {
    const dir = await tempDir();
    await (await KeyFileSecretStore.open(dir)).set('provider:x', PLAINTEXT);
    await tamper(dir, (envelope) => {
      const parts = envelope.split(':');
      const ct = Buffer.from(parts[3] ?? '', 'base64');
      ct[0] = (ct[0] ?? 0) ^ 1;
      parts[3] = ct.toString('base64');
      return parts.join(':');
    });
    const fresh = await KeyFileSecretStore.open(dir);
    expect(await codeOf(fresh.get('provider:x'))).toBe('secret_undecryptable');
  });

  it('rejects a value sealed with another master key, and a malformed envelope', async () => {
    const dir = await tempDir();
    await (await KeyFileSecretStore.open(dir)).set('provider:x', PLAINTEXT);
    await writeFile(path.join(dir, 'master.key'), `${Buffer.alloc(32, 7).toString('base64')}\n`);
    expect(await codeOf((await KeyFileSecretStore.open(dir)).get('provider:x'))).toBe(
      'secret_undecryptable',
    );
    await tamper(dir, () => 'v0:abc');
    expect(await codeOf((await KeyFileSecretStore.open(dir)).get('provider:x'))).toBe(
      'secret_malformed',
    );
  });

  it('binds each envelope to its name', async () => {
    const dir = await tempDir();
    const store = await KeyFileSecretStore.open(dir);
    await store.set('provider:a', 'alpha');
    await store.set('provider:b', 'beta');
    const file = path.join(dir, 'secrets.json');
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { secrets: Record<string, string> };
    parsed.secrets['provider:b'] = parsed.secrets['provider:a'] ?? '';
    await writeFile(file, JSON.stringify(parsed));
    expect(await codeOf((await KeyFileSecretStore.open(dir)).get('provider:b'))).toBe(
      'secret_undecryptable',
    );
  });

  it('refuses an invalid master key instead of replacing it', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'master.key'), 'short');
    expect(await codeOf(KeyFileSecretStore.open(dir))).toBe('master_key_invalid');
    expect(await readFile(path.join(dir, 'master.key'), 'utf8')).toBe('short');
  });

  it('sees values another instance stores', async () => {
    const dir = await tempDir();
    const server = await KeyFileSecretStore.open(dir, { recheckMs: 0 });
    const cli = await KeyFileSecretStore.open(dir);
    expect(await server.get('provider:x')).toBeUndefined();
    await cli.set('provider:x', 'one');
    expect(await server.get('provider:x')).toBe('one');
    await cli.set('provider:x', 'two');
    expect(await server.get('provider:x')).toBe('two');
    await cli.delete('provider:x');
    expect(await server.get('provider:x')).toBeUndefined();
  });

  it('creates one master key even when opened concurrently', async () => {
    const dir = await tempDir();
    const stores = await Promise.all(Array.from({ length: 5 }, () => KeyFileSecretStore.open(dir)));
    await stores[0]?.set('k', 'v');
    for (const store of stores) expect(await store.get('k')).toBe('v');
  });

  it('rejects secret names outside the allowed characters', async () => {
    const store = await KeyFileSecretStore.open(await tempDir());
    expect(await codeOf(store.set('__proto__ x', 'v'))).toBe('secret_name_invalid');
  });
});
