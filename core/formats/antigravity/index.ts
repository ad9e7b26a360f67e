/**
 * The Antigravity (Cloud Code `v1internal`) codec: a Gemini request inside an
 * envelope `{project, model, requestId, request}`, answered by SSE chunks that
 * each wrap a Gemini response as `{response: …}`.
 *
 * It is a thin wrapper over the Gemini codec, which it receives rather than
 * imports: format folders never import each other, so the registry
 * (`formats/index.ts`) hands it the Gemini codec. The account's `project` is
 * added by the provider's `accountBodyFields`, keeping this codec pure.
 */
import { randomUUID } from 'node:crypto';
import type { SseEvent } from '../../sse/types.js';
import type { FormatCodec, StreamDecoder, UpstreamCodec } from '../codec.js';
import { isRecord } from '../ir/json.js';

/** The inner Gemini response of one envelope, or the value as it came when it is not one. */
export function unwrapResponse(body: unknown): unknown {
  return isRecord(body) && 'response' in body ? body['response'] : body;
}

function unwrapEvent(event: SseEvent): SseEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(event.data);
  } catch {
    return event;
  }
  if (!isRecord(parsed) || !('response' in parsed)) return event;
  return { ...event, data: JSON.stringify(parsed['response']) };
}

export function createAntigravityCodec(gemini: FormatCodec): UpstreamCodec {
  return {
    format: 'antigravity',
    buildRequest(request, options) {
      return {
        model: request.model,
        // Cloud Code wants an id per request, for its own tracing.
        requestId: randomUUID(),
        request: gemini.buildRequest(request, options),
      };
    },
    parseResponse: (body) => gemini.parseResponse(unwrapResponse(body)),
    createStreamDecoder(): StreamDecoder {
      const inner = gemini.createStreamDecoder();
      return {
        push: (event) => inner.push(unwrapEvent(event)),
        end: () => inner.end(),
      };
    },
    // Cloud Code reports failures in Google's RPC error shape, as Gemini does.
    parseError: (status, body) => gemini.parseError(status, body),
    alwaysStreams: true,
  };
}
