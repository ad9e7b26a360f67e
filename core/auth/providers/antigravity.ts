/**
 * Antigravity (`ag`): Google's installed-app OAuth flow with a loopback
 * redirect, then Cloud Code's `loadCodeAssist` for the project every upstream
 * call names. Facts: docs/providers.md. Terms risk: high (users report bans).
 */
import { request } from 'undici';
import {
  createBrowserLogin,
  type BrowserLoginConfig,
  type BrowserLoginOptions,
  type FinishContext,
} from '../browser-flow.js';
import { decodeJwtPayload } from '../jwt.js';
import { LoginFailure } from '../loopback.js';
import {
  isRecord,
  parseObject,
  refreshAtEndpoint,
  stringField,
  tokensFromResponse,
  type RefreshOptions,
} from '../token-endpoint.js';
import type { LoginFlow, OAuthTokens, TokenRefresher } from '../types.js';

export interface GoogleClient {
  clientId: string;
  clientSecret: string;
}

/**
 * Antigravity's public installed-app OAuth client and its fixed redirect, as
 * Antigravity itself registers them (public facts, published by open-source
 * Antigravity integrations). Google documents an installed app's secret as not
 * confidential: it ships inside every copy of the app.
 */
export const ANTIGRAVITY_OAUTH = {
  providerName: 'Antigravity',
  clientId: '1071006060591-tmhssin2h21lcre235vtolojh4g403ep.apps.googleusercontent.com',
  clientSecret: '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',
  authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  loadCodeAssistUrl: 'https://cloudcode-pa.googleapis.com/v1internal:loadCodeAssist',
  scopes: [
    'https://www.googleapis.com/auth/cloud-platform',
    'https://www.googleapis.com/auth/userinfo.email',
    'https://www.googleapis.com/auth/userinfo.profile',
    'https://www.googleapis.com/auth/cclog',
    'https://www.googleapis.com/auth/experimentsandconfigs',
  ],
  /** The client is registered with exactly this redirect, so the port cannot move. */
  redirectPort: 51121,
  redirectPath: '/oauth-callback',
} as const;

const PUBLIC_CLIENT: GoogleClient = {
  clientId: ANTIGRAVITY_OAUTH.clientId,
  clientSecret: ANTIGRAVITY_OAUTH.clientSecret,
};

export interface AntigravityLoginOptions extends BrowserLoginOptions {
  client?: GoogleClient;
  loadCodeAssistUrl?: string;
}

/** Asks Cloud Code which project and tier the signed-in account uses. */
export async function loadCodeAssist(
  accessToken: string,
  url: string,
  context: Pick<FinishContext, 'dispatcher' | 'signal'>,
): Promise<{ project: string | undefined; tier: string | undefined }> {
  const reply = await request(url, {
    method: 'POST',
    dispatcher: context.dispatcher,
    signal: context.signal,
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      metadata: {
        ideType: 'IDE_UNSPECIFIED',
        platform: 'PLATFORM_UNSPECIFIED',
        pluginType: 'GEMINI',
      },
    }),
  });
  const body = parseObject(await reply.body.text());
  if (reply.statusCode !== 200 || body === undefined) {
    throw new LoginFailure({
      code: 'invalid_response',
      message: `Cloud Code's loadCodeAssist answered HTTP ${reply.statusCode}.`,
    });
  }
  // The project comes either as a plain id or as an object with an `id`.
  const rawProject = body.cloudaicompanionProject;
  const project =
    typeof rawProject === 'string' && rawProject !== ''
      ? rawProject
      : isRecord(rawProject)
        ? stringField(rawProject, 'id')
        : undefined;
  const tier = isRecord(body.currentTier) ? stringField(body.currentTier, 'id') : undefined;
  return { project, tier };
}

export function login(options: AntigravityLoginOptions = {}): LoginFlow {
  const client = options.client ?? PUBLIC_CLIENT;
  const config: BrowserLoginConfig = {
    providerName: ANTIGRAVITY_OAUTH.providerName,
    authorizeUrl: ANTIGRAVITY_OAUTH.authorizeUrl,
    tokenUrl: ANTIGRAVITY_OAUTH.tokenUrl,
    scopes: ANTIGRAVITY_OAUTH.scopes,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    // Offline access with forced consent is what makes Google return a refresh token every time.
    extraAuthorizeParams: { access_type: 'offline', prompt: 'consent' },
    redirect: {
      host: 'localhost',
      port: ANTIGRAVITY_OAUTH.redirectPort,
      path: ANTIGRAVITY_OAUTH.redirectPath,
    },
    portHolderHint: 'maybe Antigravity itself, which uses the same port for its own login',
    tokenEncoding: 'form',
    async finish(body, context) {
      const tokens = tokensFromResponse(body, context.now());
      if (tokens === undefined) {
        throw new LoginFailure({
          code: 'invalid_response',
          message: 'Google answered the code exchange without an access token.',
        });
      }
      const { project, tier } = await loadCodeAssist(
        tokens.accessToken,
        options.loadCodeAssistUrl ?? ANTIGRAVITY_OAUTH.loadCodeAssistUrl,
        context,
      );
      if (project === undefined) {
        throw new LoginFailure({
          code: 'invalid_response',
          message:
            'This Google account has no Cloud Code project yet. Open Antigravity once to finish ' +
            'its setup, then log in again.',
        });
      }
      const claims = tokens.idToken === undefined ? undefined : decodeJwtPayload(tokens.idToken);
      const email = claims === undefined ? undefined : stringField(claims, 'email');
      const withProject: OAuthTokens = { ...tokens, extra: { project } };
      return {
        tokens: withProject,
        account: {
          label: email ?? 'Google account',
          ...(tier === undefined ? {} : { plan: tier }),
        },
      };
    },
  };
  return createBrowserLogin(config, options);
}

export interface AntigravityRefreshOptions extends RefreshOptions {
  client?: GoogleClient;
  tokenUrl?: string;
}

/** A refresher; Google usually keeps the refresh token, and a rotated one is taken when sent. */
export function createRefresher(options: AntigravityRefreshOptions = {}): TokenRefresher {
  return async (tokens) => {
    const client = options.client ?? PUBLIC_CLIENT;
    const result = await refreshAtEndpoint(
      {
        providerName: ANTIGRAVITY_OAUTH.providerName,
        tokenUrl: options.tokenUrl ?? ANTIGRAVITY_OAUTH.tokenUrl,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        encoding: 'form',
      },
      tokens,
      options,
    );
    return result.tokens;
  };
}

export const refresh: TokenRefresher = (tokens) => createRefresher()(tokens);
