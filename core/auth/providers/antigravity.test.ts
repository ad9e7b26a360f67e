// Antigravity login (Google installed-app flow on the fixed port 51121 + loadCodeAssist) and refresh.
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
import { ANTIGRAVITY_OAUTH, createRefresher, login } from './antigravity.js';

// The public installed-app client is what a login uses unless told otherwise.
const client = {
  clientId: ANTIGRAVITY_OAUTH.clientId,
  clientSecret: ANTIGRAVITY_OAUTH.clientSecret,
};

function occupy(host: string): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ port: ANTIGRAVITY_OAUTH.redirectPort, host, exclusive: true }, () =>
      resolve(server),
    );
  });
}
function release(server: Server | undefined): Promise<void> {
  return new Promise((resolve) =>
    server === undefined ? resolve() : server.close(() => resolve()),
  );
}

// Port 51121 is fixed by the client's registration; a sandbox that forbids it cannot run these.
const probe = await occupy('127.0.0.1');
const canBind = probe !== undefined;
await release(probe);
if (!canBind) console.warn('antigravity.test.ts: 127.0.0.1:51121 cannot be bound; skipping.');

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

describe.skipIf(!canBind)('antigravity provider on localhost:51121', () => {
  it('logs in offline with consent and stores the Cloud Code project', async () => {
    const tokens = await signIn();
    const authorize = fake.authorizeRequests[0];
    expect(authorize?.get('access_type')).toBe('offline');
    expect(authorize?.get('prompt')).toBe('consent');
    expect(authorize?.get('redirect_uri')).toBe('http://localhost:51121/oauth-callback');
    expect(authorize?.get('client_id')).toBe(ANTIGRAVITY_OAUTH.clientId);
    expect(authorize?.get('scope')?.split(' ')).toContain('https://www.googleapis.com/auth/cclog');
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

  it('reports port_in_use naming 51121 and Antigravity when the port is taken', async () => {
    const holder = await occupy('127.0.0.1');
    try {
      const final = await start().done;
      expect(final).toMatchObject({ status: 'failure', error: { code: 'port_in_use' } });
      const message = final.status === 'failure' ? final.error.message : '';
      expect(message).toContain('51121');
      expect(message).toContain('Antigravity');
    } finally {
      await release(holder);
    }
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
