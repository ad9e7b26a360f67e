import { afterEach, describe, expect, it } from 'vitest';
import {
  AWS_PATHS,
  createFakeClock,
  GITHUB_PATHS,
  RFC8628_PATHS,
  startFakeDeviceServer,
  type FakeDeviceServer,
} from './index.js';

let server: FakeDeviceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function post(url: string, body: Record<string, unknown>, form = false) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: form
      ? new URLSearchParams(body as Record<string, string>).toString()
      : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('fake device servers', () => {
  it('github: answers polls with 200 and an error field, in script order', async () => {
    server = await startFakeDeviceServer({ dialect: 'github', polls: ['slow_down', 'success'] });
    const code = await post(server.url + GITHUB_PATHS.deviceCode, { client_id: 'c' }, true);
    const poll = (): ReturnType<typeof post> =>
      post(server!.url + GITHUB_PATHS.accessToken, { device_code: code.body['device_code'] }, true);
    expect((await poll()).body).toMatchObject({ error: 'slow_down', interval: 10 });
    const granted = await poll();
    expect(granted.status).toBe(200);
    expect(granted.body['access_token']).toBe(server.issued.accessTokens[0]);
    expect((await poll()).body['error']).toBe('authorization_pending');

    const exchange = await fetch(server.url + GITHUB_PATHS.copilotToken, {
      headers: { authorization: `token ${String(granted.body['access_token'])}` },
    });
    expect(exchange.status).toBe(200);
    const anonymous = await fetch(server.url + GITHUB_PATHS.user);
    expect(anonymous.status).toBe(401);
  });

  it('aws: needs a registered client and names errors in x-amzn-errortype', async () => {
    server = await startFakeDeviceServer({ dialect: 'aws', polls: ['denied'] });
    const unregistered = await post(server.url + AWS_PATHS.deviceAuthorization, {
      clientId: 'nobody',
      clientSecret: 'x',
      startUrl: 'https://start',
    });
    expect(unregistered.status).toBe(401);
    const client = await post(server.url + AWS_PATHS.register, {
      clientName: 't',
      clientType: 'public',
      scopes: ['s'],
    });
    const auth = await post(server.url + AWS_PATHS.deviceAuthorization, {
      ...client.body,
      startUrl: 'https://start',
    });
    const denied = await post(server.url + AWS_PATHS.token, {
      clientId: client.body['clientId'],
      clientSecret: client.body['clientSecret'],
      grantType: 'urn:ietf:params:oauth:grant-type:device_code',
      deviceCode: auth.body['deviceCode'],
    });
    expect(denied.status).toBe(400);
    expect(denied.headers.get('x-amzn-errortype')).toMatch(/^AccessDeniedException:/);
  });

  it('rfc8628: refuses unknown refresh tokens and plays the renewal script', async () => {
    server = await startFakeDeviceServer({
      dialect: 'rfc8628',
      polls: ['success'],
      renewals: ['refused'],
    });
    const code = await post(
      server.url + RFC8628_PATHS.deviceAuthorization,
      { client_id: 'c' },
      true,
    );
    const granted = await post(
      server.url + RFC8628_PATHS.token,
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        device_code: code.body['device_code'],
      },
      true,
    );
    const refresh = (token: unknown) =>
      post(
        server!.url + RFC8628_PATHS.token,
        { grant_type: 'refresh_token', refresh_token: String(token) },
        true,
      );
    expect((await refresh('unknown')).body['error']).toBe('invalid_grant');
    expect((await refresh(granted.body['refresh_token'])).body['error']).toBe('invalid_grant');
    expect((await refresh(granted.body['refresh_token'])).status).toBe(200);
  });

  it('fake clock: sleeping advances time and is recorded', async () => {
    const clock = createFakeClock(100);
    await clock.sleep(5000, new AbortController().signal);
    expect(clock.now()).toBe(5100);
    expect(clock.sleeps).toEqual([5000]);
  });
});
