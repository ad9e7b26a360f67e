/** Chat `messages` ↔ IR system text and messages: the conversation half of the request codec. */
import { invalidRequest } from '../../shared/errors.js';
import { isRecord } from '../ir/json.js';
import type {
  ContentPart,
  FilePart,
  ImagePart,
  Message,
  TextPart,
  ToolCallPart,
  ToolResultPart,
} from '../ir/types.js';
import { defaultFilename, sourceToUrl, urlToSource } from '../openai-common/media.js';

type Json = Record<string, unknown>;

export interface ParsedMessages {
  system: TextPart[];
  messages: Message[];
}

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'];

export function parseMessages(value: unknown): ParsedMessages {
  if (value === undefined || value === null) {
    throw invalidRequest('`messages` is required', 'messages');
  }
  if (!Array.isArray(value)) throw invalidRequest('`messages` must be an array', 'messages');
  if (value.length === 0) throw invalidRequest('`messages` must not be empty', 'messages');
  const system: TextPart[] = [];
  const messages: Message[] = [];
  // Set while the last IR message collects the answers of consecutive `tool` messages.
  let toolResults: Message | undefined;

  value.forEach((message: unknown, i) => {
    const param = `messages[${i}]`;
    if (!isRecord(message)) throw invalidRequest(`\`${param}\` must be an object`, param);
    const role = message.role;
    if (typeof role !== 'string' || !ROLES.includes(role)) {
      throw invalidRequest(`\`${param}.role\` must be one of ${ROLES.join(', ')}`, `${param}.role`);
    }
    if (role === 'tool') {
      const result = parseToolMessage(message, param);
      if (toolResults === undefined) {
        toolResults = { role: 'user', content: [] };
        messages.push(toolResults);
      }
      toolResults.content.push(result);
      return;
    }
    toolResults = undefined;
    if (role === 'system' || role === 'developer') {
      system.push(...parseSystem(message.content, `${param}.content`));
    } else if (role === 'user') {
      messages.push({
        role: 'user',
        content: parseUserContent(message.content, `${param}.content`),
      });
    } else {
      messages.push({ role: 'assistant', content: parseAssistant(message, param) });
    }
  });
  return { system, messages };
}

function parseSystem(content: unknown, param: string): TextPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) {
    throw invalidRequest(`\`${param}\` must be a string or an array of text parts`, param);
  }
  return content.map((part: unknown, j) => {
    if (!isRecord(part) || part.type !== 'text' || typeof part.text !== 'string') {
      throw invalidRequest(`\`${param}[${j}]\` must be a text part`, `${param}[${j}]`);
    }
    return { type: 'text', text: part.text };
  });
}

type UserPart = TextPart | ImagePart | FilePart;

function parseUserContent(content: unknown, param: string): UserPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) {
    throw invalidRequest(`\`${param}\` must be a string or an array of content parts`, param);
  }
  return content.map((part: unknown, j) => parseUserPart(part, `${param}[${j}]`));
}

function parseUserPart(part: unknown, param: string): UserPart {
  if (!isRecord(part) || typeof part.type !== 'string') {
    throw invalidRequest(`\`${param}\` must be an object with a string \`type\``, param);
  }
  switch (part.type) {
    case 'text':
      if (typeof part.text !== 'string') {
        throw invalidRequest(`\`${param}.text\` must be a string`, `${param}.text`);
      }
      return { type: 'text', text: part.text };
    case 'image_url': {
      // The spec nests {url, detail}; some clients send the URL string directly.
      const image = part.image_url;
      const url = isRecord(image) ? image.url : image;
      if (typeof url !== 'string' || url === '') {
        throw invalidRequest(
          `\`${param}.image_url.url\` must be a non-empty string`,
          `${param}.image_url.url`,
        );
      }
      const parsed: ImagePart = { type: 'image', source: urlToSource(url) };
      if (isRecord(image) && typeof image.detail === 'string') parsed.detail = image.detail;
      return parsed;
    }
    case 'file':
      return parseFile(part.file, `${param}.file`);
    case 'input_audio':
      throw invalidRequest(
        'Audio input (`input_audio`) cannot be translated to the selected model',
        `${param}.type`,
      );
    default:
      throw invalidRequest(
        `\`${param}.type\` must be one of text, image_url, file (got "${part.type}")`,
        `${param}.type`,
      );
  }
}

function parseFile(file: unknown, param: string): FilePart {
  if (!isRecord(file)) throw invalidRequest(`\`${param}\` must be an object`, param);
  if (typeof file.file_data !== 'string' || file.file_data === '') {
    // file_id points into OpenAI's own storage, which no other upstream can read.
    throw invalidRequest(
      `\`${param}.file_data\` must be a data URL (file_id cannot be translated)`,
      `${param}.file_data`,
    );
  }
  const source = urlToSource(file.file_data);
  const part: FilePart = {
    type: 'file',
    // Raw base64 without a data: prefix is what some clients send; PDF is the only documented type.
    source:
      source.kind === 'url' && !/^[a-z]+:/i.test(file.file_data)
        ? { kind: 'base64', mediaType: 'application/pdf', data: file.file_data }
        : source,
  };
  if (typeof file.filename === 'string') part.filename = file.filename;
  return part;
}

function parseAssistant(message: Json, param: string): ContentPart[] {
  const parts: ContentPart[] = [];
  // Reasoning precedes the visible answer, as the model produced it.
  const reasoning = message.reasoning_content ?? message.reasoning;
  if (typeof reasoning === 'string' && reasoning !== '') {
    parts.push({ type: 'reasoning', text: reasoning });
  }
  const content = message.content;
  if (typeof content === 'string') {
    if (content !== '') parts.push({ type: 'text', text: content });
  } else if (Array.isArray(content)) {
    content.forEach((part: unknown, j) => {
      const at = `${param}.content[${j}]`;
      if (isRecord(part) && part.type === 'text' && typeof part.text === 'string') {
        parts.push({ type: 'text', text: part.text });
      } else if (isRecord(part) && part.type === 'refusal' && typeof part.refusal === 'string') {
        parts.push({ type: 'text', text: part.refusal });
      } else {
        throw invalidRequest(`\`${at}\` must be a text or refusal part`, at);
      }
    });
  } else if (content !== undefined && content !== null) {
    throw invalidRequest(
      `\`${param}.content\` must be a string, an array of parts or null`,
      `${param}.content`,
    );
  }
  if (typeof message.refusal === 'string' && message.refusal !== '') {
    parts.push({ type: 'text', text: message.refusal });
  }
  const calls = message.tool_calls;
  if (calls !== undefined && calls !== null) {
    if (!Array.isArray(calls)) {
      throw invalidRequest(`\`${param}.tool_calls\` must be an array`, `${param}.tool_calls`);
    }
    calls.forEach((call: unknown, j) =>
      parts.push(parseToolCall(call, `${param}.tool_calls[${j}]`)),
    );
  }
  return parts;
}

function parseToolCall(call: unknown, param: string): ToolCallPart {
  if (!isRecord(call)) throw invalidRequest(`\`${param}\` must be an object`, param);
  if (typeof call.id !== 'string' || call.id === '') {
    throw invalidRequest(`\`${param}.id\` must be a non-empty string`, `${param}.id`);
  }
  const fn = call.function;
  if (!isRecord(fn) || typeof fn.name !== 'string' || fn.name === '') {
    throw invalidRequest(
      `\`${param}.function.name\` must be a non-empty string`,
      `${param}.function.name`,
    );
  }
  const args = fn.arguments ?? '{}';
  if (typeof args !== 'string') {
    throw invalidRequest(
      `\`${param}.function.arguments\` must be a JSON string`,
      `${param}.function.arguments`,
    );
  }
  return { type: 'tool_call', id: call.id, name: fn.name, arguments: args === '' ? '{}' : args };
}

function parseToolMessage(message: Json, param: string): ToolResultPart {
  const callId = message.tool_call_id;
  if (typeof callId !== 'string' || callId === '') {
    throw invalidRequest(
      `\`${param}.tool_call_id\` must be a non-empty string`,
      `${param}.tool_call_id`,
    );
  }
  const content = message.content;
  let parts: ToolResultPart['content'];
  if (typeof content === 'string') parts = content === '' ? [] : [{ type: 'text', text: content }];
  else if (content === null || content === undefined) parts = [];
  else if (Array.isArray(content)) {
    // Chat documents only text parts here; images are accepted because other formats carry them.
    parts = content.map((part: unknown, j) => parseUserPart(part, `${param}.content[${j}]`));
  } else {
    throw invalidRequest(
      `\`${param}.content\` must be a string or an array of text parts`,
      `${param}.content`,
    );
  }
  return { type: 'tool_result', callId, content: parts };
}

// ---- IR → chat messages ------------------------------------------------------------------

export interface MessageOptions {
  echoReasoningContent: boolean;
}

export function messagesToChat(
  system: TextPart[] | undefined,
  messages: Message[],
  options: MessageOptions,
): Json[] {
  const out: Json[] = [];
  if (system !== undefined && system.length > 0) {
    // One system message; many OpenAI-compatible upstreams accept only a string here.
    out.push({ role: 'system', content: system.map((part) => part.text).join('\n\n') });
  }
  for (const message of messages) {
    if (message.role === 'assistant') out.push(assistantToChat(message, options));
    else out.push(...userToChat(message));
  }
  return out;
}

/**
 * An assistant turn as chat spells it: the text joined (null when there are only
 * calls), the visible reasoning, and `tool_calls`. Signatures have no chat slot.
 */
export function assistantFields(content: readonly ContentPart[]): {
  content: string | null;
  reasoning: string[];
  calls: Json[];
} {
  const texts: string[] = [];
  const reasoning: string[] = [];
  const calls: Json[] = [];
  for (const part of content) {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'reasoning' && part.text !== '') reasoning.push(part.text);
    else if (part.type === 'tool_call') {
      calls.push({
        id: part.id,
        type: 'function',
        function: { name: part.name, arguments: part.arguments === '' ? '{}' : part.arguments },
      });
    }
  }
  return {
    content: texts.length > 0 ? texts.join('') : calls.length > 0 ? null : '',
    reasoning,
    calls,
  };
}

function assistantToChat(message: Message, options: MessageOptions): Json {
  const { content, reasoning, calls } = assistantFields(message.content);
  const out: Json = { role: 'assistant', content };
  // Chat has no slot for signatures; the visible reasoning goes back only to upstreams that
  // want it (DeepSeek-style models need it on tool rounds, trap 2).
  if (options.echoReasoningContent && reasoning.length > 0) {
    out.reasoning_content = reasoning.join('\n\n');
  }
  if (calls.length > 0) out.tool_calls = calls;
  return out;
}

function userToChat(message: Message): Json[] {
  const out: Json[] = [];
  const toolMedia: Json[] = [];
  const rest: Json[] = [];
  for (const part of message.content) {
    if (part.type === 'tool_result') {
      const text = part.content.flatMap((piece) => (piece.type === 'text' ? [piece.text] : []));
      out.push({ role: 'tool', tool_call_id: part.callId, content: text.join('\n') });
      // `tool` messages take text only, so images and files a tool returned follow in a user
      // message right after the tool answers (trap 6).
      for (const piece of part.content) if (piece.type !== 'text') toolMedia.push(mediaPart(piece));
    } else if (part.type === 'text') {
      rest.push({ type: 'text', text: part.text });
    } else if (part.type === 'image' || part.type === 'file') {
      rest.push(mediaPart(part));
    }
    // Reasoning and tool calls never appear in user turns.
  }
  const content = [...toolMedia, ...rest];
  if (content.length === 0) return out;
  const only = content[0];
  out.push({
    role: 'user',
    content:
      content.length === 1 && only?.type === 'text' && typeof only.text === 'string'
        ? only.text
        : content,
  });
  return out;
}

function mediaPart(part: ImagePart | FilePart): Json {
  if (part.type === 'image') {
    return {
      type: 'image_url',
      image_url: {
        url: sourceToUrl(part.source),
        ...(part.detail === undefined ? {} : { detail: part.detail }),
      },
    };
  }
  if (part.source.kind === 'url') {
    throw invalidRequest(
      'A file given by URL cannot be sent to an OpenAI chat upstream; send it inline (base64)',
    );
  }
  return {
    type: 'file',
    file: {
      filename: part.filename ?? defaultFilename(part.source.mediaType),
      file_data: sourceToUrl(part.source),
    },
  };
}
