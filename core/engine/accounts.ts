/**
 * Orders the accounts that can serve one model: the conversation's own
 * account first (its prompt cache is warm), then the rest by the chosen
 * strategy. State is plain data so it can be saved and restored.
 */
import type { AccountStrategy } from '../storage/settings-schema.js';
import type { ModelTarget } from './resolve.js';

export interface AccountState {
  /** Next starting index per provider prefix, for round-robin. */
  rotation: Record<string, number>;
  /** `prefix|conversation` → account id, most recent last. */
  affinity: Record<string, string>;
  /** Tokens each account spent today (UTC): most-quota-left's tie-break where the ledger knows no share. */
  tokens: Record<string, { day: string; total: number }>;
}

const AFFINITY_LIMIT = 10_000;

export function emptyAccountState(): AccountState {
  return { rotation: {}, affinity: {}, tokens: {} };
}

export class AccountSelector {
  private readonly affinity: Map<string, string>;

  constructor(
    private readonly state: AccountState,
    private readonly now: () => number = Date.now,
    /** The quota ledger's used share of an account's busiest window, where known. */
    private readonly usedPercent: (accountId: string) => number | undefined = () => undefined,
  ) {
    this.affinity = new Map(Object.entries(state.affinity));
  }

  /** The accounts in the order to try them. */
  order(
    targets: readonly ModelTarget[],
    strategy: AccountStrategy,
    conversation: () => string | undefined,
  ): ModelTarget[] {
    if (targets.length <= 1) return [...targets];
    const prefix = targets[0]?.provider.prefix ?? '';
    let ordered: ModelTarget[];
    if (strategy === 'round-robin') {
      const start = (this.state.rotation[prefix] ?? 0) % targets.length;
      this.state.rotation[prefix] = start + 1;
      ordered = [...targets.slice(start), ...targets.slice(0, start)];
    } else if (strategy === 'most-quota-left') {
      // The ledger's share wins; an account it knows nothing of counts as fresh, and
      // today's local token count breaks ties.
      const used = new Map(targets.map((t) => [t, this.usedPercent(t.provider.id) ?? 0]));
      ordered = [...targets].sort(
        (a, b) =>
          (used.get(a) ?? 0) - (used.get(b) ?? 0) || this.spentToday(a) - this.spentToday(b),
      );
    } else {
      ordered = [...targets].sort((a, b) => a.provider.priority - b.provider.priority);
    }
    const key = conversation();
    const sticky = key === undefined ? undefined : this.affinity.get(`${prefix}|${key}`);
    const home = ordered.findIndex((target) => target.provider.id === sticky);
    if (home > 0) ordered.unshift(...ordered.splice(home, 1));
    return ordered;
  }

  /** The conversation was served by this account; keep it there while it lasts. */
  served(target: ModelTarget, conversation: string | undefined, tokens: number): void {
    if (conversation !== undefined) {
      const key = `${target.provider.prefix}|${conversation}`;
      this.affinity.delete(key);
      this.affinity.set(key, target.provider.id);
      if (this.affinity.size > AFFINITY_LIMIT) {
        const oldest = this.affinity.keys().next().value;
        if (oldest !== undefined) this.affinity.delete(oldest);
      }
    }
    const day = utcDay(this.now());
    const spent = this.state.tokens[target.provider.id];
    this.state.tokens[target.provider.id] = {
      day,
      total: (spent?.day === day ? spent.total : 0) + tokens,
    };
  }

  snapshot(): AccountState {
    return {
      rotation: { ...this.state.rotation },
      affinity: Object.fromEntries(this.affinity),
      tokens: { ...this.state.tokens },
    };
  }

  private spentToday(target: ModelTarget): number {
    const spent = this.state.tokens[target.provider.id];
    return spent?.day === utcDay(this.now()) ? spent.total : 0;
  }
}

function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
