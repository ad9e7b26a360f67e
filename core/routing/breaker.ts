/**
 * One circuit breaker per provider id, for transient failures only (5xx,
 * resets, timeouts); quota and auth have their own remedies. After a run of
 * consecutive failures the provider is skipped for a cool-off; then a single
 * trial request decides whether it closes again or re-opens for twice as long.
 */
import { z } from 'zod';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  now?: () => number;
  /** Consecutive transient failures that open the breaker (default 5). */
  failureThreshold?: number;
  /** Failures older than this no longer count towards the threshold (default 60 s). */
  failureWindowMs?: number;
  /** First cool-off before a trial (default 30 s); doubles on each re-open. */
  baseCoolOffMs?: number;
  /** Longest cool-off (default 5 min). */
  maxCoolOffMs?: number;
  /** A trial that never reports back frees its slot after this long (default 60 s). */
  trialTimeoutMs?: number;
}

interface ProviderCircuit {
  /** Times of the consecutive transient failures since the last success. */
  failures: number[];
  /** Set while open or half-open. */
  openedAt?: number;
  coolOffMs: number;
  /** When the half-open trial was handed out, while it is in flight. */
  trialStartedAt?: number;
}

const circuitSnapshotSchema = z.object({
  providerId: z.string().min(1),
  failures: z.array(z.number()),
  openedAt: z.number().optional(),
  coolOffMs: z.number().positive(),
});

export const breakersSnapshotSchema = z.object({ circuits: z.array(circuitSnapshotSchema) });

export type BreakersSnapshot = z.infer<typeof breakersSnapshotSchema>;

export class CircuitBreaker {
  private readonly now: () => number;
  private readonly failureThreshold: number;
  private readonly failureWindowMs: number;
  private readonly baseCoolOffMs: number;
  private readonly maxCoolOffMs: number;
  private readonly trialTimeoutMs: number;
  private readonly circuits = new Map<string, ProviderCircuit>();

  constructor(options: CircuitBreakerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.failureThreshold = options.failureThreshold ?? 5;
    this.failureWindowMs = options.failureWindowMs ?? 60_000;
    this.baseCoolOffMs = options.baseCoolOffMs ?? 30_000;
    this.maxCoolOffMs = options.maxCoolOffMs ?? 5 * 60_000;
    this.trialTimeoutMs = options.trialTimeoutMs ?? 60_000;
  }

  state(providerId: string): BreakerState {
    const circuit = this.circuits.get(providerId);
    if (circuit?.openedAt === undefined) return 'closed';
    return this.now() >= circuit.openedAt + circuit.coolOffMs ? 'half-open' : 'open';
  }

  /** When an open breaker will allow its trial; undefined unless open. */
  retryAt(providerId: string): number | undefined {
    const circuit = this.circuits.get(providerId);
    if (circuit?.openedAt === undefined || this.state(providerId) !== 'open') return undefined;
    return circuit.openedAt + circuit.coolOffMs;
  }

  /**
   * Whether a request may go to this provider now. In half-open state the
   * first caller gets the one trial and must report its outcome.
   */
  canAttempt(providerId: string): boolean {
    const state = this.state(providerId);
    if (state === 'closed') return true;
    if (state === 'open') return false;
    const circuit = this.circuits.get(providerId);
    if (circuit === undefined) return true;
    const now = this.now();
    if (
      circuit.trialStartedAt !== undefined &&
      now - circuit.trialStartedAt < this.trialTimeoutMs
    ) {
      return false;
    }
    circuit.trialStartedAt = now;
    return true;
  }

  recordSuccess(providerId: string): void {
    // A closed breaker with no failures needs no record at all.
    this.circuits.delete(providerId);
  }

  recordTransientFailure(providerId: string): void {
    const now = this.now();
    const circuit = this.circuits.get(providerId) ?? {
      failures: [],
      coolOffMs: this.baseCoolOffMs,
    };
    this.circuits.set(providerId, circuit);
    const state = this.state(providerId);
    if (state === 'half-open') {
      // The trial failed (or a straggler did): re-open for longer.
      circuit.openedAt = now;
      circuit.coolOffMs = Math.min(this.maxCoolOffMs, circuit.coolOffMs * 2);
      delete circuit.trialStartedAt;
      return;
    }
    // Failures of requests already in flight when it opened change nothing.
    if (state === 'open') return;
    circuit.failures = circuit.failures.filter((time) => now - time < this.failureWindowMs);
    circuit.failures.push(now);
    if (circuit.failures.length >= this.failureThreshold) {
      circuit.openedAt = now;
      circuit.coolOffMs = this.baseCoolOffMs;
      circuit.failures = [];
    }
  }

  toJSON(): BreakersSnapshot {
    const circuits: BreakersSnapshot['circuits'] = [];
    for (const [providerId, circuit] of this.circuits) {
      const entry: BreakersSnapshot['circuits'][number] = {
        providerId,
        failures: [...circuit.failures],
        coolOffMs: circuit.coolOffMs,
      };
      if (circuit.openedAt !== undefined) entry.openedAt = circuit.openedAt;
      circuits.push(entry);
    }
    return { circuits };
  }

  /** Throws a ZodError on a malformed snapshot. A trial in flight is forgotten. */
  static fromJSON(value: unknown, options: CircuitBreakerOptions = {}): CircuitBreaker {
    const snapshot = breakersSnapshotSchema.parse(value);
    const breaker = new CircuitBreaker(options);
    for (const entry of snapshot.circuits) {
      const circuit: ProviderCircuit = {
        failures: [...entry.failures],
        coolOffMs: entry.coolOffMs,
      };
      if (entry.openedAt !== undefined) circuit.openedAt = entry.openedAt;
      breaker.circuits.set(entry.providerId, circuit);
    }
    return breaker;
  }
}
