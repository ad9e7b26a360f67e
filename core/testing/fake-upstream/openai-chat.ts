// Fake of OpenAI Chat Completions: validation like the real API, JSON and SSE replies.
import { chunkText, isRecord, randomId, roughTokens, unixSeconds } from './http-helpers.js';
import {
  checkBearer,
  INVALID_JSON_MESSAGE,
  invalidRequest,
  OPENAI_MODELS,
  openAiError,
  openAiModelList,
  openAiTokenCounts,
} from './openai-shared.js';
import { isInvalidJson } from './protocol.js';
import type { Generation, Protocol, ResolvedTurn, Routed } from './protocol.js';

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'];
const FINISH: Record<ResolvedTurn['stopReason'], string> = {
  end: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
};

export const openAiChatProtocol: Protocol = {
  basePath: '/v1',
  defaultModels: OPENAI_MODELS,
  errorReply: (status, message) => openAiError(status, message),
  handle(req, ctx) {
    const route = `${req.method} ${req.path}`;
    if (route !== 'POST /v1/chat/completions' && route !== 'GET /v1/models') return undefined;
    const refused = checkBearer(req, ctx);
    if (refused !== undefined) return { reply: refused };
    if (route === 'GET /v1/models') return { reply: openAiModelList(ctx) };
    if (isInvalidJson(req) || !isRecord(req.body)) {
      return invalidRequest(INVALID_JSON_MESSAGE, null);
    }
    return validate(req.body) ?? { generation: chatGeneration(req.body) };
  },
};

function validate(body: Record<string, unknown>): Routed | undefined {
  if (typeof body.model !== 'string' || body.model === '') {
    return invalidRequest('you must provide a model parameter', null);
  }
  const messages = body.messages;
  if (messages === undefined) {
    return invalidRequest(
      "Missing required parameter: 'messages'.",
      'messages',
      'missing_required_parameter',
    );
  }
  if (!Array.isArray(messages)) {
    return invalidRequest(
      "Invalid type for 'messages': expected an array.",
      'messages',
      'invalid_type',
    );
  }
  if (messages.length === 0) {
    return invalidRequest(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
      'empty_array',
    );
  }
  if (body.stream_options !== undefined && body.stream_options !== null && body.stream !== true) {
    return invalidRequest(
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      'stream_options',
      'invalid_value',
    );
  }
  return validateMessages(messages);
}

function validateMessages(messages: unknown[]): Routed | undefined {
  // Tool call ids of the latest assistant message still waiting for a `tool` answer.
  let open: Set<string> | undefined;
  for (const [i, message] of messages.entries()) {
    if (!isRecord(message)) {
      return invalidRequest(
        `Invalid type for 'messages[${i}]': expected an object.`,
        `messages[${i}]`,
        'invalid_type',
      );
    }
    const role = message.role;
    if (typeof role !== 'string' || !ROLES.includes(role)) {
      return invalidRequest(
        `Invalid value: '${String(role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
        `messages[${i}].role`,
        'invalid_value',
      );
    }
    if (role === 'tool') {
      const id = message.tool_call_id;
      if (open === undefined || typeof id !== 'string' || !open.has(id)) {
        return invalidRequest(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${i}].role`,
        );
      }
      open.delete(id);
      continue;
    }
    if (open !== undefined && open.size > 0) return unanswered(open, i - 1);
    open = undefined;
    if (
      role === 'assistant' &&
      Array.isArray(message.tool_calls) &&
      message.tool_calls.length > 0
    ) {
      open = new Set();
      for (const call of message.tool_calls) {
        if (isRecord(call) && typeof call.id === 'string') open.add(call.id);
      }
    }
  }
  if (open !== undefined && open.size > 0) return unanswered(open, messages.length - 1);
  return undefined;
}

function unanswered(open: Set<string>, index: number): Routed {
  return invalidRequest(
    "An assistant message with 'tool_calls' must be followed by tool messages responding to each " +
      `'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open].join(', ')}`,
    `messages.[${index}].role`,
  );
}

function lastUserText(messages: unknown[]): string {
  for (const message of [...messages].reverse()) {
    if (!isRecord(message) || message.role !== 'user') continue;
    if (typeof message.content === 'string') return message.content;
    if (Array.isArray(message.content)) {
      return message.content
        .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
        .join('');
    }
  }
  return '';
}

function chatGeneration(body: Record<string, unknown>): Generation {
  const messages = body.messages as unknown[];
  const model = body.model as string;
  const id = randomId('chatcmpl-', 29);
  const created = unixSeconds();
  const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
  const calls = (turn: ResolvedTurn) =>
    turn.toolCalls.map((call) => ({
      id: randomId('call_'),
      name: call.name,
      args: JSON.stringify(call.arguments),
    }));
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(includeUsage ? { usage: null } : {}),
  });
  return {
    stream: body.stream === true,
    lastUserText: lastUserText(messages),
    inputTokens: roughTokens(messages),
    json(turn) {
      const message: Record<string, unknown> = {
        role: 'assistant',
        content: turn.text ?? null,
        refusal: null,
        annotations: [],
      };
      if (turn.thinking !== undefined) message.reasoning_content = turn.thinking;
      if (turn.toolCalls.length > 0) {
        message.tool_calls = calls(turn).map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.args },
        }));
      }
      return {
        id,
        object: 'chat.completion',
        created,
        model,
        system_fingerprint: 'fp_fake',
        choices: [{ index: 0, message, logprobs: null, finish_reason: FINISH[turn.stopReason] }],
        usage: usageObject(turn),
      };
    },
    streamed(turn) {
      const frames: unknown[] = [chunk({ role: 'assistant', content: '', refusal: null })];
      for (const piece of turn.thinking === undefined ? [] : chunkText(turn.thinking)) {
        frames.push(chunk({ reasoning_content: piece }));
      }
      for (const piece of turn.text === undefined ? [] : chunkText(turn.text)) {
        frames.push(chunk({ content: piece }));
      }
      for (const [index, call] of calls(turn).entries()) {
        const head = {
          index,
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: '' },
        };
        frames.push(chunk({ tool_calls: [head] }));
        for (const piece of chunkText(call.args, 4)) {
          frames.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
        }
      }
      frames.push(chunk({}, FINISH[turn.stopReason]));
      if (includeUsage) {
        const usageChunk = { ...chunk({}), choices: [], usage: usageObject(turn) };
        frames.push(usageChunk);
      }
      return {
        contentType: 'text/event-stream',
        frames: [
          ...frames.map((frame) => `data: ${JSON.stringify(frame)}\n\n`),
          'data: [DONE]\n\n',
        ],
      };
    },
    streamError(type, message) {
      const error = {
        message:
          message ?? 'The server had an error while processing your request. Sorry about that!',
        type: type ?? 'server_error',
        param: null,
        code: null,
      };
      return [`data: ${JSON.stringify({ error })}\n\n`];
    },
  };
}

function usageObject(turn: ResolvedTurn): Record<string, unknown> {
  const counts = openAiTokenCounts(turn);
  return {
    prompt_tokens: counts.prompt,
    completion_tokens: counts.completion,
    total_tokens: counts.prompt + counts.completion,
    prompt_tokens_details: { cached_tokens: counts.cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: counts.reasoning, audio_tokens: 0 },
  };
}
