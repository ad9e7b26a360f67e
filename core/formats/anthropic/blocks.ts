/** Anthropic content blocks in a client request → IR content parts. */
import { invalidRequest } from '../../shared/errors.js';
import { isRecord, objectToArguments } from '../ir/json.js';
import { unsealSignature } from '../ir/signatures.js';
import type {
  ContentPart,
  FilePart,
  ImagePart,
  ImageSource,
  ReasoningPart,
  TextPart,
  ToolCallPart,
  ToolResultPart,
} from '../ir/types.js';
import {
  optionalBoolean,
  optionalRecord,
  optionalString,
  readCache,
  requiredString,
} from './fields.js';
import type { Json } from './fields.js';

type Role = 'user' | 'assistant';
type ResultContent = ToolResultPart['content'][number];

/**
 * Server-side tool blocks (web search, code execution, MCP…) only mean something to
 * Anthropic itself, which already holds their results; translation leaves them out.
 */
const SERVER_BLOCKS: ReadonlySet<string> = new Set([
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'tool_search_tool_result',
  'mcp_tool_use',
  'mcp_tool_result',
  'container_upload',
]);

type Cacheable = TextPart | ImagePart | FilePart | ToolCallPart | ToolResultPart;

function withCache<T extends Cacheable>(part: T, block: Json, path: string): T {
  const cache = readCache(block, path);
  if (cache !== undefined) part.cache = cache;
  return part;
}

export function parseText(block: Json, path: string): TextPart {
  const part: TextPart = { type: 'text', text: requiredString(block, 'text', path) };
  withCache(part, block, path);
  if (Array.isArray(block.citations) && block.citations.length > 0) {
    part.annotations = block.citations;
  }
  return part;
}

/** base64 and URL sources; `undefined` for source types the caller handles (or rejects) itself. */
function readSource(block: Json, path: string): ImageSource | undefined {
  const source = optionalRecord(block, 'source', path);
  const where = `${path}.source`;
  if (source === undefined) throw invalidRequest(`${where} is required`, where);
  if (source.type === 'base64') {
    return {
      kind: 'base64',
      mediaType: requiredString(source, 'media_type', where),
      data: requiredString(source, 'data', where),
    };
  }
  if (source.type === 'url') return { kind: 'url', url: requiredString(source, 'url', where) };
  if (source.type === 'file') {
    // A Files API id is only resolvable by Anthropic itself.
    throw invalidRequest(`${where}: file sources cannot be sent to a non-Anthropic model`, where);
  }
  return undefined;
}

export function parseImage(block: Json, path: string): ImagePart {
  const source = readSource(block, path);
  if (source === undefined) {
    throw invalidRequest(`${path}.source.type must be "base64" or "url"`, `${path}.source.type`);
  }
  return withCache({ type: 'image', source }, block, path);
}

/** Documents: PDFs (base64 or URL) become file parts; plain-text and inline-content documents become text. */
function parseDocument(block: Json, path: string): (TextPart | ImagePart | FilePart)[] {
  const source = optionalRecord(block, 'source', path);
  const where = `${path}.source`;
  if (source?.type === 'text') {
    return [withCache({ type: 'text', text: requiredString(source, 'data', where) }, block, path)];
  }
  if (source?.type === 'content') {
    const inner = source.content;
    if (typeof inner === 'string') return [withCache({ type: 'text', text: inner }, block, path)];
    if (!Array.isArray(inner)) {
      throw invalidRequest(`${where}.content must be a string or an array`, `${where}.content`);
    }
    return inner.map((item, i) => {
      const itemPath = `${where}.content[${i}]`;
      if (!isRecord(item)) throw invalidRequest(`${itemPath} must be an object`, itemPath);
      if (item.type === 'text') return parseText(item, itemPath);
      if (item.type === 'image') return parseImage(item, itemPath);
      throw invalidRequest(`${itemPath}.type must be "text" or "image"`, `${itemPath}.type`);
    });
  }
  const read = readSource(block, path);
  if (read === undefined) {
    throw invalidRequest(
      `${where}.type must be "base64", "url", "text" or "content"`,
      `${where}.type`,
    );
  }
  const part: FilePart = { type: 'file', source: read };
  const title = optionalString(block, 'title', path);
  if (title !== undefined) part.filename = title;
  return [withCache(part, block, path)];
}

/** A search result is retrieved text the model may cite; other formats can only read it. */
function parseSearchResult(block: Json, path: string): TextPart {
  const lines: string[] = [];
  const title = optionalString(block, 'title', path);
  const source = optionalString(block, 'source', path);
  if (title !== undefined) lines.push(title);
  if (source !== undefined) lines.push(source);
  if (Array.isArray(block.content)) {
    for (const item of block.content) {
      if (isRecord(item) && typeof item.text === 'string') lines.push(item.text);
    }
  }
  return withCache({ type: 'text', text: lines.join('\n') }, block, path);
}

function parseToolResult(block: Json, path: string): ToolResultPart {
  const part: ToolResultPart = {
    type: 'tool_result',
    callId: requiredString(block, 'tool_use_id', path),
    content: parseResultContent(block.content, `${path}.content`),
  };
  if (optionalBoolean(block, 'is_error', path) === true) part.isError = true;
  return withCache(part, block, path);
}

function parseResultContent(value: unknown, path: string): ResultContent[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  if (!Array.isArray(value)) throw invalidRequest(`${path} must be a string or an array`, path);
  return value.flatMap((item, i): ResultContent[] => {
    const itemPath = `${path}[${i}]`;
    if (!isRecord(item)) throw invalidRequest(`${itemPath} must be an object`, itemPath);
    switch (item.type) {
      case 'text':
        return [parseText(item, itemPath)];
      case 'image':
        return [parseImage(item, itemPath)];
      case 'document':
        return parseDocument(item, itemPath);
      case 'search_result':
        return [parseSearchResult(item, itemPath)];
      default:
        throw invalidRequest(
          `${itemPath}.type must be "text", "image", "document" or "search_result"`,
          `${itemPath}.type`,
        );
    }
  });
}

/**
 * Client signatures may be ones Switchyard sealed for another provider; unsealed,
 * they carry their origin. A sealed value is kept in both signature slots so that
 * an OpenAI Responses origin finds it as encrypted content.
 */
function parseThinking(block: Json, path: string): ReasoningPart {
  const part: ReasoningPart = { type: 'reasoning', text: requiredString(block, 'thinking', path) };
  const raw = optionalString(block, 'signature', path);
  // An empty signature is how Switchyard renders unsigned reasoning (DeepSeek, summaries).
  if (raw === undefined || raw === '') return part;
  const { signature, origin } = unsealSignature(raw);
  part.signature = signature;
  if (origin !== undefined) {
    part.origin = origin;
    part.encryptedContent = signature;
  }
  return part;
}

function parseRedacted(block: Json, path: string): ReasoningPart {
  const { signature, origin } = unsealSignature(requiredString(block, 'data', path));
  const part: ReasoningPart = { type: 'reasoning', text: '', redactedData: signature };
  if (origin !== undefined) part.origin = origin;
  return part;
}

function onlyIn(role: Role, wanted: Role, type: string, path: string): void {
  if (role !== wanted) {
    throw invalidRequest(`${path}: ${type} blocks are only allowed in ${wanted} messages`, path);
  }
}

export function parseBlock(block: unknown, path: string, role: Role): ContentPart[] {
  if (!isRecord(block)) throw invalidRequest(`${path} must be an object`, path);
  const type = block.type;
  switch (type) {
    case 'text':
      return [parseText(block, path)];
    case 'image':
      return [parseImage(block, path)];
    case 'document':
      return parseDocument(block, path);
    case 'search_result':
      return [parseSearchResult(block, path)];
    case 'tool_use': {
      onlyIn(role, 'assistant', type, path);
      const input = block.input;
      if (input !== undefined && !isRecord(input)) {
        throw invalidRequest(`${path}.input must be an object`, `${path}.input`);
      }
      return [
        withCache(
          {
            type: 'tool_call',
            id: requiredString(block, 'id', path),
            name: requiredString(block, 'name', path),
            arguments: objectToArguments(input ?? {}),
          },
          block,
          path,
        ),
      ];
    }
    case 'tool_result':
      onlyIn(role, 'user', type, path);
      return [parseToolResult(block, path)];
    case 'thinking':
      onlyIn(role, 'assistant', type, path);
      return [parseThinking(block, path)];
    case 'redacted_thinking':
      onlyIn(role, 'assistant', type, path);
      return [parseRedacted(block, path)];
    default:
      if (typeof type === 'string' && SERVER_BLOCKS.has(type)) return [];
      throw invalidRequest(
        `${path}.type ${typeof type === 'string' ? `"${type}" ` : ''}is not a supported content block type`,
        `${path}.type`,
      );
  }
}

export function parseContent(content: unknown, path: string, role: Role): ContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw invalidRequest(`${path} must be a string or an array`, path);
  return content.flatMap((block, i) => parseBlock(block, `${path}[${i}]`, role));
}
