/**
 * `logins.*` over the real server's `/api`, with flows pointed at fake
 * authorization servers: a browser login and a device-code login save their
 * accounts, tokens stay in the secret store, a re-login renews an account
 * that needs login without a restart, and cancels and failures are reported.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSwitchyard, type RunningSwitchyard } from '../app.js';
import { abortableSleep } from '../auth/device-flow.js';
import type { LoginOptions } from '../auth/oauth-kinds.js';
import { CLAUDE_OAUTH, login as claudeLogin } from '../auth/providers/claude.js';
import { login as kimiLogin } from '../auth/providers/kimi.js';
import { tokenSecretName } from '../auth/token-keeper.js';
import type { LoginFlow, OAuthTokens } from '../auth/types.js';
import { loadRoutingState, saveRoutingState } from '../routing/state-file.js';
import type {
  AccountView,
  LoginView,
  ManagementEvent,
  ProviderKindView,
  Result,
} from '../shared/contract.js';
import { KeyFileSecretStore } from '../storage/secret-store.js';
import { playBrowser, startFakeOAuth, type FakeOAuth } from '../testing/fake-oauth/index.js';
import { RFC8628_PATHS, startFakeDeviceServer } from '../testing/fake-oauth-device/index.js';
import type { FakeDeviceServer } from '../testing/fake-oauth-device/index.js';

let dataDir: string;
let oauth: FakeOAuth;
let device: FakeDeviceServer;
let secrets: Awaited<ReturnType<typeof KeyFileSecretStore.open>>;
let server: RunningSwitchyard | undefined;
let token: string;
/** Every flow the server started, newest last. */
let flows: LoginFlow[];
/** Everything the management API pushed and answered, to look for leaked tokens. */
let seen: string[];
let events: ManagementEvent[];
let waiters: { match: (login: LoginView) => boolean; resolve: (login: LoginView) => void }[];

function startLogin(kind: string, options: LoginOptions): LoginFlow | undefined {
  let flow: LoginFlow | undefined;
  if (kind === 'cc') {
    flow = claudeLogin({ ...options, authorizeUrl: oauth.authorizeUrl, tokenUrl: oauth.tokenUrl });
  } else if (kind === 'kmc') {
    flow = kimiLogin({
      endpoints: {
        deviceAuthorization: device.url + RFC8628_PATHS.deviceAuthorization,
        token: device.url + RFC8628_PATHS.token,
      },
      // Polls come quickly, so the test's approval is seen at once.
      sleep: (_ms, signal) => abortableSleep(5, signal),
    });
  }
  if (flow !== undefined) flows.push(flow);
  return flow;
}

async function start(): Promise<void> {
  server = await startSwitchyard({ dataDir, port: 0, log: () => undefined, secrets, startLogin });
  token = new URL(await server.dashboardLink()).hash.replace('#token=', '');
  server.management.subscribe((event) => {
    events.push(event);
    seen.push(JSON.stringify(event));
    if (event.type !== 'login') return;
    for (const waiter of [...waiters]) {
      if (!waiter.match(event.login)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event.login);
    }
  });
}

async function api<T>(method: string, body: unknown = {}): Promise<Result<T>> {
  const response = await fetch(`${server?.url ?? ''}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  seen.push(text);
  return JSON.parse(text) as Result<T>;
}

async function value<T>(method: string, body: unknown = {}): Promise<T> {
  const result = await api<T>(method, body);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value;
}

/** The pushed state of login `id` with this status (already pushed, or the next one). */
function reaches(id: string, status: LoginView['state']['status']): Promise<LoginView> {
  const match = (login: LoginView): boolean => login.id === id && login.state.status === status;
  for (const event of events) {
    if (event.type === 'login' && match(event.login)) return Promise.resolve(event.login);
  }
  return new Promise((resolve) => waiters.push({ match, resolve }));
}

async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(full)));
    else found.push(full);
  }
  return found;
}

async function storedTokens(accountId: string): Promise<OAuthTokens> {
  return JSON.parse((await secrets.get(tokenSecretName(accountId))) ?? '{}') as OAuthTokens;
}

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'switchyard-logins-'));
  secrets = await KeyFileSecretStore.open(dataDir);
  oauth = await startFakeOAuth({
    clientId: CLAUDE_OAUTH.clientId,
    tokenEncoding: 'json',
    tokenResponseExtras: () => ({
      account: { uuid: 'acc-1', email_address: 'ada@example.com' },
      organization: { uuid: 'org-1', name: 'Ada Lab' },
    }),
  });
  device = await startFakeDeviceServer({ dialect: 'rfc8628' });
  flows = [];
  seen = [];
  events = [];
  waiters = [];
  await start();
});

afterEach(async () => {
  await server?.close();
  await oauth.close();
  await device.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Signs in to `cc` through the fake browser; resolves with the final view. */
async function browserLogin(body: { kind: string; accountId?: string }): Promise<LoginView> {
  const { id } = await value<LoginView>('logins.start', body);
  const waiting = (await reaches(id, 'waiting-browser')).state;
  const done = Promise.race([reaches(id, 'success'), reaches(id, 'failure')]);
  await playBrowser((waiting as { url: string }).url);
  return done;
}

describe('logins over /api', () => {
  it('tells the UI which kinds sign in and how', async () => {
    const kinds = await value<ProviderKindView[]>('providers.kinds');
    expect(kinds.find((kind) => kind.id === 'cc')).toMatchObject({
      signIn: true,
      signInMethod: 'browser',
    });
    expect(kinds.find((kind) => kind.id === 'kmc')?.signInMethod).toBe('device');
    expect(kinds.find((kind) => kind.id === 'deepseek')?.signInMethod).toBeUndefined();
  });

  it('signs in through the browser and keeps the tokens in the secret store only', async () => {
    const final = await browserLogin({ kind: 'cc' });
    expect(final.state).toEqual({
      status: 'success',
      accountId: 'cc-1',
      label: 'ada@example.com (Ada Lab)',
    });
    const accounts = await value<AccountView[]>('accounts.list');
    expect(accounts).toEqual([
      expect.objectContaining({
        id: 'cc-1',
        kind: 'cc',
        auth: 'oauth',
        label: 'ada@example.com (Ada Lab)',
        state: 'ok',
      }),
    ]);
    expect(await value<LoginView>('logins.get', { id: final.id })).toEqual(final);
    const tokens = await storedTokens('cc-1');
    expect(tokens.accessToken).toBeTruthy();
    const secretsFound = [tokens.accessToken, tokens.refreshToken ?? '\u0000'];
    for (const file of await filesUnder(dataDir)) {
      // The key file store keeps them encrypted; nothing else may hold them at all.
      const text = await readFile(file, 'utf8');
      for (const secret of secretsFound) expect(text, file).not.toContain(secret);
    }
    for (const text of seen) {
      for (const secret of secretsFound) expect(text).not.toContain(secret);
    }
    const steps = events.flatMap((event) =>
      event.type === 'login' && event.login.id === final.id ? [event.login.state.status] : [],
    );
    expect(steps).toEqual(['waiting-browser', 'success']);
  });

  it('renews an account that needs login, which routing uses again without a restart', async () => {
    await browserLogin({ kind: 'cc' });
    const before = await storedTokens('cc-1');
    await server?.close();
    // The account's refresh was refused before the restart: routing skips it until a login.
    const saved = await loadRoutingState(dataDir);
    await saveRoutingState(dataDir, {
      ...saved,
      extra: { ...saved.extra, needsLogin: { 'cc-1': { since: Date.now(), detail: 'refused' } } },
    });
    await start();
    const stale = await value<AccountView[]>('accounts.list');
    expect(stale[0]?.state).toBe('needs-login');

    const renewed = await browserLogin({ kind: 'cc', accountId: 'cc-1' });
    expect(renewed).toMatchObject({ accountId: 'cc-1', state: { accountId: 'cc-1' } });
    const accounts = await value<AccountView[]>('accounts.list');
    expect(accounts.map((account) => [account.id, account.state])).toEqual([['cc-1', 'ok']]);
    expect((await storedTokens('cc-1')).accessToken).not.toBe(before.accessToken);
  });

  it('signs in with a device code once the code is approved', async () => {
    const { id } = await value<LoginView>('logins.start', { kind: 'kmc' });
    const shown = (await reaches(id, 'waiting-device')).state;
    expect(shown).toMatchObject({ status: 'waiting-device', userCode: 'WDJB-MJHT' });
    expect((await value<LoginView>('logins.get', { id })).state).toEqual(shown);
    device.script.polls.push('success');
    expect((await reaches(id, 'success')).state).toMatchObject({
      accountId: 'kmc-1',
      label: 'Kimi account',
    });
    const accounts = await value<AccountView[]>('accounts.list');
    expect(accounts.map((account) => account.id)).toEqual(['kmc-1']);
    expect((await storedTokens('kmc-1')).accessToken).toBe(device.issued.accessTokens[0]);
  });

  it('cancels: on request, and an older login of the same kind when another starts', async () => {
    const first = await value<LoginView>('logins.start', { kind: 'kmc' });
    await reaches(first.id, 'waiting-device');
    const second = await value<LoginView>('logins.start', { kind: 'kmc' });
    expect((await reaches(first.id, 'cancelled')).state).toEqual({ status: 'cancelled' });
    expect(flows).toHaveLength(2);
    const cancelled = await value<LoginView>('logins.cancel', { id: second.id });
    expect(cancelled.state).toEqual({ status: 'cancelled' });
    expect((await flows[1]?.done)?.status).toBe('cancelled');
    // A later approval finds nobody polling: nothing is saved.
    device.script.polls.push('success');
    expect(await value<AccountView[]>('accounts.list')).toEqual([]);
  });

  it('reports a refused sign-in, and refuses unknown kinds, accounts and logins', async () => {
    oauth.decide('deny');
    const denied = await browserLogin({ kind: 'cc' });
    expect(denied.state).toMatchObject({ status: 'failure', code: 'access_denied' });
    expect(await value<AccountView[]>('accounts.list')).toEqual([]);

    expect(await api('logins.start', { kind: 'deepseek' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await api('logins.start', { kind: 'cc', accountId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await api('logins.get', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('cancels every login under way when the server closes', async () => {
    const { id } = await value<LoginView>('logins.start', { kind: 'kmc' });
    await reaches(id, 'waiting-device');
    await server?.close();
    server = undefined;
    expect((await flows[0]?.done)?.status).toBe('cancelled');
  });
});
