import { afterEach, describe, expect, it } from 'vitest';
import {
  AWS_PATHS,
  createFakeClock,
  startFakeDeviceServer,
  type FakeDeviceServer,
  type FakeDeviceServerOptions,
} from '../../testing/fake-oauth-device/index.js';
import { RefreshError, type LoginState } from '../types.js';
import { awsErrorName, createKiroRefresher, KIRO_EXTRA_KEYS, KIRO_SCOPES, login } from './kiro.js';

let server: FakeDeviceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Omit<FakeDeviceServerOptions, 'dialect'>) {
  server = await startFakeDeviceServer({ dialect: 'aws', ...options });
  return server;
}

describe('Kiro login (AWS Builder ID)', () => {
  it('registers a client, polls through pending and slow_down, and keeps the client', async () => {
    const fake = await start({ polls: ['pending', 'slow_down', 'success'], interval: 5 });
    const clock = createFakeClock(0);
    const flow = login({ oidcBaseUrl: fake.url, startUrl: 'https://start.example', ...clock });
    const waiting = new Promise<LoginState>((resolve) => flow.onChange(resolve));
    expect(await waiting).toEqual({
      status: 'waiting',
      kind: 'device',
      verificationUri: `${fake.url}/start/device?user_code=KIRO-CODE`,
      userCode: 'KIRO-CODE',
      expiresAt: 600_000,
    });

    const final = await flow.done;

    expect(final.status).toBe('success');
    if (final.status !== 'success') return;
    const client = fake.issued.clients[0];
    expect(final.tokens.accessToken).toBe(fake.issued.accessTokens[0]);
    expect(final.tokens.refreshToken).toBe(fake.issued.refreshTokens[0]);
    expect(final.tokens.expiresAt).toBe(5000 + 5000 + 10_000 + 3600_000);
    expect(final.tokens.extra).toMatchObject({
      [KIRO_EXTRA_KEYS.clientId]: client?.clientId,
      [KIRO_EXTRA_KEYS.clientSecret]: client?.clientSecret,
      [KIRO_EXTRA_KEYS.region]: 'us-east-1',
    });
    expect(final.tokens.extra?.[KIRO_EXTRA_KEYS.clientSecretExpiresAt]).toMatch(/^\d+$/);
    expect(clock.sleeps).toEqual([5000, 5000, 10_000]);
    expect(fake.requestsTo(AWS_PATHS.register)[0]?.body).toEqual({
      clientName: 'Switchyard',
      clientType: 'public',
      scopes: KIRO_SCOPES,
    });
    expect(fake.requestsTo(AWS_PATHS.deviceAuthorization)[0]?.body).toMatchObject({
      startUrl: 'https://start.example',
    });
    expect(fake.requestsTo(AWS_PATHS.token)[0]?.body).toMatchObject({
      grantType: 'urn:ietf:params:oauth:grant-type:device_code',
    });
  });

  it('maps ExpiredTokenException and AccessDeniedException', async () => {
    const expired = await start({ polls: ['expired'] });
    const first = await login({ oidcBaseUrl: expired.url, ...createFakeClock() }).done;
    expect(first).toMatchObject({ status: 'failure', error: { code: 'expired' } });
    await expired.close();

    const denied = await start({ polls: ['pending', 'denied'] });
    const second = await login({ oidcBaseUrl: denied.url, ...createFakeClock() }).done;
    expect(second).toMatchObject({ status: 'failure', error: { code: 'access_denied' } });
  });

  it('refreshes with the refresh_token grant and the registered client', async () => {
    const fake = await start({ polls: ['success'] });
    const final = await login({ oidcBaseUrl: fake.url, ...createFakeClock() }).done;
    if (final.status !== 'success') throw new Error(final.status);
    const refresh = createKiroRefresher({ oidcBaseUrl: fake.url });

    const renewed = await refresh(final.tokens);

    expect(renewed.accessToken).toBe(fake.issued.accessTokens[1]);
    expect(renewed.refreshToken).toBe(fake.issued.refreshTokens[1]);
    expect(renewed.extra).toEqual(final.tokens.extra);
    const body = fake.requestsTo(AWS_PATHS.token).at(-1)?.body;
    expect(body).toEqual({
      clientId: final.tokens.extra?.[KIRO_EXTRA_KEYS.clientId],
      clientSecret: final.tokens.extra?.[KIRO_EXTRA_KEYS.clientSecret],
      grantType: 'refresh_token',
      refreshToken: final.tokens.refreshToken,
    });
  });

  it('turns an invalid_grant into RefreshError refused and a 5xx into network', async () => {
    const fake = await start({ polls: ['success'], renewals: ['refused', 'server_error'] });
    const final = await login({ oidcBaseUrl: fake.url, ...createFakeClock() }).done;
    if (final.status !== 'success') throw new Error(final.status);
    const refresh = createKiroRefresher({ oidcBaseUrl: fake.url });

    const refused = await refresh(final.tokens).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefreshError);
    expect((refused as RefreshError).failure.kind).toBe('refused');
    const outage = await refresh(final.tokens).catch((e: unknown) => e);
    expect((outage as RefreshError).failure.kind).toBe('network');
  });

  it('refuses a refresh when the registered client is missing', async () => {
    const refresh = createKiroRefresher({ oidcBaseUrl: 'http://127.0.0.1:9' });
    const error = await refresh({ accessToken: 'a', refreshToken: 'r' }).catch((e: unknown) => e);
    expect((error as RefreshError).failure.kind).toBe('refused');
  });

  it('reads the exception name from the header, __type or the OAuth error code', () => {
    const reply = (headers: Record<string, string>, body: unknown) => ({
      status: 400,
      headers,
      body,
    });
    expect(awsErrorName(reply({ 'x-amzn-errortype': 'SlowDownException:http://x/' }, {}))).toBe(
      'SlowDownException',
    );
    expect(awsErrorName(reply({}, { __type: 'com.amazonaws.sso#ExpiredTokenException' }))).toBe(
      'ExpiredTokenException',
    );
    expect(awsErrorName(reply({}, { error: 'authorization_pending' }))).toBe(
      'AuthorizationPendingException',
    );
    expect(awsErrorName(reply({}, undefined))).toBeUndefined();
  });
});
