/**
 * The device-authorization grant (RFC 8628) as a state machine: ask for a
 * device code, show the user where to enter it, then poll the token endpoint
 * until the user approves, refuses, or the code expires.
 * https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 *
 * The wire dialect is pluggable: `rfc8628Dialect` speaks the standard one
 * (GitHub, Kimi); AWS SSO OIDC brings its own (see providers/kiro.ts).
 */
import type { Dispatcher } from 'undici';
import { createLoginFlowController, type LoginFlowController } from './flow-state.js';
import {
  defaultDispatcher,
  describeError,
  numberField,
  OAuthTransportError,
  sendOAuthRequest,
  stringField,
  throwIfTransient,
} from './oauth-http.js';
import type { LoginAccount, LoginError, LoginFlow, OAuthTokens } from './types.js';

export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628 §3.2: the interval to use when the server names none. */
const DEFAULT_INTERVAL_SECONDS = 5;
/** RFC 8628 §3.5: each `slow_down` adds five seconds to the polling interval. */
const SLOW_DOWN_STEP_MS = 5_000;
/** Network blips while the user is busy in the browser are retried this many times in a row. */
const MAX_CONSECUTIVE_TRANSPORT_ERRORS = 3;

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  /** The URI with the code already filled in; shown in preference when present. */
  verificationUriComplete?: string;
  expiresInSeconds: number;
  intervalSeconds: number;
  /** Facts the dialect needs while polling (AWS: the registered client). */
  context?: Record<string, string>;
}

export type PollOutcome =
  | { kind: 'pending' }
  /** `intervalSeconds` is the server's new interval when it names one (GitHub does). */
  | { kind: 'slow_down'; intervalSeconds?: number }
  | { kind: 'expired'; message: string }
  | { kind: 'denied'; message: string }
  | { kind: 'failed'; error: LoginError }
  | { kind: 'authorized'; tokens: OAuthTokens };

export interface DeviceIo {
  dispatcher: Dispatcher;
  signal: AbortSignal;
  now(): number;
}

/** How one provider spells the two device-flow calls. Throw `OAuthTransportError` for "retry". */
export interface DeviceDialect {
  requestCode(io: DeviceIo): Promise<DeviceAuthorization>;
  pollToken(authorization: DeviceAuthorization, io: DeviceIo): Promise<PollOutcome>;
}

export interface CompletedLogin {
  tokens: OAuthTokens;
  account: LoginAccount;
}

export interface DeviceLoginConfig {
  dialect: DeviceDialect;
  /** Turns the granted tokens into what is stored and who logged in (e.g. Copilot's token exchange). */
  complete(
    tokens: OAuthTokens,
    authorization: DeviceAuthorization,
    io: DeviceIo,
  ): Promise<CompletedLogin>;
}

export interface DeviceLoginOptions {
  dispatcher?: Dispatcher;
  /** Epoch ms; injectable so tests control expiry. */
  now?: () => number;
  /** Waits `ms`, or returns early when `signal` aborts; injectable so tests never wait. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** A failure a dialect or completion step already knows the login code for. */
export class DeviceLoginError extends Error {
  constructor(readonly error: LoginError) {
    super(error.message);
    this.name = 'DeviceLoginError';
  }
}

export function createDeviceLogin(
  config: DeviceLoginConfig,
  options: DeviceLoginOptions = {},
): LoginFlow {
  const controller = createLoginFlowController();
  void runDeviceLogin(config, options, controller);
  return controller.flow;
}

async function runDeviceLogin(
  config: DeviceLoginConfig,
  options: DeviceLoginOptions,
  controller: LoginFlowController,
): Promise<void> {
  const { signal } = controller;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  try {
    const io: DeviceIo = { dispatcher: options.dispatcher ?? defaultDispatcher(), signal, now };
    const authorization = await config.dialect.requestCode(io);
    if (signal.aborted) return;
    const expiresAt = now() + authorization.expiresInSeconds * 1000;
    controller.update({
      status: 'waiting',
      kind: 'device',
      verificationUri: authorization.verificationUriComplete ?? authorization.verificationUri,
      userCode: authorization.userCode,
      expiresAt,
    });
    let intervalMs = authorization.intervalSeconds * 1000;
    let transportErrors = 0;
    for (;;) {
      await sleep(intervalMs, signal);
      if (signal.aborted) return;
      if (now() >= expiresAt) return controller.finish({ status: 'timed_out' });
      let outcome: PollOutcome;
      try {
        outcome = await config.dialect.pollToken(authorization, io);
        transportErrors = 0;
      } catch (error) {
        if (signal.aborted) return;
        transportErrors += 1;
        if (!(error instanceof OAuthTransportError)) throw error;
        if (transportErrors > MAX_CONSECUTIVE_TRANSPORT_ERRORS) throw error;
        continue;
      }
      if (signal.aborted) return;
      switch (outcome.kind) {
        case 'pending':
          continue;
        case 'slow_down':
          intervalMs = Math.max(
            intervalMs + SLOW_DOWN_STEP_MS,
            (outcome.intervalSeconds ?? 0) * 1000,
          );
          continue;
        case 'expired':
          return fail(controller, 'expired', outcome.message);
        case 'denied':
          return fail(controller, 'access_denied', outcome.message);
        case 'failed':
          return controller.finish({ status: 'failure', error: outcome.error });
        case 'authorized': {
          const completed = await config.complete(outcome.tokens, authorization, io);
          if (signal.aborted) return;
          return controller.finish({ status: 'success', ...completed });
        }
      }
    }
  } catch (error) {
    if (signal.aborted) return;
    controller.finish({ status: 'failure', error: toLoginError(error) });
  }
}

function fail(controller: LoginFlowController, code: LoginError['code'], message: string): void {
  controller.finish({ status: 'failure', error: { code, message } });
}

function toLoginError(error: unknown): LoginError {
  if (error instanceof DeviceLoginError) return error.error;
  if (error instanceof OAuthTransportError) return { code: 'network', message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'invalid_response', message };
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

// ---- The standard RFC 8628 dialect ----

export interface Rfc8628Config {
  deviceAuthorizationUrl: string;
  tokenUrl: string;
  clientId: string;
  scope?: string;
  /** How request bodies are encoded; RFC 8628 says form, some servers also take JSON. */
  encoding?: 'form' | 'json';
  headers?: Record<string, string>;
}

export function rfc8628Dialect(config: Rfc8628Config): DeviceDialect {
  const send = (url: string, params: Record<string, string>, io: DeviceIo) =>
    sendOAuthRequest(io.dispatcher, {
      url,
      signal: io.signal,
      ...(config.headers === undefined ? {} : { headers: config.headers }),
      ...(config.encoding === 'json' ? { json: params } : { form: params }),
    });

  return {
    async requestCode(io) {
      const params: Record<string, string> = { client_id: config.clientId };
      if (config.scope !== undefined) params['scope'] = config.scope;
      const reply = await send(config.deviceAuthorizationUrl, params, io);
      throwIfTransient(reply, 'The device authorization endpoint');
      if (reply.status < 200 || reply.status >= 300) {
        throw new DeviceLoginError({
          code: 'invalid_response',
          message: `The device authorization was refused: ${describeError(reply)}`,
        });
      }
      return readDeviceAuthorization(reply.body);
    },

    async pollToken(authorization, io) {
      const reply = await send(
        config.tokenUrl,
        {
          grant_type: DEVICE_CODE_GRANT_TYPE,
          device_code: authorization.deviceCode,
          client_id: config.clientId,
        },
        io,
      );
      throwIfTransient(reply, 'The token endpoint');
      // GitHub answers 200 with an `error` field; RFC 8628 servers answer 400. Read both.
      const error = stringField(reply.body, 'error');
      if (error !== undefined) return pollErrorOutcome(error, describeError(reply), reply.body);
      const tokens = readTokenResponse(reply.body, io.now());
      if (reply.status >= 200 && reply.status < 300 && tokens !== undefined) {
        return { kind: 'authorized', tokens };
      }
      return {
        kind: 'failed',
        error: {
          code: 'invalid_response',
          message: `The token endpoint answered HTTP ${reply.status} without a token`,
        },
      };
    },
  };
}

function pollErrorOutcome(error: string, message: string, body: unknown): PollOutcome {
  switch (error) {
    case 'authorization_pending':
      return { kind: 'pending' };
    case 'slow_down': {
      const interval = numberField(body, 'interval');
      return interval === undefined
        ? { kind: 'slow_down' }
        : { kind: 'slow_down', intervalSeconds: interval };
    }
    case 'expired_token':
      return { kind: 'expired', message };
    case 'access_denied':
      return { kind: 'denied', message };
    default:
      return { kind: 'failed', error: { code: 'token_exchange_failed', message } };
  }
}

/** Reads an RFC 8628 §3.2 device authorization response. */
export function readDeviceAuthorization(body: unknown): DeviceAuthorization {
  const deviceCode = stringField(body, 'device_code');
  const userCode = stringField(body, 'user_code');
  // `verification_url` is the pre-RFC spelling some servers still use.
  const verificationUri =
    stringField(body, 'verification_uri') ?? stringField(body, 'verification_url');
  if (deviceCode === undefined || userCode === undefined || verificationUri === undefined) {
    throw new DeviceLoginError({
      code: 'invalid_response',
      message:
        'The device authorization response lacks a device code, user code or verification URI',
    });
  }
  const complete = stringField(body, 'verification_uri_complete');
  return {
    deviceCode,
    userCode,
    verificationUri,
    ...(complete === undefined ? {} : { verificationUriComplete: complete }),
    expiresInSeconds: numberField(body, 'expires_in') ?? 900,
    intervalSeconds: numberField(body, 'interval') ?? DEFAULT_INTERVAL_SECONDS,
  };
}

/** Reads an RFC 6749 §5.1 token response; undefined when it carries no access token. */
export function readTokenResponse(body: unknown, now: number): OAuthTokens | undefined {
  const accessToken = stringField(body, 'access_token');
  if (accessToken === undefined) return undefined;
  const refreshToken = stringField(body, 'refresh_token');
  const idToken = stringField(body, 'id_token');
  const expiresIn = numberField(body, 'expires_in');
  return {
    accessToken,
    ...(refreshToken === undefined ? {} : { refreshToken }),
    ...(idToken === undefined ? {} : { idToken }),
    ...(expiresIn === undefined ? {} : { expiresAt: now + expiresIn * 1000 }),
  };
}
