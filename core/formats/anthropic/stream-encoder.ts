/**
 * IR events → Anthropic Messages SSE, in the exact order Anthropic uses:
 * message_start, (content_block_start, content_block_delta*, content_block_stop)*,
 * message_delta, message_stop. There is no `[DONE]`; strict clients choke on it.
 */
import { sseFrame } from '../../sse/writer.js';
import type { EncodeContext, StreamEncoder } from '../codec.js';
import { sealSignature } from '../ir/signatures.js';
import type { StopReason, StreamBlock, StreamEvent, Usage } from '../ir/types.js';
import { errorBody } from './errors.js';
import { messageId, stopReasonToAnthropic, usageToAnthropic } from './fields.js';
import type { Json } from './fields.js';

type Kind = 'text' | 'thinking' | 'redacted_thinking' | 'tool_use';

interface OpenBlock {
  /** The Anthropic index (blocks are numbered in the order they are opened). */
  index: number;
  kind: Kind;
}

function frame(type: string, data: Json): string {
  return sseFrame(type, { type, ...data });
}

function kindOf(block: StreamBlock): Kind {
  if (block.type === 'text') return 'text';
  if (block.type === 'tool_call') return 'tool_use';
  return block.redactedData === undefined ? 'thinking' : 'redacted_thinking';
}

function contentBlock(block: StreamBlock): Json {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: '' };
    case 'reasoning':
      return block.redactedData === undefined
        ? { type: 'thinking', thinking: '', signature: '' }
        : { type: 'redacted_thinking', data: block.redactedData };
    case 'tool_call':
      return { type: 'tool_use', id: block.id, name: block.name, input: {} };
  }
}

export function createStreamEncoder(context: EncodeContext): StreamEncoder {
  let started = false;
  let finished = false;
  let usage: Partial<Usage> = {};
  /** IR index → the Anthropic block it opened. */
  const open = new Map<number, OpenBlock>();
  let nextIndex = 0;

  const start = (id: string | undefined): string => {
    started = true;
    const message = {
      id: messageId(id, context.responseId),
      type: 'message',
      role: 'assistant',
      model: context.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: usageToAnthropic(usage),
    };
    return frame('message_start', { message });
  };
  /** A stream whose `start` never came still owes the client a message_start. */
  const ensureStarted = (): string => (started ? '' : start(undefined));

  const openBlock = (irIndex: number, block: StreamBlock): { text: string; block: OpenBlock } => {
    // Anthropic blocks never interleave: whatever is still open ends first.
    const closed = closeAll();
    const opened: OpenBlock = { index: nextIndex, kind: kindOf(block) };
    nextIndex += 1;
    open.set(irIndex, opened);
    const text = frame('content_block_start', {
      index: opened.index,
      content_block: contentBlock(block),
    });
    return { text: closed + text, block: opened };
  };

  const closeBlock = (irIndex: number): string => {
    const block = open.get(irIndex);
    if (block === undefined) return '';
    open.delete(irIndex);
    return frame('content_block_stop', { index: block.index });
  };

  const closeAll = (): string => {
    let text = '';
    for (const irIndex of [...open.keys()]) text += closeBlock(irIndex);
    return text;
  };

  /** A delta for a block that was never opened opens one of the kind the delta implies. */
  const blockFor = (irIndex: number, fallback: StreamBlock): { text: string; block: OpenBlock } => {
    const existing = open.get(irIndex);
    return existing === undefined ? openBlock(irIndex, fallback) : { text: '', block: existing };
  };

  const delta = (block: OpenBlock, payload: Json): string =>
    frame('content_block_delta', { index: block.index, delta: payload });

  const finish = (stopReason: StopReason, stopSequence: string | undefined): string => {
    finished = true;
    let text = ensureStarted() + closeAll();
    text += frame('message_delta', {
      delta: {
        stop_reason: stopReasonToAnthropic(stopReason),
        stop_sequence: stopSequence ?? null,
      },
      usage: usageToAnthropic(usage),
    });
    text += frame('message_stop', {});
    return text;
  };

  const handle = (event: StreamEvent): string => {
    switch (event.type) {
      case 'start':
        if (event.usage !== undefined) usage = { ...usage, ...event.usage };
        return started ? '' : start(event.id);
      case 'block_start':
        return ensureStarted() + openBlock(event.index, event.block).text;
      case 'text_delta': {
        if (event.text === '') return '';
        const { text, block } = blockFor(event.index, { type: 'text' });
        if (block.kind !== 'text') return text;
        return ensureStarted() + text + delta(block, { type: 'text_delta', text: event.text });
      }
      case 'reasoning_delta': {
        if (event.text === '') return '';
        const { text, block } = blockFor(event.index, { type: 'reasoning' });
        if (block.kind !== 'thinking') return text;
        return (
          ensureStarted() + text + delta(block, { type: 'thinking_delta', thinking: event.text })
        );
      }
      case 'reasoning_signature': {
        const raw = event.signature ?? event.encryptedContent;
        if (raw === undefined) return '';
        const { text, block } = blockFor(event.index, { type: 'reasoning' });
        if (block.kind !== 'thinking') return text;
        // Sealed so that, sent back later, it only ever reaches the provider that minted it.
        const signature = sealSignature(raw, event.origin);
        return ensureStarted() + text + delta(block, { type: 'signature_delta', signature });
      }
      case 'tool_args_delta': {
        const block = open.get(event.index);
        if (block?.kind !== 'tool_use' || event.json === '') return '';
        return delta(block, { type: 'input_json_delta', partial_json: event.json });
      }
      case 'tool_signature':
        // Gemini's call signature has no slot on tool_use; the engine's reasoning memory keeps it.
        return '';
      case 'block_stop':
        return closeBlock(event.index);
      case 'usage':
        usage = { ...usage, ...event.usage };
        return '';
      case 'finish':
        if (event.usage !== undefined) usage = { ...usage, ...event.usage };
        return finish(event.stopReason, event.stopSequence);
      case 'error':
        finished = true;
        return frame('error', errorBody(event.error.kind, event.error.message));
    }
  };

  return {
    push(event: StreamEvent): string {
      if (finished) return '';
      return handle(event);
    },
    end(): string {
      // A stream cut short without finish still ends the way clients expect.
      if (finished || !started) return '';
      return finish('end_turn', undefined);
    },
  };
}
