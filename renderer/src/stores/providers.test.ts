/** The providers store against a fake connection: load, add (and refusals), toggles, remove, events. */
import { describe, expect, it } from 'vitest';
import type { ProviderKindView, Result } from '../../../core/shared/contract.js';
import { account, fakeConnection, ok } from '../testing/fake-connection';
import { createProvidersStore } from './providers';
import { connectLive, createStores } from '.';

const kinds: ProviderKindView[] = [
  { id: 'cc', displayName: 'Claude Code', signIn: true, termsRisk: 'high' },
  { id: 'deepseek', displayName: 'DeepSeek', signIn: false, termsRisk: 'none' },
];

function refused(message: string): Result<never> {
  return { ok: false, error: { code: 'invalid_request', message } };
}

function flush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

describe('providers store', () => {
  it('loads the accounts and the provider kinds', async () => {
    const fake = fakeConnection({
      'accounts.list': () => ok([account('a')]),
      'providers.kinds': () => ok(kinds),
    });
    const store = createProvidersStore(fake.connection);
    await store.getState().load();
    expect(store.getState()).toMatchObject({ accounts: [account('a')], kinds, error: undefined });
  });

  it('adds an API key, answering with the new list', async () => {
    const fake = fakeConnection({ 'accounts.addApiKey': () => ok([account('a'), account('ds')]) });
    const store = createProvidersStore(fake.connection);
    const draft = { kind: 'deepseek', id: 'ds', apiKey: 'sk-1' };
    expect(await store.getState().add(draft)).toBe(true);
    expect(fake.calls).toEqual([['accounts.addApiKey', draft]]);
    expect(store.getState()).toMatchObject({
      accounts: [account('a'), account('ds')],
      addError: undefined,
      busy: false,
    });
    expect(JSON.stringify(store.getState())).not.toContain('sk-1');
  });

  it('keeps a refused add in addError, not in error, until cleared', async () => {
    const fake = fakeConnection({
      'accounts.addApiKey': () =>
        refused('The provider refused this key: Authentication Fails. Nothing was saved.'),
    });
    const store = createProvidersStore(fake.connection);
    expect(await store.getState().add({ kind: 'deepseek', apiKey: 'bad' })).toBe(false);
    expect(store.getState()).toMatchObject({
      addError: 'The provider refused this key: Authentication Fails. Nothing was saved.',
      error: undefined,
      busy: false,
    });
    store.getState().clearAddError();
    expect(store.getState().addError).toBeUndefined();
  });

  it('says it is checking while the add is on its way', async () => {
    let answer: (result: Result<ReturnType<typeof account>[]>) => void = () => undefined;
    const fake = fakeConnection({
      'accounts.addApiKey': () => new Promise((resolve) => (answer = resolve)),
    });
    const store = createProvidersStore(fake.connection);
    const adding = store.getState().add({ kind: 'deepseek', apiKey: 'sk-1' });
    expect(store.getState()).toMatchObject({ checking: true, busy: true });
    answer(ok([account('ds')]));
    expect(await adding).toBe(true);
    expect(store.getState()).toMatchObject({ checking: false, busy: false });
  });

  it('offers to save unchecked only when the provider could not be reached', async () => {
    const answers: Result<ReturnType<typeof account>[]>[] = [
      { ok: false, error: { code: 'unavailable', message: 'The provider could not be reached.' } },
      ok([account('ds')]),
    ];
    const fake = fakeConnection({ 'accounts.addApiKey': () => answers.shift() ?? ok([]) });
    const store = createProvidersStore(fake.connection);
    const draft = { kind: 'deepseek', id: 'ds', apiKey: 'sk-1' };
    expect(await store.getState().add(draft)).toBe(false);
    expect(store.getState()).toMatchObject({
      addError: 'The provider could not be reached.',
      addUnreachable: true,
      checking: false,
    });
    expect(await store.getState().add({ ...draft, saveUnchecked: true })).toBe(true);
    expect(store.getState()).toMatchObject({ addError: undefined, addUnreachable: false });
    expect(fake.calls.at(-1)).toEqual(['accounts.addApiKey', { ...draft, saveUnchecked: true }]);
    expect(JSON.stringify(store.getState())).not.toContain('sk-1');
  });

  it('does not offer to save a key the provider refused', async () => {
    const fake = fakeConnection({
      'accounts.addApiKey': () =>
        refused('The provider refused this key: Invalid API key. Nothing was saved.'),
    });
    const store = createProvidersStore(fake.connection);
    await store.getState().add({ kind: 'deepseek', apiKey: 'bad' });
    expect(store.getState()).toMatchObject({
      addError: 'The provider refused this key: Invalid API key. Nothing was saved.',
      addUnreachable: false,
    });
  });

  it('enables, reorders and removes accounts', async () => {
    const fake = fakeConnection({
      'accounts.setEnabled': () => ok([account('a', { enabled: false })]),
      'accounts.setPriority': () => ok([account('a', { enabled: false, priority: 2 })]),
      'accounts.remove': () => ok([]),
    });
    const store = createProvidersStore(fake.connection);
    await store.getState().setEnabled('a', false);
    expect(store.getState().accounts).toEqual([account('a', { enabled: false })]);
    await store.getState().setPriority('a', 2);
    expect(store.getState().accounts?.[0]?.priority).toBe(2);
    expect(await store.getState().remove('a')).toBe(true);
    expect(store.getState().accounts).toEqual([]);
    expect(fake.calls).toEqual([
      ['accounts.setEnabled', { accountId: 'a', enabled: false }],
      ['accounts.setPriority', { accountId: 'a', priority: 2 }],
      ['accounts.remove', { accountId: 'a' }],
    ]);
  });

  it('shows a refused change above the list', async () => {
    const fake = fakeConnection({
      'accounts.remove': () => ({
        ok: false,
        error: { code: 'not_found', message: 'No account "a".' },
      }),
    });
    const store = createProvidersStore(fake.connection);
    expect(await store.getState().remove('a')).toBe(false);
    expect(store.getState()).toMatchObject({ error: 'No account "a".', busy: false });
  });

  it('reloads on accounts-changed', async () => {
    let listed = 0;
    const fake = fakeConnection({
      'accounts.list': () => ok(++listed === 1 ? [account('a')] : [account('a'), account('b')]),
      'providers.kinds': () => ok(kinds),
    });
    const stores = createStores(fake.connection, () => 0);
    const stop = connectLive(fake.connection, stores, {
      setInterval: () => undefined,
      clearInterval: () => undefined,
    });
    await flush();
    // The shared accounts store took the first answer; the Providers view opens on the second.
    await stores.providers.getState().load();
    expect(stores.providers.getState().accounts?.map((entry) => entry.id)).toEqual(['a', 'b']);
    fake.emit({ type: 'accounts-changed' });
    await flush();
    expect(fake.calls.filter(([method]) => method === 'providers.kinds')).toHaveLength(2);
    expect(stores.providers.getState().accounts?.map((entry) => entry.id)).toEqual(['a', 'b']);
    stop();
  });
});
