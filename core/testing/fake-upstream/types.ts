// Public vocabulary of the fake upstreams: what a test scripts and what it can inspect.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

export type FakeFormat =
  | 'openai-chat'
  | 'openai-responses'
  | 'anthropic'
  | 'gemini'
  /** Kiro's generateAssistantResponse, answered as an AWS binary event stream. */
  | 'kiro'
  /** Antigravity's Cloud Code envelope around Gemini. */
  | 'antigravity';

/**
 * Token counts for a scripted turn, in disjoint buckets: `input` excludes cache
 * reads and writes, `output` includes reasoning, `reasoning` is the thinking part
 * of `output`. Each fake converts them to its vendor's own bucket semantics.
 */
export interface TurnUsage {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
}

export interface TurnToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

/** One assistant turn, rendered by each fake in its own protocol. */
export interface Turn {
  text?: string;
  thinking?: string;
  toolCalls?: TurnToolCall[];
  /** Defaults to `tool_use` when there are tool calls, else `end`. */
  stopReason?: 'end' | 'max_tokens' | 'tool_use';
  usage?: TurnUsage;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when empty or not JSON. */
  body: unknown;
  rawBody: Buffer;
  /** True when the client went away before the response finished. */
  aborted: boolean;
}

export interface ReplyStep {
  reply: Turn;
  /** Wait this long before the first byte. */
  delay?: number;
  headers?: Record<string, string>;
  /** Stream this many events, then destroy the socket. */
  dropAfterEvents?: number;
  /** Stream this many events, then stall until the client goes away (a slow generation). */
  hangAfterEvents?: number;
  /** Stream `afterEvents` events, then the vendor's in-stream error, then end. */
  streamError?: { afterEvents: number; type?: string; message?: string };
}

export interface ErrorStep {
  /** Without `body`, the vendor's real error shape (and headers) for `status`. */
  error: { status: number; body?: unknown; headers?: Record<string, string> };
}

export interface HangStep {
  hang: true;
}

export interface RespondStep {
  respond: (req: RecordedRequest, res: ServerResponse) => void;
}

export type Step = ReplyStep | ErrorStep | HangStep | RespondStep;

export interface FakeUpstreamOptions {
  format: FakeFormat;
  /** The key the fake accepts; default `test-upstream-key`. */
  apiKey?: string;
  /** Model ids for the listing endpoints; a small vendor-flavoured default otherwise. */
  models?: string[];
}

export interface FakeUpstream {
  readonly format: FakeFormat;
  /** What a provider entry is configured with (`…/v1`, or `…/v1beta` for Gemini). */
  readonly baseUrl: string;
  /** Every request received, in arrival order (cleared by `reset`). */
  readonly requests: RecordedRequest[];
  /** Queues steps; each generation request takes one, or gets the default echo reply. */
  enqueue(...steps: Step[]): void;
  /** Resolves once at least `n` requests have been recorded. */
  waitForRequests(n: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Resolves once request `index` (default: the latest) has been aborted by its client. */
  waitForAbort(index?: number, timeoutMs?: number): Promise<RecordedRequest>;
  /** Forgets queued steps and recorded requests. */
  reset(): void;
  /** Stops listening and destroys open sockets, so hanging responses end. */
  close(): Promise<void>;
}
