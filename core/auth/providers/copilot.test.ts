import { afterEach, describe, expect, it } from 'vitest';
import {
  createFakeClock,
  FAKE_COPILOT_TOKEN_SECONDS,
  GITHUB_PATHS,
  startFakeDeviceServer,
  type FakeDeviceServer,
  type FakeDeviceServerOptions,
} from '../../testing/fake-oauth-device/index.js';
import { RefreshError, type OAuthTokens } from '../types.js';
import {
  COPILOT_API_ENDPOINT_KEY,
  COPILOT_CLIENT_ID,
  copilotTokenNeedsRenewal,
  createCopilotRefresher,
  login,
  type CopilotEndpoints,
} from './copilot.js';

let server: FakeDeviceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Omit<FakeDeviceServerOptions, 'dialect'>) {
  server = await startFakeDeviceServer({
    dialect: 'github',
    clientId: COPILOT_CLIENT_ID,
    ...options,
  });
  const endpoints: CopilotEndpoints = {
    deviceCode: server.url + GITHUB_PATHS.deviceCode,
    accessToken: server.url + GITHUB_PATHS.accessToken,
    copilotToken: server.url + GITHUB_PATHS.copilotToken,
    user: server.url + GITHUB_PATHS.user,
  };
  return { fake: server, endpoints };
}

async function loggedIn(endpoints: CopilotEndpoints): Promise<OAuthTokens> {
  const final = await login({ endpoints, ...createFakeClock() }).done;
  if (final.status !== 'success') throw new Error(`login ended ${final.status}`);
  return final.tokens;
}

describe('Copilot login', () => {
  it('polls GitHub, exchanges the token for a Copilot token and labels the account', async () => {
    const { fake, endpoints } = await start({ polls: ['pending', 'success'], githubLogin: 'mona' });
    const flow = login({ endpoints, ...createFakeClock() });
    const final = await flow.done;

    expect(final.status).toBe('success');
    if (final.status !== 'success') return;
    const githubToken = fake.issued.accessTokens[0];
    expect(final.tokens.accessToken).toBe(fake.issued.copilotTokens[0]);
    expect(final.tokens.refreshToken).toBe(githubToken);
    expect(final.tokens.extra?.[COPILOT_API_ENDPOINT_KEY]).toBe(`${fake.url}/copilot-api`);
    const expectedExpiry = Date.now() + FAKE_COPILOT_TOKEN_SECONDS * 1000;
    expect(Math.abs((final.tokens.expiresAt ?? 0) - expectedExpiry)).toBeLessThan(5_000);
    expect(final.account).toEqual({ label: 'mona', plan: 'copilot_for_individuals_subscriber' });

    const deviceRequest = fake.requestsTo(GITHUB_PATHS.deviceCode)[0];
    expect(deviceRequest?.body).toEqual({ client_id: COPILOT_CLIENT_ID, scope: 'read:user' });
    expect(deviceRequest?.headers.accept).toBe('application/json');
    const exchange = fake.requestsTo(GITHUB_PATHS.copilotToken)[0];
    expect(exchange?.headers.authorization).toBe(`token ${githubToken}`);
  });

  it('fails with token_exchange_failed when the account has no Copilot access', async () => {
    const { endpoints } = await start({ polls: ['success'], renewals: ['refused'] });
    const final = await login({ endpoints, ...createFakeClock() }).done;
    expect(final).toMatchObject({ status: 'failure', error: { code: 'token_exchange_failed' } });
  });

  it('renews the Copilot token from the stored GitHub token', async () => {
    const { fake, endpoints } = await start({ polls: ['success'] });
    const first = await loggedIn(endpoints);
    const refresh = createCopilotRefresher({ endpoints });

    const renewed = await refresh(first);

    expect(renewed.accessToken).toBe(fake.issued.copilotTokens[1]);
    expect(renewed.accessToken).not.toBe(first.accessToken);
    expect(renewed.refreshToken).toBe(first.refreshToken);
    expect(fake.requestsTo(GITHUB_PATHS.copilotToken)).toHaveLength(2);
  });

  it('refuses the refresh when GitHub answers 401', async () => {
    const { fake, endpoints } = await start({ polls: ['success'] });
    const tokens = await loggedIn(endpoints);
    fake.script.renewals.push('refused');
    const error = await createCopilotRefresher({ endpoints })(tokens).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefreshError);
    expect((error as RefreshError).failure.kind).toBe('refused');
  });

  it('reports a 5xx from the exchange as a network failure', async () => {
    const { fake, endpoints } = await start({ polls: ['success'] });
    const tokens = await loggedIn(endpoints);
    fake.script.renewals.push('server_error');
    const error = await createCopilotRefresher({ endpoints })(tokens).catch((e: unknown) => e);
    expect((error as RefreshError).failure.kind).toBe('network');
  });

  it('refuses a refresh without a stored GitHub token', async () => {
    const refresh = createCopilotRefresher({ endpoints: { copilotToken: 'http://127.0.0.1:9/' } });
    const error = await refresh({ accessToken: 'x' }).catch((e: unknown) => e);
    expect((error as RefreshError).failure.kind).toBe('refused');
  });

  it('asks for renewal when under five minutes remain', () => {
    const now = 1_000_000;
    expect(copilotTokenNeedsRenewal({ accessToken: 'x', expiresAt: now + 4 * 60_000 }, now)).toBe(
      true,
    );
    expect(copilotTokenNeedsRenewal({ accessToken: 'x', expiresAt: now + 6 * 60_000 }, now)).toBe(
      false,
    );
    expect(copilotTokenNeedsRenewal({ accessToken: 'x' }, now)).toBe(true);
  });
});
