/**
 * The routing decisions the proxy loop defers to: which candidates to try,
 * which to skip, and what a failure means. The default policy simply tries
 * a model's accounts in order; `routing/` supplies the full one.
 */
import type { Usage } from '../formats/ir/types.js';
import type { ResolvedProvider } from '../providers/catalog.js';
import type { FailureFacts } from './attempt-failed.js';
import { resolveAccounts, type ModelTarget } from './resolve.js';

export type FailureClass = 'request' | 'auth' | 'quota' | 'transient';

export interface FailureVerdict {
  class: FailureClass;
  /** When the account (or model) should be back, epoch ms. */
  resetAt?: number;
  detail: string;
}

export interface Unavailable {
  reason: string;
  /** When it should be back, epoch ms, if known. */
  until?: number;
}

export interface RoutePolicy {
  /** Refuses the request outright (a router key over its budget) by throwing. */
  admit?(keyId: string | undefined): void;
  /** Candidates in the order to try them; throws a 404 when nothing serves the model. */
  candidates(model: string, conversation: string | undefined): ModelTarget[];
  unavailable(target: ModelTarget): Unavailable | undefined;
  succeeded(target: ModelTarget, conversation: string | undefined, usage: Usage): void;
  failed(target: ModelTarget, facts: FailureFacts): FailureVerdict;
  /** Pause before the next candidate after a transient failure. */
  backoffMs(attempt: number): number;
  now(): number;
}

/** No state: each account once, request errors back to the client, everything else moves on. */
export function simplePolicy(providers: () => readonly ResolvedProvider[]): RoutePolicy {
  return {
    candidates: (model) => resolveAccounts(model, providers()),
    unavailable: () => undefined,
    succeeded: () => undefined,
    failed: (_target, facts) => {
      const kind = facts.info?.kind;
      const status = facts.status ?? 0;
      if (kind === 'invalid_request' || kind === 'request_too_large' || status === 400)
        return { class: 'request', detail: facts.info?.message ?? 'bad request' };
      if (kind === 'rate_limit' || status === 429)
        return { class: 'quota', detail: facts.info?.message ?? 'rate limited' };
      if (kind === 'authentication' || status === 401)
        return { class: 'auth', detail: facts.info?.message ?? 'unauthorised' };
      return { class: 'transient', detail: facts.info?.message ?? 'upstream failure' };
    },
    backoffMs: () => 0,
    now: () => Date.now(),
  };
}
