/**
 * The model endpoints. Each handler only reads the body, checks the few
 * fields every format needs, and hands over to the engine.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { proxyCountTokens } from '../../engine/count-tokens.js';
import { proxyGenerate, type ProxyDeps, type TraceSink } from '../../engine/proxy.js';
import type { FormatCodec, InboundCodec } from '../../formats/codec.js';
import { isRecord } from '../../formats/ir/json.js';
import { RawJsonBody } from '../../http/raw-json.js';
import { invalidRequest, SwitchyardError } from '../../shared/errors.js';
import { readBodyChunks } from '../body.js';

export interface GenerateDeps extends ProxyDeps {
  bodyLimitBytes(): number;
  ollama: InboundCodec;
  /** Where each request's route trace goes. */
  traces?: TraceSink;
}

/** The router key id the auth check found (see server/app.ts). */
function routerKeyOf(res: ServerResponse): string | undefined {
  const locals = (res as ExpressResponse).locals as Record<string, unknown> | undefined;
  const id = locals?.['routerKeyId'];
  return typeof id === 'string' ? id : undefined;
}

/** An AbortSignal that fires when the client disconnects before the reply is done. */
function clientGone(req: IncomingMessage, res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const abort = (): void => {
    if (!res.writableFinished) controller.abort();
  };
  res.on('close', abort);
  req.on('aborted', abort);
  return controller.signal;
}

/** The body as it arrived, its top-level fields located; only what routing needs is parsed. */
async function readJson(deps: GenerateDeps, req: IncomingMessage): Promise<RawJsonBody> {
  const { chunks, size } = await readBodyChunks(req, deps.bodyLimitBytes());
  return RawJsonBody.scan(chunks, size);
}

function requireModel(body: RawJsonBody): string {
  const model = body.value('model');
  if (typeof model !== 'string' || model.trim() === '') {
    throw invalidRequest(
      'The "model" field is required and must be a string like "prefix/model".',
      'model',
    );
  }
  return model;
}

function requireNonEmptyArray(body: RawJsonBody, field: string): void {
  const shape = body.shape(field);
  if (shape?.kind !== 'array') {
    throw invalidRequest(`The "${field}" field must be an array.`, field);
  }
  if (shape.empty) throw invalidRequest(`The "${field}" array must not be empty.`, field);
}

function requireStreamFlag(body: RawJsonBody): boolean {
  const stream = body.value('stream');
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') {
    throw invalidRequest('The "stream" field must be a boolean.', 'stream');
  }
  return stream === true;
}

export function chatCompletions(deps: GenerateDeps) {
  const inbound = deps.codecs['openai-chat'];
  return async (req: ExpressRequest, res: ExpressResponse): Promise<void> => {
    const body = await readJson(deps, req);
    const model = requireModel(body);
    requireNonEmptyArray(body, 'messages');
    const options = body.value('stream_options');
    await proxyGenerate(deps, {
      inbound,
      body,
      model,
      stream: requireStreamFlag(body),
      operation: 'generate',
      clientHeaders: req.headers,
      encode: { includeUsage: isRecord(options) && options['include_usage'] === true },
      res,
      signal: clientGone(req, res),
      routerKeyId: routerKeyOf(res),
    });
  };
}

export function responses(deps: GenerateDeps, operation: 'generate' | 'compact') {
  const inbound = deps.codecs['openai-responses'];
  return async (req: ExpressRequest, res: ExpressResponse): Promise<void> => {
    const body = await readJson(deps, req);
    const model = requireModel(body);
    const input = body.shape('input');
    if (input?.kind !== 'string' && input?.kind !== 'array') {
      throw invalidRequest('The "input" field must be a string or an array of items.', 'input');
    }
    if (input.kind === 'array' && input.empty && !body.has('previous_response_id')) {
      throw invalidRequest('The "input" array must not be empty.', 'input');
    }
    await proxyGenerate(deps, {
      inbound,
      body,
      model,
      stream: requireStreamFlag(body),
      operation,
      clientHeaders: req.headers,
      encode: {},
      res,
      signal: clientGone(req, res),
      routerKeyId: routerKeyOf(res),
    });
  };
}

export function messages(deps: GenerateDeps) {
  const inbound = deps.codecs.anthropic;
  return async (req: ExpressRequest, res: ExpressResponse): Promise<void> => {
    const body = await readJson(deps, req);
    const model = requireModel(body);
    requireNonEmptyArray(body, 'messages');
    await proxyGenerate(deps, {
      inbound,
      body,
      model,
      stream: requireStreamFlag(body),
      operation: 'generate',
      clientHeaders: req.headers,
      encode: {},
      res,
      signal: clientGone(req, res),
      routerKeyId: routerKeyOf(res),
    });
  };
}

export function countTokens(deps: GenerateDeps, inbound: FormatCodec) {
  return async (req: ExpressRequest, res: ExpressResponse): Promise<void> => {
    const counter = inbound.countTokens;
    if (counter === undefined) {
      throw new SwitchyardError(
        'not_supported',
        `Token counting for ${inbound.format} clients is not available yet.`,
        {
          status: 501,
        },
      );
    }
    const raw = await readJson(deps, req);
    const model = inbound.format === 'gemini' ? geminiModelFromPath(req) : requireModel(raw);
    const body = raw.json();
    const countBody = inbound.format === 'gemini' ? { ...body, model } : body;
    await proxyCountTokens(deps, {
      inbound: { ...inbound, countTokens: counter },
      body: countBody,
      model,
      clientHeaders: req.headers,
      res,
      signal: clientGone(req, res),
    });
  };
}

/** `/v1beta/models/{model}:{method}`; the model may itself contain slashes (`gemini/gemini-2.5-pro`). */
export function geminiTarget(req: ExpressRequest): { model: string; method: string } {
  const path = decodeURIComponent(req.path);
  const rest = path.slice('/v1beta/models/'.length);
  const colon = rest.lastIndexOf(':');
  if (colon <= 0) {
    throw new SwitchyardError('invalid_request', `Unknown Gemini method in "${path}".`, {
      status: 404,
    });
  }
  let model = rest.slice(0, colon);
  if (model.startsWith('models/')) model = model.slice('models/'.length);
  return { model, method: rest.slice(colon + 1) };
}

function geminiModelFromPath(req: ExpressRequest): string {
  return geminiTarget(req).model;
}

export function geminiGenerate(deps: GenerateDeps) {
  const gemini = deps.codecs.gemini;
  const count = countTokens(deps, gemini);
  return async (req: ExpressRequest, res: ExpressResponse): Promise<void> => {
    const { model, method } = geminiTarget(req);
    if (method === 'countTokens') {
      await count(req, res);
      return;
    }
    if (method !== 'generateContent' && method !== 'streamGenerateContent') {
      throw new SwitchyardError('invalid_request', `Unsupported Gemini method "${method}".`, {
        status: 404,
      });
    }
    const body = await readJson(deps, req);
    requireNonEmptyArray(body, 'contents');
    const stream = method === 'streamGenerateContent';
    // Gemini names the model in the URL; the codec reads it from the body.
    const inbound: InboundCodec = {
      ...gemini,
      parseRequest: (value) => gemini.parseRequest(isRecord(value) ? { ...value, model } : value),
    };
    await proxyGenerate(deps, {
      inbound,
      body,
      model,
      stream,
      operation: 'generate',
      clientHeaders: req.headers,
      encode: { jsonArrayStream: stream && req.query['alt'] !== 'sse' },
      res,
      signal: clientGone(req, res),
      routerKeyId: routerKeyOf(res),
    });
  };
}

export function ollamaChat(deps: GenerateDeps) {
  return async (req: ExpressRequest, res: ExpressResponse): Promise<void> => {
    const body = await readJson(deps, req);
    const model = requireModel(body);
    requireNonEmptyArray(body, 'messages');
    const stream = body.value('stream') !== false;
    await proxyGenerate(deps, {
      inbound: deps.ollama,
      body,
      model,
      stream,
      operation: 'generate',
      clientHeaders: req.headers,
      encode: {},
      res,
      signal: clientGone(req, res),
      routerKeyId: routerKeyOf(res),
    });
  };
}
