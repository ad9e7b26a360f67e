/**
 * Folds a stream of IR events into one IR response, for clients that asked
 * for JSON from an upstream that streams anyway (the Codex backend always does).
 */
import type {
  ContentPart,
  Response,
  StreamEvent,
  StopReason,
  UpstreamErrorInfo,
  Usage,
} from './types.js';
import { EMPTY_USAGE } from './types.js';

export class ResponseAggregator {
  private id = '';
  private model = '';
  private readonly parts: ContentPart[] = [];
  private readonly byIndex = new Map<number, ContentPart>();
  private usage: Usage = { ...EMPTY_USAGE };
  private stopReason: StopReason | undefined;
  private stopSequence: string | undefined;
  private failure: UpstreamErrorInfo | undefined;

  push(event: StreamEvent): void {
    switch (event.type) {
      case 'start':
        this.id = event.id;
        this.model = event.model;
        if (event.usage) this.mergeUsage(event.usage);
        return;
      case 'block_start':
        this.open(event.index, event.block);
        return;
      case 'text_delta': {
        const part = this.byIndex.get(event.index);
        if (part?.type === 'text') part.text += event.text;
        return;
      }
      case 'reasoning_delta': {
        const part = this.byIndex.get(event.index);
        if (part?.type === 'reasoning') part.text += event.text;
        return;
      }
      case 'reasoning_signature': {
        const part = this.byIndex.get(event.index);
        if (part?.type !== 'reasoning') return;
        if (event.signature !== undefined)
          part.signature = (part.signature ?? '') + event.signature;
        if (event.encryptedContent !== undefined) part.encryptedContent = event.encryptedContent;
        if (event.origin !== undefined) part.origin = event.origin;
        return;
      }
      case 'tool_args_delta': {
        const part = this.byIndex.get(event.index);
        if (part?.type === 'tool_call') part.arguments += event.json;
        return;
      }
      case 'tool_signature': {
        const part = this.byIndex.get(event.index);
        if (part?.type !== 'tool_call') return;
        part.signature = event.signature;
        if (event.origin !== undefined) part.origin = event.origin;
        return;
      }
      case 'block_stop': {
        const part = this.byIndex.get(event.index);
        if (part?.type === 'tool_call' && part.arguments === '') part.arguments = '{}';
        return;
      }
      case 'usage':
        this.mergeUsage(event.usage);
        return;
      case 'finish':
        this.stopReason = event.stopReason;
        this.stopSequence = event.stopSequence;
        if (event.usage) this.mergeUsage(event.usage);
        return;
      case 'error':
        this.failure ??= event.error;
        return;
    }
  }

  /** The upstream's in-stream error, if one arrived. */
  get error(): UpstreamErrorInfo | undefined {
    return this.failure;
  }

  result(): Response {
    const response: Response = {
      id: this.id,
      model: this.model,
      content: this.parts,
      stopReason: this.stopReason ?? 'other',
      usage: this.usage,
    };
    if (this.stopSequence !== undefined) response.stopSequence = this.stopSequence;
    return response;
  }

  private open(index: number, block: Extract<StreamEvent, { type: 'block_start' }>['block']): void {
    let part: ContentPart;
    if (block.type === 'text') part = { type: 'text', text: '' };
    else if (block.type === 'reasoning') {
      part = { type: 'reasoning', text: '' };
      if (block.redactedData !== undefined) part.redactedData = block.redactedData;
      if (block.itemId !== undefined) part.itemId = block.itemId;
    } else {
      part = { type: 'tool_call', id: block.id, name: block.name, arguments: '' };
      if (block.itemId !== undefined) part.itemId = block.itemId;
    }
    this.byIndex.set(index, part);
    this.parts.push(part);
  }

  private mergeUsage(update: Partial<Usage>): void {
    this.usage = mergeUsage(this.usage, update);
  }
}

/** Later usage numbers replace earlier ones field by field; `estimated` sticks once set. */
export function mergeUsage(base: Usage, update: Partial<Usage>): Usage {
  const merged: Usage = {
    input: update.input ?? base.input,
    output: update.output ?? base.output,
    cacheRead: update.cacheRead ?? base.cacheRead,
    cacheWrite: update.cacheWrite ?? base.cacheWrite,
    reasoning: update.reasoning ?? base.reasoning,
  };
  if (base.estimated === true || update.estimated === true) merged.estimated = true;
  return merged;
}
