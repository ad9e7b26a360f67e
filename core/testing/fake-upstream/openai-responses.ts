// Fake of the OpenAI Responses API: input item validation, response objects, compaction.
import { isRecord, randomId, roughTokens, unixSeconds } from './http-helpers.js';
import {
  checkBearer,
  INVALID_JSON_MESSAGE,
  invalidRequest,
  OPENAI_MODELS,
  openAiError,
  openAiModelList,
} from './openai-shared.js';
import { isInvalidJson } from './protocol.js';
import type { Generation, Protocol, ProtocolContext, Routed } from './protocol.js';
import { responsesRenderer } from './responses-render.js';
import type { Signer } from './signing.js';

const ROLES = ['user', 'assistant', 'system', 'developer'];

export const openAiResponsesProtocol: Protocol = {
  basePath: '/v1',
  defaultModels: OPENAI_MODELS,
  errorReply: (status, message) => openAiError(status, message),
  handle(req, ctx) {
    const route = `${req.method} ${req.path}`;
    const known = ['POST /v1/responses', 'POST /v1/responses/compact', 'GET /v1/models'];
    if (!known.includes(route)) return undefined;
    const refused = checkBearer(req, ctx);
    if (refused !== undefined) return { reply: refused };
    if (route === 'GET /v1/models') return { reply: openAiModelList(ctx) };
    if (isInvalidJson(req) || !isRecord(req.body)) {
      return invalidRequest(INVALID_JSON_MESSAGE, null);
    }
    const body = req.body;
    const problem = validate(body, ctx.signer);
    if (problem !== undefined) return problem;
    if (route === 'POST /v1/responses/compact') return compact(body, ctx);
    return { generation: responsesGeneration(body, ctx.signer) };
  },
};

function validate(body: Record<string, unknown>, signer: Signer): Routed | undefined {
  if (typeof body.model !== 'string' || body.model === '') {
    return invalidRequest(
      "Missing required parameter: 'model'.",
      'model',
      'missing_required_parameter',
    );
  }
  const input = body.input;
  if (input === undefined && body.previous_response_id === undefined) {
    return invalidRequest(
      "Missing required parameter: 'input'.",
      'input',
      'missing_required_parameter',
    );
  }
  if (input === undefined || typeof input === 'string') return undefined;
  if (!Array.isArray(input)) {
    return invalidRequest(
      "Invalid type for 'input': expected a string or an array.",
      'input',
      'invalid_type',
    );
  }
  if (input.length === 0) {
    return invalidRequest(
      "Invalid 'input': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'input',
      'empty_array',
    );
  }
  return validateItems(input, signer, body.store === false);
}

function validateItems(items: unknown[], signer: Signer, unstored: boolean): Routed | undefined {
  const calls = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (!isRecord(item)) {
      return invalidRequest(
        `Invalid type for 'input[${i}]': expected an object.`,
        `input[${i}]`,
        'invalid_type',
      );
    }
    const type = item.type ?? (item.role !== undefined ? 'message' : undefined);
    if (type === 'message' && (typeof item.role !== 'string' || !ROLES.includes(item.role))) {
      return invalidRequest(
        `Invalid value: '${String(item.role)}'. Supported values are: 'assistant', 'system', 'developer', and 'user'.`,
        `input[${i}].role`,
        'invalid_value',
      );
    }
    if (type === 'function_call') {
      if (typeof item.call_id !== 'string') {
        return invalidRequest(
          `Missing required parameter: 'input[${i}].call_id'.`,
          `input[${i}].call_id`,
          'missing_required_parameter',
        );
      }
      calls.add(item.call_id);
    }
    if (type === 'function_call_output' && !calls.has(String(item.call_id))) {
      return invalidRequest(
        `No tool call found for function call output with call_id ${String(item.call_id)}.`,
        'input',
      );
    }
    if (type === 'reasoning' || type === 'compaction') {
      const problem = sealedItemProblem(item, i, signer, unstored);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

/** Reasoning and compaction items must carry encrypted content this fake sealed. */
function sealedItemProblem(
  item: Record<string, unknown>,
  index: number,
  signer: Signer,
  unstored: boolean,
): Routed | undefined {
  const id = typeof item.id === 'string' ? item.id : `input[${index}]`;
  const sealed = item.encrypted_content;
  if (typeof sealed === 'string') {
    if (signer.open(sealed) !== undefined) return undefined;
    return invalidRequest(
      `The encrypted content for item ${id} could not be verified.`,
      null,
      'invalid_encrypted_content',
    );
  }
  if (!unstored) return undefined;
  return {
    reply: openAiError(
      404,
      `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. ` +
        'Try again with `store` set to true, or remove this item from your input.',
      { param: 'input' },
    ),
  };
}

function lastUserText(input: unknown): string {
  if (typeof input === 'string') return input;
  if (!Array.isArray(input)) return '';
  for (const item of [...input].reverse()) {
    if (!isRecord(item) || item.role !== 'user') continue;
    if (typeof item.content === 'string') return item.content;
    if (Array.isArray(item.content)) {
      return item.content
        .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
        .join('');
    }
  }
  return '';
}

function responsesGeneration(body: Record<string, unknown>, signer: Signer): Generation {
  const renderer = responsesRenderer(body, signer);
  return {
    stream: body.stream === true,
    lastUserText: lastUserText(body.input),
    inputTokens: roughTokens([body.instructions, body.input, body.tools]),
    json: renderer.json,
    streamed: renderer.streamed,
    streamError: renderer.failed,
  };
}

/** A small compaction: the user messages are kept, the rest becomes one sealed item. */
function compact(body: Record<string, unknown>, ctx: ProtocolContext): Routed {
  const input = Array.isArray(body.input) ? body.input : [{ role: 'user', content: body.input }];
  const kept = input.filter((item) => isRecord(item) && item.role === 'user');
  const summary = `compacted ${input.length} item(s)`;
  const inputTokens = roughTokens(input);
  const outputTokens = roughTokens(summary);
  return {
    reply: {
      status: 200,
      body: {
        id: randomId('resp_', 40),
        object: 'response.compaction',
        created_at: unixSeconds(),
        output: [
          ...kept,
          {
            id: randomId('cmp_', 40),
            type: 'compaction',
            encrypted_content: ctx.signer.seal(JSON.stringify({ summary })),
          },
        ],
        usage: {
          input_tokens: inputTokens,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: outputTokens,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: inputTokens + outputTokens,
        },
      },
    },
  };
}
