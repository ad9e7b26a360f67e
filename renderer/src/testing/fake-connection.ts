/** A ManagementConnection over canned answers, for store and component tests. */
import type {
  AccountView,
  ManagementEvent,
  ManagementMethod,
  MethodResponse,
  Result,
} from '../../../core/shared/contract.js';
import type { UsageTotals } from '../../../core/shared/usage.js';
import { connectionFrom, type ManagementConnection } from '../client/http';

/** An answer may be a promise, for a test to look at the UI while a call is on its way. */
type Answers = {
  [M in ManagementMethod]?: (
    req: unknown,
  ) => Result<MethodResponse<M>> | Promise<Result<MethodResponse<M>>>;
};

export function fakeConnection(answers: Answers) {
  const calls: [ManagementMethod, unknown][] = [];
  const listeners = new Set<(event: ManagementEvent) => void>();
  const connection: ManagementConnection = connectionFrom(
    (method, req) => {
      calls.push([method, req]);
      const answer = answers[method];
      return Promise.resolve(
        answer === undefined
          ? { ok: false, error: { code: 'internal', message: `no answer for ${method}` } }
          : answer(req),
      );
    },
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  );
  return {
    connection,
    calls,
    answers,
    emit: (event: ManagementEvent) => listeners.forEach((listener) => listener(event)),
    listenerCount: () => listeners.size,
  };
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function account(id: string, extra: Partial<AccountView> = {}): AccountView {
  return {
    id,
    prefix: id,
    kind: 'openai',
    displayName: `Account ${id}`,
    auth: 'api-key',
    enabled: true,
    state: 'ok',
    termsRisk: 'none',
    quota: { accountId: id, prefix: id, windows: [] },
    ...extra,
  };
}

/** Usage totals with every count at zero; spread and override what a test needs. */
export const ZERO_TOTALS: UsageTotals = {
  requests: 0,
  errors: 0,
  input: 0,
  output: 0,
  cacheRead: 0,
  cacheWrite: 0,
  reasoning: 0,
  estimatedRequests: 0,
  costUsd: 0,
  apiValueUsd: 0,
};
