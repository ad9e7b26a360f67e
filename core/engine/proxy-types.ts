/** What the engine needs from its host, and what one client call brings. */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { CodecRegistry, EncodeContext, InboundCodec } from '../formats/codec.js';
import type { Usage } from '../formats/ir/types.js';
import type { RawJsonBody } from '../http/raw-json.js';
import type { ResolvedProvider } from '../providers/catalog.js';
import type { ProviderEndpoint } from '../providers/types.js';
import type { Logger } from '../shared/log.js';
import type { RequestRecord } from '../shared/usage.js';
import type { ReasoningMemory } from './reasoning-memory.js';
import type { ModelTarget } from './resolve.js';
import type { RoutePolicy } from './route-policy.js';
import type { Operation } from './upstream-target.js';
import type { UsageOutcome, UsageSink } from './usage-meter.js';

export interface ProxyDeps {
  providers(): readonly ResolvedProvider[];
  apiKey(providerId: string): Promise<string | undefined>;
  /** What a subscription login stored beside its token (account ids, project ids). */
  accountExtra?(providerId: string): Promise<Record<string, string> | undefined>;
  dispatcher: Dispatcher;
  codecs: CodecRegistry;
  log: Logger;
  /** Signed reasoning kept for clients whose format cannot carry it. */
  reasoning: ReasoningMemory;
  /** Receives the tokens every request spent, finished or not. */
  recordUsage?: UsageSink;
  /** Candidates, cooldowns and fallback decisions; without one, a model's accounts in order. */
  routing?: RoutePolicy;
  /**
   * Refreshes a subscription account's token after a 401 (single-flight per
   * account); true when a fresh token is ready to retry with.
   */
  refreshCredentials?: (accountId: string, rejectedToken: string | undefined) => Promise<boolean>;
  /** Sees every upstream reply's status and headers (rate-limit headers carry quota). */
  observeResponse?: (
    account: ResolvedProvider,
    status: number,
    headers: Readonly<Record<string, string | string[] | undefined>>,
  ) => void;
  /** Receives one record per generate call once it has ended, served or not. */
  recordRequest?: (record: RequestDraft) => void;
}

/** A request for the ledger before pricing (the host knows prices and which accounts are subscriptions). */
export type RequestDraft = Omit<RequestRecord, 'costUsd' | 'apiValueUsd'>;

export interface ProxyCall {
  inbound: InboundCodec;
  /** The client body as it arrived; translation parses it, passthrough forwards its bytes. */
  body: RawJsonBody;
  model: string;
  stream: boolean;
  operation: Exclude<Operation, 'count_tokens'>;
  clientHeaders: IncomingHttpHeaders;
  encode: Pick<EncodeContext, 'includeUsage' | 'jsonArrayStream'>;
  res: ServerResponse;
  /** Aborted when the client goes away; cancels the upstream call. */
  signal: AbortSignal;
  /** The router key the client authenticated with, for per-key budgets. */
  routerKeyId?: string | undefined;
  /** Set by the attempt that served the call. */
  served?: { usage: Usage; outcome: UsageOutcome };
  /** The candidate last tried (the one that served, when one did). */
  routedTo?: ModelTarget;
  /** `performance.now()` when the first content went to the client, for streams. */
  firstContentAt?: number;
}

export interface Route {
  target: ModelTarget;
  endpoint: ProviderEndpoint;
  apiKey: string | undefined;
  accountExtra?: Record<string, string>;
}
