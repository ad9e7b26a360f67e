// Antigravity login (Google installed-app flow + loadCodeAssist) and refresh.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  browserUrl,
  fakeJwt,
  playBrowser,
  startFakeOAuth,
  type FakeOAuth,
} from '../../testing/fake-oauth/index.js';
import type { OAuthTokens } from '../types.js';
import { createRefresher, login, refresh as defaultRefresh } from './antigravity.js';

const client = { clientId: 'test-google-client', clientSecret: 'test-google-secret' };

let fake: FakeOAuth;
beforeEach(async () => {
  fake = await startFakeOAuth({
    ...client,
    tokenEncoding: 'form',
    rotateRefreshTokens: false,
    tokenResponseExtras: () => ({ id_token: fakeJwt({ email: 'lin@example.com' }) }),
  });
});
afterEach(async () => {
  await fake.close();
});

function start() {
  return login({
    client,
    authorizeUrl: fake.authorizeUrl,
    tokenUrl: fake.tokenUrl,
    loadCodeAssistUrl: fake.loadCodeAssistUrl,
  });
}

async function signIn(): Promise<OAuthTokens> {
  const flow = start();
  await playBrowser(await browserUrl(flow));
  const final = await flow.done;
  if (final.status !== 'success') throw new Error(`login ended ${JSON.stringify(final)}`);
  expect(final.account).toEqual({ label: 'lin@example.com', plan: 'free-tier' });
  return final.tokens;
}

describe('antigravity provider', () => {
  it('logs in offline with consent and stores the Cloud Code project', async () => {
    const tokens = await signIn();
    const authorize = fake.authorizeRequests[0];
    expect(authorize?.get('access_type')).toBe('offline');
    expect(authorize?.get('prompt')).toBe('consent');
    expect(authorize?.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(tokens.extra).toEqual({ project: 'fake-project-1' });
    expect(fake.tokenRequests[0]).toMatchObject({
      contentType: 'application/x-www-form-urlencoded',
      fields: { client_secret: client.clientSecret },
    });
  });

  it('fails clearly when the account has no Cloud Code project', async () => {
    fake.setProject(undefined);
    const flow = start();
    await playBrowser(await browserUrl(flow));
    const final = await flow.done;
    expect(final).toMatchObject({ status: 'failure', error: { code: 'invalid_response' } });
  });

  it('refuses to start or refresh without a configured OAuth client', async () => {
    expect(() => login()).toThrow(/not configured/);
    await expect(defaultRefresh({ accessToken: 'a', refreshToken: 'r' })).rejects.toThrow(
      /not configured/,
    );
  });

  it('keeps the refresh token Google does not rotate, and the project', async () => {
    const tokens = await signIn();
    const next = await createRefresher({ client, tokenUrl: fake.tokenUrl })(tokens);
    expect(next.accessToken).not.toBe(tokens.accessToken);
    expect(next.refreshToken).toBe(tokens.refreshToken);
    expect(next.extra).toEqual({ project: 'fake-project-1' });
  });

  it('maps refusal and server errors', async () => {
    const tokens = await signIn();
    const refresh = createRefresher({ client, tokenUrl: fake.tokenUrl });
    fake.refuseNextRefresh(400);
    await expect(refresh(tokens)).rejects.toMatchObject({ failure: { kind: 'refused' } });
    fake.failNextToken(500);
    await expect(refresh(tokens)).rejects.toMatchObject({ failure: { kind: 'network' } });
    await expect(
      createRefresher({ client: { ...client, clientSecret: 'wrong' }, tokenUrl: fake.tokenUrl })(
        tokens,
      ),
    ).rejects.toMatchObject({ failure: { kind: 'refused' } });
  });

  describe('when the server rotates', () => {
    beforeEach(async () => {
      await fake.close();
      fake = await startFakeOAuth({
        ...client,
        tokenEncoding: 'form',
        rotateRefreshTokens: true,
        tokenResponseExtras: () => ({ id_token: fakeJwt({ email: 'lin@example.com' }) }),
      });
    });
    it('takes the rotated refresh token and the old one is refused', async () => {
      const tokens = await signIn();
      const refresh = createRefresher({ client, tokenUrl: fake.tokenUrl });
      const next = await refresh(tokens);
      expect(next.refreshToken).not.toBe(tokens.refreshToken);
      await expect(refresh(tokens)).rejects.toMatchObject({ failure: { kind: 'refused' } });
    });
  });
});
