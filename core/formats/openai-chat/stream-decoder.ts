/**
 * Chat completion chunks from an upstream → IR stream events. Chat interleaves nothing: a
 * stream is reasoning deltas, content deltas and tool-call fragments (by `index`), then a
 * chunk with `finish_reason`, then (with include_usage) a usage chunk with no choices, then
 * `[DONE]`. IR blocks are sequential, so switching kinds closes the open block.
 */
import type { SseEvent } from '../../sse/types.js';
import type { StreamDecoder } from '../codec.js';
import { kindForHttpStatus } from '../ir/http-status.js';
import { randomId } from '../ir/ids.js';
import { isRecord } from '../ir/json.js';
import type { StreamEvent, Usage } from '../ir/types.js';
import { kindForCode, readError } from './errors.js';
import { stopReasonFor } from './finish.js';
import { parseUsage } from './usage.js';

type Json = Record<string, unknown>;

interface ToolSlot {
  irIndex: number;
  id: string;
}

type OpenBlock = { kind: 'text' | 'reasoning'; index: number } | { kind: 'tool'; index: number };

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

class ChatStreamDecoder implements StreamDecoder {
  private started = false;
  private finished = false;
  private nextIndex = 0;
  private open: OpenBlock | undefined;
  /** Tool calls by the upstream's `index`; a closed slot is never reopened. */
  private readonly tools = new Map<number, ToolSlot>();
  private lastToolKey: number | undefined;
  private sawToolCall = false;
  private sawRefusal = false;
  /** The finish_reason seen, held until usage or the end so the finish carries usage. */
  private pendingFinish: unknown;
  private usage: Usage | undefined;

  push(event: SseEvent): StreamEvent[] {
    if (this.finished) return [];
    const out: StreamEvent[] = [];
    if (event.data.trim() === '[DONE]') {
      this.finish(out);
      return out;
    }
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return []; // keep-alive comments and stray text carry nothing
    }
    if (!isRecord(data)) return [];
    if (data.error !== undefined && data.error !== null && !Array.isArray(data.choices)) {
      this.fail(data, out);
      return out;
    }
    this.start(data, out);
    const usage = parseUsage(data.usage);
    if (usage !== undefined) this.usage = usage;
    const choices = Array.isArray(data.choices) ? (data.choices as unknown[]) : [];
    const choice = choices.find((entry) => isRecord(entry) && (entry.index ?? 0) === 0);
    if (isRecord(choice)) this.choice(choice, out);
    else if (usage !== undefined) {
      // The usage-only chunk: the last thing before [DONE] when include_usage is set.
      this.close(out);
      out.push({ type: 'usage', usage });
      if (this.pendingFinish !== undefined) this.finish(out);
    }
    return out;
  }

  end(): StreamEvent[] {
    if (this.finished) return [];
    const out: StreamEvent[] = [];
    if (this.pendingFinish !== undefined) this.finish(out);
    else {
      this.close(out);
      this.finished = true;
      out.push({
        type: 'error',
        error: { kind: 'upstream', message: 'The upstream stream ended before a finish_reason' },
      });
    }
    return out;
  }

  private start(data: Json, out: StreamEvent[]): void {
    if (this.started) return;
    this.started = true;
    out.push({
      type: 'start',
      id: typeof data.id === 'string' ? data.id : '',
      model: typeof data.model === 'string' ? data.model : '',
    });
  }

  private choice(choice: Json, out: StreamEvent[]): void {
    const delta = isRecord(choice.delta) ? choice.delta : {};
    // DeepSeek and most open-weight servers say reasoning_content; OpenRouter and vLLM reasoning.
    const reasoning = nonEmpty(delta.reasoning_content) ?? nonEmpty(delta.reasoning);
    if (reasoning !== undefined) {
      out.push({ type: 'reasoning_delta', index: this.ensure('reasoning', out), text: reasoning });
    }
    const text = nonEmpty(delta.content);
    if (text !== undefined) {
      out.push({ type: 'text_delta', index: this.ensure('text', out), text });
    }
    const refusal = nonEmpty(delta.refusal);
    if (refusal !== undefined) {
      this.sawRefusal = true;
      out.push({ type: 'text_delta', index: this.ensure('text', out), text: refusal });
    }
    if (Array.isArray(delta.tool_calls)) {
      for (const fragment of delta.tool_calls as unknown[]) {
        if (isRecord(fragment)) this.toolFragment(fragment, out);
      }
    }
    const finishReason = choice.finish_reason;
    if (typeof finishReason === 'string' && finishReason !== '') {
      this.close(out);
      this.pendingFinish = finishReason;
    }
  }

  /** The open block of `kind`, opening it (and closing any other) when needed. */
  private ensure(kind: 'text' | 'reasoning', out: StreamEvent[]): number {
    if (this.open?.kind === kind) return this.open.index;
    this.close(out);
    const index = this.nextIndex++;
    this.open = { kind, index };
    out.push({ type: 'block_start', index, block: { type: kind } });
    return index;
  }

  private toolFragment(fragment: Json, out: StreamEvent[]): void {
    const fn = isRecord(fragment.function) ? fragment.function : {};
    const id = nonEmpty(fragment.id);
    // Some servers omit `index`; a new id then means a new call, otherwise the current one.
    let key: number;
    if (typeof fragment.index === 'number') key = fragment.index;
    else if (this.lastToolKey === undefined) key = 0;
    else {
      const current = this.tools.get(this.lastToolKey);
      key = id !== undefined && id !== current?.id ? this.lastToolKey + 1 : this.lastToolKey;
    }
    let slot = this.tools.get(key);
    if (slot === undefined) {
      this.close(out);
      this.sawToolCall = true;
      slot = { irIndex: this.nextIndex++, id: id ?? randomId('call_') };
      this.tools.set(key, slot);
      this.lastToolKey = key;
      this.open = { kind: 'tool', index: slot.irIndex };
      out.push({
        type: 'block_start',
        index: slot.irIndex,
        block: { type: 'tool_call', id: slot.id, name: nonEmpty(fn.name) ?? '' },
      });
    } else if (this.open?.index !== slot.irIndex) {
      // A fragment for a call already closed (an upstream interleaving parallel calls):
      // IR blocks are sequential, so it cannot be appended.
      return;
    }
    const args = nonEmpty(fn.arguments);
    if (args !== undefined) out.push({ type: 'tool_args_delta', index: slot.irIndex, json: args });
  }

  private close(out: StreamEvent[]): void {
    if (this.open === undefined) return;
    out.push({ type: 'block_stop', index: this.open.index });
    this.open = undefined;
  }

  private finish(out: StreamEvent[]): void {
    if (!this.started) {
      this.finished = true;
      out.push({
        type: 'error',
        error: { kind: 'upstream', message: 'The upstream stream ended without any chunk' },
      });
      return;
    }
    this.close(out);
    this.finished = true;
    const stopReason = stopReasonFor(this.pendingFinish, this.sawToolCall, this.sawRefusal);
    out.push({
      type: 'finish',
      stopReason,
      ...(this.usage === undefined ? {} : { usage: this.usage }),
    });
  }

  private fail(data: Json, out: StreamEvent[]): void {
    this.close(out);
    this.finished = true;
    const error = readError(data) ?? {};
    const kind =
      error.status === undefined ? kindForCode(error.code) : kindForHttpStatus(error.status);
    out.push({
      type: 'error',
      error: {
        kind,
        message: error.message ?? 'The upstream stream failed',
        ...(error.status === undefined ? {} : { status: error.status }),
        ...(error.code === undefined ? {} : { code: error.code }),
      },
    });
  }
}

export function createStreamDecoder(): StreamDecoder {
  return new ChatStreamDecoder();
}
