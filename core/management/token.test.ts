/** The management token: made once, kept in the secret store, compared in constant time. */
import { describe, expect, it } from 'vitest';
import type { SecretStore } from '../storage/secret-store.js';
import {
  dashboardUrlWithToken,
  MANAGEMENT_TOKEN_SECRET,
  managementToken,
  sameToken,
} from './token.js';

function memoryStore(): SecretStore & { values: Map<string, string>; sets: number } {
  const values = new Map<string, string>();
  const store = {
    kind: 'memory',
    values,
    sets: 0,
    get: (name: string) => Promise.resolve(values.get(name)),
    set: (name: string, value: string) => {
      store.sets += 1;
      values.set(name, value);
      return Promise.resolve();
    },
    delete: (name: string) => {
      values.delete(name);
      return Promise.resolve();
    },
  };
  return store;
}

describe('management token', () => {
  it('is created once (even for concurrent first callers) and kept under its secret name', async () => {
    const store = memoryStore();
    const [a, b] = await Promise.all([managementToken(store), managementToken(store)]);
    expect(a).toBe(b);
    expect(store.sets).toBe(1);
    expect(store.values.get(MANAGEMENT_TOKEN_SECRET)).toBe(a);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
  });

  it('reuses a stored token', async () => {
    const store = memoryStore();
    store.values.set(MANAGEMENT_TOKEN_SECRET, 'x'.repeat(43));
    expect(await managementToken(store)).toBe('x'.repeat(43));
  });

  it('compares exactly', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abd', 'abc')).toBe(false);
    expect(sameToken('abcd', 'abc')).toBe(false);
    expect(sameToken('', '')).toBe(false);
  });

  it('puts the token in the fragment only', () => {
    const url = dashboardUrlWithToken('http://127.0.0.1:4141/', 'a+b/c');
    expect(url).toBe('http://127.0.0.1:4141/#token=a%2Bb%2Fc');
    expect(new URL(url).search).toBe('');
  });
});
