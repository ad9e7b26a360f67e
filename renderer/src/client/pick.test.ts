/** Transport choice and the token hand-off through the URL fragment. */
import { describe, expect, it, vi } from 'vitest';
import type { ManagementBridge } from './ipc';
import { pickClientFrom, TOKEN_STORAGE_KEY, type PickEnvironment } from './pick';

function environment(hash: string, stored?: string) {
  const storage = new Map<string, string>(
    stored === undefined ? [] : [[TOKEN_STORAGE_KEY, stored]],
  );
  const replaced: string[] = [];
  const fetch = vi.fn(() =>
    Promise.resolve(new Response(JSON.stringify({ ok: true, value: 'x' }))),
  ) as unknown as typeof globalThis.fetch;
  const env: PickEnvironment = {
    bridge: undefined,
    location: { hash, origin: 'http://127.0.0.1:4141', pathname: '/', search: '?tab=usage' },
    history: { replaceState: (_data, _unused, url) => replaced.push(String(url)) },
    storage: {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => storage.set(key, value),
    },
    fetch,
  };
  return { env, storage, replaced, fetch };
}

describe('pickClientFrom', () => {
  it('uses the bridge when the preload exposes one', async () => {
    const bridge: ManagementBridge = {
      call: vi.fn(() => Promise.resolve({ ok: true, value: 'ipc' } as const)),
      onEvent: () => () => undefined,
    };
    const { env, fetch } = environment('#token=abc');
    const client = pickClientFrom({ ...env, bridge });
    expect(await client?.['status.get']({})).toEqual({ ok: true, value: 'ipc' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('takes the token from the fragment, keeps it for the tab and strips it from the URL', async () => {
    const { env, storage, replaced, fetch } = environment('#token=s3cr%2Bt&view=x');
    const client = pickClientFrom(env);
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe('s3cr+t');
    expect(replaced).toEqual(['/?tab=usage#view=x']);
    await client?.['accounts.list']({});
    expect(fetch).toHaveBeenCalledWith(
      'http://127.0.0.1:4141/api/accounts.list',
      expect.objectContaining({
        headers: expect.objectContaining({ authorization: 'Bearer s3cr+t' }) as unknown,
      }),
    );
  });

  it('falls back to the token this tab kept, and to nothing without one', () => {
    expect(pickClientFrom(environment('', 'kept').env)).toBeDefined();
    const bare = environment('');
    expect(pickClientFrom(bare.env)).toBeUndefined();
    expect(bare.replaced).toEqual([]);
  });
});
