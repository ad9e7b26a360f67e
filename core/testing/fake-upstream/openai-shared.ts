// What the OpenAI chat and Responses fakes share: error shape, bearer auth, model list, usage.
import { bearerToken, randomId } from './http-helpers.js';
import type { JsonReply } from './http-helpers.js';
import type { ProtocolContext, ResolvedTurn } from './protocol.js';
import type { RecordedRequest } from './types.js';

export const OPENAI_MODELS = ['gpt-5.2', 'gpt-5.2-codex', 'gpt-4.1-mini'];

const DEFAULTS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Invalid API key.' },
  403: {
    type: 'invalid_request_error',
    code: 'unsupported_country_region_territory',
    message: 'Country, region, or territory not supported',
  },
  404: { type: 'invalid_request_error', code: null, message: 'Invalid URL' },
  413: { type: 'invalid_request_error', code: null, message: 'Request too large.' },
  429: {
    type: 'requests',
    code: 'rate_limit_exceeded',
    message:
      'Rate limit reached for requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 1s.',
  },
  500: {
    type: 'server_error',
    code: null,
    message: 'The server had an error while processing your request. Sorry about that!',
  },
  503: {
    type: 'server_error',
    code: null,
    message: 'The engine is currently overloaded, please try again later.',
  },
};

export interface OpenAiErrorFields {
  type?: string;
  param?: string | null;
  code?: string | null;
}

export function openAiError(
  status: number,
  message?: string,
  fields: OpenAiErrorFields = {},
): JsonReply {
  const base = DEFAULTS[status] ?? DEFAULTS[status >= 500 ? 500 : 400];
  const headers: Record<string, string> = { 'x-request-id': randomId('req_', 32) };
  if (status === 429) {
    Object.assign(headers, {
      'retry-after': '1',
      'x-ratelimit-limit-requests': '500',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-limit-tokens': '30000',
      'x-ratelimit-remaining-tokens': '29000',
      'x-ratelimit-reset-tokens': '2ms',
    });
  }
  return {
    status,
    headers,
    body: {
      error: {
        message: message ?? base?.message ?? 'Error',
        type: fields.type ?? base?.type ?? 'invalid_request_error',
        param: fields.param ?? null,
        code: fields.code === undefined ? (base?.code ?? null) : fields.code,
      },
    },
  };
}

export function invalidRequest(message: string, param: string | null, code: string | null = null) {
  return { reply: openAiError(400, message, { param, code }) };
}

export const INVALID_JSON_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using " +
  'your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not ' +
  'valid JSON.)';

/** A 401 reply when the bearer token is missing or wrong. */
export function checkBearer(req: RecordedRequest, ctx: ProtocolContext): JsonReply | undefined {
  const token = bearerToken(req.headers);
  if (token === undefined) {
    return openAiError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization " +
        'header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).',
      { code: null },
    );
  }
  if (token !== ctx.apiKey) {
    const hint = token.length > 8 ? `${token.slice(0, 3)}*****${token.slice(-4)}` : '*****';
    return openAiError(401, `Incorrect API key provided: ${hint}.`);
  }
  return undefined;
}

export function openAiModelList(ctx: ProtocolContext): JsonReply {
  return {
    status: 200,
    body: {
      object: 'list',
      data: ctx.models.map((id) => ({
        id,
        object: 'model',
        created: 1_700_000_000,
        owned_by: 'system',
      })),
    },
  };
}

/** OpenAI bucket semantics: prompt includes cached tokens, completion includes reasoning. */
export function openAiTokenCounts(turn: ResolvedTurn): {
  prompt: number;
  cached: number;
  completion: number;
  reasoning: number;
} {
  const { input, cacheRead, cacheWrite, output, reasoning } = turn.usage;
  return {
    prompt: input + cacheRead + cacheWrite,
    cached: cacheRead,
    completion: output,
    reasoning,
  };
}
