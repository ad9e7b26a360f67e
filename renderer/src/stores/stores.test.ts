/** The domain stores against a fake connection: loading, event-driven refetch and failed Results. */
import { describe, expect, it } from 'vitest';
import type { StatusView } from '../../../core/shared/contract.js';
import type { UsageSeries, UsageSummary } from '../../../core/shared/usage.js';
import { account, fakeConnection, ok, ZERO_TOTALS } from '../testing/fake-connection';
import { connectLive, createStores } from '.';

const status: StatusView = {
  version: '1.0.0',
  url: 'http://127.0.0.1:4141',
  activeCombo: 'work',
  combos: [
    { name: 'work', strategy: 'fallback', entries: ['a/x'] },
    { name: 'cheap', strategy: 'fallback', entries: ['b/y'] },
  ],
  debugLog: false,
  paused: false,
};

const totals = ZERO_TOTALS;

function flush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

describe('domain stores', () => {
  it('loads status, accounts and the feed, then refetches on events and on the poll', async () => {
    let listed = 0;
    const fake = fakeConnection({
      'status.get': () => ok(status),
      'accounts.list': () => ok([account(`a${++listed}`)]),
      'requests.recent': () => ok([]),
    });
    const stores = createStores(fake.connection, () => 0);
    let tick: () => void = () => undefined;
    const stop = connectLive(fake.connection, stores, {
      setInterval: (run) => (tick = run),
      clearInterval: () => undefined,
    });
    await flush();
    expect(stores.server.getState().status?.activeCombo).toBe('work');
    expect(stores.accounts.getState().accounts?.map((one) => one.id)).toEqual(['a1']);
    expect(stores.requests.getState().rows).toEqual([]);

    fake.emit({
      type: 'quota-alert',
      alert: { type: 'reset', accountId: 'a', windowId: 'w', label: 'W', at: 1 },
    });
    await flush();
    expect(stores.accounts.getState().accounts?.[0]?.id).toBe('a2');

    fake.emit({ type: 'accounts-changed' });
    await flush();
    expect(stores.accounts.getState().accounts?.[0]?.id).toBe('a3');

    tick();
    await flush();
    expect(stores.accounts.getState().accounts?.[0]?.id).toBe('a4');
    expect(fake.calls.filter(([method]) => method === 'requests.recent')).toHaveLength(2);

    stop();
    expect(fake.listenerCount()).toBe(0);
  });

  it('shows a failed Result as a message and keeps the last good data', async () => {
    let fail = false;
    const fake = fakeConnection({
      'accounts.list': () =>
        fail
          ? { ok: false, error: { code: 'disconnected', message: 'Switchyard is not reachable.' } }
          : ok([account('a')]),
    });
    const { accounts } = createStores(fake.connection, () => 0);
    await accounts.getState().load();
    fail = true;
    await accounts.getState().load();
    expect(accounts.getState().error).toBe('Switchyard is not reachable.');
    expect(accounts.getState().accounts).toHaveLength(1);
    fail = false;
    await accounts.getState().load();
    expect(accounts.getState().error).toBeUndefined();
  });

  it('says to reopen the link when the token is refused', async () => {
    const fake = fakeConnection({
      'status.get': () => ({ ok: false, error: { code: 'unauthorized', message: 'no' } }),
    });
    const { server } = createStores(fake.connection, () => 0);
    await server.getState().load();
    expect(server.getState().error).toMatch(/switchyard serve/);
  });

  it('activates a combo and clears a cooldown with the answers the server gives', async () => {
    const fake = fakeConnection({
      'combos.activate': (req) => ok({ ...status, activeCombo: (req as { name: string }).name }),
      'routing.clear': () => ok([account('a', { state: 'ok' })]),
    });
    const stores = createStores(fake.connection, () => 0);
    await stores.server.getState().activateCombo('cheap');
    expect(stores.server.getState()).toMatchObject({ saving: false });
    expect(stores.server.getState().status?.activeCombo).toBe('cheap');
    await stores.accounts.getState().clear('a');
    expect(fake.calls).toContainEqual(['routing.clear', { accountId: 'a' }]);
    expect(stores.accounts.getState()).toMatchObject({ clearing: undefined });
  });

  it('asks usage for the chosen range with a fitting bucket', async () => {
    const now = 10 * 86_400_000;
    const summary = (by: UsageSummary['by']): UsageSummary => ({
      from: 0,
      to: 1,
      by,
      rows: [],
      totals,
    });
    const series: UsageSeries = { from: 0, to: 1, bucket: 'day', points: [] };
    const fake = fakeConnection({
      'usage.series': () => ok(series),
      'usage.summary': (req) => ok(summary((req as { by: UsageSummary['by'] }).by)),
    });
    const { usage } = createStores(fake.connection, () => now);
    await usage.getState().setRange('7d');
    expect(fake.calls[0]).toEqual([
      'usage.series',
      { from: now - 7 * 86_400_000, to: now + 60_000, bucket: 'day' },
    ]);
    expect(usage.getState().data?.by.combo.by).toBe('combo');

    fake.answers['usage.series'] = () => ({
      ok: false,
      error: { code: 'internal', message: 'ledger busy' },
    });
    await usage.getState().load();
    expect(usage.getState().error).toBe('ledger busy');
  });

  it('lets the newest load win when an older one answers last', async () => {
    const replies: ((value: ReturnType<typeof ok<never[]>>) => void)[] = [];
    const fake = fakeConnection({});
    const connection = {
      ...fake.connection,
      'requests.recent': () =>
        new Promise<ReturnType<typeof ok<never[]>>>((resolve) => replies.push(resolve)),
    };
    const { requests } = createStores(connection, () => 0);
    const older = requests.getState().load();
    const newer = requests.getState().load();
    replies[1]?.(ok([]));
    await newer;
    replies[0]?.({ ok: false, error: { code: 'internal', message: 'stale' } });
    await older;
    expect(requests.getState().error).toBeUndefined();
  });
});
