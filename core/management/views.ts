/** Maps engine records to the JSON views the contract promises, copying only the listed fields. */
import type { TraceView } from '../shared/contract.js';

/** The engine's RouteTrace, seen structurally so this module needs no engine import. */
export interface TraceLike {
  id: string;
  at: string;
  requested: string;
  inbound: string;
  status?: number;
  cacheReadShare?: number;
  candidates: readonly {
    model: string;
    account: string;
    outcome: 'served' | 'skipped' | 'failed';
    reason?: string;
    status?: number;
    ms?: number;
  }[];
}

export function toTraceView(trace: TraceLike): TraceView {
  return {
    id: trace.id,
    at: trace.at,
    requested: trace.requested,
    inbound: trace.inbound,
    ...(trace.status === undefined ? {} : { status: trace.status }),
    ...(trace.cacheReadShare === undefined ? {} : { cacheReadShare: trace.cacheReadShare }),
    candidates: trace.candidates.map((candidate) => ({
      model: candidate.model,
      account: candidate.account,
      outcome: candidate.outcome,
      ...(candidate.reason === undefined ? {} : { reason: candidate.reason }),
      ...(candidate.status === undefined ? {} : { status: candidate.status }),
      ...(candidate.ms === undefined ? {} : { ms: candidate.ms }),
    })),
  };
}
