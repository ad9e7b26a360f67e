// The contract each vendor fake implements, and the turn defaults they all share.
import { roughTokens } from './http-helpers.js';
import type { JsonReply } from './http-helpers.js';
import type { Signer } from './signing.js';
import type { RecordedRequest, Turn, TurnToolCall, TurnUsage } from './types.js';

export interface ResolvedTurn {
  text?: string;
  thinking?: string;
  toolCalls: TurnToolCall[];
  stopReason: 'end' | 'max_tokens' | 'tool_use';
  usage: Required<TurnUsage>;
}

/** A streamed reply: SSE frames, JSON-array elements (Gemini without alt=sse) or binary frames (Kiro). */
export interface StreamRendering {
  contentType: string;
  frames: (string | Uint8Array)[];
  /** Written before the first frame, between frames and at the end (JSON-array streams). */
  open?: string;
  separator?: string;
  close?: string;
}

/** A validated generation request, with renderers bound to it. */
export interface Generation {
  stream: boolean;
  /** The last user text, echoed by the default reply. */
  lastUserText: string;
  /** Rough input size, the default for `usage.input`. */
  inputTokens: number;
  json(turn: ResolvedTurn): unknown;
  streamed(turn: ResolvedTurn): StreamRendering;
  /** Frames that report an error inside a stream after `sent` events. */
  streamError(
    type: string | undefined,
    message: string | undefined,
    sent: number,
  ): (string | Uint8Array)[];
}

export type Routed = { reply: JsonReply } | { generation: Generation };

export interface ProtocolContext {
  signer: Signer;
  models: string[];
  apiKey: string;
}

export interface Protocol {
  /** `/v1` or `/v1beta`. */
  basePath: string;
  defaultModels: string[];
  /** Routes, authenticates and validates; undefined means no such route (404). */
  handle(req: RecordedRequest, ctx: ProtocolContext): Routed | undefined;
  /** The vendor's error reply for a status, with its usual headers. */
  errorReply(status: number, message?: string): JsonReply;
}

/** True when a body was sent but did not parse as JSON. */
export function isInvalidJson(req: RecordedRequest): boolean {
  return req.rawBody.length > 0 && req.body === undefined;
}

export function defaultTurn(lastUserText: string): Turn {
  return { text: `echo: ${lastUserText}` };
}

export function resolveTurn(turn: Turn, inputTokens: number): ResolvedTurn {
  const toolCalls = turn.toolCalls ?? [];
  const reasoning = turn.usage?.reasoning ?? (turn.thinking ? roughTokens(turn.thinking) : 0);
  const visible = [turn.text ?? '', ...toolCalls.map((call) => JSON.stringify(call))].join('');
  const resolved: ResolvedTurn = {
    toolCalls,
    stopReason: turn.stopReason ?? (toolCalls.length > 0 ? 'tool_use' : 'end'),
    usage: {
      input: turn.usage?.input ?? inputTokens,
      output: turn.usage?.output ?? roughTokens(visible) + reasoning,
      cacheRead: turn.usage?.cacheRead ?? 0,
      cacheWrite: turn.usage?.cacheWrite ?? 0,
      reasoning,
    },
  };
  if (turn.text !== undefined) resolved.text = turn.text;
  if (turn.thinking !== undefined) resolved.thinking = turn.thinking;
  return resolved;
}
