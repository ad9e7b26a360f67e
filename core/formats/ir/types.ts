/**
 * The internal representation (IR) every wire format translates into and out of.
 *
 * It is a superset of OpenAI Chat, OpenAI Responses, Anthropic Messages and Gemini:
 * anything one format can express survives a round trip through it. Fields a
 * translator does not understand are kept in `extensions`, keyed by the format
 * that produced them, so a same-format hop can restore them.
 */

/** The four wire formats Switchyard speaks upstream (Ollama is inbound only). */
export type WireFormat = 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini';

export const WIRE_FORMATS: readonly WireFormat[] = [
  'openai-chat',
  'openai-responses',
  'anthropic',
  'gemini',
];

/**
 * Formats Switchyard only ever sends upstream: no client speaks them to it.
 * Kiro's own JSON with AWS event-stream replies, and Antigravity's Cloud Code
 * envelope around Gemini.
 */
export type UpstreamOnlyFormat = 'kiro' | 'antigravity';

/** Every format an upstream endpoint may speak. */
export type UpstreamFormat = WireFormat | UpstreamOnlyFormat;

/** Format-specific fields with no IR equivalent, kept verbatim per source format. */
export type Extensions = Partial<Record<WireFormat, Record<string, unknown>>>;

/** Anthropic-style prompt cache breakpoint; other formats ignore or map it. */
export interface CacheHint {
  type: 'ephemeral';
  ttl?: string;
}

export type ImageSource =
  { kind: 'base64'; mediaType: string; data: string } | { kind: 'url'; url: string };

export interface TextPart {
  type: 'text';
  text: string;
  cache?: CacheHint;
  /** Anthropic citations and similar annotations, carried opaquely. */
  annotations?: unknown[];
}

export interface ImagePart {
  type: 'image';
  source: ImageSource;
  /** OpenAI's `detail` ("low" | "high" | "auto"). */
  detail?: string;
  cache?: CacheHint;
}

/** A non-image file (PDF and similar): Anthropic `document`, Gemini inlineData, OpenAI `file`. */
export interface FilePart {
  type: 'file';
  source: ImageSource;
  filename?: string;
  cache?: CacheHint;
}

/**
 * Where a signed reasoning artefact came from. Signatures are only ever sent
 * back to the provider that minted them; see `formats/ir/signatures.ts`.
 */
export interface SignatureOrigin {
  /** Provider id (the model prefix) that produced the signature. */
  provider: string;
}

export interface ReasoningPart {
  type: 'reasoning';
  /** Visible thinking text (Anthropic `thinking`, Gemini thought text, Responses summary, `reasoning_content`). */
  text: string;
  /** Anthropic thinking `signature`, carried byte for byte. */
  signature?: string;
  /** Anthropic `redacted_thinking.data`. When set, `text` is empty. */
  redactedData?: string;
  /** OpenAI Responses `encrypted_content` of a reasoning item. */
  encryptedContent?: string;
  /** OpenAI Responses reasoning item id (`rs_…`). */
  itemId?: string;
  /** Set when the signature/encrypted content was minted by a known upstream. */
  origin?: SignatureOrigin;
}

export interface ToolCallPart {
  type: 'tool_call';
  /** Call id as the producing format spelled it (`toolu_…`, `call_…`, or a synthetic one for Gemini). */
  id: string;
  name: string;
  /** Arguments as a JSON text, exactly as produced; `"{}"` when there are none. */
  arguments: string;
  /** Gemini `thoughtSignature` attached to a functionCall part. */
  signature?: string;
  origin?: SignatureOrigin;
  /** OpenAI Responses function_call item id (`fc_…`), distinct from `call_id`. */
  itemId?: string;
  cache?: CacheHint;
}

export interface ToolResultPart {
  type: 'tool_result';
  callId: string;
  /** Tool name where known (Gemini needs it; OpenAI does not carry it). */
  name?: string;
  content: (TextPart | ImagePart | FilePart)[];
  isError?: boolean;
  cache?: CacheHint;
}

export type ContentPart =
  TextPart | ImagePart | FilePart | ReasoningPart | ToolCallPart | ToolResultPart;

export interface Message {
  role: 'user' | 'assistant';
  content: ContentPart[];
}

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema for the arguments. */
  parameters: Record<string, unknown>;
  strict?: boolean;
  cache?: CacheHint;
}

/** A provider-hosted tool (web search, code execution…), carried opaquely for same-format hops. */
export interface HostedTool {
  format: WireFormat;
  raw: Record<string, unknown>;
}

export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  /** The model must call some tool (OpenAI `required`, Anthropic `any`, Gemini `ANY`). */
  | { type: 'required' }
  | { type: 'tool'; name: string };

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

export interface ReasoningConfig {
  /** False when the client explicitly turned thinking off. */
  enabled: boolean;
  effort?: ReasoningEffort;
  /** Anthropic `budget_tokens` / Gemini `thinkingBudget`. */
  budgetTokens?: number;
  /** Responses `summary` ("auto" | "concise" | "detailed"). */
  summary?: string;
}

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean };

export interface Request {
  /** The model id the upstream will see (already stripped of the Switchyard prefix). */
  model: string;
  system?: TextPart[];
  messages: Message[];
  tools?: ToolDefinition[];
  hostedTools?: HostedTool[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  presencePenalty?: number;
  frequencyPenalty?: number;
  seed?: number;
  reasoning?: ReasoningConfig;
  responseFormat?: ResponseFormat;
  /** Client-supplied metadata, forwarded only where the target format has a slot for it. */
  user?: string;
  stream: boolean;
  /** Ask the upstream for usage on streams (OpenAI `stream_options.include_usage`). Always wanted internally. */
  extensions?: Extensions;
}

export type StopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'content_filter'
  | 'refusal'
  | 'pause_turn'
  | 'error'
  | 'other';

/**
 * Token counts with disjoint buckets, so cost is a plain weighted sum.
 * `input` excludes cache reads and writes; `output` includes reasoning,
 * and `reasoning` is the part of `output` spent thinking.
 */
export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
  /** True when any number was estimated locally rather than reported upstream. */
  estimated?: boolean;
}

export interface Response {
  id: string;
  model: string;
  content: ContentPart[];
  stopReason: StopReason;
  stopSequence?: string;
  usage: Usage;
  extensions?: Extensions;
}

/** Block kinds a stream opens. Tool calls carry their id and name at start. */
export type StreamBlock =
  | { type: 'text' }
  | { type: 'reasoning'; redactedData?: string; itemId?: string }
  | { type: 'tool_call'; id: string; name: string; itemId?: string };

/**
 * Normalised stream events. Blocks are opened, filled and closed in order;
 * `index` counts blocks from 0 within one response.
 */
export type StreamEvent =
  | { type: 'start'; id: string; model: string; usage?: Partial<Usage> }
  | { type: 'block_start'; index: number; block: StreamBlock }
  | { type: 'text_delta'; index: number; text: string }
  | { type: 'reasoning_delta'; index: number; text: string }
  /** A reasoning signature (Anthropic) or encrypted content (Responses), sent whole. */
  | {
      type: 'reasoning_signature';
      index: number;
      signature?: string;
      encryptedContent?: string;
      origin?: SignatureOrigin;
    }
  | { type: 'tool_args_delta'; index: number; json: string }
  /** Gemini thoughtSignature on a function call. */
  | { type: 'tool_signature'; index: number; signature: string; origin?: SignatureOrigin }
  | { type: 'block_stop'; index: number }
  /** Usage seen so far; later events supersede earlier ones field by field. */
  | { type: 'usage'; usage: Partial<Usage> }
  | { type: 'finish'; stopReason: StopReason; stopSequence?: string; usage?: Partial<Usage> }
  | { type: 'error'; error: UpstreamErrorInfo };

/** An error reported by an upstream inside a stream or body, before rendering. */
export interface UpstreamErrorInfo {
  kind: ErrorKind;
  message: string;
  status?: number;
  /** The upstream's own error type/code string, for logs and traces. */
  code?: string;
}

/** What kind of failure this is; routing acts on the kind, never on message text. */
export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'request_too_large'
  | 'rate_limit'
  | 'overloaded'
  | 'timeout'
  | 'upstream'
  | 'internal';

export const EMPTY_USAGE: Readonly<Usage> = Object.freeze({
  input: 0,
  output: 0,
  cacheRead: 0,
  cacheWrite: 0,
  reasoning: 0,
});
