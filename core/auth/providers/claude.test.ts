// Claude login and refresh against the fake authorization server (JSON token bodies).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  browserUrl,
  playBrowser,
  startFakeOAuth,
  type FakeOAuth,
} from '../../testing/fake-oauth/index.js';
import { RefreshError, type OAuthTokens } from '../types.js';
import { CLAUDE_OAUTH, claudeAccount, createRefresher, login } from './claude.js';

let fake: FakeOAuth;
beforeEach(async () => {
  fake = await startFakeOAuth({
    clientId: CLAUDE_OAUTH.clientId,
    tokenEncoding: 'json',
    tokenResponseExtras: () => ({
      account: { uuid: 'acc-1', email_address: 'ada@example.com' },
      organization: { uuid: 'org-1', name: 'Ada Lab' },
    }),
  });
});
afterEach(async () => {
  await fake.close();
});

async function signIn(): Promise<OAuthTokens> {
  const flow = login({ authorizeUrl: fake.authorizeUrl, tokenUrl: fake.tokenUrl });
  const url = await browserUrl(flow);
  const params = new URL(url).searchParams;
  expect(params.get('code')).toBe('true');
  expect(params.get('scope')).toBe('org:create_api_key user:profile user:inference');
  expect(params.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+\/callback$/);
  await playBrowser(url);
  const final = await flow.done;
  if (final.status !== 'success') throw new Error(`login ended ${JSON.stringify(final)}`);
  expect(final.account).toEqual({ label: 'ada@example.com (Ada Lab)' });
  return final.tokens;
}

describe('claude provider', () => {
  it('logs in with a JSON code exchange that echoes the state', async () => {
    const tokens = await signIn();
    expect(tokens.extra).toEqual({ account_uuid: 'acc-1', organization_uuid: 'org-1' });
    const exchange = fake.tokenRequests[0];
    expect(exchange?.contentType).toBe('application/json');
    expect(exchange?.fields.state).toBe(fake.authorizeRequests[0]?.get('state'));
    expect(exchange?.fields.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refreshes with rotation: the old refresh token stops working', async () => {
    const tokens = await signIn();
    const refresh = createRefresher({ tokenUrl: fake.tokenUrl, now: () => 5000 });
    const next = await refresh(tokens);
    expect(next.accessToken).not.toBe(tokens.accessToken);
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect(next.expiresAt).toBe(5000 + 3600_000);
    expect(next.extra).toEqual(tokens.extra);
    expect(fake.tokenRequests.at(-1)).toEqual({
      contentType: 'application/json',
      fields: {
        grant_type: 'refresh_token',
        refresh_token: tokens.refreshToken,
        client_id: CLAUDE_OAUTH.clientId,
      },
    });
    expect(fake.isRefreshTokenLive(tokens.refreshToken ?? '')).toBe(false);
    await expect(refresh(tokens)).rejects.toMatchObject({ failure: { kind: 'refused' } });
    expect((await refresh(next)).accessToken).toMatch(/^at-/);
  });

  it('maps a 401 refusal to refused and a 5xx to network', async () => {
    const tokens = await signIn();
    const refresh = createRefresher({ tokenUrl: fake.tokenUrl });
    fake.refuseNextRefresh(401);
    const refused = await refresh(tokens).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RefreshError);
    expect((refused as RefreshError).failure.kind).toBe('refused');
    fake.failNextToken(503);
    await expect(refresh(tokens)).rejects.toMatchObject({ failure: { kind: 'network' } });
    await expect(
      createRefresher({ tokenUrl: 'http://127.0.0.1:1/token' })(tokens),
    ).rejects.toMatchObject({ failure: { kind: 'network' } });
  });

  it('labels an account without organization info by email, or generically', () => {
    expect(claudeAccount({ account: { email_address: 'a@b.c' } }).account).toEqual({
      label: 'a@b.c',
    });
    expect(claudeAccount({}).account).toEqual({ label: 'Claude account' });
  });
});
