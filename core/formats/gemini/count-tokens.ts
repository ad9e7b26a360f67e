/** `:countTokens`: `{contents}` or `{generateContentRequest}` in, `{totalTokens}` out. */
import { SwitchyardError } from '../../shared/errors.js';
import type { CountTokensCodec } from '../codec.js';
import { isRecord } from '../ir/json.js';
import type { Request } from '../ir/types.js';
import { buildGenerationConfig, buildToolConfig, buildTools } from './config.js';
import { field } from './fields.js';
import type { Json } from './fields.js';
import { buildContents, buildSystem, parseGeminiBody } from './request.js';

function parseCountRequest(body: unknown): Request {
  if (isRecord(body)) {
    const nested = field(body, 'generateContentRequest');
    if (isRecord(nested)) {
      // The URL's model (injected at the top) wins over the nested `models/x`.
      const model = typeof body.model === 'string' && body.model !== '' ? body.model : nested.model;
      return parseGeminiBody({ ...nested, model });
    }
  }
  return parseGeminiBody(body);
}

/**
 * The plain `{contents}` form cannot carry a system instruction or tools, so any
 * request that has them uses the generateContentRequest form, which needs `model`.
 */
function buildCountRequest(request: Request): Record<string, unknown> {
  const contents = buildContents(request.messages);
  const system = buildSystem(request.system);
  const tools = buildTools(request);
  if (system === undefined && tools === undefined) return { contents };
  const nested: Json = { model: `models/${request.model}`, contents };
  if (system !== undefined) nested.systemInstruction = system;
  if (tools !== undefined) nested.tools = tools;
  const toolConfig = buildToolConfig(request.toolChoice, undefined);
  if (toolConfig !== undefined) nested.toolConfig = toolConfig;
  const generation = buildGenerationConfig(request, undefined);
  if (generation !== undefined) nested.generationConfig = generation;
  return { generateContentRequest: nested };
}

function parseCountResponse(body: unknown): number {
  if (!isRecord(body)) {
    throw new SwitchyardError('upstream_error', 'Gemini countTokens reply is not a JSON object', {
      status: 502,
    });
  }
  // Proto3 JSON leaves out zero, so an absent total is 0.
  const total = field(body, 'totalTokens');
  return typeof total === 'number' ? total : 0;
}

function renderCountResponse(inputTokens: number, estimated: boolean): unknown {
  // `estimated` is a Switchyard extension: a local guess, not Google's count.
  return estimated ? { totalTokens: inputTokens, estimated: true } : { totalTokens: inputTokens };
}

export const geminiCountTokens: CountTokensCodec = {
  parseRequest: parseCountRequest,
  buildRequest: buildCountRequest,
  parseResponse: parseCountResponse,
  renderResponse: renderCountResponse,
};
