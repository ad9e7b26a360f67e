/**
 * The contract every wire format implements. A codec is a bag of pure
 * functions; stream decoders and encoders hold their own per-stream state
 * and are created fresh for each response.
 */
import type { SwitchyardError } from '../shared/errors.js';
import type { SseEvent } from '../sse/types.js';
import type {
  Request,
  Response,
  StreamEvent,
  UpstreamErrorInfo,
  UpstreamFormat,
  UpstreamOnlyFormat,
  WireFormat,
} from './ir/types.js';

/** Per-response facts an encoder needs that are not in the events themselves. */
export interface EncodeContext {
  /** The model id the client asked for (with its Switchyard prefix), echoed back. */
  model: string;
  /** A response id to use when the upstream gave none. */
  responseId: string;
  /** Unix seconds, for formats that stamp `created`. */
  created: number;
  /** OpenAI chat: emit a usage chunk only when the client asked via `stream_options.include_usage`. */
  includeUsage?: boolean;
  /** Gemini: stream as a JSON array instead of SSE (a client that did not pass `alt=sse`). */
  jsonArrayStream?: boolean;
}

/** Upstream quirks a provider declares as data; codecs honour the ones that apply to them. */
export interface BuildOptions {
  /** OpenAI chat: send assistant reasoning back as `reasoning_content` (DeepSeek, Kimi, GLM need it). */
  echoReasoningContent?: boolean;
  /** OpenAI chat: the upstream takes `max_completion_tokens` rather than `max_tokens`. */
  useMaxCompletionTokens?: boolean;
}

/** Consumes upstream SSE events one at a time and emits IR events. */
export interface StreamDecoder {
  push(event: SseEvent): StreamEvent[];
  /** The upstream stream ended; emit whatever closing events are still owed. */
  end(): StreamEvent[];
}

/** Consumes raw upstream bytes (a stream that is not SSE, such as AWS event streams). */
export interface ByteStreamDecoder {
  push(chunk: Uint8Array): StreamEvent[];
  /** The upstream stream ended; emit whatever closing events are still owed. */
  end(): StreamEvent[];
}

/** Consumes IR events and produces the exact text to write to the client. */
export interface StreamEncoder {
  push(event: StreamEvent): string;
  /** Closes the stream (for example OpenAI's `data: [DONE]`). */
  end(): string;
}

export interface RenderedError {
  status: number;
  body: unknown;
}

/** Formats clients may speak to Switchyard: the four wire formats plus Ollama's native API. */
export type InboundFormat = WireFormat | 'ollama';

/** The client-facing half of a codec: what an inbound endpoint needs. */
export interface InboundCodec {
  readonly format: InboundFormat;
  /** Client body → IR. Throws `SwitchyardError` (400) naming the bad field. */
  parseRequest(body: unknown): Request;
  /** IR → JSON reply for a client of this format. */
  renderResponse(response: Response, context: EncodeContext): unknown;
  createStreamEncoder(context: EncodeContext): StreamEncoder;
  /** A Switchyard error → status and body in this format's error shape. */
  renderError(error: SwitchyardError): RenderedError;
  /** A mid-stream error, as the text this format uses to report it inside a stream. */
  renderStreamError(error: UpstreamErrorInfo): string;
}

/** The upstream-facing half of a codec: what the engine needs to call a provider. */
export interface UpstreamCodec {
  readonly format: UpstreamFormat;

  /** IR → JSON body for an upstream of this format. */
  buildRequest(request: Request, options?: BuildOptions): Record<string, unknown>;

  /** Upstream JSON reply → IR. */
  parseResponse(body: unknown): Response;
  /** An SSE stream decoder; formats whose stream is not SSE offer `createByteStreamDecoder`. */
  createStreamDecoder?(): StreamDecoder;
  /** A decoder over raw reply bytes; when present, every success reply is read as a stream. */
  createByteStreamDecoder?(): ByteStreamDecoder;
  /** An upstream error body (any status) → what went wrong. */
  parseError(status: number, body: unknown): UpstreamErrorInfo;
  /**
   * The upstream is always asked for a stream, whatever the client wanted; a
   * client that did not stream gets the gathered response.
   */
  alwaysStreams?: boolean;

  /** Token counting, for formats that have an endpoint for it (Anthropic, Gemini). */
  countTokens?: CountTokensCodec;
}

/** A format clients speak too: both halves. */
export interface FormatCodec extends InboundCodec, UpstreamCodec {
  readonly format: WireFormat;
  createStreamDecoder(): StreamDecoder;
}

/** Every codec by format: the client-facing four in full, the upstream-only ones half. */
export type CodecRegistry = { readonly [F in WireFormat]: FormatCodec } & {
  readonly [F in UpstreamOnlyFormat]: UpstreamCodec;
};

export interface CountTokensCodec {
  /** Client count-tokens body → IR request (no output limit required). */
  parseRequest(body: unknown): Request;
  /** IR → count-tokens body for an upstream of this format. */
  buildRequest(request: Request): Record<string, unknown>;
  /** Upstream count-tokens reply → input token total. */
  parseResponse(body: unknown): number;
  /** A count for the client; `estimated` marks a local guess rather than an upstream count. */
  renderResponse(inputTokens: number, estimated: boolean): unknown;
}
