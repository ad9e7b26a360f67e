import { afterEach, describe, expect, it } from 'vitest';
import {
  createFakeClock,
  RFC8628_PATHS,
  startFakeDeviceServer,
  type FakeDeviceServer,
  type FakeDeviceServerOptions,
} from '../testing/fake-oauth-device/index.js';
import { createDeviceLogin, rfc8628Dialect, type DeviceLoginOptions } from './device-flow.js';
import type { LoginState } from './types.js';

let server: FakeDeviceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Omit<FakeDeviceServerOptions, 'dialect'>): Promise<FakeDeviceServer> {
  server = await startFakeDeviceServer({ dialect: 'rfc8628', clientId: 'test-client', ...options });
  return server;
}

function login(fake: FakeDeviceServer, options: DeviceLoginOptions) {
  return createDeviceLogin(
    {
      dialect: rfc8628Dialect({
        deviceAuthorizationUrl: fake.url + RFC8628_PATHS.deviceAuthorization,
        tokenUrl: fake.url + RFC8628_PATHS.token,
        clientId: 'test-client',
        scope: 'profile',
      }),
      complete: (tokens) => Promise.resolve({ tokens, account: { label: 'tester' } }),
    },
    options,
  );
}

const polls = (fake: FakeDeviceServer) => fake.requestsTo(RFC8628_PATHS.token).length;

describe('createDeviceLogin (RFC 8628)', () => {
  it('reports the code, keeps polling while pending, then succeeds', async () => {
    const fake = await start({ polls: ['pending', 'pending', 'success'], interval: 5 });
    const clock = createFakeClock(1_000_000);
    const flow = login(fake, clock);
    const seen: LoginState[] = [];
    flow.onChange((state) => seen.push(state));

    const final = await flow.done;

    expect(final.status).toBe('success');
    if (final.status !== 'success') return;
    expect(final.tokens.accessToken).toBe(fake.issued.accessTokens[0]);
    expect(final.tokens.refreshToken).toBe(fake.issued.refreshTokens[0]);
    expect(final.account.label).toBe('tester');
    expect(seen[0]).toEqual({
      status: 'waiting',
      kind: 'device',
      verificationUri: `${fake.url}/device?user_code=WDJB-MJHT`,
      userCode: 'WDJB-MJHT',
      expiresAt: 1_000_000 + 900_000,
    });
    expect(clock.sleeps).toEqual([5000, 5000, 5000]);
    expect(polls(fake)).toBe(3);
    const first = fake.requestsTo(RFC8628_PATHS.token)[0]?.body;
    expect(first).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: 'test-client',
    });
  });

  it('shows the plain verification URI when no complete URI is offered', async () => {
    const fake = await start({ polls: ['success'], withCompleteUri: false, expiresIn: 600 });
    const clock = createFakeClock(1000);
    const flow = login(fake, clock);
    const waiting = new Promise<LoginState>((resolve) => flow.onChange(resolve));
    expect(await waiting).toEqual({
      status: 'waiting',
      kind: 'device',
      verificationUri: `${fake.url}/device`,
      userCode: 'WDJB-MJHT',
      expiresAt: 1000 + 600_000,
    });
    await flow.done;
  });

  it('adds five seconds to the interval on each slow_down', async () => {
    const fake = await start({
      polls: ['slow_down', 'pending', 'slow_down', 'success'],
      interval: 5,
    });
    const clock = createFakeClock();
    const final = await login(fake, clock).done;
    expect(final.status).toBe('success');
    expect(clock.sleeps).toEqual([5000, 10_000, 10_000, 15_000]);
  });

  it('fails with expired when the server says the code expired', async () => {
    const fake = await start({ polls: ['pending', 'expired'] });
    const final = await login(fake, createFakeClock()).done;
    expect(final).toMatchObject({ status: 'failure', error: { code: 'expired' } });
  });

  it('fails with access_denied when the user refuses', async () => {
    const fake = await start({ polls: ['denied'] });
    const final = await login(fake, createFakeClock()).done;
    expect(final).toMatchObject({ status: 'failure', error: { code: 'access_denied' } });
  });

  it('times out once the code lifetime has passed without an answer', async () => {
    const fake = await start({ expiresIn: 30, interval: 5 });
    const final = await login(fake, createFakeClock()).done;
    expect(final).toEqual({ status: 'timed_out' });
    expect(polls(fake)).toBe(5);
  });

  it('stops polling at once when cancelled mid-poll', async () => {
    const fake = await start({ interval: 5 });
    const clock = createFakeClock();
    let releaseSleep: () => void = () => undefined;
    let sleeps = 0;
    const sleep = (ms: number, signal: AbortSignal): Promise<void> => {
      sleeps += 1;
      if (sleeps < 3) return clock.sleep(ms, signal);
      // The third wait parks until cancel aborts it.
      return new Promise((resolve) => {
        releaseSleep = resolve;
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    };
    const flow = login(fake, { now: clock.now, sleep });
    await waitFor(() => sleeps === 3);
    expect(polls(fake)).toBe(2);

    flow.cancel();
    expect(flow.state).toEqual({ status: 'cancelled' });
    releaseSleep();
    expect(await flow.done).toEqual({ status: 'cancelled' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(polls(fake)).toBe(2);
  });

  it('fails with network when the device endpoint cannot be reached', async () => {
    const fake = await start({});
    const url = fake.url;
    await fake.close();
    server = undefined;
    const flow = createDeviceLogin(
      {
        dialect: rfc8628Dialect({
          deviceAuthorizationUrl: url + RFC8628_PATHS.deviceAuthorization,
          tokenUrl: url + RFC8628_PATHS.token,
          clientId: 'test-client',
        }),
        complete: (tokens) => Promise.resolve({ tokens, account: { label: 'x' } }),
      },
      createFakeClock(),
    );
    expect(await flow.done).toMatchObject({ status: 'failure', error: { code: 'network' } });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(condition()).toBe(true);
}

describe('createDeviceLogin with a hand-written dialect', () => {
  const authorization = {
    deviceCode: 'd',
    userCode: 'U',
    verificationUri: 'https://verify',
    expiresInSeconds: 600,
    intervalSeconds: 5,
  };

  it('retries a transient poll failure, then gives up after repeated ones', async () => {
    const { OAuthTransportError } = await import('./oauth-http.js');
    let calls = 0;
    const flaky = (failures: number) =>
      createDeviceLogin(
        {
          dialect: {
            requestCode: () => Promise.resolve(authorization),
            pollToken: () => {
              calls += 1;
              if (calls <= failures) return Promise.reject(new OAuthTransportError('blip'));
              return Promise.resolve({ kind: 'authorized', tokens: { accessToken: 'a' } });
            },
          },
          complete: (tokens) => Promise.resolve({ tokens, account: { label: 'x' } }),
        },
        createFakeClock(),
      );
    expect((await flaky(2).done).status).toBe('success');
    calls = 0;
    expect(await flaky(10).done).toMatchObject({ status: 'failure', error: { code: 'network' } });
    expect(calls).toBe(4);
  });

  it('uses the interval GitHub names on slow_down when it exceeds the 5 s step', async () => {
    const outcomes = [{ kind: 'slow_down', intervalSeconds: 30 } as const];
    const clock = createFakeClock();
    const flow = createDeviceLogin(
      {
        dialect: {
          requestCode: () => Promise.resolve(authorization),
          pollToken: () =>
            Promise.resolve(
              outcomes.shift() ?? { kind: 'authorized', tokens: { accessToken: 'a' } },
            ),
        },
        complete: (tokens) => Promise.resolve({ tokens, account: { label: 'x' } }),
      },
      clock,
    );
    expect((await flow.done).status).toBe('success');
    expect(clock.sleeps).toEqual([5000, 30_000]);
  });

  it('aborts an in-flight poll on cancel and ignores its answer', async () => {
    let pollSignal: AbortSignal | undefined;
    const flow = createDeviceLogin(
      {
        dialect: {
          requestCode: () => Promise.resolve(authorization),
          pollToken: (_auth, io) => {
            pollSignal = io.signal;
            return new Promise((resolve) =>
              io.signal.addEventListener('abort', () =>
                resolve({ kind: 'authorized', tokens: { accessToken: 'late' } }),
              ),
            );
          },
        },
        complete: (tokens) => Promise.resolve({ tokens, account: { label: 'x' } }),
      },
      createFakeClock(),
    );
    await waitFor(() => pollSignal !== undefined);
    flow.cancel();
    expect(pollSignal?.aborted).toBe(true);
    expect(await flow.done).toEqual({ status: 'cancelled' });
  });
});
