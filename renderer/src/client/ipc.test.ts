/** The IPC client over a fake preload bridge: every method maps to a call, events pass through. */
import { describe, expect, it } from 'vitest';
import type { ManagementEvent } from '../../../core/shared/contract.js';
import { createIpcClient, type ManagementBridge } from './ipc';

function fakeBridge() {
  const calls: [string, unknown][] = [];
  let listener: ((event: ManagementEvent) => void) | undefined;
  const bridge: ManagementBridge = {
    call: (method, req) => {
      calls.push([method, req]);
      if (method === 'debugLog.get') return Promise.reject(new Error('window closing'));
      return Promise.resolve({ ok: true, value: method });
    },
    onEvent: (next) => {
      listener = next;
      return () => {
        listener = undefined;
      };
    },
  };
  return { bridge, calls, emit: (event: ManagementEvent) => listener?.(event) };
}

describe('createIpcClient', () => {
  it('sends each method on its own name with the request untouched', async () => {
    const { bridge, calls } = fakeBridge();
    const client = createIpcClient(bridge);
    expect(await client['routing.clear']({ accountId: 'a' })).toEqual({
      ok: true,
      value: 'routing.clear',
    });
    for (const method of ['status.get', 'combos.save', 'tools.connect'] as const) {
      expect(typeof client[method]).toBe('function');
    }
    // Not a method name: nothing there (so the connection is never mistaken for a promise).
    expect((client as unknown as Record<string, unknown>)['then']).toBeUndefined();
    expect(calls).toEqual([['routing.clear', { accountId: 'a' }]]);
  });

  it('turns a broken bridge into an unavailable Result', async () => {
    const client = createIpcClient(fakeBridge().bridge);
    expect(await client['debugLog.get']({})).toMatchObject({
      ok: false,
      error: { code: 'disconnected' },
    });
  });

  it('subscribes and unsubscribes through the bridge', () => {
    const { bridge, emit } = fakeBridge();
    const seen: ManagementEvent[] = [];
    const stop = createIpcClient(bridge).subscribe((event) => seen.push(event));
    emit({ type: 'accounts-changed' });
    stop();
    emit({ type: 'accounts-changed' });
    expect(seen).toEqual([{ type: 'accounts-changed' }]);
  });
});
