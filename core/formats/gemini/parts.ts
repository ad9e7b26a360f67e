/** Gemini `Part` objects to IR content parts and back, shared by requests and responses. */
import { invalidRequest } from '../../shared/errors.js';
import { argumentsToObject, isRecord } from '../ir/json.js';
import { reasoningBlob, sealSignature, unsealSignature } from '../ir/signatures.js';
import type {
  ContentPart,
  FilePart,
  ImagePart,
  ImageSource,
  ReasoningPart,
  SignatureOrigin,
  ToolResultPart,
} from '../ir/types.js';
import { field, guessMimeType, optionalString, parseDataUrl } from './fields.js';
import type { Json } from './fields.js';

export type MediaPart = ImagePart | FilePart;

/** One Gemini part, read but not yet placed in a conversation (ids are assigned by the caller). */
export type ReadPart =
  | { kind: 'text'; text: string; thought: boolean; signature?: string }
  | { kind: 'media'; part: MediaPart; signature?: string }
  | { kind: 'call'; name: string; args: unknown; id?: string; signature?: string }
  | { kind: 'response'; name: string; response: Json; id?: string; media: MediaPart[] }
  | { kind: 'skip' };

function mediaFrom(source: ImageSource, mimeType: string): MediaPart {
  return mimeType.startsWith('image/') ? { type: 'image', source } : { type: 'file', source };
}

function readMedia(part: Json, path: string): MediaPart | undefined {
  const inline = field(part, 'inlineData');
  if (isRecord(inline)) {
    const mimeType = optionalString(inline, 'mimeType', `${path}.inlineData`) ?? '';
    const data = optionalString(inline, 'data', `${path}.inlineData`);
    if (data === undefined) {
      throw invalidRequest(`${path}.inlineData.data must be a string`, `${path}.inlineData.data`);
    }
    return mediaFrom({ kind: 'base64', mediaType: mimeType, data }, mimeType);
  }
  const file = field(part, 'fileData');
  if (isRecord(file)) {
    const mimeType = optionalString(file, 'mimeType', `${path}.fileData`) ?? '';
    const url = optionalString(file, 'fileUri', `${path}.fileData`);
    if (url === undefined) {
      throw invalidRequest(`${path}.fileData.fileUri must be a string`, `${path}.fileData.fileUri`);
    }
    return mediaFrom({ kind: 'url', url }, mimeType);
  }
  return undefined;
}

export function readPart(value: unknown, path: string): ReadPart {
  if (!isRecord(value)) throw invalidRequest(`${path} must be an object`, path);
  const signature = optionalString(value, 'thoughtSignature', path);
  const signed = signature === undefined ? {} : { signature };
  const text = field(value, 'text');
  if (text !== undefined) {
    if (typeof text !== 'string')
      throw invalidRequest(`${path}.text must be a string`, `${path}.text`);
    return { kind: 'text', text, thought: field(value, 'thought') === true, ...signed };
  }
  const media = readMedia(value, path);
  if (media !== undefined) return { kind: 'media', part: media, ...signed };
  const call = field(value, 'functionCall');
  if (call !== undefined) {
    if (!isRecord(call)) throw invalidRequest(`${path}.functionCall must be an object`, path);
    const name = optionalString(call, 'name', `${path}.functionCall`);
    if (name === undefined) {
      throw invalidRequest(`${path}.functionCall.name is required`, `${path}.functionCall.name`);
    }
    const id = optionalString(call, 'id', `${path}.functionCall`);
    return { kind: 'call', name, args: call.args, ...(id === undefined ? {} : { id }), ...signed };
  }
  const response = field(value, 'functionResponse');
  if (response !== undefined) return readFunctionResponse(response, `${path}.functionResponse`);
  const code = field(value, 'executableCode');
  if (isRecord(code) && typeof code.code === 'string') {
    return { kind: 'text', text: code.code, thought: false };
  }
  const result = field(value, 'codeExecutionResult');
  if (isRecord(result) && typeof result.output === 'string') {
    return { kind: 'text', text: result.output, thought: false };
  }
  // A bare signature part (no text field) must not lose its signature.
  if (signature !== undefined) {
    return { kind: 'text', text: '', thought: field(value, 'thought') === true, signature };
  }
  return { kind: 'skip' };
}

function readFunctionResponse(value: unknown, path: string): ReadPart {
  if (!isRecord(value)) throw invalidRequest(`${path} must be an object`, path);
  const name = optionalString(value, 'name', path);
  if (name === undefined) throw invalidRequest(`${path}.name is required`, `${path}.name`);
  const raw = value.response;
  if (raw !== undefined && !isRecord(raw)) {
    throw invalidRequest(`${path}.response must be an object`, `${path}.response`);
  }
  const media: MediaPart[] = [];
  const nested = field(value, 'parts');
  if (Array.isArray(nested)) {
    nested.forEach((item, i) => {
      const found = isRecord(item) ? readMedia(item, `${path}.parts[${i}]`) : undefined;
      if (found !== undefined) media.push(found);
    });
  }
  const id = optionalString(value, 'id', path);
  return {
    kind: 'response',
    name,
    response: raw ?? {},
    media,
    ...(id === undefined ? {} : { id }),
  };
}

/** `{result: "…"}` and `{error: "…"}` are the usual wrappers; anything else stays JSON. */
export function toolResultFrom(read: Extract<ReadPart, { kind: 'response' }>, callId: string) {
  const { response } = read;
  const keys = Object.keys(response);
  let text: string;
  let isError = false;
  if (keys.length === 1 && typeof response.result === 'string') {
    text = response.result;
  } else if (keys.length === 1 && typeof response.error === 'string') {
    text = response.error;
    isError = true;
  } else {
    text = JSON.stringify(response);
    isError = 'error' in response && !('result' in response);
  }
  const result: ToolResultPart = {
    type: 'tool_result',
    callId,
    name: read.name,
    content: [{ type: 'text', text }, ...read.media],
  };
  if (isError) result.isError = true;
  return result;
}

interface Signed {
  signature: string;
  origin?: SignatureOrigin;
}

/** Client signatures may be sealed by Switchyard; upstream ones are raw. */
export function signatureReader(unseal: boolean): (raw: string) => Signed {
  return unseal
    ? (raw) => {
        const { signature, origin } = unsealSignature(raw);
        return origin === undefined ? { signature } : { signature, origin };
      }
    : (raw) => ({ signature: raw });
}

function signedReasoning(text: string, signed: Signed): ReasoningPart {
  return { type: 'reasoning', text, ...signed };
}

/**
 * Appends one read part to IR content. A signature on a plain text or media part
 * becomes an empty signed reasoning part in front of it so it survives the round
 * trip; an empty signed thought after unsigned thoughts (how Switchyard streams a
 * signature) is folded into those thoughts, since the signature covers their text.
 */
export function appendPart(
  content: ContentPart[],
  read: ReadPart,
  readSignature: (raw: string) => Signed,
): void {
  if (read.kind === 'text') {
    const signed = read.signature === undefined ? undefined : readSignature(read.signature);
    if (read.thought) {
      if (signed !== undefined && read.text === '') {
        let start = content.length;
        while (start > 0) {
          const prev = content[start - 1];
          if (prev?.type !== 'reasoning' || prev.signature !== undefined) break;
          if (prev.redactedData !== undefined || prev.encryptedContent !== undefined) break;
          start -= 1;
        }
        const merged = content.splice(start).map((p) => (p.type === 'reasoning' ? p.text : ''));
        content.push(signedReasoning(merged.join(''), signed));
        return;
      }
      content.push(
        signed === undefined
          ? { type: 'reasoning', text: read.text }
          : signedReasoning(read.text, signed),
      );
      return;
    }
    if (signed !== undefined) content.push(signedReasoning('', signed));
    if (read.text !== '') content.push({ type: 'text', text: read.text });
    return;
  }
  if (read.kind === 'media') {
    if (read.signature !== undefined)
      content.push(signedReasoning('', readSignature(read.signature)));
    content.push(read.part);
  }
}

function sourceToPart(source: ImageSource, fallbackMime: string): Json {
  if (source.kind === 'base64') {
    return { inlineData: { mimeType: source.mediaType, data: source.data } };
  }
  const data = parseDataUrl(source.url);
  if (data !== undefined) return { inlineData: { mimeType: data.mediaType, data: data.data } };
  return { fileData: { mimeType: guessMimeType(source.url, fallbackMime), fileUri: source.url } };
}

export function mediaToPart(part: MediaPart): Json {
  return sourceToPart(part.source, part.type === 'image' ? 'image/jpeg' : 'application/pdf');
}

export function functionCallPart(name: string, args: string, signature?: string): Json {
  const out: Json = { functionCall: { name, args: argumentsToObject(args) } };
  if (signature !== undefined) out.thoughtSignature = signature;
  return out;
}

function parseObject(text: string): Json | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A tool result as a functionResponse part plus the media that must follow it in the turn. */
export function functionResponseParts(
  part: ToolResultPart,
  name: string,
): { part: Json; media: Json[] } {
  const text = part.content
    .filter((c) => c.type === 'text')
    .map((c) => c.text)
    .join('\n');
  const media = part.content.filter((c) => c.type !== 'text').map(mediaToPart);
  const parsed = parseObject(text);
  let response: Json;
  if (part.isError === true)
    response = parsed !== undefined && 'error' in parsed ? parsed : { error: text };
  else response = parsed ?? { result: text };
  return { part: { functionResponse: { name, response } }, media };
}

export type SignatureWriter = (signature: string, origin: SignatureOrigin | undefined) => string;

export const rawSignature: SignatureWriter = (signature) => signature;
export const sealedSignature: SignatureWriter = sealSignature;

/**
 * IR assistant/user content → Gemini parts. `keepUnsigned` shows unsigned reasoning
 * to clients (renderResponse) but never sends it upstream, where it means nothing.
 */
export function contentToParts(
  content: readonly ContentPart[],
  writeSignature: SignatureWriter,
  keepUnsigned: boolean,
  resultName: (part: ToolResultPart) => string,
): Json[] {
  const parts: Json[] = [];
  let pending: Json[] = [];
  let carried: string | undefined;
  const flush = () => {
    parts.push(...pending);
    pending = [];
  };
  const withCarried = (part: Json): Json => {
    if (carried === undefined) return part;
    const out = { ...part, thoughtSignature: carried };
    carried = undefined;
    return out;
  };
  content.forEach((part, i) => {
    if (part.type !== 'tool_result') flush();
    switch (part.type) {
      case 'text':
        if (part.text !== '' || carried !== undefined) parts.push(withCarried({ text: part.text }));
        return;
      case 'image':
      case 'file':
        parts.push(withCarried(mediaToPart(part)));
        return;
      case 'reasoning': {
        const blob = reasoningBlob(part);
        if (blob === undefined) {
          if (keepUnsigned && part.text !== '') parts.push({ text: part.text, thought: true });
          return;
        }
        const signature = writeSignature(blob, part.origin);
        const next = content[i + 1];
        if (part.text === '') {
          if (next?.type === 'text' || next?.type === 'image' || next?.type === 'file')
            carried = signature;
          else parts.push({ text: '', thoughtSignature: signature });
          return;
        }
        parts.push({ text: part.text, thought: true, thoughtSignature: signature });
        return;
      }
      case 'tool_call': {
        const signature =
          part.signature === undefined ? undefined : writeSignature(part.signature, part.origin);
        parts.push(functionCallPart(part.name, part.arguments, signature));
        return;
      }
      case 'tool_result': {
        const built = functionResponseParts(part, resultName(part));
        parts.push(built.part);
        pending.push(...built.media);
        return;
      }
    }
  });
  flush();
  return parts;
}
