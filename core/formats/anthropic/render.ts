/** IR content parts → Anthropic content blocks, for an upstream request or a client reply. */
import { Buffer } from 'node:buffer';

import { invalidRequest } from '../../shared/errors.js';
import { argumentsToObject, isRecord } from '../ir/json.js';
import { sealSignature } from '../ir/signatures.js';
import type {
  ContentPart,
  FilePart,
  ImagePart,
  ImageSource,
  TextPart,
  ToolCallPart,
  ToolResultPart,
} from '../ir/types.js';
import { anthropicCitations, parseDataUrl, writeCache } from './fields.js';
import type { Json } from './fields.js';

function base64Source(mediaType: string, data: string): Json {
  return { type: 'base64', media_type: mediaType, data };
}

function imageSource(source: ImageSource): Json {
  if (source.kind === 'base64') return base64Source(source.mediaType, source.data);
  // Anthropic's URL source only fetches http(s); data URLs travel inline.
  const inline = parseDataUrl(source.url);
  return inline === undefined
    ? { type: 'url', url: source.url }
    : base64Source(inline.mediaType, inline.data);
}

export function imageBlock(part: ImagePart): Json {
  return writeCache({ type: 'image', source: imageSource(part.source) }, part.cache);
}

/** Plain text files become a text document; everything else (PDFs) travels as base64 or URL. */
export function documentBlock(part: FilePart): Json {
  let source = imageSource(part.source);
  if (source.type === 'base64' && source.media_type === 'text/plain') {
    const text = Buffer.from(String(source.data), 'base64').toString('utf8');
    source = { type: 'text', media_type: 'text/plain', data: text };
  }
  const block: Json = { type: 'document', source };
  if (part.filename !== undefined) block.title = part.filename;
  return writeCache(block, part.cache);
}

export function textBlock(part: TextPart): Json {
  const block: Json = { type: 'text', text: part.text };
  const citations = anthropicCitations(part.annotations);
  if (citations !== undefined) block.citations = citations;
  return writeCache(block, part.cache);
}

function toolInput(part: ToolCallPart, path: string): Json {
  if (part.arguments.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(part.arguments);
  } catch {
    value = undefined;
  }
  // Sending `{}` instead would silently change what the model sees it called.
  if (!isRecord(value)) {
    throw invalidRequest(
      `Tool call "${part.id}" (${part.name}) has arguments that are not a JSON object`,
      path,
    );
  }
  return value;
}

const TOOL_ID = /^[a-zA-Z0-9_-]+$/;

/**
 * Anthropic only accepts ids matching ^[a-zA-Z0-9_-]+$, but other providers mint ids
 * like `functions.get_weather:0` (Kimi). Such an id is rewritten the same way in the
 * call and its result, with a hash of the original so two ids never collide (trap 3).
 */
export function toolId(id: string): string {
  if (TOOL_ID.test(id)) return id;
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return `${id.replace(/[^a-zA-Z0-9_-]/g, '_')}_${(hash >>> 0).toString(36)}`;
}

function resultBlock(part: ToolResultPart): Json {
  const content: Json[] = [];
  for (const item of part.content) {
    if (item.type === 'text') {
      if (item.text !== '') content.push(textBlock(item));
    } else if (item.type === 'image') content.push(imageBlock(item));
    else content.push(documentBlock(item));
  }
  const block: Json = { type: 'tool_result', tool_use_id: toolId(part.callId) };
  if (content.length > 0) block.content = content;
  if (part.isError === true) block.is_error = true;
  return writeCache(block, part.cache);
}

/**
 * IR content → blocks for an upstream request. Signatures travel raw (the engine has
 * already dropped the ones another provider minted); unsigned reasoning from other
 * providers has no Anthropic spelling and is left out; empty text blocks are rejected
 * by Anthropic, so they are skipped. `path` names the message for error messages.
 */
export function upstreamBlocks(content: readonly ContentPart[], path: string): Json[] {
  const blocks: Json[] = [];
  content.forEach((part, i) => {
    switch (part.type) {
      case 'text':
        if (part.text !== '') blocks.push(textBlock(part));
        return;
      case 'image':
        blocks.push(imageBlock(part));
        return;
      case 'file':
        blocks.push(documentBlock(part));
        return;
      case 'reasoning':
        if (part.redactedData !== undefined) {
          blocks.push({ type: 'redacted_thinking', data: part.redactedData });
        } else if (part.signature !== undefined) {
          blocks.push({ type: 'thinking', thinking: part.text, signature: part.signature });
        }
        return;
      case 'tool_call':
        blocks.push(
          writeCache(
            {
              type: 'tool_use',
              id: toolId(part.id),
              name: part.name,
              input: toolInput(part, `${path}.content[${i}]`),
            },
            part.cache,
          ),
        );
        return;
      case 'tool_result':
        blocks.push(resultBlock(part));
        return;
    }
  });
  return blocks;
}

/**
 * IR output → blocks for a client reply. Signatures are sealed with their origin so a
 * later turn can send them home only; reasoning with no signature is still shown, with
 * an empty signature the client will send back unchanged. Gemini call signatures have
 * no slot on `tool_use` (the engine's reasoning memory restores them by call id).
 */
export function clientBlocks(content: readonly ContentPart[]): Json[] {
  const blocks: Json[] = [];
  for (const part of content) {
    switch (part.type) {
      case 'text': {
        const block: Json = { type: 'text', text: part.text };
        const citations = anthropicCitations(part.annotations);
        if (citations !== undefined) block.citations = citations;
        blocks.push(block);
        break;
      }
      case 'reasoning': {
        if (part.redactedData !== undefined) {
          blocks.push({
            type: 'redacted_thinking',
            data: sealSignature(part.redactedData, part.origin),
          });
          break;
        }
        const raw = part.signature ?? part.encryptedContent;
        blocks.push({
          type: 'thinking',
          thinking: part.text,
          signature: raw === undefined ? '' : sealSignature(raw, part.origin),
        });
        break;
      }
      case 'tool_call':
        blocks.push({
          type: 'tool_use',
          id: part.id,
          name: part.name,
          input: argumentsToObject(part.arguments),
        });
        break;
      default:
        // Images, files and tool results do not occur in model output.
        break;
    }
  }
  return blocks;
}
