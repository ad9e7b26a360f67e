/** Responses SSE events from an upstream → IR stream events, one output item per IR block. */
import type { SseEvent } from '../../sse/types.js';
import type { StreamDecoder } from '../codec.js';
import { isRecord } from '../ir/json.js';
import type { StreamBlock, StreamEvent } from '../ir/types.js';
import { kindForCode } from './errors.js';
import { stopReasonFor } from './output.js';
import { parseUsage } from './usage.js';

type Json = Record<string, unknown>;

interface OpenBlock {
  index: number;
  outputIndex: number;
  kind: StreamBlock['type'];
  /** Which reasoning stream feeds this block; the first one seen wins so texts never mix. */
  source?: 'summary' | 'content';
  /** The part (content_index / summary_index) deltas are currently filling, and its text so far. */
  part: number;
  partText: string;
  doneParts: Set<number>;
  emittedAny: boolean;
}

const SEPARATOR: Record<StreamBlock['type'], string> = {
  text: '',
  reasoning: '\n\n',
  tool_call: '',
};

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : -1;
}

class ResponsesStreamDecoder implements StreamDecoder {
  private started = false;
  private finished = false;
  private nextIndex = 0;
  private open: OpenBlock | undefined;
  private readonly seen = new Set<number>();
  private sawToolCall = false;
  private sawRefusal = false;

  push(event: SseEvent): StreamEvent[] {
    if (this.finished) return [];
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return []; // keep-alives and stray `[DONE]` lines carry nothing
    }
    if (!isRecord(data)) return [];
    const type = str(data.type) ?? event.event;
    const out: StreamEvent[] = [];
    switch (type) {
      case 'response.created':
      case 'response.queued':
      case 'response.in_progress':
        this.start(out, data.response);
        break;
      case 'response.output_item.added':
        this.start(out, undefined);
        if (isRecord(data.item)) this.itemAdded(data.item, num(data.output_index), out);
        break;
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        if (type === 'response.refusal.delta') this.sawRefusal = true;
        this.delta(data, 'text', num(data.content_index), str(data.delta), out);
        break;
      case 'response.output_text.done':
      case 'response.refusal.done':
        this.done(data, 'text', num(data.content_index), str(data.text ?? data.refusal), out);
        break;
      case 'response.reasoning_summary_text.delta':
        this.delta(data, 'summary', num(data.summary_index), str(data.delta), out);
        break;
      case 'response.reasoning_summary_text.done':
        this.done(data, 'summary', num(data.summary_index), str(data.text), out);
        break;
      case 'response.reasoning_text.delta':
        this.delta(data, 'content', num(data.content_index), str(data.delta), out);
        break;
      case 'response.reasoning_text.done':
        this.done(data, 'content', num(data.content_index), str(data.text), out);
        break;
      case 'response.function_call_arguments.delta':
        this.delta(data, 'args', 0, str(data.delta), out);
        break;
      case 'response.function_call_arguments.done':
        this.done(data, 'args', 0, str(data.arguments), out);
        break;
      case 'response.output_item.done':
        this.start(out, undefined);
        if (isRecord(data.item)) this.itemDone(data.item, num(data.output_index), out);
        break;
      case 'response.completed':
      case 'response.incomplete':
        this.complete(data.response, out);
        break;
      case 'response.failed':
        this.fail(isRecord(data.response) ? data.response.error : undefined, out);
        break;
      case 'error':
        this.fail(isRecord(data.error) ? data.error : data, out);
        break;
      default:
        break;
    }
    return out;
  }

  end(): StreamEvent[] {
    if (this.finished) return [];
    this.finished = true;
    return [
      {
        type: 'error',
        error: { kind: 'upstream', message: 'The upstream stream ended before response.completed' },
      },
    ];
  }

  private start(out: StreamEvent[], response: unknown): void {
    if (this.started) return;
    this.started = true;
    const fields = isRecord(response) ? response : {};
    out.push({ type: 'start', id: str(fields.id) ?? '', model: str(fields.model) ?? '' });
  }

  private openBlock(outputIndex: number, block: StreamBlock, out: StreamEvent[]): OpenBlock {
    this.close(out);
    this.seen.add(outputIndex);
    const open: OpenBlock = {
      index: this.nextIndex++,
      outputIndex,
      kind: block.type,
      part: -1,
      partText: '',
      doneParts: new Set(),
      emittedAny: false,
    };
    this.open = open;
    out.push({ type: 'block_start', index: open.index, block });
    return open;
  }

  private close(out: StreamEvent[]): void {
    if (this.open === undefined) return;
    out.push({ type: 'block_stop', index: this.open.index });
    this.open = undefined;
  }

  private itemAdded(item: Json, outputIndex: number, out: StreamEvent[]): OpenBlock | undefined {
    const itemId = str(item.id);
    const withItem = itemId === undefined ? {} : { itemId };
    switch (item.type) {
      case 'message':
        return this.openBlock(outputIndex, { type: 'text' }, out);
      case 'reasoning':
        return this.openBlock(outputIndex, { type: 'reasoning', ...withItem }, out);
      case 'function_call': {
        this.sawToolCall = true;
        const id = str(item.call_id) ?? itemId ?? '';
        const name = str(item.name) ?? '';
        const block = this.openBlock(
          outputIndex,
          { type: 'tool_call', id, name, ...withItem },
          out,
        );
        const args = str(item.arguments);
        if (args !== undefined && args !== '') this.append(block, 0, args, out);
        return block;
      }
      default:
        // Hosted-tool items have no IR block, but they still end the previous item.
        this.close(out);
        this.seen.add(outputIndex);
        return undefined;
    }
  }

  /** The open block for an event, opening one when an upstream skipped output_item.added. */
  private target(data: Json, feed: 'text' | 'summary' | 'content' | 'args', out: StreamEvent[]) {
    const outputIndex = num(data.output_index);
    if (this.open?.outputIndex === outputIndex) return this.open;
    if (this.seen.has(outputIndex) || feed === 'args') return undefined;
    this.start(out, undefined);
    const itemId = str(data.item_id);
    return feed === 'text'
      ? this.openBlock(outputIndex, { type: 'text' }, out)
      : this.openBlock(
          outputIndex,
          { type: 'reasoning', ...(itemId === undefined ? {} : { itemId }) },
          out,
        );
  }

  private accepts(block: OpenBlock, feed: 'text' | 'summary' | 'content' | 'args'): boolean {
    if (feed === 'text') return block.kind === 'text';
    if (feed === 'args') return block.kind === 'tool_call';
    if (block.kind !== 'reasoning') return false;
    block.source ??= feed;
    return block.source === feed;
  }

  private delta(
    data: Json,
    feed: 'text' | 'summary' | 'content' | 'args',
    part: number,
    text: string | undefined,
    out: StreamEvent[],
  ): void {
    if (text === undefined || text === '') return;
    const block = this.target(data, feed, out);
    if (block !== undefined && this.accepts(block, feed)) this.append(block, part, text, out);
  }

  /** A `.done` event repeats the whole part; emit only what the deltas did not already carry. */
  private done(
    data: Json,
    feed: 'text' | 'summary' | 'content' | 'args',
    part: number,
    full: string | undefined,
    out: StreamEvent[],
  ): void {
    if (full === undefined) return;
    const block = this.target(data, feed, out);
    if (block !== undefined && this.accepts(block, feed)) this.finishPart(block, part, full, out);
  }

  private finishPart(block: OpenBlock, part: number, full: string, out: StreamEvent[]): void {
    if (block.doneParts.has(part)) return;
    if (block.part !== part) this.append(block, part, full, out);
    else if (full.startsWith(block.partText)) {
      this.append(block, part, full.slice(block.partText.length), out);
    }
    block.doneParts.add(part);
  }

  private append(block: OpenBlock, part: number, text: string, out: StreamEvent[]): void {
    if (block.doneParts.has(part)) return;
    if (block.part !== part) {
      if (block.emittedAny && SEPARATOR[block.kind] !== '') {
        this.emit(block, SEPARATOR[block.kind], out);
      }
      block.part = part;
      block.partText = '';
    }
    if (text === '') return;
    block.partText += text;
    this.emit(block, text, out);
  }

  private emit(block: OpenBlock, text: string, out: StreamEvent[]): void {
    block.emittedAny = true;
    const index = block.index;
    if (block.kind === 'text') out.push({ type: 'text_delta', index, text });
    else if (block.kind === 'reasoning') out.push({ type: 'reasoning_delta', index, text });
    else out.push({ type: 'tool_args_delta', index, json: text });
  }

  private itemDone(item: Json, outputIndex: number, out: StreamEvent[]): void {
    let block = this.open?.outputIndex === outputIndex ? this.open : undefined;
    if (block === undefined) {
      if (this.seen.has(outputIndex)) return;
      block = this.itemAdded(item, outputIndex, out);
      if (block === undefined) return;
    }
    if (item.type === 'message' && Array.isArray(item.content)) {
      (item.content as unknown[]).forEach((piece, i) => {
        if (!isRecord(piece)) return;
        if (piece.type === 'refusal') this.sawRefusal = true;
        const text = str(piece.text ?? piece.refusal);
        if (text !== undefined) this.finishPart(block, i, text, out);
      });
    } else if (item.type === 'reasoning') {
      this.reasoningDone(block, item, out);
    } else if (item.type === 'function_call') {
      const args = str(item.arguments);
      if (args !== undefined) this.finishPart(block, 0, args, out);
    }
    this.close(out);
  }

  private reasoningDone(block: OpenBlock, item: Json, out: StreamEvent[]): void {
    const summary = Array.isArray(item.summary) ? (item.summary as unknown[]) : [];
    const content = Array.isArray(item.content) ? (item.content as unknown[]) : [];
    block.source ??= summary.length > 0 ? 'summary' : 'content';
    (block.source === 'summary' ? summary : content).forEach((piece, i) => {
      const text = isRecord(piece) ? str(piece.text) : undefined;
      if (text !== undefined) this.finishPart(block, i, text, out);
    });
    const encrypted = str(item.encrypted_content);
    if (encrypted !== undefined && encrypted !== '') {
      out.push({ type: 'reasoning_signature', index: block.index, encryptedContent: encrypted });
    }
  }

  private complete(response: unknown, out: StreamEvent[]): void {
    this.start(out, response);
    const fields = isRecord(response) ? response : {};
    // Some upstreams send only the final object; replay any items the deltas never showed.
    if (Array.isArray(fields.output)) {
      (fields.output as unknown[]).forEach((item, i) => {
        if (isRecord(item) && !this.seen.has(i)) this.itemDone(item, i, out);
      });
    }
    this.close(out);
    const incomplete = isRecord(fields.incomplete_details)
      ? fields.incomplete_details.reason
      : undefined;
    const stopReason = stopReasonFor(fields.status, incomplete, this.sawToolCall, this.sawRefusal);
    const usage = parseUsage(fields.usage);
    out.push({ type: 'finish', stopReason, ...(usage === undefined ? {} : { usage }) });
    this.finished = true;
  }

  private fail(error: unknown, out: StreamEvent[]): void {
    const fields = isRecord(error) ? error : {};
    const code = str(fields.code) ?? str(fields.type);
    out.push({
      type: 'error',
      error: {
        kind: kindForCode(code),
        message: str(fields.message) ?? 'The upstream response failed',
        ...(code === undefined ? {} : { code }),
      },
    });
    this.finished = true;
  }
}

export function createStreamDecoder(): StreamDecoder {
  return new ResponsesStreamDecoder();
}
