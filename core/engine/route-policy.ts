/**
 * The routing decisions the proxy loop defers to: which candidates to try,
 * which to skip, and what a failure means. The default policy simply tries
 * a model's accounts in order; `routing/` supplies the full one.
 */
import type { Usage } from '../formats/ir/types.js';
import type { ResolvedProvider } from '../providers/catalog.js';
import { classifyFailure, type FailureInput } from '../routing/signals.js';
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

/**
 * The conversation a request belongs to, worked out only when asked: hashing the
 * opening of a large body is wasted on a provider with one account.
 */
export type ConversationOf = () => string | undefined;

export interface RoutePolicy {
  /** Refuses the request outright (a router key over its budget) by throwing. */
  admit?(keyId: string | undefined): void;
  /** Candidates in the order to try them; throws a 404 when nothing serves the model. */
  candidates(model: string, conversation: ConversationOf): ModelTarget[];
  unavailable(target: ModelTarget): Unavailable | undefined;
  succeeded(target: ModelTarget, conversation: ConversationOf, usage: Usage): void;
  failed(target: ModelTarget, facts: FailureFacts): FailureVerdict;
  /** The combo a requested name routes through (`auto` → the active one), for the ledger. */
  comboOf?(model: string): string | undefined;
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
    // The same classification the full policy uses; this one just keeps no state.
    failed: (_target, facts) => {
      const signal = classifyFailure(failureInput(facts), Date.now());
      return {
        class: signal.class,
        detail: signal.detail,
        ...(signal.resetAt === undefined ? {} : { resetAt: signal.resetAt }),
      };
    },
    backoffMs: () => 0,
    now: () => Date.now(),
  };
}

/** The engine's failure facts in the shape `routing/signals.ts` reads. */
export function failureInput(facts: FailureFacts): FailureInput {
  return {
    ...(facts.status === undefined ? {} : { status: facts.status }),
    ...(facts.headers === undefined ? {} : { headers: facts.headers }),
    ...(facts.info === undefined ? {} : { error: facts.info }),
    ...(facts.body === undefined ? {} : { body: facts.body }),
    ...(facts.transport === undefined ? {} : { transport: facts.transport }),
  };
}
