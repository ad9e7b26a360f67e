/**
 * ChatGPT Plus/Pro via Codex (`cx`): authorization code + PKCE against
 * auth.openai.com, form token bodies, and a redirect fixed at
 * http://localhost:1455/auth/callback. Facts: docs/providers.md.
 */
import {
  createBrowserLogin,
  type BrowserLoginConfig,
  type BrowserLoginOptions,
} from '../browser-flow.js';
import { decodeJwtPayload } from '../jwt.js';
import { LoginFailure } from '../loopback.js';
import {
  isRecord,
  refreshAtEndpoint,
  stringField,
  tokensFromResponse,
  type RefreshOptions,
} from '../token-endpoint.js';
import type { LoginFlow, OAuthTokens, TokenRefresher } from '../types.js';

export const CODEX_OAUTH = {
  providerName: 'ChatGPT (Codex)',
  clientId: 'app_EMoamEEZ73f0CkXaXp7hrann',
  authorizeUrl: 'https://auth.openai.com/oauth/authorize',
  tokenUrl: 'https://auth.openai.com/oauth/token',
  scopes: ['openid', 'profile', 'email', 'offline_access'],
  /** The client is registered with exactly this redirect, so the port cannot move. */
  redirectPort: 1455,
  redirectPath: '/auth/callback',
} as const;

const AUTH_CLAIM = 'https://api.openai.com/auth';

export interface CodexIdentity {
  email?: string;
  chatgptAccountId?: string;
  chatgptPlanType?: string;
}

/** The identity an id_token carries (see jwt.ts for why its signature is not checked). */
export function codexIdentity(idToken: string): CodexIdentity {
  const claims = decodeJwtPayload(idToken) ?? {};
  const auth = isRecord(claims[AUTH_CLAIM]) ? claims[AUTH_CLAIM] : {};
  const identity: CodexIdentity = {};
  const email = stringField(claims, 'email');
  const accountId = stringField(auth, 'chatgpt_account_id');
  const plan = stringField(auth, 'chatgpt_plan_type');
  if (email !== undefined) identity.email = email;
  if (accountId !== undefined) identity.chatgptAccountId = accountId;
  if (plan !== undefined) identity.chatgptPlanType = plan;
  return identity;
}

function withIdentity(tokens: OAuthTokens, identity: CodexIdentity): OAuthTokens {
  if (identity.chatgptAccountId === undefined) return tokens;
  return {
    ...tokens,
    extra: { ...tokens.extra, chatgpt_account_id: identity.chatgptAccountId },
  };
}

const config: BrowserLoginConfig = {
  ...CODEX_OAUTH,
  extraAuthorizeParams: { id_token_add_organizations: 'true', codex_cli_simplified_flow: 'true' },
  redirect: { host: 'localhost', port: CODEX_OAUTH.redirectPort, path: CODEX_OAUTH.redirectPath },
  portHolderHint: 'maybe the Codex CLI, which uses the same port for its own login',
  tokenEncoding: 'form',
  finish(body, { now }) {
    const tokens = tokensFromResponse(body, now());
    const identity = tokens?.idToken === undefined ? {} : codexIdentity(tokens.idToken);
    if (tokens === undefined || identity.chatgptAccountId === undefined) {
      throw new LoginFailure({
        code: 'invalid_response',
        message:
          'OpenAI answered without an access token or an id_token naming the ChatGPT account.',
      });
    }
    return Promise.resolve({
      tokens: withIdentity(tokens, identity),
      account: {
        label: identity.email ?? identity.chatgptAccountId,
        ...(identity.chatgptPlanType === undefined ? {} : { plan: identity.chatgptPlanType }),
      },
    });
  },
};

export function login(options: BrowserLoginOptions = {}): LoginFlow {
  return createBrowserLogin(config, options);
}

export interface CodexRefreshOptions extends RefreshOptions {
  tokenUrl?: string;
}

/** A refresher; a rotated refresh token and a new id_token replace the old ones. */
export function createRefresher(options: CodexRefreshOptions = {}): TokenRefresher {
  return async (tokens) => {
    const result = await refreshAtEndpoint(
      {
        providerName: CODEX_OAUTH.providerName,
        tokenUrl: options.tokenUrl ?? CODEX_OAUTH.tokenUrl,
        clientId: CODEX_OAUTH.clientId,
        encoding: 'form',
      },
      tokens,
      options,
    );
    const idToken = stringField(result.body, 'id_token');
    return idToken === undefined
      ? result.tokens
      : withIdentity(result.tokens, codexIdentity(idToken));
  };
}

export const refresh: TokenRefresher = createRefresher();
