/**
 * Anthropic Messages SSE → IR events. The order is message_start, then per block
 * content_block_start / _delta* / _stop, then message_delta (stop reason, usage)
 * and message_stop; `ping` may come anywhere and `error` ends the stream.
 */
import type { SseEvent } from '../../sse/types.js';
import type { StreamDecoder } from '../codec.js';
import { randomId } from '../ir/ids.js';
import { isRecord } from '../ir/json.js';
import { EMPTY_USAGE } from '../ir/types.js';
import type { StopReason, StreamBlock, StreamEvent, Usage } from '../ir/types.js';
import { parseStreamError } from './errors.js';
import { stopReasonFromAnthropic, usageFromAnthropic } from './fields.js';
import type { Json } from './fields.js';

export function createStreamDecoder(): StreamDecoder {
  let started = false;
  let done = false;
  /** Anthropic block index → IR block index; blocks the IR cannot carry have no entry. */
  const indexes = new Map<number, number>();
  const open = new Set<number>();
  let nextIndex = 0;
  let usage: Usage = { ...EMPTY_USAGE };
  let stopReason: StopReason | undefined;
  let stopSequence: string | undefined;

  const start = (out: StreamEvent[], message: Json) => {
    started = true;
    const first = usageFromAnthropic(message.usage);
    // message_start's output_tokens is a placeholder; the real count comes in message_delta.
    delete first.output;
    usage = { ...usage, ...first };
    const event: Extract<StreamEvent, { type: 'start' }> = {
      type: 'start',
      id: typeof message.id === 'string' && message.id !== '' ? message.id : randomId('msg_'),
      model: typeof message.model === 'string' ? message.model : '',
    };
    if (Object.keys(first).length > 0) event.usage = first;
    out.push(event);
  };

  const ensureStarted = (out: StreamEvent[]) => {
    if (!started) start(out, {});
  };

  const blockStart = (out: StreamEvent[], data: Json) => {
    const block = isRecord(data.content_block) ? data.content_block : {};
    const at = typeof data.index === 'number' ? data.index : indexes.size;
    let opened: StreamBlock;
    let initial: StreamEvent | undefined;
    const index = nextIndex;
    if (block.type === 'text') {
      opened = { type: 'text' };
      if (typeof block.text === 'string' && block.text !== '') {
        initial = { type: 'text_delta', index, text: block.text };
      }
    } else if (block.type === 'thinking') {
      opened = { type: 'reasoning' };
      if (typeof block.thinking === 'string' && block.thinking !== '') {
        initial = { type: 'reasoning_delta', index, text: block.thinking };
      }
    } else if (block.type === 'redacted_thinking' && typeof block.data === 'string') {
      opened = { type: 'reasoning', redactedData: block.data };
    } else if (
      block.type === 'tool_use' &&
      typeof block.id === 'string' &&
      typeof block.name === 'string'
    ) {
      opened = { type: 'tool_call', id: block.id, name: block.name };
      // The input normally arrives as input_json_delta; a prefilled one is sent whole.
      if (isRecord(block.input) && Object.keys(block.input).length > 0) {
        initial = { type: 'tool_args_delta', index, json: JSON.stringify(block.input) };
      }
    } else {
      // server_tool_use, web_search_tool_result…: Anthropic's own business.
      return;
    }
    indexes.set(at, index);
    open.add(index);
    nextIndex += 1;
    out.push({ type: 'block_start', index, block: opened });
    if (initial !== undefined) out.push(initial);
  };

  const blockDelta = (out: StreamEvent[], data: Json) => {
    const index = typeof data.index === 'number' ? indexes.get(data.index) : undefined;
    const delta = data.delta;
    if (index === undefined || !open.has(index) || !isRecord(delta)) return;
    switch (delta.type) {
      case 'text_delta':
        if (typeof delta.text === 'string' && delta.text !== '') {
          out.push({ type: 'text_delta', index, text: delta.text });
        }
        return;
      case 'thinking_delta':
        if (typeof delta.thinking === 'string' && delta.thinking !== '') {
          out.push({ type: 'reasoning_delta', index, text: delta.thinking });
        }
        return;
      case 'signature_delta':
        if (typeof delta.signature === 'string' && delta.signature !== '') {
          out.push({ type: 'reasoning_signature', index, signature: delta.signature });
        }
        return;
      case 'input_json_delta':
        if (typeof delta.partial_json === 'string' && delta.partial_json !== '') {
          out.push({ type: 'tool_args_delta', index, json: delta.partial_json });
        }
        return;
      default:
        // citations_delta and future delta types have no IR event.
        return;
    }
  };

  const blockStop = (out: StreamEvent[], data: Json) => {
    const index = typeof data.index === 'number' ? indexes.get(data.index) : undefined;
    if (index === undefined || !open.delete(index)) return;
    out.push({ type: 'block_stop', index });
  };

  const closeAll = (out: StreamEvent[]) => {
    for (const index of [...open].sort((a, b) => a - b)) out.push({ type: 'block_stop', index });
    open.clear();
  };

  const finish = (out: StreamEvent[]) => {
    closeAll(out);
    done = true;
    const event: Extract<StreamEvent, { type: 'finish' }> = {
      type: 'finish',
      stopReason: stopReason ?? 'other',
      usage: { ...usage },
    };
    if (stopSequence !== undefined) event.stopSequence = stopSequence;
    out.push(event);
  };

  const handle = (type: string, data: Json, out: StreamEvent[]) => {
    switch (type) {
      case 'message_start':
        if (!started) start(out, isRecord(data.message) ? data.message : {});
        return;
      case 'content_block_start':
        ensureStarted(out);
        blockStart(out, data);
        return;
      case 'content_block_delta':
        blockDelta(out, data);
        return;
      case 'content_block_stop':
        blockStop(out, data);
        return;
      case 'message_delta': {
        ensureStarted(out);
        const delta = isRecord(data.delta) ? data.delta : {};
        if (delta.stop_reason !== undefined && delta.stop_reason !== null) {
          stopReason = stopReasonFromAnthropic(delta.stop_reason);
        }
        if (typeof delta.stop_sequence === 'string') stopSequence = delta.stop_sequence;
        // Counts here are cumulative: they replace, never add to, earlier ones.
        const update = usageFromAnthropic(data.usage);
        if (Object.keys(update).length > 0) {
          usage = { ...usage, ...update };
          out.push({ type: 'usage', usage: update });
        }
        return;
      }
      case 'message_stop':
        ensureStarted(out);
        finish(out);
        return;
      case 'error':
        done = true;
        out.push({ type: 'error', error: parseStreamError(data) });
        return;
      default:
        // ping and unknown future events.
        return;
    }
  };

  return {
    push(event: SseEvent): StreamEvent[] {
      if (done) return [];
      const text = event.data.trim();
      if (text === '') return [];
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        done = true;
        return [
          {
            type: 'error',
            error: { kind: 'upstream', message: 'Anthropic sent a malformed stream event' },
          },
        ];
      }
      if (!isRecord(data)) return [];
      const type = event.event ?? (typeof data.type === 'string' ? data.type : '');
      const out: StreamEvent[] = [];
      handle(type, data, out);
      return out;
    },
    end(): StreamEvent[] {
      if (done) return [];
      const out: StreamEvent[] = [];
      // Only message_stop is missing: the reply itself is complete.
      if (stopReason !== undefined) {
        finish(out);
        return out;
      }
      done = true;
      out.push({
        type: 'error',
        error: { kind: 'upstream', message: 'Anthropic stream ended before message_stop' },
      });
      return out;
    },
  };
}
