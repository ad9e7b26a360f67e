/**
 * Calls to an OAuth token endpoint (code exchange and refresh) through the one
 * HTTP client, in the body encoding each provider expects.
 */
import { request, type Dispatcher } from 'undici';
import { isRecord } from '../formats/ir/json.js';
// One proxy-aware dispatcher serves every login and refresh call.
import { defaultDispatcher } from './oauth-http.js';
import { RefreshError, type OAuthTokens } from './types.js';

export type TokenBodyEncoding = 'json' | 'form';

export interface TokenReply {
  status: number;
  /** The parsed JSON body, or undefined when it was not a JSON object. */
  body: Record<string, unknown> | undefined;
}

export async function postTokenRequest(
  url: string,
  fields: Record<string, string>,
  encoding: TokenBodyEncoding,
  dispatcher: Dispatcher,
  signal?: AbortSignal,
): Promise<TokenReply> {
  const body =
    encoding === 'json' ? JSON.stringify(fields) : new URLSearchParams(fields).toString();
  const reply = await request(url, {
    method: 'POST',
    dispatcher,
    headers: {
      'content-type':
        encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body,
    ...(signal === undefined ? {} : { signal }),
  });
  const text = await reply.body.text();
  return { status: reply.statusCode, body: parseObject(text) };
}

export function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `error: error_description` from an OAuth error body, for messages. */
export function describeOAuthError(reply: TokenReply): string {
  const body = reply.body ?? {};
  const error = stringField(body, 'error') ?? `HTTP ${reply.status}`;
  const description = stringField(body, 'error_description');
  return description === undefined ? error : `${error}: ${description}`;
}

/** The standard fields of a token response, or undefined when there is no access token. */
export function tokensFromResponse(
  body: Record<string, unknown>,
  now: number,
  previous?: OAuthTokens,
): OAuthTokens | undefined {
  const accessToken = stringField(body, 'access_token');
  if (accessToken === undefined) return undefined;
  const tokens: OAuthTokens = { accessToken };
  // A refresh response may omit the refresh token when it does not rotate; keep the old one then.
  const refreshToken = stringField(body, 'refresh_token') ?? previous?.refreshToken;
  if (refreshToken !== undefined) tokens.refreshToken = refreshToken;
  const expiresIn = body.expires_in;
  if (typeof expiresIn === 'number' && Number.isFinite(expiresIn)) {
    tokens.expiresAt = now + expiresIn * 1000;
  }
  const idToken = stringField(body, 'id_token') ?? previous?.idToken;
  if (idToken !== undefined) tokens.idToken = idToken;
  if (previous?.extra !== undefined) tokens.extra = { ...previous.extra };
  return tokens;
}

export interface RefreshEndpoint {
  providerName: string;
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  encoding: TokenBodyEncoding;
}

export interface RefreshOptions {
  dispatcher?: Dispatcher;
  now?: () => number;
}

/**
 * Exchanges `tokens.refreshToken` for new tokens. A refusal (400/401/403, e.g.
 * `invalid_grant`) means the account needs a new login; anything else is transient.
 */
export async function refreshAtEndpoint(
  endpoint: RefreshEndpoint,
  tokens: OAuthTokens,
  options: RefreshOptions = {},
): Promise<{ tokens: OAuthTokens; body: Record<string, unknown> }> {
  if (tokens.refreshToken === undefined) {
    throw new RefreshError({
      kind: 'refused',
      message: `${endpoint.providerName}: no refresh token is stored; log in again.`,
    });
  }
  const fields: Record<string, string> = {
    grant_type: 'refresh_token',
    refresh_token: tokens.refreshToken,
    client_id: endpoint.clientId,
  };
  if (endpoint.clientSecret !== undefined) fields.client_secret = endpoint.clientSecret;
  let reply: TokenReply;
  try {
    reply = await postTokenRequest(
      endpoint.tokenUrl,
      fields,
      endpoint.encoding,
      options.dispatcher ?? defaultDispatcher(),
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RefreshError({
      kind: 'network',
      message: `${endpoint.providerName}: token refresh failed: ${reason}`,
    });
  }
  if (reply.status === 400 || reply.status === 401 || reply.status === 403) {
    throw new RefreshError({
      kind: 'refused',
      message: `${endpoint.providerName} refused the refresh token (${describeOAuthError(reply)}); log in again.`,
    });
  }
  const refreshed =
    reply.status === 200 && reply.body !== undefined
      ? tokensFromResponse(reply.body, (options.now ?? Date.now)(), tokens)
      : undefined;
  if (refreshed === undefined || reply.body === undefined) {
    throw new RefreshError({
      kind: 'network',
      message: `${endpoint.providerName}: token refresh failed (${describeOAuthError(reply)}).`,
    });
  }
  return { tokens: refreshed, body: reply.body };
}

export { defaultDispatcher, isRecord };
