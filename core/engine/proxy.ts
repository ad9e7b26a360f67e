/**
 * Serves one model request: asks the routing policy for candidates, then
 * tries them in order until one serves. A failure before the client has seen
 * content moves on (or goes back to the client when the request itself is
 * bad); when every candidate is out, the client gets a 429 that says when
 * the earliest one recovers. Every step lands in the request's route trace.
 */
import type { ServerResponse } from 'node:http';
import { randomId } from '../formats/ir/ids.js';
import { SwitchyardError } from '../shared/errors.js';
import type { RequestOutcome } from '../shared/usage.js';
import { isAttemptFailed, type AttemptFailed } from './attempt-failed.js';
import { attemptRoute } from './attempt.js';
import { conversationKey } from './conversation.js';
import type { ProxyCall, ProxyDeps, RequestDraft, Route } from './proxy-types.js';
import type { ModelTarget } from './resolve.js';
import { simplePolicy, type RoutePolicy } from './route-policy.js';
import type { CandidateTrace, RouteTrace } from './trace.js';

export type { ProxyCall, ProxyDeps, RequestDraft, Route } from './proxy-types.js';
export { sendJson } from './attempt.js';

export interface TraceSink {
  record(trace: RouteTrace): void;
}

/** Picks the target's endpoint (the client's own format when offered) and its key. */
export async function planRoute(
  deps: ProxyDeps,
  target: ModelTarget,
  inboundFormat: string,
): Promise<Route> {
  const { provider } = target;
  const endpoint =
    provider.endpoints.find((candidate) => candidate.format === inboundFormat) ??
    provider.endpoints[0];
  if (endpoint === undefined || endpoint.baseUrl === '') {
    throw new SwitchyardError(
      'provider_unavailable',
      provider.definition.unavailableReason ?? `Provider "${provider.id}" has no usable endpoint.`,
      { status: 503 },
    );
  }
  const apiKey = await deps.apiKey(provider.id);
  if (apiKey === undefined && endpoint.auth !== 'none' && provider.definition.keyless !== true) {
    throw new SwitchyardError(
      'provider_unavailable',
      `Provider "${provider.id}" has no API key. Add one with: switchyard provider add ${provider.id} --kind ${provider.kind} --api-key-stdin`,
      { status: 503 },
    );
  }
  const extra = await deps.accountExtra?.(provider.id);
  const accountBase = extra === undefined ? undefined : provider.definition.accountBaseUrl?.(extra);
  return {
    target,
    endpoint: accountBase === undefined ? endpoint : { ...endpoint, baseUrl: accountBase },
    apiKey,
    ...(extra === undefined ? {} : { accountExtra: extra }),
  };
}

export function routeHeader(route: Route, attempts: number): string {
  const { provider, upstreamModel } = route.target;
  return `provider=${provider.prefix}; account=${provider.id}; model=${upstreamModel}; format=${route.endpoint.format}; attempts=${attempts}`;
}

export function policyOf(deps: ProxyDeps): RoutePolicy {
  return deps.routing ?? simplePolicy(deps.providers);
}

/** Serves a generate (or compact) call end to end. Errors before the reply starts are thrown. */
export async function proxyGenerate(
  deps: ProxyDeps & { traces?: TraceSink },
  call: ProxyCall,
): Promise<void> {
  const policy = policyOf(deps);
  const started = performance.now();
  const trace: RouteTrace = {
    id: randomId('req_', 20),
    at: new Date(policy.now()).toISOString(),
    requested: call.model,
    inbound: call.inbound.format,
    candidates: [],
  };
  call.res.setHeader('x-switchyard-request-id', trace.id);
  try {
    await tryCandidates(deps, policy, call, trace);
    trace.status = call.res.statusCode;
  } catch (error) {
    trace.status = error instanceof SwitchyardError ? error.status : 500;
    throw error;
  } finally {
    deps.traces?.record(trace);
    if (deps.recordRequest !== undefined) {
      deps.recordRequest(requestDraft(policy, call, trace, started));
    }
  }
}

/** The ledger's view of a finished call: who served it, how it went, what it spent. */
function requestDraft(
  policy: RoutePolicy,
  call: ProxyCall,
  trace: RouteTrace,
  started: number,
): RequestDraft {
  const target = call.routedTo;
  const served = call.served;
  const usage = served?.usage;
  const combo = policy.comboOf?.(call.model);
  const outcome: RequestOutcome =
    served !== undefined
      ? served.outcome
      : call.signal.aborted
        ? 'client_aborted'
        : target !== undefined
          ? 'upstream_error'
          : 'rejected';
  return {
    requestId: trace.id,
    at: Date.parse(trace.at),
    ...(call.routerKeyId === undefined ? {} : { keyId: call.routerKeyId }),
    inbound: call.inbound.format,
    requested: call.model,
    ...(combo === undefined ? {} : { combo }),
    prefix: target?.provider.prefix ?? '',
    accountId: target?.provider.id ?? '',
    model: target?.upstreamModel ?? '',
    status: trace.status ?? 500,
    outcome,
    latencyMs: round(performance.now() - started),
    ...(call.firstContentAt === undefined ? {} : { ttftMs: round(call.firstContentAt - started) }),
    input: usage?.input ?? 0,
    output: usage?.output ?? 0,
    cacheRead: usage?.cacheRead ?? 0,
    cacheWrite: usage?.cacheWrite ?? 0,
    reasoning: usage?.reasoning ?? 0,
    estimated: usage?.estimated === true,
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

async function tryCandidates(
  deps: ProxyDeps,
  policy: RoutePolicy,
  call: ProxyCall,
  trace: RouteTrace,
): Promise<void> {
  policy.admit?.(call.routerKeyId);
  let key: { value: string | undefined } | undefined;
  const conversation = (): string | undefined =>
    (key ??= { value: conversationKey(call.clientHeaders, call.body) }).value;
  const candidates = policy.candidates(call.model, conversation);
  let attempts = 0;
  let last: AttemptFailed | SwitchyardError | undefined;
  const outUntil: number[] = [];
  const outWhat: string[] = [];

  const refreshed = new Set<string>();
  for (let index = 0; index < candidates.length; index += 1) {
    const target = candidates[index] as ModelTarget;
    const step: CandidateTrace = {
      model: `${target.provider.prefix}/${target.upstreamModel}`,
      account: target.provider.id,
      outcome: 'skipped',
    };
    trace.candidates.push(step);
    const away = policy.unavailable(target);
    if (away !== undefined) {
      step.reason = away.reason;
      if (away.until !== undefined) {
        outUntil.push(away.until);
        outWhat.push(`${step.model} (${away.reason})`);
      }
      continue;
    }
    let route: Route;
    try {
      route = await planRoute(deps, target, call.inbound.format);
    } catch (error) {
      if (!(error instanceof SwitchyardError)) throw error;
      step.reason = error.message;
      last = error;
      continue;
    }

    attempts += 1;
    call.routedTo = target;
    call.res.setHeader('x-switchyard-route', routeHeader(route, attempts));
    const started = policy.now();
    try {
      await attemptRoute(deps, call, route);
      step.outcome = 'served';
      step.ms = policy.now() - started;
      const usage = call.served?.usage;
      if (usage !== undefined) {
        policy.succeeded(target, conversation, usage);
        const input = usage.input + usage.cacheRead + usage.cacheWrite;
        if (input > 0) trace.cacheReadShare = usage.cacheRead / input;
      }
      return;
    } catch (error) {
      if (!isAttemptFailed(error) || call.signal.aborted) throw error;
      step.outcome = 'failed';
      step.ms = policy.now() - started;
      if (error.facts.status !== undefined) step.status = error.facts.status;
      if (await refreshedAfter401(deps, error, route, refreshed)) {
        // A fresh token gets one more try on the same account before anything moves on.
        step.reason = 'auth: token refreshed, trying again';
        index -= 1;
        continue;
      }
      const verdict = policy.failed(target, error.facts);
      step.reason = `${verdict.class}: ${verdict.detail}`;
      if (verdict.class === 'request') {
        // The request itself is bad: every other candidate would say the same.
        answerWith(call.res, error);
        return;
      }
      last = error;
      if (verdict.class === 'quota' && verdict.resetAt !== undefined) {
        outUntil.push(verdict.resetAt);
        outWhat.push(`${step.model} (rate-limited: ${verdict.detail})`);
      }
      if (verdict.class === 'transient') await pause(policy.backoffMs(attempts), call.signal);
    }
  }

  if (outUntil.length > 0 && (last === undefined || isQuota(last))) {
    throw allExhausted(outWhat, Math.min(...outUntil), policy.now());
  }
  if (last === undefined) {
    const why = trace.candidates.map(
      (step) => `${step.model} via ${step.account}: ${step.reason ?? 'skipped'}`,
    );
    throw new SwitchyardError(
      'provider_unavailable',
      `No candidate could serve this request (${why.join('; ')}).`,
      { status: 503 },
    );
  }
  if (isAttemptFailed(last)) {
    answerWith(call.res, last);
    return;
  }
  throw last;
}

async function refreshedAfter401(
  deps: ProxyDeps,
  failure: AttemptFailed,
  route: Route,
  refreshed: Set<string>,
): Promise<boolean> {
  const unauthorised =
    failure.facts.status === 401 || failure.facts.info?.kind === 'authentication';
  const account = route.target.provider.id;
  if (!unauthorised || deps.refreshCredentials === undefined || refreshed.has(account)) {
    return false;
  }
  refreshed.add(account);
  return deps.refreshCredentials(account, route.apiKey);
}

function isQuota(failure: AttemptFailed | SwitchyardError): boolean {
  const kind = isAttemptFailed(failure) ? failure.facts.info?.kind : failure.kind;
  const status = isAttemptFailed(failure) ? failure.facts.status : failure.status;
  return kind === 'rate_limit' || status === 429;
}

/** The final answer is a failed attempt: same-format replies go back as the upstream wrote them. */
function answerWith(res: ServerResponse, failure: AttemptFailed): void {
  if (failure.raw === undefined) throw failure.clientError;
  res.writeHead(failure.raw.status, failure.raw.headers);
  res.end(failure.raw.body);
}

function allExhausted(what: readonly string[], until: number, now: number): SwitchyardError {
  const seconds = Math.max(1, Math.ceil((until - now) / 1000));
  return new SwitchyardError(
    'upstream_error',
    `Every candidate is out of quota, rate-limited or over budget: ${[...new Set(what)].join('; ')}. The earliest recovers at ${new Date(until).toISOString()} (in ${seconds} s).`,
    { status: 429, kind: 'rate_limit', retryAfterSeconds: seconds },
  );
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
