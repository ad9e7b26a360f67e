// The generic browser login, end to end over real sockets against the fake authorization server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  browserUrl,
  playBrowser,
  startFakeOAuth,
  type FakeOAuth,
} from '../testing/fake-oauth/index.js';
import { createBrowserLogin, type BrowserLoginConfig } from './browser-flow.js';
import { tokensFromResponse } from './token-endpoint.js';
import type { LoginState } from './types.js';

let fake: FakeOAuth;
beforeEach(async () => {
  fake = await startFakeOAuth({ clientId: 'test-client', tokenEncoding: 'json' });
});
afterEach(async () => {
  await fake.close();
});

function config(overrides: Partial<BrowserLoginConfig> = {}): BrowserLoginConfig {
  return {
    providerName: 'Test',
    clientId: 'test-client',
    authorizeUrl: fake.authorizeUrl,
    tokenUrl: fake.tokenUrl,
    scopes: ['a', 'b'],
    redirect: { host: '127.0.0.1', port: 0, path: '/callback' },
    tokenEncoding: 'json',
    finish: (body, { now }) => {
      const tokens = tokensFromResponse(body, now());
      if (tokens === undefined) throw new Error('no tokens');
      return Promise.resolve({ tokens, account: { label: 'someone' } });
    },
    ...overrides,
  };
}

async function refusesConnections(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return false;
  } catch {
    return true;
  }
}

describe('createBrowserLogin', () => {
  it('walks starting → waiting → success and closes the listener', async () => {
    const seen: LoginState['status'][] = [];
    const opened: string[] = [];
    const flow = createBrowserLogin(config(), {
      openUrl: (url) => opened.push(url),
      now: () => 1000,
    });
    expect(flow.state.status).toBe('starting');
    flow.onChange((state) => seen.push(state.status));
    const url = await browserUrl(flow);
    expect(opened).toEqual([url]);
    const authorize = new URL(url).searchParams;
    expect(authorize.get('code_challenge_method')).toBe('S256');
    expect(authorize.get('scope')).toBe('a b');
    expect(authorize.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);

    const page = await playBrowser(url);
    expect(page.status).toBe(200);
    expect(page.html).toContain('received your Test sign-in');
    expect(page.html).not.toMatch(/<(script|link|img)\b/);
    const final = await flow.done;
    expect(final).toMatchObject({
      status: 'success',
      tokens: { accessToken: expect.stringMatching(/^at-/), expiresAt: 1000 + 3600_000 },
      account: { label: 'someone' },
    });
    expect(seen).toEqual(['waiting', 'success']);
    expect(fake.tokenRequests[0]?.fields).toMatchObject({
      grant_type: 'authorization_code',
      client_id: 'test-client',
      redirect_uri: authorize.get('redirect_uri'),
    });
    expect(await refusesConnections(page.redirectedTo ?? '')).toBe(true);
  });

  it('fails with token_exchange_failed when the PKCE verifier does not match', async () => {
    const flow = createBrowserLogin(
      config({ extraTokenFields: () => ({ code_verifier: 'x'.repeat(43) }) }),
    );
    await playBrowser(await browserUrl(flow));
    const final = await flow.done;
    expect(final).toMatchObject({ status: 'failure', error: { code: 'token_exchange_failed' } });
    expect(final.status === 'failure' && final.error.message).toMatch(/PKCE verification failed/);
  });

  it('refuses a callback whose state does not match, and says so on the page', async () => {
    fake.decide('wrong_state');
    const flow = createBrowserLogin(config());
    const page = await playBrowser(await browserUrl(flow));
    expect(page.status).toBe(400);
    expect(page.html).toContain('state mismatch');
    expect(await flow.done).toMatchObject({ status: 'failure', error: { code: 'state_mismatch' } });
    expect(fake.tokenRequests).toHaveLength(0);
  });

  it('reports access_denied when the user declines', async () => {
    fake.decide('deny');
    const flow = createBrowserLogin(config());
    const page = await playBrowser(await browserUrl(flow));
    expect(page.html).toContain('Access was denied');
    expect(await flow.done).toMatchObject({ status: 'failure', error: { code: 'access_denied' } });
  });

  it('answers 404 for other paths and keeps waiting', async () => {
    const flow = createBrowserLogin(config());
    const url = await browserUrl(flow);
    const redirect = new URL(new URL(url).searchParams.get('redirect_uri') ?? '');
    const stray = await fetch(`${redirect.origin}/favicon.ico`);
    expect(stray.status).toBe(404);
    expect(flow.state.status).toBe('waiting');
    flow.cancel();
    await flow.done;
  });

  it('cancels while waiting and stops listening', async () => {
    const flow = createBrowserLogin(config());
    const url = await browserUrl(flow);
    flow.cancel();
    expect(await flow.done).toEqual({ status: 'cancelled' });
    flow.cancel();
    expect(flow.state).toEqual({ status: 'cancelled' });
    const redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
    expect(await refusesConnections(redirect)).toBe(true);
  });

  it('times out after the injected timeout', async () => {
    const flow = createBrowserLogin(config(), { timeoutMs: 50 });
    const url = await browserUrl(flow);
    expect(await flow.done).toEqual({ status: 'timed_out' });
    const redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
    expect(await refusesConnections(redirect)).toBe(true);
  });

  it('reports a token endpoint server error as network (worth retrying)', async () => {
    fake.failNextToken(503);
    const flow = createBrowserLogin(config());
    await playBrowser(await browserUrl(flow));
    expect(await flow.done).toMatchObject({ status: 'failure', error: { code: 'network' } });
  });

  it('cancels during the code exchange without a late success', async () => {
    const flow = createBrowserLogin(config(), { tokenUrl: `${fake.origin}/hang` });
    await playBrowser(await browserUrl(flow));
    await fake.waitForHangingRequest();
    flow.cancel();
    expect(await flow.done).toEqual({ status: 'cancelled' });
  });

  it('reports an unreachable token endpoint as network', async () => {
    const flow = createBrowserLogin(config(), { tokenUrl: 'http://127.0.0.1:1/token' });
    await playBrowser(await browserUrl(flow));
    expect(await flow.done).toMatchObject({ status: 'failure', error: { code: 'network' } });
  });
});
