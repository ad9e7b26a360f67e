// A plain RFC 8628 server (form bodies, snake_case, 400 errors) at Kimi's paths.
import type { RecordedOAuthRequest } from './types.js';
import {
  field,
  nextId,
  POLL_ERRORS,
  snakeDeviceAuthorization,
  type FakeReply,
  type FakeState,
  type RouteTable,
} from './wire.js';

export const RFC8628_PATHS = {
  deviceAuthorization: '/api/oauth/device_authorization',
  token: '/api/oauth/token',
} as const;

export const rfc8628Routes: RouteTable = {
  [`POST ${RFC8628_PATHS.deviceAuthorization}`]: (request, state) => {
    if (!clientAccepted(request, state)) return oauthError(401, 'invalid_client');
    return snakeDeviceAuthorization(state, '/device');
  },

  [`POST ${RFC8628_PATHS.token}`]: (request, state) => {
    if (!clientAccepted(request, state)) return oauthError(401, 'invalid_client');
    const grantType = field(request, 'grant_type');
    if (grantType === 'urn:ietf:params:oauth:grant-type:device_code') return poll(request, state);
    if (grantType === 'refresh_token') return refresh(request, state);
    return oauthError(400, 'unsupported_grant_type');
  },
};

function poll(request: RecordedOAuthRequest, state: FakeState): FakeReply {
  if (!state.deviceCodes.has(field(request, 'device_code') ?? '')) {
    return oauthError(400, 'invalid_grant');
  }
  const answer = state.script.polls.shift() ?? 'pending';
  if (answer === 'success') return issueTokens(state);
  return oauthError(400, POLL_ERRORS[answer]);
}

function refresh(request: RecordedOAuthRequest, state: FakeState): FakeReply {
  if (!state.issued.refreshTokens.includes(field(request, 'refresh_token') ?? '')) {
    return oauthError(400, 'invalid_grant');
  }
  const answer = state.script.renewals.shift() ?? 'ok';
  if (answer === 'refused') return oauthError(400, 'invalid_grant');
  if (answer === 'server_error') return oauthError(502, 'server_error');
  return issueTokens(state);
}

function issueTokens(state: FakeState): FakeReply {
  const accessToken = nextId(state, 'access-');
  const refreshToken = nextId(state, 'refresh-');
  state.issued.accessTokens.push(accessToken);
  state.issued.refreshTokens.push(refreshToken);
  return {
    status: 200,
    body: {
      access_token: accessToken,
      refresh_token: refreshToken,
      expires_in: 3600,
      token_type: 'Bearer',
    },
  };
}

function clientAccepted(request: RecordedOAuthRequest, state: FakeState): boolean {
  const expected = state.options.clientId;
  return expected === undefined || field(request, 'client_id') === expected;
}

function oauthError(status: number, error: string): FakeReply {
  return { status, body: { error, error_description: `scripted ${error}` } };
}
