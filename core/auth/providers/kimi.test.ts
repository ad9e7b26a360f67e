import { afterEach, describe, expect, it } from 'vitest';
import {
  createFakeClock,
  RFC8628_PATHS,
  startFakeDeviceServer,
  type FakeDeviceServer,
} from '../../testing/fake-oauth-device/index.js';
import { RefreshError } from '../types.js';
import {
  createKimiRefresher,
  KIMI_CLIENT_ID_KEY,
  KIMI_CODE_CLIENT_ID,
  login,
  type KimiEndpoints,
} from './kimi.js';

let server: FakeDeviceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const CLIENT_ID = 'kimi-test-client';

async function start(renewals: ('ok' | 'refused' | 'server_error')[] = []) {
  server = await startFakeDeviceServer({
    dialect: 'rfc8628',
    clientId: CLIENT_ID,
    polls: ['pending', 'success'],
    renewals,
  });
  const endpoints: KimiEndpoints = {
    deviceAuthorization: server.url + RFC8628_PATHS.deviceAuthorization,
    token: server.url + RFC8628_PATHS.token,
  };
  return { fake: server, endpoints };
}

describe('Kimi Coding login', () => {
  it('logs in through the device flow and refreshes with the stored client id', async () => {
    const { fake, endpoints } = await start();
    const final = await login({ endpoints, clientId: CLIENT_ID, ...createFakeClock() }).done;
    expect(final.status).toBe('success');
    if (final.status !== 'success') return;
    expect(final.tokens.accessToken).toBe(fake.issued.accessTokens[0]);
    expect(final.tokens.extra?.[KIMI_CLIENT_ID_KEY]).toBe(CLIENT_ID);

    const renewed = await createKimiRefresher({ endpoints })(final.tokens);
    expect(renewed.accessToken).toBe(fake.issued.accessTokens[1]);
    expect(renewed.refreshToken).toBe(fake.issued.refreshTokens[1]);
    expect(fake.requestsTo(RFC8628_PATHS.token).at(-1)?.body).toEqual({
      grant_type: 'refresh_token',
      refresh_token: final.tokens.refreshToken,
      client_id: CLIENT_ID,
    });
  });

  it('maps a refused refresh to refused and an outage to network', async () => {
    const { endpoints } = await start(['refused', 'server_error']);
    const final = await login({ endpoints, clientId: CLIENT_ID, ...createFakeClock() }).done;
    if (final.status !== 'success') throw new Error(final.status);
    const refresh = createKimiRefresher({ endpoints });
    const refused = await refresh(final.tokens).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefreshError);
    expect((refused as RefreshError).failure.kind).toBe('refused');
    const outage = await refresh(final.tokens).catch((e: unknown) => e);
    expect((outage as RefreshError).failure.kind).toBe('network');
  });

  it('uses the public Kimi Code client id when none is given', async () => {
    server = await startFakeDeviceServer({
      dialect: 'rfc8628',
      clientId: KIMI_CODE_CLIENT_ID,
      polls: ['success'],
    });
    const endpoints: KimiEndpoints = {
      deviceAuthorization: server.url + RFC8628_PATHS.deviceAuthorization,
      token: server.url + RFC8628_PATHS.token,
    };
    const final = await login({ endpoints, ...createFakeClock() }).done;
    expect(final.status).toBe('success');
    if (final.status !== 'success') return;
    expect(final.tokens.extra?.[KIMI_CLIENT_ID_KEY]).toBe(KIMI_CODE_CLIENT_ID);
  });
});
