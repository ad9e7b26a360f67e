/**
 * Kimi Coding plan (`kmc`): a standard RFC 8628 device flow at auth.kimi.com,
 * refreshed with the ordinary refresh_token grant.
 */
import type { Dispatcher } from 'undici';
import {
  createDeviceLogin,
  readTokenResponse,
  rfc8628Dialect,
  type DeviceLoginOptions,
} from '../device-flow.js';
import {
  defaultDispatcher,
  describeError,
  sendOAuthRequest,
  throwIfTransient,
  type OAuthReply,
} from '../oauth-http.js';
import { RefreshError, type LoginFlow, type TokenRefresher } from '../types.js';

/** Kimi Code's public device-flow client id, with no secret (as MoonshotAI's kimi-cli documents it). */
export const KIMI_CODE_CLIENT_ID = '17e5f671-d194-4dfb-9706-5516cb48c098';

/** `tokens.extra` key: the client id the tokens were issued to (the refresh grant needs it). */
export const KIMI_CLIENT_ID_KEY = 'client_id';

export interface KimiEndpoints {
  deviceAuthorization: string;
  token: string;
}

export const KIMI_ENDPOINTS: KimiEndpoints = {
  deviceAuthorization: 'https://auth.kimi.com/api/oauth/device_authorization',
  token: 'https://auth.kimi.com/api/oauth/token',
};

export interface KimiAuthOptions {
  endpoints?: Partial<KimiEndpoints>;
  clientId?: string;
  dispatcher?: Dispatcher;
}

export type KimiLoginOptions = KimiAuthOptions & DeviceLoginOptions;

export function login(options: KimiLoginOptions = {}): LoginFlow {
  const clientId = options.clientId ?? KIMI_CODE_CLIENT_ID;
  const endpoints = { ...KIMI_ENDPOINTS, ...options.endpoints };
  return createDeviceLogin(
    {
      dialect: rfc8628Dialect({
        deviceAuthorizationUrl: endpoints.deviceAuthorization,
        tokenUrl: endpoints.token,
        clientId,
      }),
      complete: (tokens) =>
        Promise.resolve({
          tokens: { ...tokens, extra: { ...tokens.extra, [KIMI_CLIENT_ID_KEY]: clientId } },
          account: { label: 'Kimi account' },
        }),
    },
    options,
  );
}

/** A refresher bound to endpoints and a dispatcher; `refresh` is the production one. */
export function createKimiRefresher(options: KimiAuthOptions = {}): TokenRefresher {
  const tokenUrl = options.endpoints?.token ?? KIMI_ENDPOINTS.token;
  return async (tokens) => {
    const clientId = tokens.extra?.[KIMI_CLIENT_ID_KEY] ?? options.clientId ?? KIMI_CODE_CLIENT_ID;
    if (tokens.refreshToken === undefined) {
      throw new RefreshError({
        kind: 'refused',
        message: 'This Kimi account lacks a refresh token; log in again',
      });
    }
    let reply: OAuthReply;
    try {
      reply = await sendOAuthRequest(options.dispatcher ?? defaultDispatcher(), {
        url: tokenUrl,
        form: {
          grant_type: 'refresh_token',
          refresh_token: tokens.refreshToken,
          client_id: clientId,
        },
      });
      throwIfTransient(reply, 'The Kimi token endpoint');
    } catch (error) {
      throw new RefreshError({ kind: 'network', message: (error as Error).message });
    }
    const renewed = reply.status === 200 ? readTokenResponse(reply.body, Date.now()) : undefined;
    if (renewed === undefined) {
      throw new RefreshError({
        kind: 'refused',
        message: `Kimi refused the refresh: ${describeError(reply)}`,
      });
    }
    return {
      ...renewed,
      refreshToken: renewed.refreshToken ?? tokens.refreshToken,
      extra: { ...tokens.extra, [KIMI_CLIENT_ID_KEY]: clientId },
    };
  };
}

export const refresh: TokenRefresher = createKimiRefresher();
