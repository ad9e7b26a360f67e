/** The settings store against a fake connection: load, patches, keys shown once, events. */
import { describe, expect, it } from 'vitest';
import type {
  Result,
  RouterKeyView,
  SettingsUpdateResult,
  SettingsView,
} from '../../../core/shared/contract.js';
import { fakeConnection, ok } from '../testing/fake-connection';
import { createSettingsStore } from './settings';
import { connectLive, createStores } from '.';

function view(extra: Partial<SettingsView> = {}): SettingsView {
  return {
    host: '127.0.0.1',
    port: 20128,
    listeningPort: 20128,
    requireKeyOnLoopback: true,
    dataDir: { path: '/data', flag: '--data-dir', env: 'SWITCHYARD_DATA_DIR' },
    budgets: { providers: {}, keys: {} },
    prefixes: ['oa'],
    alertThresholds: [80, 95],
    nearLimitPercent: 80,
    retentionDays: 400,
    debugLog: false,
    ...extra,
  };
}

function keyRow(id: string): RouterKeyView {
  return { id, name: id, hint: 'abcd', createdAt: '2026-01-01T00:00:00.000Z' };
}

function updated(settings: SettingsView, restartNeeded = false): Result<SettingsUpdateResult> {
  return ok({ settings, restartNeeded });
}

function refused(message: string): Result<never> {
  return { ok: false, error: { code: 'invalid_request', message } };
}

function flush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

describe('settings store', () => {
  it('loads the settings and the keys', async () => {
    const fake = fakeConnection({
      'settings.get': () => ok(view()),
      'keys.list': () => ok([keyRow('rk_a')]),
    });
    const store = createSettingsStore(fake.connection);
    await store.getState().load();
    expect(store.getState()).toMatchObject({
      settings: view(),
      keys: [keyRow('rk_a')],
      error: undefined,
      keyError: undefined,
    });
  });

  it('saves a patch and takes the answer’s settings', async () => {
    const next = view({ port: 3000, alertThresholds: [50] });
    const fake = fakeConnection({ 'settings.update': () => updated(next, true) });
    const store = createSettingsStore(fake.connection);
    const patch = { port: 3000, alertThresholds: [50] };
    expect(await store.getState().update(patch)).toBe(true);
    expect(fake.calls).toEqual([['settings.update', patch]]);
    expect(store.getState()).toMatchObject({ settings: next, busy: false, error: undefined });
  });

  it('keeps a refused patch’s sentence and the old settings', async () => {
    const fake = fakeConnection({
      'settings.get': () => ok(view()),
      'keys.list': () => ok([]),
      'settings.update': () => refused('No provider prefix "x".'),
    });
    const store = createSettingsStore(fake.connection);
    await store.getState().load();
    expect(await store.getState().update({ budgets: { providers: { x: { dailyUsd: 1 } } } })).toBe(
      false,
    );
    expect(store.getState()).toMatchObject({
      settings: view(),
      error: 'No provider prefix "x".',
      busy: false,
    });
  });

  it('shows a created key once, until dismissed, and never in the list', async () => {
    const fake = fakeConnection({
      'keys.create': () =>
        ok({
          key: 'sy-secret-wxyz',
          created: keyRow('rk_new'),
          keys: [keyRow('rk_a'), keyRow('rk_new')],
        }),
    });
    const store = createSettingsStore(fake.connection);
    expect(await store.getState().createKey('laptop')).toBe(true);
    expect(fake.calls).toEqual([['keys.create', { name: 'laptop' }]]);
    expect(store.getState().shownKey).toEqual({
      id: 'rk_new',
      name: 'rk_new',
      key: 'sy-secret-wxyz',
    });
    expect(JSON.stringify(store.getState().keys)).not.toContain('sy-secret');
    store.getState().dismissKey();
    expect(store.getState().shownKey).toBeUndefined();
    expect(JSON.stringify(store.getState())).not.toContain('sy-secret');
  });

  it('revokes a key, forgetting it if it is the one shown', async () => {
    const fake = fakeConnection({
      'keys.create': () =>
        ok({ key: 'sy-secret', created: keyRow('rk_new'), keys: [keyRow('rk_new')] }),
      'keys.revoke': () => ok([]),
    });
    const store = createSettingsStore(fake.connection);
    await store.getState().createKey('laptop');
    expect(await store.getState().revokeKey('rk_new')).toBe(true);
    expect(store.getState()).toMatchObject({ keys: [], shownKey: undefined, busy: false });
  });

  it('shows a refused key change with the keys, not above the settings', async () => {
    const fake = fakeConnection({
      'keys.revoke': () => ({ ok: false, error: { code: 'not_found', message: 'No key.' } }),
      'keys.create': () => refused('name: Too small'),
    });
    const store = createSettingsStore(fake.connection);
    expect(await store.getState().revokeKey('rk_gone')).toBe(false);
    expect(store.getState()).toMatchObject({ keyError: 'No key.', error: undefined });
    expect(await store.getState().createKey(' ')).toBe(false);
    expect(store.getState()).toMatchObject({ keyError: 'name: Too small', shownKey: undefined });
  });

  it('reloads on accounts-changed once Settings has been opened', async () => {
    let reads = 0;
    const fake = fakeConnection({
      'settings.get': () => ok(view({ retentionDays: ++reads === 1 ? 400 : 30 })),
      'keys.list': () => ok([]),
      'status.get': () => refused('not in this test'),
      'accounts.list': () => ok([]),
      'requests.recent': () => ok([]),
    });
    const stores = createStores(fake.connection, () => 0);
    const stop = connectLive(fake.connection, stores, {
      setInterval: () => undefined,
      clearInterval: () => undefined,
    });
    await flush();
    expect(fake.calls.some(([method]) => method === 'settings.get')).toBe(false);
    await stores.settings.getState().load();
    fake.emit({ type: 'accounts-changed' });
    await flush();
    expect(stores.settings.getState().settings?.retentionDays).toBe(30);
    stop();
  });
});
