/** Responses `input` items ↔ IR messages: the conversation half of the request codec. */
import { invalidRequest } from '../../shared/errors.js';
import { isRecord } from '../ir/json.js';
import { reasoningBlob, unsealSignature } from '../ir/signatures.js';
import type {
  ContentPart,
  FilePart,
  ImagePart,
  Message,
  ReasoningPart,
  TextPart,
  ToolResultPart,
} from '../ir/types.js';
import {
  defaultFilename,
  mediaTypeForFilename,
  parseDataUrl,
  sourceToUrl,
  urlToSource,
} from '../openai-common/media.js';

export interface ParsedInput {
  system: TextPart[];
  messages: Message[];
}

type Role = 'user' | 'assistant' | 'system' | 'developer';
const ROLES: readonly string[] = ['user', 'assistant', 'system', 'developer'];

export function parseInput(input: unknown): ParsedInput {
  if (typeof input === 'string') {
    return { system: [], messages: [{ role: 'user', content: [{ type: 'text', text: input }] }] };
  }
  if (!Array.isArray(input)) {
    throw invalidRequest('`input` must be a string or an array of input items', 'input');
  }
  const system: TextPart[] = [];
  const messages: Message[] = [];
  // Consecutive items of one role become one IR message (a Responses turn is several items).
  const append = (role: Message['role'], parts: ContentPart[]): void => {
    if (parts.length === 0) return;
    const last = messages[messages.length - 1];
    if (last?.role === role) last.content.push(...parts);
    else messages.push({ role, content: parts });
  };

  input.forEach((item: unknown, i) => {
    const param = `input[${i}]`;
    if (!isRecord(item)) throw invalidRequest(`\`${param}\` must be an object`, param);
    const type = item.type ?? 'message';
    switch (type) {
      case 'message': {
        const role = item.role;
        if (typeof role !== 'string' || !ROLES.includes(role)) {
          throw invalidRequest(
            `\`${param}.role\` must be one of user, assistant, system, developer`,
            `${param}.role`,
          );
        }
        const parts = parseMessageContent(item.content, `${param}.content`);
        if (role === 'system' || role === 'developer') {
          system.push(...systemText(parts, `${param}.content`));
        } else {
          append(role as Exclude<Role, 'system' | 'developer'>, parts);
        }
        return;
      }
      case 'function_call':
        append('assistant', [parseFunctionCall(item, param)]);
        return;
      case 'function_call_output':
        append('user', [parseFunctionCallOutput(item, param)]);
        return;
      case 'reasoning':
        append('assistant', [parseReasoning(item, param)]);
        return;
      default:
        // Hosted-tool items (web_search_call, item_reference…) have no IR meaning; skip them.
        if (typeof type !== 'string') {
          throw invalidRequest(`\`${param}.type\` must be a string`, `${param}.type`);
        }
    }
  });
  return { system, messages };
}

function requireString(item: Record<string, unknown>, key: string, param: string): string {
  const value = item[key];
  if (typeof value !== 'string') {
    throw invalidRequest(`\`${param}.${key}\` must be a string`, `${param}.${key}`);
  }
  return value;
}

function parseFunctionCall(item: Record<string, unknown>, param: string): ContentPart {
  const args = item.arguments ?? '{}';
  if (typeof args !== 'string') {
    throw invalidRequest(`\`${param}.arguments\` must be a JSON string`, `${param}.arguments`);
  }
  return {
    type: 'tool_call',
    id: requireString(item, 'call_id', param),
    name: requireString(item, 'name', param),
    arguments: args,
    ...(typeof item.id === 'string' ? { itemId: item.id } : {}),
  };
}

function parseFunctionCallOutput(item: Record<string, unknown>, param: string): ToolResultPart {
  const callId = requireString(item, 'call_id', param);
  const output = item.output;
  let content: ToolResultPart['content'];
  if (typeof output === 'string') {
    content = output === '' ? [] : [{ type: 'text', text: output }];
  } else if (Array.isArray(output)) {
    content = parseParts(output, `${param}.output`);
  } else {
    throw invalidRequest(
      `\`${param}.output\` must be a string or an array of content parts`,
      `${param}.output`,
    );
  }
  return { type: 'tool_result', callId, content };
}

function parseReasoning(item: Record<string, unknown>, param: string): ReasoningPart {
  const texts = (key: 'summary' | 'content'): string[] => {
    const list = item[key];
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) {
      throw invalidRequest(`\`${param}.${key}\` must be an array`, `${param}.${key}`);
    }
    return list.map((entry: unknown, i) => {
      if (!isRecord(entry) || typeof entry.text !== 'string') {
        throw invalidRequest(
          `\`${param}.${key}[${i}].text\` must be a string`,
          `${param}.${key}[${i}].text`,
        );
      }
      return entry.text;
    });
  };
  const summary = texts('summary');
  const part: ReasoningPart = {
    type: 'reasoning',
    text: (summary.length > 0 ? summary : texts('content')).join('\n\n'),
  };
  if (typeof item.id === 'string') part.itemId = item.id;
  if (typeof item.encrypted_content === 'string') {
    const { signature, origin } = unsealSignature(item.encrypted_content);
    part.encryptedContent = signature;
    if (origin !== undefined) {
      part.origin = origin;
      // A sealed value may be another provider's thinking signature that we rendered here;
      // carry it in both slots so whichever codec the origin speaks finds it.
      part.signature = signature;
    }
  }
  return part;
}

function parseMessageContent(content: unknown, param: string): ContentPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) {
    throw invalidRequest(`\`${param}\` must be a string or an array of content parts`, param);
  }
  return parseParts(content, param);
}

function systemText(parts: ContentPart[], param: string): TextPart[] {
  return parts.map((part) => {
    if (part.type !== 'text') {
      throw invalidRequest(`\`${param}\` of a system or developer message must be text`, param);
    }
    return { type: 'text', text: part.text };
  });
}

function parseParts(parts: unknown[], param: string): (TextPart | ImagePart | FilePart)[] {
  return parts.map((part: unknown, i) => parsePart(part, `${param}[${i}]`));
}

function parsePart(part: unknown, param: string): TextPart | ImagePart | FilePart {
  if (!isRecord(part)) throw invalidRequest(`\`${param}\` must be an object`, param);
  switch (part.type) {
    case 'input_text':
    case 'output_text': {
      const text: TextPart = { type: 'text', text: requireString(part, 'text', param) };
      if (Array.isArray(part.annotations) && part.annotations.length > 0) {
        text.annotations = part.annotations;
      }
      return text;
    }
    case 'refusal':
      return { type: 'text', text: requireString(part, 'refusal', param) };
    case 'input_image': {
      if (typeof part.image_url !== 'string') {
        throw invalidRequest(
          typeof part.file_id === 'string'
            ? `\`${param}.file_id\` references an OpenAI file, which cannot be translated; send image_url`
            : `\`${param}.image_url\` must be a string`,
          `${param}.image_url`,
        );
      }
      const image: ImagePart = { type: 'image', source: urlToSource(part.image_url) };
      if (typeof part.detail === 'string') image.detail = part.detail;
      return image;
    }
    case 'input_file':
      return parseFile(part, param);
    default:
      throw invalidRequest(
        `\`${param}.type\` must be input_text, input_image, input_file, output_text or refusal`,
        `${param}.type`,
      );
  }
}

function parseFile(part: Record<string, unknown>, param: string): FilePart {
  const filename = typeof part.filename === 'string' ? part.filename : undefined;
  const named = filename === undefined ? {} : { filename };
  if (typeof part.file_data === 'string') {
    const inline = parseDataUrl(part.file_data) ?? {
      mediaType: mediaTypeForFilename(filename),
      data: part.file_data,
    };
    return { type: 'file', source: { kind: 'base64', ...inline }, ...named };
  }
  if (typeof part.file_url === 'string') {
    return { type: 'file', source: { kind: 'url', url: part.file_url }, ...named };
  }
  throw invalidRequest(
    `\`${param}\` needs file_data or file_url (OpenAI file ids cannot be translated)`,
    param,
  );
}

// ---- IR → input items -------------------------------------------------------------------

type Item = Record<string, unknown>;

function inputPart(part: TextPart | ImagePart | FilePart): Item {
  switch (part.type) {
    case 'text':
      return { type: 'input_text', text: part.text };
    case 'image':
      return {
        type: 'input_image',
        image_url: sourceToUrl(part.source),
        detail: part.detail ?? 'auto',
      };
    case 'file':
      return part.source.kind === 'url'
        ? {
            type: 'input_file',
            file_url: part.source.url,
            ...(part.filename === undefined ? {} : { filename: part.filename }),
          }
        : {
            type: 'input_file',
            filename: part.filename ?? defaultFilename(part.source.mediaType),
            file_data: sourceToUrl(part.source),
          };
  }
}

function toolOutput(part: ToolResultPart): string | Item[] {
  if (part.content.every((entry) => entry.type === 'text')) {
    return part.content.map((entry) => (entry.type === 'text' ? entry.text : '')).join('\n');
  }
  return part.content.map(inputPart);
}

/** IR messages → Responses input items. Reasoning without encrypted content is dropped. */
export function messagesToInput(messages: readonly Message[]): Item[] {
  const items: Item[] = [];
  for (const message of messages) {
    let pending: Item[] = [];
    const flush = (): void => {
      if (pending.length === 0) return;
      items.push({ type: 'message', role: message.role, content: pending });
      pending = [];
    };
    for (const part of message.content) {
      if (message.role === 'user') {
        if (part.type === 'tool_result') {
          flush();
          items.push({
            type: 'function_call_output',
            call_id: part.callId,
            output: toolOutput(part),
          });
        } else if (part.type === 'text' || part.type === 'image' || part.type === 'file') {
          pending.push(inputPart(part));
        }
        continue;
      }
      switch (part.type) {
        case 'text':
          pending.push({ type: 'output_text', text: part.text });
          break;
        case 'reasoning':
          flush();
          if (reasoningBlob(part) !== undefined) items.push(reasoningItem(part));
          break;
        case 'tool_call':
          flush();
          items.push({
            type: 'function_call',
            ...(part.itemId?.startsWith('fc') === true ? { id: part.itemId } : {}),
            call_id: part.id,
            name: part.name,
            arguments: part.arguments,
          });
          break;
        default:
          // Assistants cannot send images, files or tool results in Responses input.
          break;
      }
    }
    flush();
  }
  return items;
}

function reasoningItem(part: ReasoningPart): Item {
  return {
    type: 'reasoning',
    ...(part.itemId?.startsWith('rs') === true ? { id: part.itemId } : {}),
    summary: part.text === '' ? [] : [{ type: 'summary_text', text: part.text }],
    // Encrypted content that travelled through a one-slot format comes back as `signature`.
    encrypted_content: part.encryptedContent ?? part.signature,
  };
}
