// The fake authorization server refuses what a real one refuses.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { challengeFor } from '../../auth/pkce.js';
import { startFakeOAuth, type FakeOAuth } from './server.js';

let fake: FakeOAuth;
beforeEach(async () => {
  fake = await startFakeOAuth({ clientId: 'cid', tokenEncoding: 'form' });
});
afterEach(async () => {
  await fake.close();
});

const verifier = 'v'.repeat(43);
const redirectUri = 'http://127.0.0.1:9/callback';

function authorizeUrl(overrides: Record<string, string> = {}): string {
  const url = new URL(fake.authorizeUrl);
  const params = {
    response_type: 'code',
    client_id: 'cid',
    redirect_uri: redirectUri,
    code_challenge: challengeFor(verifier),
    code_challenge_method: 'S256',
    state: 's1',
    ...overrides,
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

async function code(): Promise<string> {
  const reply = await fetch(authorizeUrl(), { redirect: 'manual' });
  const location = new URL(reply.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe('s1');
  return location.searchParams.get('code') ?? '';
}

function exchange(fields: Record<string, string>, json = false) {
  return fetch(fake.tokenUrl, {
    method: 'POST',
    headers: {
      'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
    },
    body: json ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
  });
}

const grant = (value: string) => ({
  grant_type: 'authorization_code',
  code: value,
  client_id: 'cid',
  redirect_uri: redirectUri,
  code_verifier: verifier,
});

describe('fake OAuth server', () => {
  it('rejects an authorize request without S256 or for another client', async () => {
    const plain = await fetch(authorizeUrl({ code_challenge_method: 'plain' }), {
      redirect: 'manual',
    });
    expect(plain.status).toBe(400);
    const other = await fetch(authorizeUrl({ client_id: 'other' }), { redirect: 'manual' });
    expect(other.status).toBe(400);
  });

  it('issues tokens once per code and checks redirect_uri and encoding', async () => {
    const wrongRedirect = await exchange({ ...grant(await code()), redirect_uri: 'http://x/' });
    expect(await wrongRedirect.json()).toMatchObject({ error: 'invalid_grant' });

    const first = await code();
    expect((await exchange(grant(first), true)).status).toBe(400);
    const ok = await exchange(grant(first));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const again = await exchange(grant(first));
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('rejects a wrong client id at the token endpoint', async () => {
    const reply = await exchange({ ...grant(await code()), client_id: 'other' });
    expect(reply.status).toBe(401);
  });
});
