/** Anthropic `message` object ↔ IR response. */
import { SwitchyardError } from '../../shared/errors.js';
import type { EncodeContext } from '../codec.js';
import { randomId } from '../ir/ids.js';
import { isRecord, objectToArguments } from '../ir/json.js';
import { EMPTY_USAGE } from '../ir/types.js';
import type { ContentPart, ReasoningPart, Response, TextPart } from '../ir/types.js';
import {
  messageId,
  stopReasonFromAnthropic,
  stopReasonToAnthropic,
  usageFromAnthropic,
  usageToAnthropic,
} from './fields.js';
import type { Json } from './fields.js';
import { clientBlocks } from './render.js';

const KNOWN_MESSAGE: ReadonlySet<string> = new Set([
  'id',
  'type',
  'role',
  'model',
  'content',
  'stop_reason',
  'stop_sequence',
  'usage',
]);

/** An upstream block with no IR equivalent, kept with its position for an Anthropic client. */
interface KeptBlock {
  index: number;
  block: Json;
}

function malformed(message: string): SwitchyardError {
  return new SwitchyardError('upstream_error', message, { status: 502 });
}

/** One upstream block → IR part; signatures stay raw (the engine stamps their origin). */
function readBlock(block: Json): ContentPart | undefined {
  switch (block.type) {
    case 'text': {
      if (typeof block.text !== 'string') return undefined;
      const part: TextPart = { type: 'text', text: block.text };
      if (Array.isArray(block.citations) && block.citations.length > 0) {
        part.annotations = block.citations;
      }
      return part;
    }
    case 'thinking': {
      const part: ReasoningPart = {
        type: 'reasoning',
        text: typeof block.thinking === 'string' ? block.thinking : '',
      };
      if (typeof block.signature === 'string' && block.signature !== '') {
        part.signature = block.signature;
      }
      return part;
    }
    case 'redacted_thinking':
      return typeof block.data === 'string'
        ? { type: 'reasoning', text: '', redactedData: block.data }
        : undefined;
    case 'tool_use':
      if (typeof block.id !== 'string' || typeof block.name !== 'string') return undefined;
      return {
        type: 'tool_call',
        id: block.id,
        name: block.name,
        arguments: objectToArguments(block.input ?? {}),
      };
    default:
      return undefined;
  }
}

export function parseResponse(body: unknown): Response {
  if (!isRecord(body)) throw malformed('Anthropic response is not a JSON object');
  if (body.type === 'error') throw malformed('Anthropic answered an error body with success');
  const content: ContentPart[] = [];
  const kept: KeptBlock[] = [];
  const blocks = Array.isArray(body.content) ? body.content : [];
  blocks.forEach((block, index) => {
    if (!isRecord(block)) return;
    const part = readBlock(block);
    if (part !== undefined) content.push(part);
    // server_tool_use, web_search_tool_result…: nothing else can show them.
    else kept.push({ index, block });
  });

  const response: Response = {
    id: typeof body.id === 'string' && body.id !== '' ? body.id : randomId('msg_'),
    model: typeof body.model === 'string' ? body.model : '',
    content,
    stopReason: stopReasonFromAnthropic(body.stop_reason),
    usage: { ...EMPTY_USAGE, ...usageFromAnthropic(body.usage) },
  };
  if (typeof body.stop_sequence === 'string') response.stopSequence = body.stop_sequence;

  const ext: Json = {};
  for (const [key, value] of Object.entries(body)) {
    if (!KNOWN_MESSAGE.has(key) && value !== undefined) ext[key] = value;
  }
  if (kept.length > 0) ext.content = kept;
  if (Object.keys(ext).length > 0) response.extensions = { anthropic: ext };
  return response;
}

/** Puts kept server blocks back where they were among the rendered ones. */
function restoreKept(blocks: Json[], kept: unknown): Json[] {
  if (!Array.isArray(kept)) return blocks;
  const out = [...blocks];
  for (const item of kept) {
    if (!isRecord(item) || !isRecord(item.block) || typeof item.index !== 'number') continue;
    out.splice(Math.min(item.index, out.length), 0, item.block);
  }
  return out;
}

export function renderResponse(response: Response, context: EncodeContext): unknown {
  const { content: kept, ...rest } = response.extensions?.anthropic ?? {};
  return {
    ...rest,
    id: messageId(response.id, context.responseId),
    type: 'message',
    role: 'assistant',
    model: context.model,
    content: restoreKept(clientBlocks(response.content), kept),
    stop_reason: stopReasonToAnthropic(response.stopReason),
    stop_sequence: response.stopSequence ?? null,
    usage: usageToAnthropic(response.usage),
  };
}
