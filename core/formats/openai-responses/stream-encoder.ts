/** IR stream events → Responses SSE, in the order the openai SDK's accumulator replays. */
import { sseFrame } from '../../sse/writer.js';
import type { EncodeContext, StreamEncoder } from '../codec.js';
import { sealSignature } from '../ir/signatures.js';
import type { StreamBlock, StreamEvent, UpstreamErrorInfo, Usage } from '../ir/types.js';
import { responseError } from './errors.js';
import {
  functionCallItem,
  itemId,
  messageItem,
  outputTextPart,
  reasoningItem,
  responseIdFor,
  responseObject,
  statusFor,
} from './output.js';
import type { ResponseStatus } from './output.js';

type Json = Record<string, unknown>;

interface OpenItem {
  irIndex: number;
  outputIndex: number;
  id: string;
  block: StreamBlock;
  text: string;
  /** Reasoning: whether the summary part has been announced (it is opened on first text). */
  summaryOpen: boolean;
  encrypted?: string;
}

// The SDK finds items by output_index and parts by content/summary index and throws on a
// miss, so every delta follows the `added` event of its item and part.
class ResponsesStreamEncoder implements StreamEncoder {
  private sequence = 0;
  private id: string;
  private started = false;
  private closed = false;
  private open: OpenItem | undefined;
  private readonly output: Json[] = [];
  private usage: Partial<Usage> | undefined;

  constructor(private readonly context: EncodeContext) {
    this.id = responseIdFor(undefined, context);
  }

  push(event: StreamEvent): string {
    if (this.closed) return '';
    let text = '';
    if (event.type === 'start') {
      if (!this.started) this.id = responseIdFor(event.id, this.context);
      if (event.usage !== undefined) this.mergeUsage(event.usage);
      return this.start();
    }
    text += this.start();
    switch (event.type) {
      case 'block_start':
        text += this.closeItem() + this.openItem(event.index, event.block);
        break;
      case 'text_delta':
      case 'reasoning_delta':
      case 'tool_args_delta':
        text += this.delta(event.index, event.type === 'tool_args_delta' ? event.json : event.text);
        break;
      case 'reasoning_signature': {
        const raw = event.encryptedContent ?? event.signature;
        if (this.open?.irIndex === event.index && raw !== undefined) {
          this.open.encrypted = sealSignature(raw, event.origin);
        }
        break;
      }
      case 'block_stop':
        if (this.open?.irIndex === event.index) text += this.closeItem();
        break;
      case 'usage':
        this.mergeUsage(event.usage);
        break;
      case 'finish':
        if (event.usage !== undefined) this.mergeUsage(event.usage);
        text += this.closeItem() + this.finish(event.stopReason);
        break;
      case 'error':
        text += this.fail(event.error);
        break;
      case 'tool_signature':
        // A Gemini call signature has no slot on a function_call item.
        break;
    }
    return text;
  }

  end(): string {
    if (this.closed || !this.started) return '';
    return this.fail({
      kind: 'upstream',
      message: 'The stream ended before the response finished',
    });
  }

  private frame(type: string, fields: Json): string {
    return sseFrame(type, { type, sequence_number: this.sequence++, ...fields });
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    const response = this.response('in_progress', null, null);
    return (
      this.frame('response.created', { response }) +
      this.frame('response.in_progress', { response })
    );
  }

  private response(
    status: ResponseStatus,
    incompleteDetails: Json | null,
    error: Json | null,
  ): Json {
    return responseObject(
      {
        id: this.id,
        status,
        output: [...this.output],
        usage: status === 'in_progress' ? undefined : this.usage,
        incompleteDetails,
        error,
      },
      this.context,
    );
  }

  private mergeUsage(usage: Partial<Usage>): void {
    this.usage = { ...this.usage, ...usage };
  }

  private openItem(irIndex: number, block: StreamBlock): string {
    const outputIndex = this.output.length;
    const open: OpenItem = {
      irIndex,
      outputIndex,
      id: '',
      block,
      text: '',
      summaryOpen: false,
    };
    this.open = open;
    const at = { output_index: outputIndex };
    if (block.type === 'text') {
      open.id = itemId(this.id, 'msg', outputIndex);
      return (
        this.frame('response.output_item.added', {
          ...at,
          item: messageItem(open.id, [], 'in_progress'),
        }) +
        this.frame('response.content_part.added', {
          item_id: open.id,
          ...at,
          content_index: 0,
          part: outputTextPart(''),
        })
      );
    }
    if (block.type === 'reasoning') {
      open.id = itemId(this.id, 'rs', outputIndex, block.itemId);
      return this.frame('response.output_item.added', { ...at, item: reasoningItem(open.id, '') });
    }
    open.id = itemId(this.id, 'fc', outputIndex, block.itemId);
    const item = functionCallItem(open.id, block.id, block.name, '', 'in_progress');
    return this.frame('response.output_item.added', { ...at, item });
  }

  private delta(irIndex: number, delta: string): string {
    const open = this.open;
    if (open?.irIndex !== irIndex || delta === '') return '';
    open.text += delta;
    const at = { item_id: open.id, output_index: open.outputIndex };
    switch (open.block.type) {
      case 'text':
        return this.frame('response.output_text.delta', {
          ...at,
          content_index: 0,
          delta,
          logprobs: [],
        });
      case 'tool_call':
        return this.frame('response.function_call_arguments.delta', { ...at, delta });
      case 'reasoning': {
        let text = '';
        if (!open.summaryOpen) {
          open.summaryOpen = true;
          text += this.frame('response.reasoning_summary_part.added', {
            ...at,
            summary_index: 0,
            part: { type: 'summary_text', text: '' },
          });
        }
        return (
          text +
          this.frame('response.reasoning_summary_text.delta', { ...at, summary_index: 0, delta })
        );
      }
    }
  }

  private closeItem(): string {
    const open = this.open;
    if (open === undefined) return '';
    this.open = undefined;
    const at = { item_id: open.id, output_index: open.outputIndex };
    let text = '';
    let item: Json;
    if (open.block.type === 'text') {
      const part = outputTextPart(open.text);
      text +=
        this.frame('response.output_text.done', {
          ...at,
          content_index: 0,
          text: open.text,
          logprobs: [],
        }) + this.frame('response.content_part.done', { ...at, content_index: 0, part });
      item = messageItem(open.id, [part]);
    } else if (open.block.type === 'reasoning') {
      if (open.summaryOpen) {
        const part = { type: 'summary_text', text: open.text };
        text +=
          this.frame('response.reasoning_summary_text.done', {
            ...at,
            summary_index: 0,
            text: open.text,
          }) +
          this.frame('response.reasoning_summary_part.done', { ...at, summary_index: 0, part });
      }
      item = reasoningItem(open.id, open.text, open.encrypted);
    } else {
      const args = open.text === '' ? '{}' : open.text;
      text += this.frame('response.function_call_arguments.done', {
        ...at,
        name: open.block.name,
        arguments: args,
      });
      item = functionCallItem(open.id, open.block.id, open.block.name, args);
    }
    this.output.push(item);
    return text + this.frame('response.output_item.done', { output_index: open.outputIndex, item });
  }

  private finish(stopReason: Parameters<typeof statusFor>[0]): string {
    this.closed = true;
    const { status, incompleteDetails } = statusFor(stopReason);
    if (status === 'failed') {
      return this.failedFrame({ kind: 'upstream', message: 'The upstream response failed' });
    }
    const response = this.response(status, incompleteDetails, null);
    const type = status === 'incomplete' ? 'response.incomplete' : 'response.completed';
    return this.frame(type, { response });
  }

  private fail(error: UpstreamErrorInfo): string {
    this.closed = true;
    return this.failedFrame(error);
  }

  private failedFrame(error: UpstreamErrorInfo): string {
    const response = this.response('failed', null, responseError(error));
    return this.frame('response.failed', { response });
  }
}

export function createStreamEncoder(context: EncodeContext): StreamEncoder {
  return new ResponsesStreamEncoder(context);
}

/**
 * An error with no encoder state behind it: a bare `response.failed`. Inside a stream the
 * encoder renders IR error events itself, with the right ids and sequence numbers.
 */
export function renderStreamError(error: UpstreamErrorInfo): string {
  return sseFrame('response.failed', {
    type: 'response.failed',
    sequence_number: 0,
    response: {
      id: 'resp_error',
      object: 'response',
      created_at: 0,
      status: 'failed',
      error: responseError(error),
      incomplete_details: null,
      output: [],
      usage: null,
    },
  });
}
