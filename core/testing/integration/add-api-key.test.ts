/**
 * `accounts.addApiKey` on a running server: the key is checked with the
 * upstream (through the server's own dispatcher) before anything is saved.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountView } from '../../shared/contract.js';
import { KeyFileSecretStore, SECRETS_FILE } from '../../storage/secret-store.js';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { startFleet, type Fleet } from '../fleet.js';
import { RedirectDispatcher } from '../redirect-dispatcher.js';

const RIGHT = 'sk-ant-right-0123456789';
const WRONG = 'sk-ant-wrong-9876543210';

let fleet: Fleet;
let upstream: FakeUpstream;
let dispatcher: RedirectDispatcher;

afterEach(async () => {
  await fleet.close();
  await upstream.close();
  await dispatcher.close();
});

/** A server with one account, whose dispatcher sends api.anthropic.com to a fake. */
async function start(): Promise<void> {
  upstream = await startFakeUpstream({ format: 'anthropic', apiKey: RIGHT });
  dispatcher = new RedirectDispatcher(new URL(upstream.baseUrl).origin, [
    'https://api.anthropic.com',
  ]);
  fleet = await startFleet([{ id: 'first', prefix: 'first', format: 'openai-chat' }], undefined, {
    dispatcher,
  });
}

async function api<T>(
  method: string,
  body: unknown,
): Promise<{ status: number; ok: boolean; value?: T; error?: { code: string; message: string } }> {
  const token = new URL(await fleet.server.dashboardLink()).hash.replace('#token=', '');
  const response = await fetch(`${fleet.url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as { ok: boolean }) };
}

/** What is on disk: the settings file and the encrypted secrets, byte for byte. */
async function stored(): Promise<string[]> {
  return Promise.all(
    ['settings.json', SECRETS_FILE].map((name) => readFile(path.join(fleet.dataDir, name), 'utf8')),
  );
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('accounts.addApiKey on a running server', () => {
  it('refuses a key the provider refuses, saving nothing, then saves the right one', async () => {
    await start();
    const before = await stored();

    const refused = await api('accounts.addApiKey', { kind: 'anthropic', apiKey: WRONG });
    expect(refused).toMatchObject({
      status: 400,
      ok: false,
      error: {
        code: 'invalid_request',
        message: 'The provider refused this key: invalid x-api-key. Nothing was saved.',
      },
    });
    expect(await stored()).toEqual(before);
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /v1/models',
    ]);
    expect(dispatcher.seen).toEqual(['https://api.anthropic.com']);

    const added = await api<AccountView[]>('accounts.addApiKey', {
      kind: 'anthropic',
      apiKey: RIGHT,
    });
    expect(added).toMatchObject({ status: 200, ok: true });
    expect(added.value?.map((account) => account.id)).toEqual(['first', 'anthropic']);
    expect(JSON.stringify(added)).not.toContain(RIGHT);
    const secrets = await KeyFileSecretStore.open(fleet.dataDir);
    expect(await secrets.get('provider:anthropic')).toBe(RIGHT);
    expect((await stored()).join('\n')).not.toContain(RIGHT);

    // The new account serves requests with the key it was given.
    const reply = await fetch(`${fleet.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'anthropic-version': '2023-06-01',
        'x-api-key': fleet.routerKey,
      },
      body: JSON.stringify({
        model: 'anthropic/claude-sonnet-4-5',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'ping' }],
      }),
    });
    expect(reply.status).toBe(200);
    expect(upstream.requests.at(-1)?.headers['x-api-key']).toBe(RIGHT);
  });

  it('stops when the provider cannot be reached, and saves unchecked only when asked', async () => {
    await start();
    const before = await stored();
    const draft = {
      kind: 'openai',
      id: 'far',
      baseUrl: `http://127.0.0.1:${await closedPort()}/v1`,
      apiKey: 'sk-far-0123456789',
    };

    const stopped = await api('accounts.addApiKey', draft);
    expect(stopped).toMatchObject({ status: 503, ok: false, error: { code: 'unavailable' } });
    expect(stopped.error?.message).toMatch(/^The provider could not be reached to check this key/);
    expect(await stored()).toEqual(before);

    const saved = await api<AccountView[]>('accounts.addApiKey', {
      ...draft,
      saveUnchecked: true,
    });
    expect(saved).toMatchObject({ ok: true });
    expect(saved.value?.map((account) => account.id)).toContain('far');
    expect(fleet.logs.join('\n')).toMatch(/The key of account "far" was saved unchecked/);
    expect(fleet.logs.join('\n')).not.toContain(draft.apiKey);
  });
});
