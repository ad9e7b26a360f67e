// AWS SSO OIDC (Builder ID) as Kiro uses it: camelCase JSON, exception names in `x-amzn-errortype`.
import type { RecordedOAuthRequest } from './types.js';
import {
  field,
  nextId,
  POLL_ERRORS,
  type FakeReply,
  type FakeState,
  type RouteTable,
} from './wire.js';

export const AWS_PATHS = {
  register: '/client/register',
  deviceAuthorization: '/device_authorization',
  token: '/token',
} as const;

const EXCEPTIONS = {
  pending: 'AuthorizationPendingException',
  slow_down: 'SlowDownException',
  expired: 'ExpiredTokenException',
  denied: 'AccessDeniedException',
} as const;

export const awsRoutes: RouteTable = {
  [`POST ${AWS_PATHS.register}`]: (request, state) => {
    const scopes = request.body?.['scopes'];
    if (field(request, 'clientType') !== 'public' || !Array.isArray(scopes)) {
      return awsError(400, 'InvalidClientMetadataException', 'invalid_client_metadata');
    }
    const client = { clientId: nextId(state, 'client-'), clientSecret: nextId(state, 'secret-') };
    state.issued.clients.push(client);
    const nowSeconds = Math.floor(Date.now() / 1000);
    return {
      status: 200,
      body: {
        ...client,
        clientIdIssuedAt: nowSeconds,
        clientSecretExpiresAt: nowSeconds + 90 * 86_400,
      },
    };
  },

  [`POST ${AWS_PATHS.deviceAuthorization}`]: (request, state) => {
    if (!knownClient(request, state))
      return awsError(401, 'InvalidClientException', 'invalid_client');
    if (field(request, 'startUrl') === undefined) {
      return awsError(400, 'InvalidRequestException', 'invalid_request');
    }
    const deviceCode = nextId(state, 'aws-device-');
    state.deviceCodes.add(deviceCode);
    const verificationUri = `${state.url}/start/device`;
    const withComplete = state.options.withCompleteUri ?? true;
    return {
      status: 200,
      body: {
        deviceCode,
        userCode: 'KIRO-CODE',
        verificationUri,
        ...(withComplete
          ? { verificationUriComplete: `${verificationUri}?user_code=KIRO-CODE` }
          : {}),
        expiresIn: state.options.expiresIn ?? 600,
        interval: state.options.interval ?? 5,
      },
    };
  },

  [`POST ${AWS_PATHS.token}`]: (request, state) => {
    if (!knownClient(request, state))
      return awsError(401, 'InvalidClientException', 'invalid_client');
    const grantType = field(request, 'grantType');
    if (grantType === 'urn:ietf:params:oauth:grant-type:device_code') return poll(request, state);
    if (grantType === 'refresh_token') return refresh(request, state);
    return awsError(400, 'UnsupportedGrantTypeException', 'unsupported_grant_type');
  },
};

function poll(request: RecordedOAuthRequest, state: FakeState): FakeReply {
  if (!state.deviceCodes.has(field(request, 'deviceCode') ?? '')) {
    return awsError(400, 'InvalidGrantException', 'invalid_grant');
  }
  const answer = state.script.polls.shift() ?? 'pending';
  if (answer === 'success') return issueTokens(state);
  return awsError(400, EXCEPTIONS[answer], POLL_ERRORS[answer]);
}

function refresh(request: RecordedOAuthRequest, state: FakeState): FakeReply {
  if (!state.issued.refreshTokens.includes(field(request, 'refreshToken') ?? '')) {
    return awsError(400, 'InvalidGrantException', 'invalid_grant');
  }
  const answer = state.script.renewals.shift() ?? 'ok';
  if (answer === 'refused') return awsError(400, 'InvalidGrantException', 'invalid_grant');
  if (answer === 'server_error') return awsError(500, 'InternalServerException', 'server_error');
  return issueTokens(state);
}

function issueTokens(state: FakeState): FakeReply {
  const accessToken = nextId(state, 'aoa-fake-');
  const refreshToken = nextId(state, 'aor-fake-');
  state.issued.accessTokens.push(accessToken);
  state.issued.refreshTokens.push(refreshToken);
  return { status: 200, body: { accessToken, refreshToken, expiresIn: 3600, tokenType: 'Bearer' } };
}

function knownClient(request: RecordedOAuthRequest, state: FakeState): boolean {
  const clientId = field(request, 'clientId');
  const clientSecret = field(request, 'clientSecret');
  return state.issued.clients.some(
    (client) => client.clientId === clientId && client.clientSecret === clientSecret,
  );
}

function awsError(status: number, exception: string, error: string): FakeReply {
  return {
    status,
    headers: {
      'x-amzn-errortype': `${exception}:http://internal.amazon.com/coral/com.amazonaws.fake/`,
    },
    body: { error, error_description: `scripted ${exception}` },
  };
}
