/** GenerateContentResponse ↔ IR response. */
import { SwitchyardError } from '../../shared/errors.js';
import type { EncodeContext } from '../codec.js';
import { randomId } from '../ir/ids.js';
import { isRecord, objectToArguments } from '../ir/json.js';
import { EMPTY_USAGE } from '../ir/types.js';
import type { ContentPart, Response, StopReason, ToolResultPart } from '../ir/types.js';
import {
  field,
  finishReasonToGemini,
  leftovers,
  stopReasonFromGemini,
  usageFromGemini,
  usageToGemini,
} from './fields.js';
import type { Json } from './fields.js';
import { appendPart, contentToParts, readPart, sealedSignature, signatureReader } from './parts.js';
import type { ReadPart } from './parts.js';

const KNOWN_RESPONSE = new Set([
  'candidates',
  'usageMetadata',
  'modelVersion',
  'responseId',
  'promptFeedback',
]);
const KNOWN_CANDIDATE = new Set(['content', 'finishReason', 'index']);

function malformed(message: string): SwitchyardError {
  return new SwitchyardError('upstream_error', message, { status: 502 });
}

/** A malformed upstream part is skipped: it is not the client's fault, and the rest may be fine. */
export function readUpstreamPart(raw: unknown, index: number): ReadPart {
  try {
    return readPart(raw, `candidates[0].content.parts[${index}]`);
  } catch {
    return { kind: 'skip' };
  }
}

/** Upstream parts → IR content. Signatures stay raw; the engine stamps their origin. */
export function partsToContent(parts: unknown): { content: ContentPart[]; sawCall: boolean } {
  const content: ContentPart[] = [];
  let sawCall = false;
  if (!Array.isArray(parts)) return { content, sawCall };
  const readSignature = signatureReader(false);
  parts.forEach((raw, i) => {
    const read = readUpstreamPart(raw, i);
    if (read.kind === 'call') {
      sawCall = true;
      content.push({
        type: 'tool_call',
        id: read.id ?? randomId('call_'),
        name: read.name,
        arguments: objectToArguments(read.args),
        ...(read.signature === undefined ? {} : { signature: read.signature }),
      });
    } else appendPart(content, read, readSignature);
  });
  return { content, sawCall };
}

export function parseResponse(body: unknown): Response {
  const root = Array.isArray(body) && body.length === 1 ? body[0] : body;
  if (!isRecord(root)) throw malformed('Gemini response is not a JSON object');
  const candidates = field(root, 'candidates');
  const candidate =
    Array.isArray(candidates) && isRecord(candidates[0]) ? candidates[0] : undefined;
  const ext: Json = leftovers(root, KNOWN_RESPONSE) ?? {};
  const feedback = field(root, 'promptFeedback');
  if (feedback !== undefined) ext.promptFeedback = feedback;

  let content: ContentPart[] = [];
  let stopReason: StopReason = 'other';
  if (candidate !== undefined) {
    const body = field(candidate, 'content');
    const parsed = partsToContent(isRecord(body) ? body.parts : undefined);
    content = parsed.content;
    const finish = field(candidate, 'finishReason');
    if (typeof finish === 'string') {
      stopReason = stopReasonFromGemini(finish, parsed.sawCall);
      ext.finishReason = finish;
    } else if (parsed.sawCall) stopReason = 'tool_use';
    const extra = leftovers(candidate, KNOWN_CANDIDATE);
    if (extra !== undefined) ext.candidate = extra;
  } else if (isRecord(feedback) && field(feedback, 'blockReason') !== undefined) {
    // The prompt itself was blocked: no candidates at all.
    stopReason = 'content_filter';
  }

  const id = field(root, 'responseId');
  const model = field(root, 'modelVersion');
  const response: Response = {
    id: typeof id === 'string' && id !== '' ? id : randomId('resp_'),
    model: typeof model === 'string' ? model : '',
    content,
    stopReason,
    usage: usageFromGemini(field(root, 'usageMetadata')) ?? { ...EMPTY_USAGE },
  };
  if (Object.keys(ext).length > 0) response.extensions = { gemini: ext };
  return response;
}

/** IR content for a client: unsigned reasoning is shown as thoughts, signatures are sealed. */
export function renderParts(content: readonly ContentPart[]): Json[] {
  const name = (part: ToolResultPart) => part.name ?? part.callId;
  return contentToParts(content, sealedSignature, true, name);
}

export function renderResponse(response: Response, context: EncodeContext): unknown {
  const ext = response.extensions?.gemini ?? {};
  const { finishReason: rawFinish, candidate: candidateExtra, promptFeedback, ...rest } = ext;
  const body: Json = { ...rest };
  const blocked =
    response.content.length === 0 &&
    response.stopReason === 'content_filter' &&
    isRecord(promptFeedback);
  if (!blocked) {
    // Keep the upstream's exact reason (RECITATION vs SAFETY) while it still means the same.
    const finishReason =
      typeof rawFinish === 'string' &&
      stopReasonFromGemini(rawFinish, response.stopReason === 'tool_use') === response.stopReason
        ? rawFinish
        : finishReasonToGemini(response.stopReason);
    body.candidates = [
      {
        ...(isRecord(candidateExtra) ? candidateExtra : {}),
        content: { role: 'model', parts: renderParts(response.content) },
        finishReason,
        index: 0,
      },
    ];
  }
  if (promptFeedback !== undefined) body.promptFeedback = promptFeedback;
  body.usageMetadata = usageToGemini(response.usage);
  body.modelVersion = context.model;
  body.responseId = response.id;
  return body;
}
