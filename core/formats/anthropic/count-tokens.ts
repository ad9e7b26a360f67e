/** `/v1/messages/count_tokens`: a Messages body without max_tokens in, `{input_tokens}` out. */
import { SwitchyardError } from '../../shared/errors.js';
import type { CountTokensCodec } from '../codec.js';
import { isRecord } from '../ir/json.js';
import type { Request } from '../ir/types.js';
import { buildRequest, parseAnthropicBody } from './request.js';

/** The fields count_tokens accepts; max_tokens, stream and sampling settings are rejected. */
const COUNTED = ['model', 'system', 'messages', 'tools', 'tool_choice', 'thinking'] as const;

function buildCountRequest(request: Request): Record<string, unknown> {
  // Built like a real request so messages, tools and thinking are spelled identically;
  // without max_tokens upstream, the output limit must not shrink the thinking budget.
  const { maxOutputTokens: _limit, ...counted } = request;
  const full = buildRequest({ ...counted, stream: false });
  const body: Record<string, unknown> = {};
  for (const key of COUNTED) if (full[key] !== undefined) body[key] = full[key];
  return body;
}

function parseCountResponse(body: unknown): number {
  const tokens = isRecord(body) ? body.input_tokens : undefined;
  if (typeof tokens !== 'number' || !Number.isFinite(tokens)) {
    throw new SwitchyardError(
      'upstream_error',
      'Anthropic count_tokens reply has no input_tokens',
      {
        status: 502,
      },
    );
  }
  return tokens;
}

function renderCountResponse(inputTokens: number, estimated: boolean): unknown {
  // `estimated` is a Switchyard extension: a local guess, not Anthropic's count (trap 8).
  return estimated ? { input_tokens: inputTokens, estimated: true } : { input_tokens: inputTokens };
}

export const anthropicCountTokens: CountTokensCodec = {
  parseRequest: (body) => parseAnthropicBody(body, 'count_tokens'),
  buildRequest: buildCountRequest,
  parseResponse: parseCountResponse,
  renderResponse: renderCountResponse,
};
