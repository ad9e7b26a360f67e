/**
 * Claude Pro/Max (`cc`): authorization code + PKCE against claude.ai, JSON
 * token bodies, rotating refresh tokens. Facts: docs/providers.md.
 */
import {
  createBrowserLogin,
  type BrowserLoginConfig,
  type BrowserLoginOptions,
} from '../browser-flow.js';
import { LoginFailure } from '../loopback.js';
import {
  isRecord,
  refreshAtEndpoint,
  stringField,
  tokensFromResponse,
  type RefreshOptions,
} from '../token-endpoint.js';
import type { LoginAccount, LoginFlow, TokenRefresher } from '../types.js';

export const CLAUDE_OAUTH = {
  providerName: 'Claude',
  clientId: '9d1c250a-e61b-44d9-88ed-5944d1962f5e',
  authorizeUrl: 'https://claude.ai/oauth/authorize',
  tokenUrl: 'https://console.anthropic.com/v1/oauth/token',
  scopes: ['org:create_api_key', 'user:profile', 'user:inference'],
} as const;

const config: BrowserLoginConfig = {
  ...CLAUDE_OAUTH,
  // `code=true` asks claude.ai for the code flow this client is registered for.
  extraAuthorizeParams: { code: 'true' },
  redirect: { host: 'localhost', port: 0, path: '/callback' },
  tokenEncoding: 'json',
  // Anthropic's token endpoint expects the state echoed in the exchange.
  extraTokenFields: ({ state }) => ({ state }),
  finish(body, { now }) {
    const tokens = tokensFromResponse(body, now());
    if (tokens === undefined) {
      throw new LoginFailure({
        code: 'invalid_response',
        message: 'Claude answered the code exchange without an access token.',
      });
    }
    const { account, extra } = claudeAccount(body);
    if (Object.keys(extra).length > 0) tokens.extra = extra;
    return Promise.resolve({ tokens, account });
  },
};

/** The account and organization the token response names, as a label and ids for `extra`. */
export function claudeAccount(body: Record<string, unknown>): {
  account: LoginAccount;
  extra: Record<string, string>;
} {
  const account = isRecord(body.account) ? body.account : {};
  const organization = isRecord(body.organization) ? body.organization : {};
  const email = stringField(account, 'email_address');
  const organizationName = stringField(organization, 'name');
  const extra: Record<string, string> = {};
  const accountUuid = stringField(account, 'uuid');
  const organizationUuid = stringField(organization, 'uuid');
  if (accountUuid !== undefined) extra.account_uuid = accountUuid;
  if (organizationUuid !== undefined) extra.organization_uuid = organizationUuid;
  const label =
    email !== undefined && organizationName !== undefined && !organizationName.includes(email)
      ? `${email} (${organizationName})`
      : (email ?? organizationName ?? 'Claude account');
  return { account: { label }, extra };
}

export function login(options: BrowserLoginOptions = {}): LoginFlow {
  return createBrowserLogin(config, options);
}

export interface ClaudeRefreshOptions extends RefreshOptions {
  tokenUrl?: string;
}

/** A refresher; Claude rotates refresh tokens, so the caller must persist the returned one. */
export function createRefresher(options: ClaudeRefreshOptions = {}): TokenRefresher {
  return async (tokens) => {
    const result = await refreshAtEndpoint(
      {
        providerName: CLAUDE_OAUTH.providerName,
        tokenUrl: options.tokenUrl ?? CLAUDE_OAUTH.tokenUrl,
        clientId: CLAUDE_OAUTH.clientId,
        encoding: 'json',
      },
      tokens,
      options,
    );
    return result.tokens;
  };
}

export const refresh: TokenRefresher = createRefresher();
