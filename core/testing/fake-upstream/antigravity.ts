// Fake of Antigravity's Cloud Code endpoint: bearer auth, the {project, model, requestId, request}
// envelope around a Gemini request, and Gemini SSE chunks each wrapped as {"response": …}.
import { geminiRequestProblem } from './gemini-validate.js';
import { geminiError, geminiGeneration } from './gemini.js';
import { bearerToken, isRecord } from './http-helpers.js';
import type { JsonReply } from './http-helpers.js';
import { isInvalidJson } from './protocol.js';
import type { Generation, Protocol } from './protocol.js';
import type { RecordedRequest } from './types.js';

const ROUTE = '/v1internal:streamGenerateContent';

/** Cloud Code answers like the other Google APIs, and says when to retry in a 429's details. */
function cloudCodeError(status: number, message?: string): JsonReply {
  return geminiError(status, message);
}

function envelopeProblem(body: Record<string, unknown>): string | undefined {
  if (typeof body.project !== 'string' || body.project === '') return 'Missing project.';
  if (typeof body.model !== 'string' || body.model === '') return 'Missing model.';
  if (typeof body.requestId !== 'string' || body.requestId === '') return 'Missing requestId.';
  if (!isRecord(body.request)) return 'Missing request.';
  return undefined;
}

export const antigravityProtocol: Protocol = {
  basePath: '/v1internal',
  defaultModels: ['gemini-3-pro-high', 'gemini-2.5-flash', 'claude-sonnet-4-5'],
  errorReply: cloudCodeError,
  handle(req, ctx) {
    if (req.method !== 'POST' || req.path !== ROUTE) return undefined;
    if (bearerToken(req.headers) !== ctx.apiKey) return { reply: cloudCodeError(401) };
    // Cloud Code streams only as SSE here; without alt=sse it would answer a JSON array.
    if (req.query.alt !== 'sse') return { reply: cloudCodeError(400, 'alt=sse is required.') };
    if (isInvalidJson(req) || !isRecord(req.body)) {
      return { reply: cloudCodeError(400, 'Invalid JSON payload received.') };
    }
    const problem = envelopeProblem(req.body);
    if (problem !== undefined) return { reply: cloudCodeError(400, problem) };
    const inner = req.body.request as Record<string, unknown>;
    const innerProblem = geminiRequestProblem(inner, ctx.signer);
    if (innerProblem !== undefined) return { reply: cloudCodeError(400, innerProblem) };
    const unwrapped: RecordedRequest = { ...req, body: inner, query: { alt: 'sse' } };
    return {
      generation: wrapped(geminiGeneration(unwrapped, req.body.model as string, true, ctx.signer)),
    };
  },
};

/** Every SSE chunk of the Gemini fake, re-sent inside a `response` envelope. */
function wrapped(gemini: Generation): Generation {
  const rewrap = (frame: string | Uint8Array): string | Uint8Array => {
    if (typeof frame !== 'string' || !frame.startsWith('data: ')) return frame;
    const inner: unknown = JSON.parse(frame.slice('data: '.length));
    // Errors inside the stream stay unwrapped, as Google's RPC error objects.
    if (isRecord(inner) && 'error' in inner) return frame;
    return `data: ${JSON.stringify({ response: inner })}\r\n\r\n`;
  };
  return {
    ...gemini,
    json: (turn) => ({ response: gemini.json(turn) }),
    streamed(turn) {
      const rendering = gemini.streamed(turn);
      return { ...rendering, frames: rendering.frames.map(rewrap) };
    },
  };
}
