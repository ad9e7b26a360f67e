// Codex login on the fixed port 1455 (form token bodies, id_token claims) and refresh.
import { createServer, type Server } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  browserUrl,
  fakeJwt,
  playBrowser,
  startFakeOAuth,
  type FakeOAuth,
} from '../../testing/fake-oauth/index.js';
import type { OAuthTokens } from '../types.js';
import { CODEX_OAUTH, codexIdentity, createRefresher, login } from './codex.js';

function occupy(host: string): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ port: CODEX_OAUTH.redirectPort, host, exclusive: true }, () => resolve(server));
  });
}
function release(server: Server | undefined): Promise<void> {
  return new Promise((resolve) =>
    server === undefined ? resolve() : server.close(() => resolve()),
  );
}

// Port 1455 is fixed by OpenAI's client registration; a sandbox that forbids it cannot run these.
const probe = await occupy('127.0.0.1');
const canBind1455 = probe !== undefined;
await release(probe);
if (!canBind1455) {
  console.warn('codex.test.ts: 127.0.0.1:1455 cannot be bound here; skipping the port-1455 tests.');
}

const claims = (plan: string) => ({
  email: 'grace@example.com',
  'https://api.openai.com/auth': { chatgpt_account_id: 'acct-42', chatgpt_plan_type: plan },
});

let fake: FakeOAuth;
let plan = 'plus';
beforeEach(async () => {
  plan = 'plus';
  fake = await startFakeOAuth({
    clientId: CODEX_OAUTH.clientId,
    tokenEncoding: 'form',
    tokenResponseExtras: () => ({ id_token: fakeJwt(claims(plan)) }),
  });
});
afterEach(async () => {
  await fake.close();
});

async function signIn(): Promise<OAuthTokens> {
  const flow = login({ authorizeUrl: fake.authorizeUrl, tokenUrl: fake.tokenUrl });
  const url = await browserUrl(flow);
  const page = await playBrowser(url);
  expect(page.status).toBe(200);
  const final = await flow.done;
  if (final.status !== 'success') throw new Error(`login ended ${JSON.stringify(final)}`);
  expect(final.account).toEqual({ label: 'grace@example.com', plan: 'plus' });
  return final.tokens;
}

describe('codex id_token claims', () => {
  it('reads email, account id and plan from the OpenAI auth claim', () => {
    expect(codexIdentity(fakeJwt(claims('pro')))).toEqual({
      email: 'grace@example.com',
      chatgptAccountId: 'acct-42',
      chatgptPlanType: 'pro',
    });
  });

  it('yields nothing from a malformed token', () => {
    expect(codexIdentity('not-a-jwt')).toEqual({});
    expect(codexIdentity('a.###.c')).toEqual({});
  });
});

describe.skipIf(!canBind1455)('codex provider on localhost:1455', () => {
  it('sends the fixed redirect and extra params, and stores the account id', async () => {
    const tokens = await signIn();
    const authorize = fake.authorizeRequests[0];
    expect(authorize?.get('redirect_uri')).toBe('http://localhost:1455/auth/callback');
    expect(authorize?.get('id_token_add_organizations')).toBe('true');
    expect(authorize?.get('codex_cli_simplified_flow')).toBe('true');
    expect(authorize?.get('scope')).toBe('openid profile email offline_access');
    expect(tokens.extra).toEqual({ chatgpt_account_id: 'acct-42' });
    expect(tokens.idToken).toBeDefined();
    expect(fake.tokenRequests[0]?.contentType).toBe('application/x-www-form-urlencoded');
  });

  it('reports port_in_use naming 1455 and the Codex CLI when 127.0.0.1:1455 is taken', async () => {
    const holder = await occupy('127.0.0.1');
    try {
      const final = await login({ authorizeUrl: fake.authorizeUrl, tokenUrl: fake.tokenUrl }).done;
      expect(final).toMatchObject({ status: 'failure', error: { code: 'port_in_use' } });
      const message = final.status === 'failure' ? final.error.message : '';
      expect(message).toContain('1455');
      expect(message).toContain('Codex CLI');
    } finally {
      await release(holder);
    }
  });

  it('reports port_in_use when only [::1]:1455 (localhost over IPv6) is taken', async (context) => {
    const holder = await occupy('::1');
    if (holder === undefined) {
      context.skip('[::1]:1455 cannot be bound here (no IPv6 loopback)');
      return;
    }
    try {
      const final = await login({ authorizeUrl: fake.authorizeUrl, tokenUrl: fake.tokenUrl }).done;
      expect(final).toMatchObject({ status: 'failure', error: { code: 'port_in_use' } });
    } finally {
      await release(holder);
    }
  });

  it('refreshes with a form body, rotation and the new id_token', async () => {
    const tokens = await signIn();
    plan = 'pro';
    const refresh = createRefresher({ tokenUrl: fake.tokenUrl });
    const next = await refresh(tokens);
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect(next.extra).toEqual({ chatgpt_account_id: 'acct-42' });
    expect(next.idToken).not.toBe(tokens.idToken);
    expect(fake.tokenRequests.at(-1)).toMatchObject({
      contentType: 'application/x-www-form-urlencoded',
      fields: { grant_type: 'refresh_token', client_id: CODEX_OAUTH.clientId },
    });
    await expect(refresh(tokens)).rejects.toMatchObject({ failure: { kind: 'refused' } });
    fake.refuseNextRefresh(400);
    await expect(refresh(next)).rejects.toMatchObject({ failure: { kind: 'refused' } });
    fake.failNextToken(502);
    await expect(refresh(next)).rejects.toMatchObject({ failure: { kind: 'network' } });
  });
});
