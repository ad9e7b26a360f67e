/**
 * Kiro (`kr`) via AWS Builder ID: AWS SSO OIDC's device flow. A public client
 * is registered per login; its id and secret are kept in `tokens.extra`
 * because the refresh grant needs them. AWS speaks camelCase JSON and names
 * errors as exceptions (`AuthorizationPendingException`…).
 * https://docs.aws.amazon.com/singlesignon/latest/OIDCAPIReference/API_CreateToken.html
 */
import type { Dispatcher } from 'undici';
import {
  createDeviceLogin,
  DEVICE_CODE_GRANT_TYPE,
  DeviceLoginError,
  type DeviceAuthorization,
  type DeviceDialect,
  type DeviceLoginOptions,
  type PollOutcome,
} from '../device-flow.js';
import {
  defaultDispatcher,
  describeError,
  numberField,
  sendOAuthRequest,
  stringField,
  throwIfTransient,
  type OAuthReply,
} from '../oauth-http.js';
import { RefreshError, type LoginFlow, type OAuthTokens, type TokenRefresher } from '../types.js';

export const KIRO_OIDC_BASE_URL = 'https://oidc.us-east-1.amazonaws.com';
export const KIRO_REGION = 'us-east-1';
export const KIRO_START_URL = 'https://view.awsapps.com/start';
export const KIRO_CLIENT_NAME = 'Switchyard';
export const KIRO_SCOPES = [
  'codewhisperer:completions',
  'codewhisperer:analysis',
  'codewhisperer:conversations',
];

/** Keys of `tokens.extra` a Kiro login stores. */
export const KIRO_EXTRA_KEYS = {
  clientId: 'client_id',
  clientSecret: 'client_secret',
  /** Epoch ms; after it the registered client (and so the refresh) stops working. */
  clientSecretExpiresAt: 'client_secret_expires_at',
  region: 'region',
} as const;

export interface KiroAuthOptions {
  oidcBaseUrl?: string;
  startUrl?: string;
  dispatcher?: Dispatcher;
}

export type KiroLoginOptions = KiroAuthOptions & DeviceLoginOptions;

export function login(options: KiroLoginOptions = {}): LoginFlow {
  const baseUrl = options.oidcBaseUrl ?? KIRO_OIDC_BASE_URL;
  return createDeviceLogin(
    {
      dialect: awsOidcDialect(baseUrl, options.startUrl ?? KIRO_START_URL),
      complete(tokens, authorization) {
        const context = authorization.context ?? {};
        const extra: Record<string, string> = {
          ...tokens.extra,
          [KIRO_EXTRA_KEYS.region]: KIRO_REGION,
        };
        for (const key of Object.values(KIRO_EXTRA_KEYS)) {
          const value = context[key];
          if (value !== undefined) extra[key] = value;
        }
        return Promise.resolve({
          tokens: { ...tokens, extra },
          account: { label: 'AWS Builder ID' },
        });
      },
    },
    options,
  );
}

/** A refresher bound to an OIDC endpoint and a dispatcher; `refresh` is the production one. */
export function createKiroRefresher(options: KiroAuthOptions = {}): TokenRefresher {
  const baseUrl = options.oidcBaseUrl ?? KIRO_OIDC_BASE_URL;
  return async (tokens) => {
    const clientId = tokens.extra?.[KIRO_EXTRA_KEYS.clientId];
    const clientSecret = tokens.extra?.[KIRO_EXTRA_KEYS.clientSecret];
    if (tokens.refreshToken === undefined || clientId === undefined || clientSecret === undefined) {
      throw new RefreshError({
        kind: 'refused',
        message: 'This Kiro account lacks its refresh token or registered client; log in again',
      });
    }
    let reply: OAuthReply;
    try {
      reply = await sendOAuthRequest(options.dispatcher ?? defaultDispatcher(), {
        url: `${baseUrl}/token`,
        json: {
          clientId,
          clientSecret,
          grantType: 'refresh_token',
          refreshToken: tokens.refreshToken,
        },
      });
      throwIfTransient(reply, 'The AWS token endpoint');
    } catch (error) {
      throw new RefreshError({ kind: 'network', message: (error as Error).message });
    }
    const renewed = reply.status === 200 ? readAwsTokens(reply.body, Date.now()) : undefined;
    if (renewed === undefined) {
      const name = awsErrorName(reply) ?? `HTTP ${reply.status}`;
      throw new RefreshError({
        kind: 'refused',
        message: `AWS refused the Kiro refresh (${name}): ${describeError(reply)}`,
      });
    }
    return {
      ...renewed,
      // AWS may or may not rotate the refresh token.
      refreshToken: renewed.refreshToken ?? tokens.refreshToken,
      ...(tokens.extra === undefined ? {} : { extra: tokens.extra }),
    };
  };
}

export const refresh: TokenRefresher = createKiroRefresher();

function awsOidcDialect(baseUrl: string, startUrl: string): DeviceDialect {
  const post = (path: string, json: unknown, io: { dispatcher: Dispatcher; signal: AbortSignal }) =>
    sendOAuthRequest(io.dispatcher, { url: `${baseUrl}${path}`, json, signal: io.signal });

  return {
    async requestCode(io) {
      const registered = await post(
        '/client/register',
        { clientName: KIRO_CLIENT_NAME, clientType: 'public', scopes: KIRO_SCOPES },
        io,
      );
      throwIfTransient(registered, 'AWS client registration');
      const clientId = stringField(registered.body, 'clientId');
      const clientSecret = stringField(registered.body, 'clientSecret');
      if (registered.status !== 200 || clientId === undefined || clientSecret === undefined) {
        throw invalid(`AWS refused the client registration: ${describeError(registered)}`);
      }
      const authorized = await post(
        '/device_authorization',
        { clientId, clientSecret, startUrl },
        io,
      );
      throwIfTransient(authorized, 'AWS device authorization');
      const deviceCode = stringField(authorized.body, 'deviceCode');
      const userCode = stringField(authorized.body, 'userCode');
      const verificationUri = stringField(authorized.body, 'verificationUri');
      if (
        authorized.status !== 200 ||
        deviceCode === undefined ||
        userCode === undefined ||
        verificationUri === undefined
      ) {
        throw invalid(`AWS refused the device authorization: ${describeError(authorized)}`);
      }
      const complete = stringField(authorized.body, 'verificationUriComplete');
      const secretExpiresAt = numberField(registered.body, 'clientSecretExpiresAt');
      return {
        deviceCode,
        userCode,
        verificationUri,
        ...(complete === undefined ? {} : { verificationUriComplete: complete }),
        expiresInSeconds: numberField(authorized.body, 'expiresIn') ?? 600,
        intervalSeconds: numberField(authorized.body, 'interval') ?? 5,
        context: {
          [KIRO_EXTRA_KEYS.clientId]: clientId,
          [KIRO_EXTRA_KEYS.clientSecret]: clientSecret,
          ...(secretExpiresAt === undefined
            ? {}
            : { [KIRO_EXTRA_KEYS.clientSecretExpiresAt]: String(secretExpiresAt * 1000) }),
        },
      };
    },

    async pollToken(authorization: DeviceAuthorization, io): Promise<PollOutcome> {
      const reply = await post(
        '/token',
        {
          clientId: authorization.context?.[KIRO_EXTRA_KEYS.clientId],
          clientSecret: authorization.context?.[KIRO_EXTRA_KEYS.clientSecret],
          grantType: DEVICE_CODE_GRANT_TYPE,
          deviceCode: authorization.deviceCode,
        },
        io,
      );
      throwIfTransient(reply, 'The AWS token endpoint');
      if (reply.status === 200) {
        const tokens = readAwsTokens(reply.body, io.now());
        if (tokens !== undefined) return { kind: 'authorized', tokens };
        throw invalid('The AWS token endpoint answered without an access token');
      }
      const message = describeError(reply);
      switch (awsErrorName(reply)) {
        case 'AuthorizationPendingException':
          return { kind: 'pending' };
        case 'SlowDownException':
          return { kind: 'slow_down' };
        case 'ExpiredTokenException':
          return { kind: 'expired', message };
        case 'AccessDeniedException':
          return { kind: 'denied', message };
        default:
          return { kind: 'failed', error: { code: 'token_exchange_failed', message } };
      }
    },
  };
}

const SNAKE_TO_EXCEPTION: Record<string, string> = {
  authorization_pending: 'AuthorizationPendingException',
  slow_down: 'SlowDownException',
  expired_token: 'ExpiredTokenException',
  access_denied: 'AccessDeniedException',
  invalid_grant: 'InvalidGrantException',
  invalid_client: 'InvalidClientException',
  unauthorized_client: 'UnauthorizedClientException',
};

/**
 * The AWS exception name of an error reply: from `x-amzn-errortype`
 * (`Name:namespace-uri`), a JSON `__type` (`namespace#Name`), or an OAuth `error` code.
 */
export function awsErrorName(reply: OAuthReply): string | undefined {
  const header = reply.headers['x-amzn-errortype'];
  const headerValue = Array.isArray(header) ? header[0] : header;
  if (headerValue !== undefined && headerValue !== '') return headerValue.split(':')[0];
  const type = stringField(reply.body, '__type');
  if (type !== undefined) return type.split('#').pop();
  const error = stringField(reply.body, 'error');
  if (error === undefined) return undefined;
  return SNAKE_TO_EXCEPTION[error] ?? error;
}

function readAwsTokens(body: unknown, now: number): OAuthTokens | undefined {
  const accessToken = stringField(body, 'accessToken');
  if (accessToken === undefined) return undefined;
  const refreshToken = stringField(body, 'refreshToken');
  const idToken = stringField(body, 'idToken');
  const expiresIn = numberField(body, 'expiresIn');
  return {
    accessToken,
    ...(refreshToken === undefined ? {} : { refreshToken }),
    ...(idToken === undefined ? {} : { idToken }),
    ...(expiresIn === undefined ? {} : { expiresAt: now + expiresIn * 1000 }),
  };
}

function invalid(message: string): DeviceLoginError {
  return new DeviceLoginError({ code: 'invalid_response', message });
}
