/**
 * Money spent per provider prefix and per router key, in the current UTC day
 * and month, checked against the user's budgets before each attempt.
 */
import type { Budgets, SpendLimit } from '../storage/settings-schema.js';

interface Tally {
  day: string;
  dayUsd: number;
  month: string;
  monthUsd: number;
}

export interface SpendState {
  providers: Record<string, Tally>;
  keys: Record<string, Tally>;
}

export function emptySpendState(): SpendState {
  return { providers: {}, keys: {} };
}

export interface BudgetStop {
  reason: string;
  /** When the exhausted period ends (next UTC midnight or month start). */
  until: number;
}

function dayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

function monthOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 7);
}

function nextDay(epochMs: number): number {
  const date = new Date(epochMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
}

function nextMonth(epochMs: number): number {
  const date = new Date(epochMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

export class SpendBook {
  constructor(
    private readonly state: SpendState,
    private readonly now: () => number,
  ) {}

  record(prefix: string, keyId: string | undefined, usd: number): void {
    if (usd <= 0) return;
    add(this.state.providers, prefix, usd, this.now());
    if (keyId !== undefined) add(this.state.keys, keyId, usd, this.now());
  }

  /** Today's and this month's spend for a provider prefix or a router key. */
  spent(scope: 'providers' | 'keys', id: string): { dayUsd: number; monthUsd: number } {
    const tally = this.state[scope][id];
    const now = this.now();
    return {
      dayUsd: tally?.day === dayOf(now) ? tally.dayUsd : 0,
      monthUsd: tally?.month === monthOf(now) ? tally.monthUsd : 0,
    };
  }

  /** Why a provider or key may not spend more right now, if its budget is used up. */
  stop(scope: 'providers' | 'keys', id: string, budgets: Budgets): BudgetStop | undefined {
    const limit: SpendLimit | undefined = budgets[scope][id];
    if (limit === undefined) return undefined;
    const spent = this.spent(scope, id);
    const now = this.now();
    const who = scope === 'providers' ? `provider "${id}"` : `router key "${id}"`;
    if (limit.monthlyUsd !== undefined && spent.monthUsd >= limit.monthlyUsd) {
      return {
        reason: `${who} spent $${spent.monthUsd.toFixed(2)} of its $${limit.monthlyUsd} monthly budget`,
        until: nextMonth(now),
      };
    }
    if (limit.dailyUsd !== undefined && spent.dayUsd >= limit.dailyUsd) {
      return {
        reason: `${who} spent $${spent.dayUsd.toFixed(2)} of its $${limit.dailyUsd} daily budget`,
        until: nextDay(now),
      };
    }
    return undefined;
  }

  snapshot(): SpendState {
    return { providers: { ...this.state.providers }, keys: { ...this.state.keys } };
  }
}

function add(tallies: Record<string, Tally>, id: string, usd: number, now: number): void {
  const day = dayOf(now);
  const month = monthOf(now);
  const tally = tallies[id];
  tallies[id] = {
    day,
    dayUsd: (tally?.day === day ? tally.dayUsd : 0) + usd,
    month,
    monthUsd: (tally?.month === month ? tally.monthUsd : 0) + usd,
  };
}
