/**
 * A scriptable OAuth 2 authorization server over a real loopback socket, for
 * login tests only (never shipped). It checks what a real server checks — the
 * PKCE verifier against the stored S256 challenge, the client id, the exact
 * redirect URI, single-use codes, rotating refresh tokens — and lets a test
 * decide how the user answers the consent page.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type AuthorizeDecision = 'approve' | 'deny' | 'wrong_state';
export type GrantType = 'authorization_code' | 'refresh_token';

export interface FakeOAuthOptions {
  clientId: string;
  /** When set, token requests must carry it (Google's installed-app clients do). */
  clientSecret?: string;
  /** The body encoding the token endpoint accepts; the other one gets a 400. */
  tokenEncoding: 'json' | 'form';
  accessTtlSeconds?: number;
  /** False for servers that keep the refresh token (Google); true rotates on every refresh. */
  rotateRefreshTokens?: boolean;
  /** Provider-specific fields for every successful token response (account info, an id_token). */
  tokenResponseExtras?: (grant: GrantType) => Record<string, unknown>;
}

export interface RecordedTokenRequest {
  contentType: string;
  fields: Record<string, string>;
}

export interface FakeOAuth {
  readonly origin: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  /** A stand-in for Cloud Code's `v1internal:loadCodeAssist`. */
  readonly loadCodeAssistUrl: string;
  readonly authorizeRequests: URLSearchParams[];
  readonly tokenRequests: RecordedTokenRequest[];
  /** How the "user" answers every following consent page. */
  decide(decision: AuthorizeDecision): void;
  /** The next refresh request is refused with this status and `invalid_grant`. */
  refuseNextRefresh(status?: 400 | 401): void;
  /** The next token request (any grant) fails with a server error. */
  failNextToken(status?: number): void;
  /** The project loadCodeAssist reports; undefined reports none. */
  setProject(project: string | undefined): void;
  isRefreshTokenLive(token: string): boolean;
  /** Resolves once a request has reached `/hang`, an endpoint that never answers. */
  waitForHangingRequest(): Promise<void>;
  close(): Promise<void>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
}

export async function startFakeOAuth(options: FakeOAuthOptions): Promise<FakeOAuth> {
  const ttl = options.accessTtlSeconds ?? 3600;
  const rotate = options.rotateRefreshTokens ?? true;
  const codes = new Map<string, PendingCode>();
  const liveRefresh = new Set<string>();
  const liveAccess = new Set<string>();
  const authorizeRequests: URLSearchParams[] = [];
  const tokenRequests: RecordedTokenRequest[] = [];
  let decision: AuthorizeDecision = 'approve';
  let refusal: number | undefined;
  let failure: number | undefined;
  let project: string | undefined = 'fake-project-1';
  let hangArrived: () => void = () => undefined;
  const hanging = new Promise<void>((resolve) => {
    hangArrived = resolve;
  });
  const token = (prefix: string): string => `${prefix}-${randomBytes(12).toString('base64url')}`;

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const oauthError = (res: ServerResponse, status: number, error: string, description: string) =>
    json(res, status, { error, error_description: description });

  const authorize = (url: URL, res: ServerResponse): void => {
    const params = url.searchParams;
    authorizeRequests.push(params);
    const redirectUri = params.get('redirect_uri') ?? '';
    const problem =
      params.get('response_type') !== 'code'
        ? 'response_type must be code'
        : params.get('client_id') !== options.clientId
          ? 'unknown client_id'
          : params.get('code_challenge_method') !== 'S256'
            ? 'code_challenge_method must be S256'
            : (params.get('code_challenge') ?? '') === ''
              ? 'code_challenge is required'
              : !/^http:\/\/(localhost|127\.0\.0\.1):\d+\//.test(redirectUri)
                ? 'redirect_uri must be a loopback http URL'
                : undefined;
    if (problem !== undefined) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(problem);
      return;
    }
    const target = new URL(redirectUri);
    const state = params.get('state') ?? '';
    if (decision === 'deny') {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('state', state);
    } else {
      const code = token('code');
      codes.set(code, {
        clientId: options.clientId,
        redirectUri,
        challenge: params.get('code_challenge') ?? '',
      });
      target.searchParams.set('code', code);
      target.searchParams.set('state', decision === 'wrong_state' ? 'forged-state' : state);
    }
    res.writeHead(302, { location: target.href });
    res.end();
  };

  const issue = (res: ServerResponse, grant: GrantType, keepRefresh?: string): void => {
    const accessToken = token('at');
    liveAccess.add(accessToken);
    const body: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ttl,
      ...options.tokenResponseExtras?.(grant),
    };
    if (keepRefresh === undefined) {
      const refreshToken = token('rt');
      liveRefresh.add(refreshToken);
      body.refresh_token = refreshToken;
    }
    json(res, 200, body);
  };

  const tokenEndpoint = (req: IncomingMessage, raw: string, res: ServerResponse): void => {
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    const fields = parseFields(contentType, raw);
    tokenRequests.push({ contentType, fields: fields ?? {} });
    const expected =
      options.tokenEncoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
    if (contentType !== expected || fields === undefined) {
      oauthError(res, 400, 'invalid_request', `the body must be ${expected}`);
      return;
    }
    if (failure !== undefined) {
      const status = failure;
      failure = undefined;
      oauthError(res, status, 'server_error', 'scripted failure');
      return;
    }
    if (fields.client_id !== options.clientId) {
      oauthError(res, 401, 'invalid_client', 'unknown client_id');
      return;
    }
    if (options.clientSecret !== undefined && fields.client_secret !== options.clientSecret) {
      oauthError(res, 401, 'invalid_client', 'client_secret mismatch');
      return;
    }
    if (fields.grant_type === 'authorization_code') {
      const pending = codes.get(fields.code ?? '');
      codes.delete(fields.code ?? '');
      if (pending === undefined) {
        oauthError(res, 400, 'invalid_grant', 'unknown or used code');
      } else if (pending.redirectUri !== fields.redirect_uri) {
        oauthError(res, 400, 'invalid_grant', 'redirect_uri does not match the authorize request');
      } else if (s256(fields.code_verifier ?? '') !== pending.challenge) {
        oauthError(res, 400, 'invalid_grant', 'PKCE verification failed');
      } else {
        issue(res, 'authorization_code');
      }
      return;
    }
    if (fields.grant_type === 'refresh_token') {
      const presented = fields.refresh_token ?? '';
      if (refusal !== undefined) {
        const status = refusal;
        refusal = undefined;
        oauthError(res, status, 'invalid_grant', 'refresh token revoked');
      } else if (!liveRefresh.has(presented)) {
        oauthError(res, 400, 'invalid_grant', 'refresh token is invalid or was rotated');
      } else if (rotate) {
        liveRefresh.delete(presented);
        issue(res, 'refresh_token');
      } else {
        issue(res, 'refresh_token', presented);
      }
      return;
    }
    oauthError(res, 400, 'unsupported_grant_type', String(fields.grant_type));
  };

  const loadCodeAssist = (req: IncomingMessage, res: ServerResponse): void => {
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!liveAccess.has(bearer)) {
      json(res, 401, { error: { code: 401, status: 'UNAUTHENTICATED' } });
      return;
    }
    json(res, 200, {
      currentTier: { id: 'free-tier', name: 'Free' },
      ...(project === undefined ? {} : { cloudaicompanionProject: project }),
    });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const raw = Buffer.concat(chunks).toString('utf8');
      if (req.method === 'GET' && url.pathname === '/authorize') authorize(url, res);
      else if (req.method === 'POST' && url.pathname === '/token') tokenEndpoint(req, raw, res);
      else if (req.method === 'POST' && url.pathname === '/v1internal:loadCodeAssist') {
        loadCodeAssist(req, res);
      } else if (url.pathname === '/hang') hangArrived();
      else json(res, 404, { error: 'not_found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    authorizeUrl: `${origin}/authorize`,
    tokenUrl: `${origin}/token`,
    loadCodeAssistUrl: `${origin}/v1internal:loadCodeAssist`,
    authorizeRequests,
    tokenRequests,
    decide(next) {
      decision = next;
    },
    refuseNextRefresh(status = 400) {
      refusal = status;
    },
    failNextToken(status = 503) {
      failure = status;
    },
    setProject(next) {
      project = next;
    },
    isRefreshTokenLive: (value) => liveRefresh.has(value),
    waitForHangingRequest: () => hanging,
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

function parseFields(contentType: string, raw: string): Record<string, string> | undefined {
  if (contentType === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  if (contentType === 'application/json') {
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
      return Object.fromEntries(
        Object.entries(value).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string',
        ),
      );
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The test's browser: opens the authorize URL and follows its redirect to the loopback listener. */
export async function playBrowser(
  authorizeUrl: string,
): Promise<{ status: number; html: string; redirectedTo: string | undefined }> {
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  await consent.body?.cancel();
  const location = consent.headers.get('location');
  if (consent.status !== 302 || location === null) {
    return { status: consent.status, html: '', redirectedTo: undefined };
  }
  const landing = await fetch(location, { redirect: 'manual' });
  return { status: landing.status, html: await landing.text(), redirectedTo: location };
}
