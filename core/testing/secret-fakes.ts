/** In-memory stand-ins for the OS keychain binding and Electron's safeStorage. */
import type { KeychainEntryFactory, SafeStorageLike } from '../storage/master-key.js';

/** An in-memory keychain that records every call, including any delete attempt. */
export function fakeKeychain(options: { fail?: boolean } = {}) {
  const entries = new Map<string, string>();
  const calls: string[] = [];
  const entry: KeychainEntryFactory = (service, account) => {
    const id = `${service}/${account}`;
    const handle = {
      getPassword: () => {
        calls.push('get');
        if (options.fail === true) return Promise.reject(new Error('no Secret Service'));
        return Promise.resolve(entries.get(id) ?? null);
      },
      setPassword: (password: string) => {
        calls.push('set');
        if (options.fail === true) return Promise.reject(new Error('AccessDenied'));
        entries.set(id, password);
        return Promise.resolve();
      },
      deletePassword: () => {
        calls.push('delete');
        return Promise.resolve(entries.delete(id));
      },
    };
    return handle;
  };
  return { entries, calls, entry };
}

/** A stand-in for Electron's safeStorage: reversible, but never the plain text. */
export function fakeSafeStorage(overrides: Partial<SafeStorageLike> = {}) {
  const calls: string[] = [];
  const storage: SafeStorageLike = {
    isEncryptionAvailable: () => true,
    isAsyncEncryptionAvailable: () => Promise.resolve(true),
    encryptStringAsync: (text) => {
      calls.push('encrypt');
      return Promise.resolve(Buffer.from(`sealed:${Buffer.from(text).reverse().toString('hex')}`));
    },
    decryptStringAsync: (sealed) => {
      calls.push('decrypt');
      const hex = sealed.toString().replace(/^sealed:/, '');
      return Promise.resolve({ result: Buffer.from(hex, 'hex').reverse().toString() });
    },
    ...overrides,
  };
  return { storage, calls };
}
