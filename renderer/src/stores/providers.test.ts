/** The providers store against a fake connection: load, add (and refusals), toggles, remove, events, logins. */
import { describe, expect, it } from 'vitest';
import type { LoginView, ProviderKindView, Result } from '../../../core/shared/contract.js';
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

  it('does not offer to save unchecked when it is Switchyard that cannot be reached', async () => {
    const fake = fakeConnection({
      'accounts.addApiKey': () => ({
        ok: false,
        error: { code: 'disconnected', message: 'Switchyard is not reachable.' },
      }),
    });
    const store = createProvidersStore(fake.connection);
    expect(await store.getState().add({ kind: 'deepseek', apiKey: 'sk-1' })).toBe(false);
    expect(store.getState()).toMatchObject({
      addError: 'Switchyard is not reachable.',
      addUnreachable: false,
    });
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

  describe('subscription logins', () => {
    const waiting: LoginView = {
      id: 'l1',
      kind: 'cc',
      state: { status: 'waiting-browser', url: 'https://auth.example/authorize' },
    };
    const success: LoginView = {
      id: 'l1',
      kind: 'cc',
      state: { status: 'success', accountId: 'cc-1', label: 'ada@example.com' },
    };

    it('follows a login through pushed events and reloads the accounts on success', async () => {
      const fake = fakeConnection({
        'logins.start': () => ok({ ...waiting, state: { status: 'starting' } }),
        'accounts.list': () => ok([account('cc-1', { kind: 'cc', auth: 'oauth' })]),
      });
      const stores = createStores(fake.connection, () => 0);
      const stop = connectLive(fake.connection, stores, {
        setInterval: () => undefined,
        clearInterval: () => undefined,
      });
      const store = stores.providers;
      expect(await store.getState().startLogin('cc')).toBe(true);
      expect(store.getState().login?.state.status).toBe('starting');
      fake.emit({ type: 'login', login: waiting });
      expect(store.getState().login).toEqual(waiting);
      // Another window's login is not this one's.
      fake.emit({ type: 'login', login: { ...success, id: 'other' } });
      expect(store.getState().login).toEqual(waiting);
      const listed = fake.calls.filter(([method]) => method === 'accounts.list').length;
      fake.emit({ type: 'login', login: success });
      await flush();
      expect(store.getState().login).toEqual(success);
      expect(fake.calls.filter(([method]) => method === 'accounts.list').length).toBe(listed + 1);
      expect(store.getState().accounts?.map((entry) => entry.id)).toEqual(['cc-1']);
      store.getState().dismissLogin();
      expect(store.getState().login).toBeUndefined();
      stop();
    });

    it('the poll moves a login on when its events were lost, and applies success once', async () => {
      let answer: LoginView = waiting;
      const fake = fakeConnection({
        'logins.start': () => ok({ ...waiting, state: { status: 'starting' } }),
        'logins.get': () => ok(answer),
        'accounts.list': () => ok([account('cc-1', { kind: 'cc', auth: 'oauth' })]),
      });
      const stores = createStores(fake.connection, () => 0);
      let tick: () => void = () => undefined;
      const stop = connectLive(fake.connection, stores, {
        setInterval: (run) => {
          tick = run;
          return 1;
        },
        clearInterval: () => undefined,
      });
      const store = stores.providers;
      await store.getState().startLogin('cc');
      tick();
      await flush();
      expect(store.getState().login).toEqual(waiting);
      answer = success;
      tick();
      await flush();
      expect(store.getState().login).toEqual(success);
      const listed = fake.calls.filter(([method]) => method === 'accounts.list').length;
      // The late event and later ticks change nothing: no second reload, no more asking.
      fake.emit({ type: 'login', login: success });
      tick();
      await flush();
      const reloads = fake.calls.filter(([method]) => method === 'accounts.list').length - listed;
      expect(reloads).toBe(1); // the tick's own accounts poll, not a login reload
      expect(fake.calls.filter(([method]) => method === 'logins.get')).toHaveLength(2);
      stop();
    });

    it('keeps an event that overtook the answer to logins.start', async () => {
      let emit: (login: LoginView) => void = () => undefined;
      const fake = fakeConnection({
        'logins.start': () => {
          // The server's first step arrives on the event stream before the answer does.
          emit(waiting);
          return ok({ ...waiting, state: { status: 'starting' } });
        },
      });
      const store = createProvidersStore(fake.connection);
      emit = (login) => void store.getState().loginChanged(login);
      await store.getState().startLogin('cc');
      expect(store.getState().login).toEqual(waiting);
    });

    it('cancels the login shown before starting another, and cancels on request', async () => {
      const fake = fakeConnection({
        'logins.start': (req) => ok({ ...waiting, id: `l-${(req as { kind: string }).kind}` }),
        'logins.cancel': (req) =>
          ok({ ...waiting, id: (req as { id: string }).id, state: { status: 'cancelled' } }),
      });
      const store = createProvidersStore(fake.connection);
      await store.getState().startLogin('cc');
      await store.getState().startLogin('kmc', 'kmc-1');
      expect(fake.calls).toEqual([
        ['logins.start', { kind: 'cc' }],
        ['logins.cancel', { id: 'l-cc' }],
        ['logins.start', { kind: 'kmc', accountId: 'kmc-1' }],
      ]);
      await store.getState().cancelLogin();
      expect(store.getState().login).toMatchObject({ id: 'l-kmc', state: { status: 'cancelled' } });
      // A finished login is not cancelled again.
      await store.getState().cancelLogin();
      expect(fake.calls.filter(([method]) => method === 'logins.cancel')).toHaveLength(2);
    });

    it('keeps a refused start in loginError', async () => {
      const fake = fakeConnection({
        'logins.start': () => refused('No subscription login for "nope".'),
      });
      const store = createProvidersStore(fake.connection);
      expect(await store.getState().startLogin('nope')).toBe(false);
      expect(store.getState()).toMatchObject({
        login: undefined,
        loginError: 'No subscription login for "nope".',
      });
    });
  });
});
