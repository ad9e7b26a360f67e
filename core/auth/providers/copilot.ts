/**
 * GitHub Copilot (`gh`): GitHub's device flow yields a long-lived GitHub
 * token, which is exchanged for a short-lived Copilot token that the Copilot
 * API accepts. The GitHub token is kept as `refreshToken`; "refreshing" is
 * exchanging it again.
 */
import type { Dispatcher } from 'undici';
import {
  createDeviceLogin,
  DeviceLoginError,
  rfc8628Dialect,
  type DeviceLoginOptions,
} from '../device-flow.js';
import {
  defaultDispatcher,
  OAuthTransportError,
  numberField,
  objectField,
  sendOAuthRequest,
  stringField,
} from '../oauth-http.js';
import {
  RefreshError,
  type LoginFlow,
  type OAuthTokens,
  type RefreshFailure,
  type TokenRefresher,
} from '../types.js';

export const COPILOT_CLIENT_ID = 'Iv1.b507a08c87ecfe98';
export const COPILOT_SCOPE = 'read:user';
/** Renew the Copilot token when less than this is left on it. */
export const COPILOT_RENEW_MARGIN_MS = 5 * 60_000;
/** `tokens.extra` key: the Copilot API base URL the token response names (`endpoints.api`). */
export const COPILOT_API_ENDPOINT_KEY = 'copilot_api_endpoint';
/** `tokens.extra` key: the Copilot plan (`sku`) the token response names. */
export const COPILOT_SKU_KEY = 'copilot_sku';

export interface CopilotEndpoints {
  deviceCode: string;
  accessToken: string;
  copilotToken: string;
  user: string;
}

export const COPILOT_ENDPOINTS: CopilotEndpoints = {
  deviceCode: 'https://github.com/login/device/code',
  accessToken: 'https://github.com/login/oauth/access_token',
  copilotToken: 'https://api.github.com/copilot_internal/v2/token',
  user: 'https://api.github.com/user',
};

export interface CopilotAuthOptions {
  endpoints?: Partial<CopilotEndpoints>;
  dispatcher?: Dispatcher;
}

export type CopilotLoginOptions = CopilotAuthOptions & DeviceLoginOptions;

// api.github.com refuses requests that carry no User-Agent.
const GITHUB_HEADERS = { accept: 'application/json', 'user-agent': 'Switchyard' };

export function login(options: CopilotLoginOptions = {}): LoginFlow {
  const endpoints = { ...COPILOT_ENDPOINTS, ...options.endpoints };
  return createDeviceLogin(
    {
      dialect: rfc8628Dialect({
        deviceAuthorizationUrl: endpoints.deviceCode,
        tokenUrl: endpoints.accessToken,
        clientId: COPILOT_CLIENT_ID,
        scope: COPILOT_SCOPE,
        headers: GITHUB_HEADERS,
      }),
      async complete(granted, _authorization, io) {
        const exchanged = await exchangeCopilotToken(granted.accessToken, {
          dispatcher: io.dispatcher,
          url: endpoints.copilotToken,
          signal: io.signal,
        });
        if (!exchanged.ok) {
          if (exchanged.failure.kind === 'network') {
            throw new OAuthTransportError(exchanged.failure.message);
          }
          throw new DeviceLoginError({
            code: 'token_exchange_failed',
            message: exchanged.failure.message,
          });
        }
        const label = await githubLogin(granted.accessToken, endpoints.user, io);
        const plan = exchanged.tokens.extra?.[COPILOT_SKU_KEY];
        return {
          tokens: exchanged.tokens,
          account: { label, ...(plan === undefined ? {} : { plan }) },
        };
      },
    },
    options,
  );
}

/** A refresher bound to endpoints and a dispatcher; `refresh` is the production one. */
export function createCopilotRefresher(options: CopilotAuthOptions = {}): TokenRefresher {
  const url = options.endpoints?.copilotToken ?? COPILOT_ENDPOINTS.copilotToken;
  return async (tokens) => {
    const githubToken = tokens.refreshToken;
    if (githubToken === undefined) {
      throw new RefreshError({
        kind: 'refused',
        message: 'No GitHub token is stored for this Copilot account; log in again',
      });
    }
    const dispatcher = options.dispatcher ?? defaultDispatcher();
    const exchanged = await exchangeCopilotToken(githubToken, { dispatcher, url });
    if (!exchanged.ok) throw new RefreshError(exchanged.failure);
    return exchanged.tokens;
  };
}

export const refresh: TokenRefresher = createCopilotRefresher();

/** True when the Copilot token is missing its expiry or has under five minutes left. */
export function copilotTokenNeedsRenewal(tokens: OAuthTokens, now: number = Date.now()): boolean {
  return tokens.expiresAt === undefined || tokens.expiresAt - now < COPILOT_RENEW_MARGIN_MS;
}

export type CopilotExchange =
  { ok: true; tokens: OAuthTokens } | { ok: false; failure: RefreshFailure };

/** Trades a GitHub token for a Copilot token; the result keeps the GitHub token as `refreshToken`. */
export async function exchangeCopilotToken(
  githubToken: string,
  call: { dispatcher: Dispatcher; url: string; signal?: AbortSignal },
): Promise<CopilotExchange> {
  let reply;
  try {
    reply = await sendOAuthRequest(call.dispatcher, {
      url: call.url,
      headers: { ...GITHUB_HEADERS, authorization: `token ${githubToken}` },
      ...(call.signal === undefined ? {} : { signal: call.signal }),
    });
  } catch (error) {
    return { ok: false, failure: { kind: 'network', message: (error as Error).message } };
  }
  // 401: the GitHub token was revoked; 403/404: the account has no Copilot access.
  if (reply.status === 401 || reply.status === 403 || reply.status === 404) {
    const detail = stringField(reply.body, 'message') ?? `HTTP ${reply.status}`;
    return {
      ok: false,
      failure: { kind: 'refused', message: `GitHub refused the Copilot token exchange: ${detail}` },
    };
  }
  if (reply.status < 200 || reply.status >= 300) {
    return {
      ok: false,
      failure: {
        kind: 'network',
        message: `The Copilot token exchange answered HTTP ${reply.status}`,
      },
    };
  }
  const token = stringField(reply.body, 'token');
  const expiresAtSeconds = numberField(reply.body, 'expires_at');
  if (token === undefined || expiresAtSeconds === undefined) {
    return {
      ok: false,
      failure: { kind: 'network', message: 'The Copilot token exchange answered without a token' },
    };
  }
  const extra: Record<string, string> = {};
  const api = stringField(objectField(reply.body, 'endpoints'), 'api');
  if (api !== undefined) extra[COPILOT_API_ENDPOINT_KEY] = api;
  const sku = stringField(reply.body, 'sku');
  if (sku !== undefined) extra[COPILOT_SKU_KEY] = sku;
  return {
    ok: true,
    tokens: {
      accessToken: token,
      refreshToken: githubToken,
      expiresAt: expiresAtSeconds * 1000,
      ...(Object.keys(extra).length === 0 ? {} : { extra }),
    },
  };
}

/** The GitHub login name, as the account label; a generic label when `/user` does not answer. */
async function githubLogin(
  githubToken: string,
  url: string,
  io: { dispatcher: Dispatcher; signal: AbortSignal },
): Promise<string> {
  try {
    const reply = await sendOAuthRequest(io.dispatcher, {
      url,
      headers: { ...GITHUB_HEADERS, authorization: `token ${githubToken}` },
      signal: io.signal,
    });
    const name = reply.status === 200 ? stringField(reply.body, 'login') : undefined;
    return name ?? 'GitHub account';
  } catch {
    return 'GitHub account';
  }
}
