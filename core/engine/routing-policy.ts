/**
 * The full routing policy: combos and `auto` expand into models, each model
 * into its accounts (the conversation's own account first), and every
 * failure is classified so the account, the model or the provider rests
 * until it should be back. All state is per instance and saved to disk.
 */
import type { Usage } from '../formats/ir/types.js';
import type { ResolvedProvider } from '../providers/catalog.js';
import { listModelIds } from '../providers/catalog.js';
import { jitteredBackoff } from '../routing/backoff.js';
import { CircuitBreaker } from '../routing/breaker.js';
import { ComboRotation, expandCombo, isModelId, resolveRequestedModel } from '../routing/combos.js';
import { CooldownBook } from '../routing/cooldowns.js';
import { classifyFailure } from '../routing/signals.js';
import type { RoutingState } from '../routing/state-file.js';
import type { AccountState } from '../shared/contract.js';
import { SwitchyardError } from '../shared/errors.js';
import type { RequestRecord } from '../shared/usage.js';
import type { Settings } from '../storage/settings-schema.js';
import {
  AccountSelector,
  emptyAccountState,
  type AccountState as AccountSelectionState,
} from './accounts.js';
import type { FailureFacts } from './attempt-failed.js';
import { modelNotFound, resolveAccounts, servesModel, type ModelTarget } from './resolve.js';
import {
  failureInput,
  type ConversationOf,
  type FailureVerdict,
  type RoutePolicy,
  type Unavailable,
} from './route-policy.js';
import { emptySpendState, SpendBook, type SpendState } from './spend.js';

/** The accounts serving `id`, or none (a combo entry nothing serves is skipped). */
function accountsServing(id: string, providers: readonly ResolvedProvider[]): ModelTarget[] {
  try {
    return resolveAccounts(id, providers);
  } catch {
    return [];
  }
}

export const PAUSED_MESSAGE =
  'Switchyard is paused: resume it from the tray menu or with `switchyard routing resume`.';

function routingPaused(): SwitchyardError {
  return new SwitchyardError('provider_unavailable', PAUSED_MESSAGE, {
    status: 503,
    kind: 'overloaded',
  });
}

/** A model an account turned out not to have rests this long before it is asked again. */
const NOT_FOUND_REST_MS = 10 * 60_000;

export interface RoutingPolicyOptions {
  providers(): readonly ResolvedProvider[];
  settings(): Pick<Settings, 'combos' | 'routing'> &
    Partial<Pick<Settings, 'budgets' | 'pricing' | 'quota'>>;
  now?: () => number;
  random?: () => number;
  /** Overrides the pause between candidates after a transient failure. */
  backoff?: (attempt: number) => number;
  /** Called after every change of state, so it can be saved. */
  changed?: () => void;
  /** What the quota ledger knows; without it, routing goes by local token counts and 429s. */
  quota?: QuotaSignals;
}

/** The quota facts routing reads. */
export interface QuotaSignals {
  /** The account's most-used window, when any window reports a share. */
  mostUsed(
    accountId: string,
  ): { usedPercent: number; label: string; resetsAt?: number } | undefined;
  /** True when a usage endpoint is polled for this account, so a cooldown needs no probe request. */
  isPolled(accountId: string): boolean;
}

interface NeedsLogin {
  since: number;
  detail: string;
}

interface ExtraState {
  accounts?: AccountSelectionState;
  spend?: SpendState;
  rotation?: unknown;
  needsLogin?: Record<string, NeedsLogin>;
}

export class RoutingPolicy implements RoutePolicy {
  readonly cooldowns: CooldownBook;
  readonly breakers: CircuitBreaker;
  private readonly accounts: AccountSelector;
  private readonly rotation: ComboRotation;
  private readonly needsLogin: Map<string, NeedsLogin>;
  readonly spend: SpendBook;
  readonly now: () => number;
  private readonly random: () => number;

  constructor(
    private readonly options: RoutingPolicyOptions,
    saved?: RoutingState,
  ) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    const clock = { now: this.now };
    this.cooldowns =
      saved === undefined ? new CooldownBook(clock) : CooldownBook.fromJSON(saved.cooldowns, clock);
    this.breakers =
      saved === undefined
        ? new CircuitBreaker(clock)
        : CircuitBreaker.fromJSON(saved.breakers, clock);
    const extra = (saved?.extra ?? {}) as ExtraState;
    this.accounts = new AccountSelector(
      extra.accounts ?? emptyAccountState(),
      this.now,
      (accountId) => options.quota?.mostUsed(accountId)?.usedPercent,
    );
    this.rotation = ComboRotation.fromJSON(extra.rotation);
    this.needsLogin = new Map(Object.entries(extra.needsLogin ?? {}));
    this.spend = new SpendBook(extra.spend ?? emptySpendState(), this.now);
  }

  /**
   * Paused routing and a router key over its budget are refused before any upstream is asked;
   * the throw still lands in the ledger as a rejected request.
   */
  admit(keyId: string | undefined): void {
    if (this.options.settings().routing.paused) throw routingPaused();
    const budgets = this.options.settings().budgets;
    if (keyId === undefined || budgets === undefined) return;
    const stop = this.spend.stop('keys', keyId, budgets);
    if (stop === undefined) return;
    const seconds = Math.max(1, Math.ceil((stop.until - this.now()) / 1000));
    throw new SwitchyardError(
      'upstream_error',
      `The ${stop.reason}; it resets at ${new Date(stop.until).toISOString()}.`,
      { status: 429, kind: 'rate_limit', retryAfterSeconds: seconds },
    );
  }

  /** Counts a priced request against its provider's and router key's budgets. */
  recordSpend(record: Pick<RequestRecord, 'prefix' | 'keyId' | 'costUsd'>): void {
    // A subscription's marginal cost is $0 (its API-equivalent value is no spend).
    if (!(record.costUsd > 0)) return;
    this.spend.record(record.prefix, record.keyId, record.costUsd);
    this.changed();
  }

  candidates(model: string, conversation: ConversationOf): ModelTarget[] {
    const settings = this.options.settings();
    const providers = this.options.providers();
    const ids = this.modelIds(model, settings, providers);
    const strategy = settings.routing.accountStrategy;
    const targets = ids.flatMap((id) => {
      const accounts = accountsServing(id, providers);
      return accounts.length === 0 ? [] : this.accounts.order(accounts, strategy, conversation);
    });
    // Only rotations move on a plain request; affinity and spend are saved when served.
    if (strategy === 'round-robin' || ids.length > 1 || !isModelId(model)) this.changed();
    if (targets.length === 0) {
      throw new SwitchyardError(
        'model_not_found',
        `"${model}" names a combo, but none of its models is served by a configured provider.`,
        { status: 404, param: 'model' },
      );
    }
    return targets;
  }

  unavailable(target: ModelTarget): Unavailable | undefined {
    const account = target.provider.id;
    const login = this.needsLogin.get(account);
    if (login !== undefined) return { reason: `needs login: ${login.detail}` };
    const cooling = this.cooldowns.isCooling(account, target.upstreamModel);
    if (cooling !== undefined) {
      const key = { accountId: account, model: target.upstreamModel };
      // A long cooldown is probed now and then: the account may be back before its reset.
      // Where a usage endpoint is polled, the poll ends the cooldown instead of a real request.
      const polled = this.options.quota?.isPolled(account) === true;
      if (polled || !this.cooldowns.shouldRecheck(key, this.now())) {
        return {
          reason: `cooling down until ${new Date(cooling.until).toISOString()}: ${cooling.reason}`,
          until: cooling.until,
        };
      }
    }
    const nearLimit = this.overStopShare(target);
    if (nearLimit !== undefined) return nearLimit;
    const budgets = this.options.settings().budgets;
    const broke =
      budgets === undefined
        ? undefined
        : this.spend.stop('providers', target.provider.prefix, budgets);
    if (broke !== undefined) return { reason: broke.reason, until: broke.until };
    if (!this.breakers.canAttempt(target.provider.prefix)) {
      const retryAt = this.breakers.retryAt(target.provider.prefix);
      return {
        reason: 'circuit open after repeated upstream failures',
        ...(retryAt === undefined ? {} : { until: retryAt }),
      };
    }
    return undefined;
  }

  succeeded(target: ModelTarget, conversation: ConversationOf, usage: Usage): void {
    this.breakers.recordSuccess(target.provider.prefix);
    // A probe that got through means the account is back.
    if (this.cooldowns.isCooling(target.provider.id, target.upstreamModel) !== undefined) {
      this.cooldowns.clear(target.provider.id, target.upstreamModel);
      this.cooldowns.clear(target.provider.id);
    }
    // Affinity only matters where a provider has several accounts to choose from.
    const prefix = target.provider.prefix;
    const shared =
      this.options.providers().filter((provider) => provider.prefix === prefix).length > 1;
    this.accounts.served(
      target,
      shared ? conversation() : undefined,
      usage.input + usage.output + usage.cacheRead,
    );
    this.changed();
  }

  failed(target: ModelTarget, facts: FailureFacts): FailureVerdict {
    const now = this.now();
    const signal = classifyFailure(failureInput(facts), now);
    const account = target.provider.id;
    const verdict: FailureVerdict = { class: signal.class, detail: signal.detail };
    if (signal.class === 'quota') {
      const until = signal.resetAt ?? now + 60_000;
      verdict.resetAt = until;
      this.cooldowns.coolDown(
        signal.perModel
          ? { accountId: account, model: target.upstreamModel }
          : { accountId: account },
        until,
        signal.detail,
      );
    } else if (signal.class === 'auth') {
      // API keys cannot be refreshed: a rejected key needs the user (OAuth refresh comes with logins).
      this.needsLogin.set(account, { since: now, detail: signal.detail });
    } else if (signal.class === 'transient') {
      if (facts.info?.kind === 'not_found') {
        // This account lacks the model; that says nothing about the provider's health.
        this.cooldowns.coolDown(
          { accountId: account, model: target.upstreamModel },
          now + NOT_FOUND_REST_MS,
          signal.detail,
        );
      } else this.breakers.recordTransientFailure(target.provider.prefix);
    }
    this.changed();
    return verdict;
  }

  backoffMs(attempt: number): number {
    return this.options.backoff?.(attempt) ?? jitteredBackoff(attempt, this.random);
  }

  /** How one account stands right now, for the UI: the first reason it would be skipped. */
  accountState(provider: ResolvedProvider): {
    state: AccountState;
    detail?: string;
    until?: number;
  } {
    if (!provider.enabled) return { state: 'disabled' };
    const login = this.needsLogin.get(provider.id);
    if (login !== undefined) return { state: 'needs-login', detail: login.detail };
    // Entries come soonest first; an account-wide cooldown is named before a model's.
    const cooling = this.cooldowns.entries().filter((entry) => entry.accountId === provider.id);
    const cooled = cooling.find((entry) => entry.model === undefined) ?? cooling[0];
    if (cooled !== undefined) {
      const what = cooled.model === undefined ? '' : ` (${cooled.model})`;
      return { state: 'cooling-down', detail: `${cooled.reason}${what}`, until: cooled.until };
    }
    const retryAt = this.breakers.retryAt(provider.prefix);
    if (retryAt !== undefined) {
      return {
        state: 'circuit-open',
        detail: 'circuit open after repeated upstream failures',
        until: retryAt,
      };
    }
    return { state: 'ok' };
  }

  /** A poll showed a window of this account reset: its quota cooldowns end now. */
  quotaReset(accountId: string): void {
    if (this.cooldowns.entries().every((entry) => entry.accountId !== accountId)) return;
    this.cooldowns.clear(accountId);
    this.changed();
  }

  comboOf(model: string): string | undefined {
    const settings = this.options.settings();
    const requested = resolveRequestedModel(model, settings);
    if (requested.kind === 'combo') return requested.name;
    if (requested.kind === 'model' && servesModel(requested.id, this.options.providers())) {
      return undefined;
    }
    const active = settings.routing.activeCombo;
    return settings.routing.unknownModelsToActiveCombo ? active : undefined;
  }

  /** "Stop at N%": an account whose busiest window has passed its share is skipped before it 429s. */
  private overStopShare(target: ModelTarget): Unavailable | undefined {
    const stopAt = target.provider.stopAtPercent ?? this.options.settings().quota?.stopAtPercent;
    if (stopAt === undefined || this.options.quota === undefined) return undefined;
    const used = this.options.quota.mostUsed(target.provider.id);
    if (used === undefined || used.usedPercent < stopAt) return undefined;
    return {
      reason: `${used.label} quota at ${Math.round(used.usedPercent)}% (stops at ${stopAt}%)`,
      ...(used.resetsAt === undefined ? {} : { until: used.resetsAt }),
    };
  }

  /** A refresh was refused: the account waits for the user to log in again. */
  markNeedsLogin(accountId: string, detail: string): void {
    this.needsLogin.set(accountId, { since: this.now(), detail });
    this.changed();
  }

  /** Ends cooldowns and "needs login" marks by hand: one account's, or all of them. */
  clear(accountId?: string): void {
    const accounts =
      accountId === undefined
        ? [...new Set(this.cooldowns.entries().map((entry) => entry.accountId))]
        : [accountId];
    for (const account of accounts) this.cooldowns.clear(account);
    if (accountId === undefined) this.needsLogin.clear();
    else {
      this.needsLogin.delete(accountId);
      // Clearing by hand also closes the provider's breaker: the user says it is back.
      const prefix = this.options.providers().find((entry) => entry.id === accountId)?.prefix;
      if (prefix !== undefined) this.breakers.recordSuccess(prefix);
    }
    this.changed();
  }

  snapshot(): RoutingState {
    const extra: ExtraState = {
      accounts: this.accounts.snapshot(),
      rotation: this.rotation.toJSON(),
      needsLogin: Object.fromEntries(this.needsLogin),
      spend: this.spend.snapshot(),
    };
    return {
      cooldowns: this.cooldowns.toJSON(),
      breakers: this.breakers.toJSON(),
      extra: extra as Record<string, unknown>,
    };
  }

  private modelIds(
    model: string,
    settings: Pick<Settings, 'combos' | 'routing'>,
    providers: readonly ResolvedProvider[],
  ): string[] {
    const requested = resolveRequestedModel(model, settings);
    const active = settings.routing.activeCombo;
    const fallbackToActive =
      settings.routing.unknownModelsToActiveCombo &&
      active !== undefined &&
      settings.combos.some((combo) => combo.name === active);
    if (requested.kind === 'combo') {
      return expandCombo(requested.name, settings.combos, this.rotation, this.random);
    }
    if (requested.kind === 'model' && servesModel(requested.id, providers)) return [requested.id];
    if (fallbackToActive) return expandCombo(active, settings.combos, this.rotation, this.random);
    if (requested.kind === 'model') {
      // Let the resolver explain what is wrong (disabled provider, unlisted model).
      resolveAccounts(requested.id, providers);
    }
    const known = [...listModelIds(providers), ...settings.combos.map((combo) => combo.name)];
    if (model === 'auto') {
      throw new SwitchyardError(
        'model_not_found',
        'The model "auto" means the active combo, and none is active. Activate one with `switchyard combo activate <name>`.',
        { status: 404, param: 'model' },
      );
    }
    throw modelNotFound(model, known);
  }

  private changed(): void {
    this.options.changed?.();
  }
}
