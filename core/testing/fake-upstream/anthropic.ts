// Fake of Anthropic Messages: x-api-key auth, validation, message JSON and event streams.
import { anthropicRequestProblem } from './anthropic-validate.js';
import { bearerToken, chunkText, header, isRecord, randomId, roughTokens } from './http-helpers.js';
import type { JsonReply } from './http-helpers.js';
import { isInvalidJson } from './protocol.js';
import type { Generation, Protocol, ResolvedTurn } from './protocol.js';
import type { Signer } from './signing.js';

const ERRORS: Record<number, [type: string, message: string]> = {
  400: ['invalid_request_error', 'Invalid request'],
  401: ['authentication_error', 'invalid x-api-key'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'Not found'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: [
    'rate_limit_error',
    'This request would exceed the rate limit for your organization of 50 requests per minute. ' +
      'For details, refer to: https://docs.claude.com/en/api/rate-limits.',
  ],
  500: ['api_error', 'Internal server error'],
  529: ['overloaded_error', 'Overloaded'],
};

const STOP: Record<ResolvedTurn['stopReason'], string> = {
  end: 'end_turn',
  max_tokens: 'max_tokens',
  tool_use: 'tool_use',
};

export function anthropicError(status: number, message?: string): JsonReply {
  const [type, fallback] = ERRORS[status] ?? ERRORS[status >= 500 ? 500 : 400] ?? ['api_error', ''];
  const requestId = randomId('req_');
  const headers: Record<string, string> = { 'request-id': requestId };
  if (status === 429) {
    const reset = new Date(Date.now() + 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    Object.assign(headers, {
      'retry-after': '1',
      'anthropic-ratelimit-requests-limit': '50',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': reset,
      'anthropic-ratelimit-tokens-limit': '40000',
      'anthropic-ratelimit-tokens-remaining': '39000',
      'anthropic-ratelimit-tokens-reset': reset,
    });
  }
  return {
    status,
    headers,
    body: { type: 'error', error: { type, message: message ?? fallback }, request_id: requestId },
  };
}

export const anthropicProtocol: Protocol = {
  basePath: '/v1',
  defaultModels: ['claude-sonnet-4-5', 'claude-opus-4-5', 'claude-haiku-4-5'],
  errorReply: anthropicError,
  handle(req, ctx) {
    const route = `${req.method} ${req.path}`;
    const known = ['POST /v1/messages', 'POST /v1/messages/count_tokens', 'GET /v1/models'];
    if (!known.includes(route)) return undefined;
    const key = header(req.headers, 'x-api-key') ?? bearerToken(req.headers);
    if (key === undefined) return { reply: anthropicError(401, 'x-api-key header is required') };
    if (key !== ctx.apiKey) return { reply: anthropicError(401) };
    if (header(req.headers, 'anthropic-version') === undefined) {
      return { reply: anthropicError(400, 'anthropic-version: header is required') };
    }
    if (route === 'GET /v1/models') return { reply: modelList(ctx.models) };
    if (isInvalidJson(req) || !isRecord(req.body)) {
      return { reply: anthropicError(400, 'There was an error parsing the body: invalid JSON') };
    }
    const body = req.body;
    const countOnly = route === 'POST /v1/messages/count_tokens';
    const problem = anthropicRequestProblem(body, ctx.signer, countOnly);
    if (problem !== undefined) return { reply: anthropicError(400, problem) };
    const inputTokens = roughTokens([body.system, body.messages, body.tools]);
    if (countOnly) return { reply: { status: 200, body: { input_tokens: inputTokens } } };
    return { generation: messagesGeneration(body, inputTokens, ctx.signer) };
  },
};

function modelList(models: string[]): JsonReply {
  const data = models.map((id) => ({
    type: 'model',
    id,
    display_name: id,
    created_at: '2025-09-29T00:00:00Z',
  }));
  return {
    status: 200,
    body: { data, has_more: false, first_id: models[0] ?? null, last_id: models.at(-1) ?? null },
  };
}

function lastUserText(messages: unknown[]): string {
  for (const message of [...messages].reverse()) {
    if (!isRecord(message) || message.role !== 'user') continue;
    if (typeof message.content === 'string') return message.content;
    const texts = (message.content as unknown[])
      .filter((block) => isRecord(block) && block.type === 'text')
      .map((block) => (block as { text: string }).text);
    if (texts.length > 0) return texts.join('');
  }
  return '';
}

type Block = Record<string, unknown>;

function contentBlocks(turn: ResolvedTurn, signer: Signer): Block[] {
  const blocks: Block[] = [];
  if (turn.thinking !== undefined) {
    blocks.push({
      type: 'thinking',
      thinking: turn.thinking,
      signature: signer.sign(turn.thinking),
    });
  }
  if (turn.text !== undefined) blocks.push({ type: 'text', text: turn.text });
  for (const call of turn.toolCalls) {
    blocks.push({
      type: 'tool_use',
      id: randomId('toolu_01'),
      name: call.name,
      input: call.arguments,
    });
  }
  return blocks;
}

function usageOf(turn: ResolvedTurn): Record<string, unknown> {
  return {
    input_tokens: turn.usage.input,
    cache_creation_input_tokens: turn.usage.cacheWrite,
    cache_read_input_tokens: turn.usage.cacheRead,
    output_tokens: turn.usage.output,
  };
}

function frame(event: string, data: Record<string, unknown>): string {
  return `event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`;
}

/** The start, deltas and stop of one content block. */
function blockFrames(index: number, block: Block): string[] {
  const delta = (payload: Record<string, unknown>) =>
    frame('content_block_delta', { index, delta: payload });
  const frames: string[] = [];
  if (block.type === 'thinking') {
    frames.push(
      frame('content_block_start', {
        index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      }),
    );
    for (const piece of chunkText(block.thinking as string))
      frames.push(delta({ type: 'thinking_delta', thinking: piece }));
    frames.push(delta({ type: 'signature_delta', signature: block.signature }));
  } else if (block.type === 'text') {
    frames.push(frame('content_block_start', { index, content_block: { type: 'text', text: '' } }));
    for (const piece of chunkText(block.text as string))
      frames.push(delta({ type: 'text_delta', text: piece }));
  } else {
    const start = { type: 'tool_use', id: block.id, name: block.name, input: {} };
    frames.push(frame('content_block_start', { index, content_block: start }));
    frames.push(delta({ type: 'input_json_delta', partial_json: '' }));
    for (const piece of chunkText(JSON.stringify(block.input), 4)) {
      frames.push(delta({ type: 'input_json_delta', partial_json: piece }));
    }
  }
  frames.push(frame('content_block_stop', { index }));
  return frames;
}

function messagesGeneration(
  body: Record<string, unknown>,
  inputTokens: number,
  signer: Signer,
): Generation {
  const id = randomId('msg_01');
  const model = body.model as string;
  const message = (turn: ResolvedTurn, content: Block[], stopped: boolean) => ({
    id,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stopped ? STOP[turn.stopReason] : null,
    stop_sequence: null,
    usage: stopped
      ? { ...usageOf(turn), service_tier: 'standard' }
      : { ...usageOf(turn), output_tokens: 1 },
  });
  return {
    stream: body.stream === true,
    lastUserText: lastUserText(body.messages as unknown[]),
    inputTokens,
    json: (turn) => message(turn, contentBlocks(turn, signer), true),
    streamed(turn) {
      const frames = [
        frame('message_start', { message: message(turn, [], false) }),
        frame('ping', {}),
      ];
      for (const [index, block] of contentBlocks(turn, signer).entries())
        frames.push(...blockFrames(index, block));
      frames.push(
        frame('message_delta', {
          delta: { stop_reason: STOP[turn.stopReason], stop_sequence: null },
          usage: usageOf(turn),
        }),
        frame('message_stop', {}),
      );
      return { contentType: 'text/event-stream', frames };
    },
    streamError: (type, text) => [
      frame('error', {
        error: { type: type ?? 'overloaded_error', message: text ?? 'Overloaded' },
      }),
    ],
  };
}
