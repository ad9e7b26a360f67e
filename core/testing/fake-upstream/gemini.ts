// Fake of the Gemini API: key auth, validation, GenerateContentResponse as JSON, SSE or JSON array.
import { geminiRequestProblem } from './gemini-validate.js';
import { chunkText, header, isRecord, randomId, roughTokens } from './http-helpers.js';
import type { JsonReply } from './http-helpers.js';
import { isInvalidJson } from './protocol.js';
import type { Generation, Protocol, ResolvedTurn } from './protocol.js';
import type { Signer } from './signing.js';
import type { RecordedRequest } from './types.js';

const STATUS: Record<number, [status: string, message: string]> = {
  400: ['INVALID_ARGUMENT', 'Request contains an invalid argument.'],
  401: ['UNAUTHENTICATED', 'API key not valid. Please pass a valid API key.'],
  403: ['PERMISSION_DENIED', 'The caller does not have permission'],
  404: ['NOT_FOUND', 'Requested entity was not found.'],
  429: [
    'RESOURCE_EXHAUSTED',
    'You exceeded your current quota, please check your plan and billing details. For more ' +
      'information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
  ],
  500: [
    'INTERNAL',
    'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  ],
  503: ['UNAVAILABLE', 'The model is overloaded. Please try again later.'],
  504: ['DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.'],
};

const ROUTE = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;

export function geminiError(status: number, message?: string): JsonReply {
  const [name, fallback] = STATUS[status] ?? STATUS[status >= 500 ? 500 : 400] ?? ['UNKNOWN', ''];
  const error: Record<string, unknown> = {
    code: status,
    message: message ?? fallback,
    status: name,
  };
  if (status === 429) {
    // Gemini says when to come back in a RetryInfo detail, not in a retry-after header.
    error.details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' }];
  } else if (status === 401) {
    error.details = [keyInvalidInfo()];
  }
  return { status, body: { error } };
}

function keyInvalidInfo(): Record<string, unknown> {
  return {
    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
    reason: 'API_KEY_INVALID',
    domain: 'googleapis.com',
    metadata: { service: 'generativelanguage.googleapis.com' },
  };
}

/**
 * What Gemini really answers a caller without a good key: no key is a 403
 * (unregistered caller), a wrong one a 400 INVALID_ARGUMENT whose only hint
 * is the API_KEY_INVALID reason in its details.
 */
function keyError(key: string | undefined): JsonReply {
  if (key === undefined) {
    return geminiError(
      403,
      "Method doesn't allow unregistered callers (callers without established identity). " +
        'Please use API Key or other form of API consumer identity to call this API.',
    );
  }
  const message = 'API key not valid. Please pass a valid API key.';
  return {
    status: 400,
    body: {
      error: {
        code: 400,
        message,
        status: 'INVALID_ARGUMENT',
        details: [
          keyInvalidInfo(),
          { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message },
        ],
      },
    },
  };
}

export const geminiProtocol: Protocol = {
  basePath: '/v1beta',
  defaultModels: ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-3-pro-preview'],
  errorReply: geminiError,
  handle(req, ctx) {
    const match = ROUTE.exec(req.path);
    const listing = req.method === 'GET' && req.path === '/v1beta/models';
    if (!listing && (req.method !== 'POST' || match === null)) return undefined;
    const key = header(req.headers, 'x-goog-api-key') ?? req.query.key;
    if (key !== ctx.apiKey) return { reply: keyError(key) };
    if (listing || match === null) return { reply: modelList(ctx.models) };
    const [, model = '', action] = match;
    if (isInvalidJson(req) || !isRecord(req.body)) {
      return { reply: geminiError(400, 'Invalid JSON payload received. Unexpected token.') };
    }
    if (action === 'countTokens') return countTokens(req.body, ctx.signer);
    const problem = geminiRequestProblem(req.body, ctx.signer);
    if (problem !== undefined) return { reply: geminiError(400, problem) };
    return {
      generation: geminiGeneration(req, model, action === 'streamGenerateContent', ctx.signer),
    };
  },
};

function modelList(models: string[]): JsonReply {
  const entries = models.map((id) => ({
    name: `models/${id}`,
    version: '001',
    displayName: id,
    inputTokenLimit: 1_048_576,
    outputTokenLimit: 65_536,
    supportedGenerationMethods: ['generateContent', 'countTokens'],
    thinking: true,
  }));
  return { status: 200, body: { models: entries } };
}

function countTokens(body: Record<string, unknown>, signer: Signer) {
  const inner = isRecord(body.generateContentRequest) ? body.generateContentRequest : body;
  const problem = geminiRequestProblem(inner, signer);
  if (problem !== undefined) return { reply: geminiError(400, problem) };
  const total = roughTokens([inner.systemInstruction, inner.contents, inner.tools]);
  const promptTokensDetails = [{ modality: 'TEXT', tokenCount: total }];
  return { reply: { status: 200, body: { totalTokens: total, promptTokensDetails } } };
}

function lastUserText(contents: unknown[]): string {
  for (const content of [...contents].reverse()) {
    if (!isRecord(content) || content.role === 'model' || !Array.isArray(content.parts)) continue;
    const texts = content.parts
      .filter(isRecord)
      .flatMap((p) => (typeof p.text === 'string' ? [p.text] : []));
    if (texts.length > 0) return texts.join('');
  }
  return '';
}

type Part = Record<string, unknown>;

function promptTokens(turn: ResolvedTurn): number {
  return turn.usage.input + turn.usage.cacheRead + turn.usage.cacheWrite;
}

/** Gemini buckets: candidates exclude thoughts; prompt includes cached content. */
function usageMetadata(turn: ResolvedTurn): Record<string, unknown> {
  const { cacheRead, output, reasoning } = turn.usage;
  const prompt = promptTokens(turn);
  const candidates = Math.max(0, output - reasoning);
  const usage: Record<string, unknown> = {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + reasoning,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }],
  };
  if (cacheRead > 0) usage.cachedContentTokenCount = cacheRead;
  if (reasoning > 0) usage.thoughtsTokenCount = reasoning;
  return usage;
}

/** Parts per chunk (one chunk when not streaming), with the thought signature placed. */
function partChunks(turn: ResolvedTurn, signer: Signer, streaming: boolean): Part[][] {
  const split = (text: string) => (streaming ? chunkText(text) : [text]);
  const chunks: Part[][] = [];
  for (const piece of turn.thinking === undefined ? [] : split(turn.thinking)) {
    chunks.push([{ text: piece, thought: true }]);
  }
  for (const piece of turn.text === undefined ? [] : split(turn.text))
    chunks.push([{ text: piece }]);
  const calls = turn.toolCalls.map((call) => ({
    functionCall: { name: call.name, args: call.arguments },
  }));
  chunks.push(...calls.map((part) => [part]));
  if (chunks.length === 0) chunks.push([{ text: '' }]);
  if (turn.thinking !== undefined) {
    const signed = calls[0] ?? chunks.at(-1)?.at(-1);
    if (signed !== undefined) {
      Object.assign(signed, {
        thoughtSignature: signer.seal(JSON.stringify({ thought: randomId('') })),
      });
    }
  }
  return streaming ? chunks : [chunks.flat()];
}

export function geminiGeneration(
  req: RecordedRequest,
  model: string,
  stream: boolean,
  signer: Signer,
): Generation {
  const body = req.body as Record<string, unknown>;
  const responseId = randomId('', 22);
  const inputTokens = roughTokens([body.systemInstruction, body.contents, body.tools]);
  const response = (parts: Part[], turn: ResolvedTurn, last: boolean) => ({
    candidates: [
      {
        content: { parts, role: 'model' },
        ...(last ? { finishReason: turn.stopReason === 'max_tokens' ? 'MAX_TOKENS' : 'STOP' } : {}),
        index: 0,
      },
    ],
    usageMetadata: last
      ? usageMetadata(turn)
      : { promptTokenCount: promptTokens(turn), totalTokenCount: promptTokens(turn) },
    modelVersion: model,
    responseId,
  });
  const sse = req.query.alt === 'sse';
  const encode = (value: unknown) =>
    sse ? `data: ${JSON.stringify(value)}\r\n\r\n` : JSON.stringify(value);
  return {
    stream,
    lastUserText: lastUserText(body.contents as unknown[]),
    inputTokens,
    json: (turn) => response(partChunks(turn, signer, false)[0] ?? [], turn, true),
    streamed(turn) {
      const chunks = partChunks(turn, signer, true);
      const frames = chunks.map((parts, i) =>
        encode(response(parts, turn, i === chunks.length - 1)),
      );
      if (sse) return { contentType: 'text/event-stream', frames };
      return { contentType: 'application/json', frames, open: '[', separator: ',\r\n', close: ']' };
    },
    streamError(type, message) {
      const failure = geminiError(500, message).body as { error: Record<string, unknown> };
      if (type !== undefined) failure.error.status = type;
      return [encode(failure)];
    },
  };
}
