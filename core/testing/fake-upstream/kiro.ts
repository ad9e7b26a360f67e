// Fake of Kiro's generateAssistantResponse: bearer auth, the conversationState shape (strict
// user/assistant alternation, tool results answering the previous turn's tool uses), and replies
// as an AWS binary event stream with real prelude and message CRC32s. Its framing is written here
// by hand, independently of core/formats/kiro, so the decoder is checked against another encoder.
import { crc32 } from 'node:zlib';
import { chunkText, bearerToken, isRecord, roughTokens } from './http-helpers.js';
import type { JsonReply } from './http-helpers.js';
import { isInvalidJson } from './protocol.js';
import type { Generation, Protocol } from './protocol.js';

const ROUTE = '/generateAssistantResponse';

const ERRORS: Record<number, [type: string, message: string]> = {
  400: ['ValidationException', 'Improperly formed request.'],
  403: ['AccessDeniedException', 'The bearer token included in the request is invalid.'],
  404: ['ResourceNotFoundException', 'The requested resource was not found.'],
  429: ['ThrottlingException', 'Rate exceeded'],
  500: ['InternalServerException', 'Encountered an unexpected error when processing the request.'],
  503: ['ServiceUnavailableException', 'Service is unavailable.'],
};

/** AWS JSON-protocol errors: `__type` in the body and in `x-amzn-errortype`. */
export function kiroError(status: number, message?: string): JsonReply {
  const [type, fallback] = ERRORS[status] ?? ERRORS[status >= 500 ? 500 : 400] ?? ['', ''];
  return {
    status,
    body: { __type: `com.amazon.aws.codewhisperer#${type}`, message: message ?? fallback },
    headers: {
      'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.aws.codewhisperer/`,
    },
  };
}

/** One event-stream frame with string headers (type 7). */
export function kiroFrame(headers: Record<string, string>, payload: unknown): Buffer {
  const head = Buffer.concat(
    Object.entries(headers).map(([name, value]) => {
      const n = Buffer.from(name);
      const v = Buffer.from(value);
      const fixed = Buffer.alloc(1 + n.length + 3);
      fixed[0] = n.length;
      n.copy(fixed, 1);
      fixed[1 + n.length] = 7;
      fixed.writeUInt16BE(v.length, 2 + n.length);
      return Buffer.concat([fixed, v]);
    }),
  );
  const body = Buffer.from(JSON.stringify(payload));
  const total = 12 + head.length + body.length + 4;
  const prelude = Buffer.alloc(8);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(head.length, 4);
  const preludeCrc = Buffer.alloc(4);
  preludeCrc.writeUInt32BE(crc32(prelude), 0);
  const message = Buffer.concat([prelude, preludeCrc, head, body]);
  const messageCrc = Buffer.alloc(4);
  messageCrc.writeUInt32BE(crc32(message), 0);
  return Buffer.concat([message, messageCrc]);
}

const event = (type: string, payload: unknown): Buffer =>
  kiroFrame(
    { ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' },
    payload,
  );

function userMessageProblem(value: unknown, where: string): string | undefined {
  if (!isRecord(value)) return `${where}.userInputMessage is missing.`;
  if (typeof value.content !== 'string')
    return `${where}.userInputMessage.content must be a string.`;
  if (typeof value.modelId !== 'string' || value.modelId === '')
    return `${where}: modelId missing.`;
  if (typeof value.origin !== 'string') return `${where}: origin missing.`;
  return undefined;
}

function toolResultIds(message: Record<string, unknown>): string[] {
  const context = isRecord(message.userInputMessageContext) ? message.userInputMessageContext : {};
  const results = Array.isArray(context.toolResults) ? context.toolResults : [];
  return results.filter(isRecord).map((result) => String(result.toolUseId));
}

function toolUseIds(message: Record<string, unknown>): string[] {
  const uses = Array.isArray(message.toolUses) ? message.toolUses : [];
  return uses.filter(isRecord).map((use) => String(use.toolUseId));
}

/** What Kiro would refuse with a ValidationException, in words for the test log. */
export function kiroRequestProblem(body: Record<string, unknown>): string | undefined {
  const state = body.conversationState;
  if (!isRecord(state)) return 'conversationState is missing.';
  if (state.chatTriggerType !== 'MANUAL') return 'chatTriggerType must be MANUAL.';
  if (typeof state.conversationId !== 'string' || state.conversationId === '') {
    return 'conversationId is missing.';
  }
  const current = isRecord(state.currentMessage)
    ? state.currentMessage.userInputMessage
    : undefined;
  const currentProblem = userMessageProblem(current, 'currentMessage');
  if (currentProblem !== undefined) return currentProblem;
  const history = state.history ?? [];
  if (!Array.isArray(history)) return 'history must be a list.';
  const turns: Record<string, unknown>[] = [
    ...history.filter(isRecord),
    { userInputMessage: current },
  ];
  if (turns.length !== history.length + 1) return 'history entries must be objects.';
  let previousUses: string[] = [];
  for (const [i, turn] of turns.entries()) {
    const user = turn.userInputMessage;
    const assistant = turn.assistantResponseMessage;
    if ((user === undefined) === (assistant === undefined)) {
      return `history[${i}] must hold exactly one message.`;
    }
    if ((i % 2 === 0) !== (user !== undefined)) return `history[${i}] breaks the alternation.`;
    if (user !== undefined) {
      const problem = userMessageProblem(user, `history[${i}]`);
      if (problem !== undefined) return problem;
      for (const id of toolResultIds(user as Record<string, unknown>)) {
        if (!previousUses.includes(id)) return `toolResult ${id} answers no toolUse.`;
      }
      previousUses = [];
    } else {
      if (!isRecord(assistant) || typeof assistant.content !== 'string') {
        return `history[${i}].assistantResponseMessage.content must be a string.`;
      }
      previousUses = toolUseIds(assistant);
    }
  }
  return undefined;
}

export const kiroProtocol: Protocol = {
  basePath: '',
  defaultModels: ['claude-sonnet-4.5', 'claude-sonnet-4', 'claude-haiku-4.5'],
  errorReply: kiroError,
  handle(req, ctx) {
    if (req.method !== 'POST' || req.path !== ROUTE) return undefined;
    if (bearerToken(req.headers) !== ctx.apiKey) return { reply: kiroError(403) };
    if (isInvalidJson(req) || !isRecord(req.body)) return { reply: kiroError(400) };
    const problem = kiroRequestProblem(req.body);
    if (problem !== undefined) return { reply: kiroError(400, problem) };
    return { generation: kiroGeneration(req.body) };
  },
};

function kiroGeneration(body: Record<string, unknown>): Generation {
  const state = body.conversationState as Record<string, unknown>;
  const current = (state.currentMessage as Record<string, unknown>).userInputMessage as Record<
    string,
    unknown
  >;
  let toolCount = 0;
  return {
    // Kiro always streams.
    stream: true,
    lastUserText: String(current.content),
    inputTokens: roughTokens(state),
    json: () => {
      throw new Error('Kiro has no JSON replies');
    },
    streamed(turn) {
      const frames: Buffer[] = [];
      for (const piece of turn.text === undefined ? [] : chunkText(turn.text)) {
        frames.push(event('assistantResponseEvent', { content: piece }));
      }
      for (const call of turn.toolCalls) {
        toolCount += 1;
        const toolUseId = `tooluse_fake${toolCount}`;
        const input = JSON.stringify(call.arguments);
        const half = Math.floor(input.length / 2);
        frames.push(event('toolUseEvent', { name: call.name, toolUseId }));
        frames.push(
          event('toolUseEvent', { name: call.name, toolUseId, input: input.slice(0, half) }),
        );
        frames.push(
          event('toolUseEvent', { name: call.name, toolUseId, input: input.slice(half) }),
        );
        frames.push(event('toolUseEvent', { name: call.name, toolUseId, stop: true }));
      }
      frames.push(event('meteringEvent', { unit: 'credit', unitPlural: 'credits', usage: 0.02 }));
      frames.push(event('contextUsageEvent', { contextUsagePercentage: 1.5 }));
      return { contentType: 'application/vnd.amazon.eventstream', frames };
    },
    streamError(type, message) {
      return [
        kiroFrame(
          {
            ':exception-type': type ?? 'InternalServerException',
            ':content-type': 'application/json',
            ':message-type': 'exception',
          },
          { message: message ?? 'Encountered an unexpected error when processing the request.' },
        ),
      ];
    },
  };
}
