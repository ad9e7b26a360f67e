/**
 * IR stream events → `chat.completion.chunk` lines, shaped like OpenAI's own stream: a role
 * chunk first, content / reasoning_content / tool_calls deltas, a finish chunk, the usage
 * chunk (choices: []) only when the client asked for include_usage, then `data: [DONE]`.
 */
import { sseData } from '../../sse/writer.js';
import type { EncodeContext, StreamEncoder } from '../codec.js';
import type { StreamEvent, Usage } from '../ir/types.js';
import { renderStreamError } from './errors.js';
import { completionIdFor, finishReasonFor } from './finish.js';
import { renderUsage } from './usage.js';

type Json = Record<string, unknown>;

class ChatStreamEncoder implements StreamEncoder {
  private id: string;
  private started = false;
  private finished = false;
  private failed = false;
  /** IR block index → ordinal among tool calls (chat's `tool_calls[].index`). */
  private readonly toolOrdinals = new Map<number, number>();
  private usage: Partial<Usage> | undefined;

  constructor(private readonly context: EncodeContext) {
    this.id = completionIdFor(undefined, context);
  }

  push(event: StreamEvent): string {
    if (this.finished || this.failed) return '';
    if (event.type === 'error') {
      this.failed = true;
      return renderStreamError(event.error);
    }
    if (event.type === 'start') {
      if (!this.started) this.id = completionIdFor(event.id, this.context);
      if (event.usage !== undefined) this.usage = { ...this.usage, ...event.usage };
      return this.start();
    }
    const text = this.start();
    switch (event.type) {
      case 'block_start':
        if (event.block.type !== 'tool_call') return text;
        return text + this.toolStart(event.index, event.block.id, event.block.name);
      case 'text_delta':
        return event.text === '' ? text : text + this.chunk({ content: event.text });
      case 'reasoning_delta':
        return event.text === '' ? text : text + this.chunk({ reasoning_content: event.text });
      case 'tool_args_delta': {
        const ordinal = this.toolOrdinals.get(event.index);
        if (ordinal === undefined || event.json === '') return text;
        return (
          text +
          this.chunk({ tool_calls: [{ index: ordinal, function: { arguments: event.json } }] })
        );
      }
      case 'usage':
        this.usage = { ...this.usage, ...event.usage };
        return text;
      case 'finish':
        if (event.usage !== undefined) this.usage = { ...this.usage, ...event.usage };
        return text + this.finish(finishReasonFor(event.stopReason));
      default:
        // block_stop needs no frame; signatures have no chat slot (the engine remembers them).
        return text;
    }
  }

  end(): string {
    if (this.failed) return '';
    return 'data: [DONE]\n\n';
  }

  private frame(choices: Json[], extra: Json = {}): string {
    return sseData({
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.context.created,
      model: this.context.model,
      choices,
      // OpenAI sends `usage: null` on every chunk before the usage chunk when it was asked for.
      ...(this.context.includeUsage === true ? { usage: null } : {}),
      ...extra,
    });
  }

  private chunk(delta: Json, finishReason: string | null = null): string {
    return this.frame([{ index: 0, delta, logprobs: null, finish_reason: finishReason }]);
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    return this.chunk({ role: 'assistant', content: '' });
  }

  private toolStart(irIndex: number, id: string, name: string): string {
    const ordinal = this.toolOrdinals.size;
    this.toolOrdinals.set(irIndex, ordinal);
    return this.chunk({
      tool_calls: [{ index: ordinal, id, type: 'function', function: { name, arguments: '' } }],
    });
  }

  private finish(finishReason: string): string {
    this.finished = true;
    let text = this.chunk({}, finishReason);
    if (this.context.includeUsage === true) {
      text += this.frame([], { usage: renderUsage(this.usage ?? {}) });
    }
    return text;
  }
}

export function createStreamEncoder(context: EncodeContext): StreamEncoder {
  return new ChatStreamEncoder(context);
}
