/**
 * One upstream attempt that failed before anything reached the client, with
 * the facts routing needs to decide what to do next (cool the account, move
 * on, or hand the error back) and the error to show if it is the last word.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { UpstreamErrorInfo } from '../formats/ir/types.js';
import type { SwitchyardError } from '../shared/errors.js';

export interface FailureFacts {
  /** The upstream's HTTP status (200 for an error event inside a stream). */
  status?: number;
  headers?: IncomingHttpHeaders;
  /** The upstream's error as its codec read it. */
  info?: UpstreamErrorInfo;
  /** The raw error body, for signals only the body carries (Codex resets_at, Gemini RetryInfo). */
  body?: unknown;
  transport?: 'reset' | 'timeout' | 'refused';
}

/** A same-format error reply, forwarded as the upstream wrote it when it is the final answer. */
export interface RawErrorReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export class AttemptFailed extends Error {
  constructor(
    readonly facts: FailureFacts,
    /** The error in the client's own format. */
    readonly clientError: SwitchyardError,
    readonly raw?: RawErrorReply,
  ) {
    super(clientError.message);
    this.name = 'AttemptFailed';
  }
}

export function isAttemptFailed(value: unknown): value is AttemptFailed {
  return value instanceof AttemptFailed;
}
