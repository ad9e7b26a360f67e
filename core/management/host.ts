/**
 * The management service's ports, filled from a running server's parts:
 * settings, routing, quota tracking, the usage ledger, traces, alerts, the
 * debug log and the coding tools' configs. The composition root calls this once.
 */
import { closeMatches, servesModel } from '../engine/resolve.js';
import type { RoutingPolicy } from '../engine/routing-policy.js';
import type { TraceStore } from '../engine/trace.js';
import { providerKinds } from '../providers/accounts.js';
import { listModelIds, resolveProvider, type ResolvedProvider } from '../providers/catalog.js';
import type { KeyCheck } from '../providers/verify-key.js';
import type { QuotaTracking } from '../quota/tracking.js';
import type { AccountView, StatusView } from '../shared/contract.js';
import type { Logger } from '../shared/log.js';
import type { QuotaAlert } from '../shared/quota.js';
import type { SecretStore } from '../storage/secret-store.js';
import type { SettingsStore } from '../storage/settings-store.js';
import type { ToolsService } from '../tools/service.js';
import { UsageQueryError, type UsageQueries } from '../usage/queries.js';
import type { DebugLog } from './debug-log.js';
import { ManagementFailure } from './failure.js';
import type { LoginManager } from './logins.js';
import { createManagementService, type ManagementServiceHandle } from './service.js';

export interface HostParts {
  version: string;
  url(): string;
  /** The port the server listens on now. */
  listeningPort(): number;
  settings: SettingsStore;
  providers(): readonly ResolvedProvider[];
  routing: RoutingPolicy;
  quota: QuotaTracking;
  usage: UsageQueries;
  /** Writes queued ledger records, so a query sees the request that just ended. */
  flushUsage(): void;
  traces: TraceStore;
  debugLog: DebugLog;
  /** Coding tools' configs under the user's home. */
  tools: ToolsService;
  /** The server's secret store (API keys are written here and nowhere else). */
  secrets: SecretStore;
  /** Asks an upstream whether it takes a key (`verifyApiKey` over the server's dispatcher). */
  verifyApiKey(provider: ResolvedProvider, apiKey: string): Promise<KeyCheck>;
  /** Subscription logins under way and just finished. */
  logins: LoginManager;
  log: Logger;
}

/** The newest alerts, kept for the UI's first paint (events carry the rest). */
export class AlertBuffer {
  private readonly alerts: QuotaAlert[] = [];

  constructor(private readonly limit = 200) {}

  push(alert: QuotaAlert): void {
    this.alerts.push(alert);
    if (this.alerts.length > this.limit) this.alerts.shift();
  }

  recent(count: number): QuotaAlert[] {
    return this.alerts.slice(-count).reverse();
  }
}

export function accountViews(parts: HostParts): AccountView[] {
  const stopDefault = parts.settings.get().quota.stopAtPercent;
  return parts.providers().map((account) => {
    const standing = parts.routing.accountState(account);
    const stopAtPercent = account.stopAtPercent ?? stopDefault;
    const poll = parts.quota.book.pollStatus(account.id);
    const label = parts.settings.get().providers.find((entry) => entry.id === account.id);
    return {
      id: account.id,
      prefix: account.prefix,
      kind: account.kind,
      displayName: account.definition.displayName,
      ...(label?.label === undefined ? {} : { label: label.label }),
      ...(label?.plan === undefined ? {} : { plan: label.plan }),
      auth: account.auth,
      enabled: account.enabled,
      state: standing.state,
      ...(standing.detail === undefined ? {} : { stateDetail: standing.detail }),
      ...(standing.until === undefined ? {} : { until: standing.until }),
      termsRisk: account.definition.termsRisk,
      priority: account.priority,
      ...(stopAtPercent === undefined ? {} : { stopAtPercent }),
      quota: {
        accountId: account.id,
        prefix: account.prefix,
        windows: parts.quota.book.windows(account.id),
        ...(poll === undefined ? {} : { poll }),
      },
    };
  });
}

/** Why no enabled account serves `model`, with close matches when there are some. */
function modelProblem(model: string, providers: readonly ResolvedProvider[]): string | undefined {
  if (servesModel(model, providers)) return undefined;
  const prefix = model.slice(0, model.indexOf('/'));
  const accounts = providers.filter((provider) => provider.prefix === prefix);
  if (accounts.length > 0 && accounts.every((account) => !account.enabled)) {
    return `every account with prefix '${prefix}' is disabled`;
  }
  const matches = closeMatches(model, listModelIds(providers));
  const hint =
    matches.length === 0 ? '' : `; did you mean ${matches.map((id) => `'${id}'`).join(', ')}?`;
  return accounts.length === 0
    ? `no account has prefix '${prefix}'${hint}`
    : `no enabled account with prefix '${prefix}' serves it${hint}`;
}

function statusView(parts: HostParts): StatusView {
  const settings = parts.settings.get();
  return {
    version: parts.version,
    url: parts.url(),
    ...(settings.routing.activeCombo === undefined
      ? {}
      : { activeCombo: settings.routing.activeCombo }),
    combos: settings.combos.map((combo) => ({
      name: combo.name,
      strategy: combo.strategy,
      entries: combo.entries.map((entry) => entry.model),
    })),
    debugLog: settings.usage.debugLog,
    paused: settings.routing.paused,
  };
}

export function hostManagement(parts: HostParts, alerts: AlertBuffer): ManagementServiceHandle {
  const flushed = <T>(read: () => T): T => {
    parts.flushUsage();
    try {
      return read();
    } catch (error) {
      // A range the ledger refuses (reversed, too many buckets) is the caller's mistake.
      if (error instanceof UsageQueryError) {
        throw new ManagementFailure('invalid_request', error.message);
      }
      throw error;
    }
  };
  return createManagementService({
    status: () => statusView(parts),
    accounts: () => accountViews(parts),
    refreshQuota: (accountId) => parts.quota.poller.refresh(accountId),
    clearRouting: (accountId) => parts.routing.clear(accountId),
    activateCombo: async (name) => {
      await parts.settings.update((draft) => {
        draft.routing.activeCombo = name;
      });
    },
    usage: {
      summary: (query) => flushed(() => parts.usage.summary(query)),
      series: (query) => flushed(() => parts.usage.series(query)),
      recent: (query) => flushed(() => parts.usage.recent(query)),
    },
    traces: { find: (requestId) => parts.traces.find(requestId) },
    alerts: { recent: (limit) => alerts.recent(limit) },
    debugLog: {
      recent: (limit) => parts.debugLog.recent(limit),
      setEnabled: async (enabled) => {
        await parts.settings.update((draft) => {
          draft.usage.debugLog = enabled;
        });
      },
    },
    tools: parts.tools,
    setPaused: async (paused) => {
      await parts.settings.update((draft) => {
        draft.routing.paused = paused;
      });
    },
    combos: {
      read: () => {
        const settings = parts.settings.get();
        return { combos: settings.combos, active: settings.routing.activeCombo };
      },
      write: async (edit) => {
        // The settings store's change event reaches the engine, so the next request routes by it.
        await parts.settings.update((draft) => {
          draft.combos = edit({ combos: draft.combos, active: draft.routing.activeCombo });
        });
      },
    },
    settings: {
      get: () => parts.settings.get(),
      // The store's change event rebuilds the router-key index before this resolves.
      update: (mutator) => parts.settings.update(mutator),
      listeningPort: parts.listeningPort,
      dataDir: parts.settings.dataDir,
    },
    models: () => listModelIds(parts.providers()),
    modelProblem: (model) => modelProblem(model, parts.providers()),
    entries: {
      read: () => parts.settings.get().providers,
      write: async (edit) => {
        await parts.settings.update((draft) => {
          draft.providers = edit(draft.providers);
        });
      },
      verifyKey: (entry, apiKey) => {
        const resolved = resolveProvider(entry);
        // An entry the catalog cannot resolve has no endpoint to ask; `provider add` saves it too.
        return 'code' in resolved
          ? Promise.resolve({ outcome: 'unchecked', message: `kind "${entry.kind}" is not known` })
          : parts.verifyApiKey(resolved, apiKey);
      },
      secrets: parts.secrets,
      kinds: providerKinds,
    },
    logins: {
      start: (kind, accountId) => parts.logins.start(kind, accountId),
      get: (id) => parts.logins.get(id),
      cancel: (id) => parts.logins.cancel(id),
    },
    log: parts.log,
  });
}
