// GitHub's device flow, Copilot token exchange and `/user`, as the Copilot login uses them.
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

export const GITHUB_PATHS = {
  deviceCode: '/login/device/code',
  accessToken: '/login/oauth/access_token',
  copilotToken: '/copilot_internal/v2/token',
  user: '/user',
} as const;

/** Copilot tokens the fake issues live this long. */
export const FAKE_COPILOT_TOKEN_SECONDS = 1800;

export const githubRoutes: RouteTable = {
  [`POST ${GITHUB_PATHS.deviceCode}`]: (request, state) => {
    const clientError = checkClient(request, state);
    if (clientError !== undefined) return clientError;
    return snakeDeviceAuthorization(state, '/login/device');
  },

  // GitHub answers 200 even for pending and failures, with an `error` field.
  [`POST ${GITHUB_PATHS.accessToken}`]: (request, state) => {
    const clientError = checkClient(request, state);
    if (clientError !== undefined) return clientError;
    if (!state.deviceCodes.has(field(request, 'device_code') ?? '')) {
      return {
        status: 200,
        body: { error: 'incorrect_device_code', error_description: 'Unknown device code' },
      };
    }
    const answer = state.script.polls.shift() ?? 'pending';
    if (answer === 'success') {
      const accessToken = nextId(state, 'gho_fake');
      state.issued.accessTokens.push(accessToken);
      return {
        status: 200,
        body: { access_token: accessToken, token_type: 'bearer', scope: 'read:user' },
      };
    }
    if (answer === 'slow_down') state.interval += 5;
    return {
      status: 200,
      body: {
        error: POLL_ERRORS[answer],
        error_description: `scripted ${answer}`,
        ...(answer === 'slow_down' ? { interval: state.interval } : {}),
      },
    };
  },

  [`GET ${GITHUB_PATHS.copilotToken}`]: (request, state) => {
    if (!knownGithubToken(request, state)) return badCredentials();
    const answer = state.script.renewals.shift() ?? 'ok';
    if (answer === 'refused') return badCredentials();
    if (answer === 'server_error') return { status: 503, body: { message: 'scripted outage' } };
    const expiresAt = Math.floor(Date.now() / 1000) + FAKE_COPILOT_TOKEN_SECONDS;
    const token = `tid=${nextId(state, 'copilot-')};exp=${expiresAt}`;
    state.issued.copilotTokens.push(token);
    return {
      status: 200,
      body: {
        token,
        expires_at: expiresAt,
        refresh_in: FAKE_COPILOT_TOKEN_SECONDS - 300,
        endpoints: { api: `${state.url}/copilot-api` },
        sku: 'copilot_for_individuals_subscriber',
      },
    };
  },

  [`GET ${GITHUB_PATHS.user}`]: (request, state) => {
    if (!knownGithubToken(request, state)) return badCredentials();
    return { status: 200, body: { login: state.options.githubLogin ?? 'octo-tester', id: 4242 } };
  },
};

function checkClient(request: RecordedOAuthRequest, state: FakeState): FakeReply | undefined {
  const expected = state.options.clientId;
  if (expected === undefined || field(request, 'client_id') === expected) return undefined;
  return {
    status: 200,
    body: { error: 'incorrect_client_credentials', error_description: 'Unknown client' },
  };
}

function knownGithubToken(request: RecordedOAuthRequest, state: FakeState): boolean {
  const header = request.headers.authorization ?? '';
  const match = /^token (.+)$/.exec(header);
  return match?.[1] !== undefined && state.issued.accessTokens.includes(match[1]);
}

function badCredentials(): FakeReply {
  return { status: 401, body: { message: 'Bad credentials' } };
}
