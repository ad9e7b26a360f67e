// Scriptable fake device-authorization servers for login tests; never shipped.
export { AWS_PATHS } from './aws.js';
export { createFakeClock, type FakeClock } from './clock.js';
export { FAKE_COPILOT_TOKEN_SECONDS, GITHUB_PATHS } from './github.js';
export { RFC8628_PATHS } from './rfc8628.js';
export { startFakeDeviceServer } from './server.js';
export type {
  FakeDeviceDialect,
  FakeDeviceServer,
  FakeDeviceServerOptions,
  PollAnswer,
  RecordedOAuthRequest,
  RenewalAnswer,
} from './types.js';
