// What the dialect route tables share: the fake's mutable state and reply shape.
import type { JsonReply } from '../fake-upstream/http-helpers.js';
import type { FakeDeviceServerOptions, RecordedOAuthRequest, FakeDeviceServer } from './types.js';

/** The same reply shape the fake upstreams send. */
export type FakeReply = JsonReply;

export interface FakeState {
  options: FakeDeviceServerOptions;
  url: string;
  script: FakeDeviceServer['script'];
  issued: FakeDeviceServer['issued'];
  deviceCodes: Set<string>;
  /** The interval the fake currently asks for; grows by 5 s on each `slow_down`. */
  interval: number;
  counter: number;
}

export type Route = (request: RecordedOAuthRequest, state: FakeState) => FakeReply;
export type RouteTable = Record<string, Route>;

export function nextId(state: FakeState, prefix: string): string {
  state.counter += 1;
  return `${prefix}${state.counter}`;
}

export function field(request: RecordedOAuthRequest, name: string): string | undefined {
  const value = request.body?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** Issues a device code in the RFC 8628 snake_case shape. */
export function snakeDeviceAuthorization(state: FakeState, verificationPath: string): FakeReply {
  const deviceCode = nextId(state, 'device-code-');
  state.deviceCodes.add(deviceCode);
  const verificationUri = `${state.url}${verificationPath}`;
  const withComplete = state.options.withCompleteUri ?? true;
  return {
    status: 200,
    body: {
      device_code: deviceCode,
      user_code: 'WDJB-MJHT',
      verification_uri: verificationUri,
      ...(withComplete
        ? { verification_uri_complete: `${verificationUri}?user_code=WDJB-MJHT` }
        : {}),
      expires_in: state.options.expiresIn ?? 900,
      interval: state.options.interval ?? 5,
    },
  };
}

/** RFC 8628 §3.5 error names for the scripted non-success poll answers. */
export const POLL_ERRORS = {
  pending: 'authorization_pending',
  slow_down: 'slow_down',
  expired: 'expired_token',
  denied: 'access_denied',
} as const;
