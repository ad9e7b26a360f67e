/**
 * Token usage per request, including requests that did not finish: a client
 * that hangs up mid-stream still spent the tokens the upstream reported so
 * far. The request's ledger row takes its tokens from here.
 */
import type { InboundFormat, StreamDecoder } from '../formats/codec.js';
import { mergeUsage } from '../formats/ir/aggregate.js';
import {
  EMPTY_USAGE,
  type StreamEvent,
  type UpstreamErrorInfo,
  type Usage,
  type UpstreamFormat,
} from '../formats/ir/types.js';
import { SseParser } from '../sse/parser.js';

export type UsageOutcome = 'completed' | 'client_aborted' | 'upstream_error';

export interface UsageRecord {
  /** The account (provider entry id). */
  providerId: string;
  /** The provider prefix its accounts share. */
  prefix: string;
  /** The router key the client used, when it sent one. */
  keyId?: string;
  /** The model id the upstream saw. */
  model: string;
  inbound: InboundFormat;
  upstream: UpstreamFormat;
  outcome: UsageOutcome;
  usage: Usage;
}

export type UsageSink = (record: UsageRecord) => void;

/** Keeps the latest usage numbers seen in a stream of IR events. */
export class UsageMeter {
  private current: Usage = { ...EMPTY_USAGE };
  private failure: UpstreamErrorInfo | undefined;
  private content = false;
  private outputChars = 0;

  observe(event: StreamEvent): void {
    if (event.type === 'text_delta' || event.type === 'reasoning_delta') {
      this.outputChars += event.text.length;
    } else if (event.type === 'tool_args_delta') this.outputChars += event.json.length;
    if (event.type === 'error') this.failure ??= event.error;
    else if (event.type !== 'start' && event.type !== 'usage') this.content = true;
    const update =
      event.type === 'start' || event.type === 'usage' || event.type === 'finish'
        ? event.usage
        : undefined;
    if (update !== undefined) this.current = mergeUsage(this.current, update);
  }

  set(usage: Usage): void {
    this.current = usage;
  }

  get usage(): Usage {
    return this.current;
  }

  /**
   * The reported usage, or, when the upstream reported none (an OpenAI stream
   * without `include_usage`), a rough local estimate flagged as one: about four
   * bytes of request body and four characters of output per token.
   */
  usageOrEstimate(requestBytes: number): Usage {
    const { input, output, cacheRead, cacheWrite } = this.current;
    if (input + output + cacheRead + cacheWrite > 0 || !this.content) return this.current;
    return {
      input: Math.ceil(requestBytes / 4),
      output: Math.ceil(this.outputChars / 4),
      cacheRead: 0,
      cacheWrite: 0,
      reasoning: 0,
      estimated: true,
    };
  }

  get sawError(): boolean {
    return this.failure !== undefined;
  }

  /** The first error the stream reported, if any. */
  get firstError(): UpstreamErrorInfo | undefined {
    return this.failure;
  }

  /** True once anything beyond `start` and `usage` arrived: the point of no return for fallback. */
  get sawContent(): boolean {
    return this.content;
  }
}

/**
 * Reads usage out of a passthrough SSE stream without touching the bytes the
 * client receives: the same upstream decoder runs on a copy of the text.
 */
export class PassthroughSniffer {
  private readonly parser = new SseParser();
  private readonly text = new TextDecoder();
  readonly meter = new UsageMeter();

  constructor(private readonly decoder: StreamDecoder) {}

  push(chunk: Uint8Array): void {
    this.feed(this.parser.push(this.text.decode(chunk, { stream: true })));
  }

  end(): void {
    this.feed(this.parser.push(this.text.decode()));
    this.feed(this.parser.end());
  }

  private feed(events: ReturnType<SseParser['push']>): void {
    for (const sse of events) {
      for (const event of this.decoder.push(sse)) this.meter.observe(event);
    }
  }
}
