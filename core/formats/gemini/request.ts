/** Gemini generateContent request body ↔ IR request. The model lives in the URL, not the body. */
import { invalidRequest } from '../../shared/errors.js';
import { isRecord, objectToArguments } from '../ir/json.js';
import type {
  ContentPart,
  Extensions,
  Message,
  Request,
  TextPart,
  ToolResultPart,
} from '../ir/types.js';
import {
  buildGenerationConfig,
  buildToolConfig,
  buildTools,
  parseGenerationConfig,
  parseToolConfig,
  parseTools,
} from './config.js';
import { field, leftovers, optionalArray, optionalRecord, stripModelsPrefix } from './fields.js';
import type { Json } from './fields.js';
import {
  appendPart,
  contentToParts,
  rawSignature,
  readPart,
  signatureReader,
  toolResultFrom,
} from './parts.js';

const KNOWN_TOP_LEVEL = new Set([
  'model',
  'stream',
  'contents',
  'systemInstruction',
  'tools',
  'toolConfig',
  'generationConfig',
]);

function parseSystem(value: unknown): TextPart[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value === '' ? undefined : [{ type: 'text', text: value }];
  if (!isRecord(value)) {
    throw invalidRequest('systemInstruction must be an object with parts', 'systemInstruction');
  }
  const parts = optionalArray(value, 'parts', 'systemInstruction') ?? [];
  const texts: TextPart[] = parts.map((part, i) => {
    const text = isRecord(part) ? part.text : undefined;
    if (typeof text !== 'string') {
      throw invalidRequest(
        `systemInstruction.parts[${i}].text must be a string`,
        `systemInstruction.parts[${i}]`,
      );
    }
    return { type: 'text', text };
  });
  return texts.length === 0 ? undefined : texts;
}

interface PendingCall {
  id: string;
  name: string;
}

/**
 * Converts `contents` to IR messages. Gemini calls usually carry no id: each gets
 * `call_<content>_<part>` (deterministic, so every turn translates the same), and
 * each functionResponse takes the earliest unmatched call of its name in the
 * preceding model turn.
 */
function parseContents(contents: unknown[]): Message[] {
  const messages: Message[] = [];
  const readSignature = signatureReader(true);
  let open: PendingCall[] = [];
  contents.forEach((value, ci) => {
    const path = `contents[${ci}]`;
    if (!isRecord(value)) throw invalidRequest(`${path} must be an object`, path);
    const role = field(value, 'role') ?? 'user';
    if (role !== 'user' && role !== 'model' && role !== 'function') {
      throw invalidRequest(`${path}.role must be "user" or "model"`, `${path}.role`);
    }
    const parts = field(value, 'parts');
    if (!Array.isArray(parts))
      throw invalidRequest(`${path}.parts must be an array`, `${path}.parts`);
    const isModel = role === 'model';
    if (isModel) open = [];
    const content: ContentPart[] = [];
    parts.forEach((raw, pi) => {
      const read = readPart(raw, `${path}.parts[${pi}]`);
      if (read.kind === 'call') {
        const id = read.id ?? `call_${ci}_${pi}`;
        if (isModel) open.push({ id, name: read.name });
        const signed = read.signature === undefined ? undefined : readSignature(read.signature);
        content.push({
          type: 'tool_call',
          id,
          name: read.name,
          arguments: objectToArguments(read.args),
          ...signed,
        });
      } else if (read.kind === 'response') {
        const index =
          read.id === undefined
            ? open.findIndex((c) => c.name === read.name)
            : open.findIndex((c) => c.id === read.id);
        const match = index === -1 ? undefined : open.splice(index, 1)[0];
        content.push(toolResultFrom(read, read.id ?? match?.id ?? `call_${ci}_${pi}`));
      } else appendPart(content, read, readSignature);
    });
    pushMessage(messages, { role: isModel ? 'assistant' : 'user', content });
  });
  return messages;
}

const onlyResults = (m: Message) => m.content.every((p) => p.type === 'tool_result');

/** Responses split over several user turns become one user message, as the IR wants. */
function pushMessage(messages: Message[], message: Message): void {
  const last = messages[messages.length - 1];
  if (
    last !== undefined &&
    last.role === 'user' &&
    message.role === 'user' &&
    last.content.length > 0 &&
    onlyResults(last) &&
    onlyResults(message)
  ) {
    last.content.push(...message.content);
    return;
  }
  messages.push(message);
}

/** Shared by generateContent and countTokens (its generateContentRequest has this shape). */
export function parseGeminiBody(body: unknown): Request {
  if (!isRecord(body)) throw invalidRequest('Request body must be a JSON object');
  const model = body.model;
  if (typeof model !== 'string' || model === '') throw invalidRequest('model is required', 'model');
  const contents = field(body, 'contents');
  if (!Array.isArray(contents)) throw invalidRequest('contents must be an array', 'contents');
  if (contents.length === 0) throw invalidRequest('contents must not be empty', 'contents');

  const request: Request = {
    model: stripModelsPrefix(model),
    messages: parseContents(contents),
    stream: body.stream === true,
  };
  const system = parseSystem(field(body, 'systemInstruction'));
  if (system !== undefined) request.system = system;

  let ext = leftovers(body, KNOWN_TOP_LEVEL);
  const tools = optionalArray(body, 'tools', '');
  if (tools !== undefined) {
    const parsed = parseTools(tools, 'tools');
    if (parsed.tools.length > 0) request.tools = parsed.tools;
    if (parsed.hosted.length > 0) request.hostedTools = parsed.hosted;
  }
  const toolConfig = optionalRecord(body, 'toolConfig', '');
  if (toolConfig !== undefined) {
    const { choice, extra } = parseToolConfig(toolConfig, 'toolConfig');
    if (choice !== undefined) request.toolChoice = choice;
    if (extra !== undefined) ext = { ...ext, toolConfig: extra };
  }
  const generation = optionalRecord(body, 'generationConfig', '');
  if (generation !== undefined) {
    const { settings, extra } = parseGenerationConfig(generation, 'generationConfig');
    Object.assign(request, settings);
    if (extra !== undefined) ext = { ...ext, generationConfig: extra };
  }
  if (ext !== undefined) request.extensions = { gemini: ext };
  return request;
}

export function parseRequest(body: unknown): Request {
  return parseGeminiBody(body);
}

function callNames(messages: readonly Message[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    for (const part of message.content)
      if (part.type === 'tool_call') names.set(part.id, part.name);
  }
  return names;
}

export function buildContents(messages: readonly Message[]): Json[] {
  const names = callNames(messages);
  const resultName = (part: ToolResultPart) => part.name ?? names.get(part.callId) ?? part.callId;
  const contents: Json[] = [];
  let last: { role: string; parts: Json[] } | undefined;
  for (const message of messages) {
    const role = message.role === 'assistant' ? 'model' : 'user';
    const parts = contentToParts(message.content, rawSignature, false, resultName);
    if (parts.length === 0) continue;
    // Gemini wants turns to alternate; adjacent same-role IR messages become one turn.
    if (last !== undefined && last.role === role) last.parts.push(...parts);
    else {
      last = { role, parts };
      contents.push(last as unknown as Json);
    }
  }
  return contents;
}

export function buildSystem(system: readonly TextPart[] | undefined): Json | undefined {
  if (system === undefined || system.length === 0) return undefined;
  return { parts: system.map((part) => ({ text: part.text })) };
}

export function geminiExtensions(extensions: Extensions | undefined): Json {
  return extensions?.gemini ?? {};
}

/** IR → generateContent body: no `model` (it is in the URL), no `stream` (the method says it). */
export function buildRequest(request: Request): Record<string, unknown> {
  const {
    generationConfig: generationExtra,
    toolConfig: toolExtra,
    ...rest
  } = geminiExtensions(request.extensions);
  const body: Json = { ...rest, contents: buildContents(request.messages) };
  const system = buildSystem(request.system);
  if (system !== undefined) body.systemInstruction = system;
  const tools = buildTools(request);
  if (tools !== undefined) body.tools = tools;
  const toolConfig = buildToolConfig(
    request.toolChoice,
    isRecord(toolExtra) ? toolExtra : undefined,
  );
  if (toolConfig !== undefined) body.toolConfig = toolConfig;
  const generation = buildGenerationConfig(
    request,
    isRecord(generationExtra) ? generationExtra : undefined,
  );
  if (generation !== undefined) body.generationConfig = generation;
  return body;
}
