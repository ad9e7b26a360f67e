// Entry point of the fake upstreams used by integration tests; never shipped.
export { startFakeModelList } from './models.js';
export { DEFAULT_UPSTREAM_KEY, startFakeUpstream } from './server.js';
export { INVALID_THINKING_SIGNATURE } from './anthropic-validate.js';
export { THOUGHT_SIGNATURE_INVALID } from './gemini-validate.js';
export type {
  ErrorStep,
  FakeFormat,
  FakeUpstream,
  FakeUpstreamOptions,
  HangStep,
  RecordedRequest,
  ReplyStep,
  RespondStep,
  Step,
  Turn,
  TurnToolCall,
  TurnUsage,
} from './types.js';
