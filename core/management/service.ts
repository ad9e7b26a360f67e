/**
 * The management service: every method of the contract over small ports the
 * composition root supplies. Each payload is validated here, every failure
 * becomes a `Result` with a stable code, and nothing thrown reaches a transport.
 */
import {
  accountSecretNames,
  apiKeyKindProblem,
  keyCheckVerdict,
  placementProblem,
} from '../providers/accounts.js';
import type { KeyCheck } from '../providers/verify-key.js';
import {
  combosReferencing,
  describeComboInUse,
  describeComboProblem,
  isModelId,
  parseCombo,
  validateCombo,
  withCombo,
} from '../routing/combos.js';
import type {
  AccountView,
  ApiKeyAccountDraft,
  ComboDraft,
  ComboView,
  DebugLogEntry,
  ManagementError,
  ManagementEvent,
  LoginView,
  ManagementMethod,
  MethodResponse,
  ProviderKindView,
  QuotaAlert,
  Result,
  RouterKeyCreated,
  RouterKeyView,
  SettingsPatch,
  SettingsUpdateResult,
  SettingsView,
  StatusView,
  ToolConnectResult,
  ToolPreview,
  ToolView,
  TraceView,
} from '../shared/contract.js';
import type { Logger } from '../shared/log.js';
import {
  isManagementMethod,
  type ManagementEventListener,
  type ManagementService,
} from '../shared/management.js';
import type {
  RequestRecord,
  UsageGroupBy,
  UsageSeries,
  UsageSplit,
  UsageSummary,
} from '../shared/usage.js';
import { StorageError } from '../storage/errors.js';
import { issueRouterKey, revokeRouterKey } from '../storage/router-keys.js';
import { providerSecretName } from '../storage/secret-store.js';
import {
  providerConfigSchema,
  type Combo,
  type ProviderConfig,
} from '../storage/settings-schema.js';
import type { SettingsStore } from '../storage/settings-store.js';
import { ToolEditError } from '../tools/types.js';
import { isManagementFailure, ManagementFailure } from './failure.js';
import type { LoginStart } from './logins.js';
import { describeIssues, requestSchemas } from './schemas.js';
import { applySettingsPatch, toRouterKeyView, toSettingsView } from './settings-view.js';
import { toTraceView, type TraceLike } from './views.js';

type MaybePromise<T> = T | Promise<T>;

/** The saved combos and the name behind `auto` (which may name no combo in a hand-edited file). */
export interface SavedCombos {
  combos: readonly Combo[];
  active: string | undefined;
}

/**
 * The ports the service runs on. Each may throw a `ManagementFailure` to
 * answer with its code (e.g. `unavailable` while quota polling is off); any
 * other throw becomes `internal` with a generic message.
 */
export interface ManagementDeps {
  status(): MaybePromise<StatusView>;
  accounts(): MaybePromise<AccountView[]>;
  /** Polls usage endpoints now: one account, or every account when `accountId` is absent. */
  refreshQuota(accountId?: string): Promise<void>;
  /** Ends one account's cooldowns, "needs login" mark and its provider's open breaker. */
  clearRouting(accountId: string): MaybePromise<void>;
  /** Writes `routing.activeCombo`; the name was checked against `status().combos`. */
  activateCombo(name: string): Promise<void>;
  usage: {
    summary(query: { from: number; to: number; by: UsageGroupBy }): MaybePromise<UsageSummary>;
    series(query: {
      from: number;
      to: number;
      bucket: 'hour' | 'day';
      by?: UsageSplit;
    }): MaybePromise<UsageSeries>;
    /** Newest first, at most `limit`. */
    recent(query: {
      limit: number;
      before?: number;
      accountId?: string;
    }): MaybePromise<RequestRecord[]>;
  };
  traces: { find(requestId: string): TraceLike | undefined };
  alerts: { recent(limit: number): MaybePromise<QuotaAlert[]> };
  debugLog: {
    recent(limit: number): Promise<DebugLogEntry[]>;
    /** Writes `usage.debugLog`. */
    setEnabled(enabled: boolean): Promise<void>;
  };
  /** Coding tools (Settings → Tools); ids were checked against `list`. */
  tools: {
    list(): Promise<ToolView[]>;
    /** Writes nothing; the new router key appears as a placeholder. */
    preview(toolId: string, model?: string): Promise<ToolPreview>;
    /** Issues a new router key for the tool; the answer holds only its hint. */
    connect(toolId: string, model?: string): Promise<ToolConnectResult>;
    disconnect(toolId: string): Promise<ToolView[]>;
  };
  /** Writes `routing.paused`. */
  setPaused(paused: boolean): Promise<void>;
  combos: {
    read(): MaybePromise<SavedCombos>;
    /**
     * Saves what `edit` returns in place of the combos, under the settings
     * lock, so `edit` checks the latest file; a throw from `edit` writes nothing.
     */
    write(edit: (saved: SavedCombos) => Combo[]): Promise<void>;
  };
  /** Every `prefix/model` the enabled accounts list. */
  models(): MaybePromise<string[]>;
  /** The provider entries in settings, their secrets and key checks (the Providers view). */
  entries: {
    read(): MaybePromise<readonly ProviderConfig[]>;
    /**
     * Saves what `edit` returns in place of the entries, under the settings
     * lock, so `edit` checks the latest file; a throw from `edit` writes nothing.
     */
    write(edit: (entries: readonly ProviderConfig[]) => ProviderConfig[]): Promise<void>;
    /** Asks the upstream whether it takes the key (as `provider add` does). */
    verifyKey(entry: ProviderConfig, apiKey: string): Promise<KeyCheck>;
    /** The secret store: the only place an API key is written. */
    secrets: {
      set(name: string, value: string): Promise<void>;
      delete(name: string): Promise<void>;
    };
    kinds(): ProviderKindView[];
  };
  /**
   * The settings file (Settings' server, budget, quota and data sections, and
   * router keys). `update` runs under the settings lock and writes atomically;
   * the running server follows the change from the next request on.
   */
  settings: Pick<SettingsStore, 'get' | 'update'> & {
    /** The port the server listens on now. */
    listeningPort(): number;
    dataDir: string;
  };
  /** Why no enabled account serves `model` (a sentence fragment), or undefined when one does. */
  modelProblem(model: string): string | undefined;
  /** Subscription logins the server runs (`LoginManager`); kind and account were checked. */
  logins: {
    start(kind: string, accountId?: string): LoginStart;
    get(id: string): LoginView | undefined;
    cancel(id: string): LoginView | undefined;
  };
  /** Where unexpected failures are reported (the logger redacts). */
  log?: Logger;
}

export interface ManagementServiceHandle extends ManagementService {
  /** Sends an event to every subscriber (the root wires needs-login and quota alerts here). */
  publish(event: ManagementEvent): void;
}

type Handlers = { [M in ManagementMethod]: (req: never) => Promise<MethodResponse<M>> };

export function createManagementService(deps: ManagementDeps): ManagementServiceHandle {
  const listeners = new Set<ManagementEventListener>();

  const requireAccount = async (accountId: string): Promise<void> => {
    const accounts = await deps.accounts();
    if (!accounts.some((account) => account.id === accountId)) {
      throw new ManagementFailure('not_found', `No account "${accountId}".`);
    }
  };

  const requireTool = async (toolId: string): Promise<ToolView> => {
    const tools = await deps.tools.list();
    const tool = tools.find((candidate) => candidate.id === toolId);
    if (tool === undefined) {
      const known = tools.map((candidate) => candidate.id).join(', ');
      throw new ManagementFailure('not_found', `No tool "${toolId}"; known tools: ${known}.`);
    }
    return tool;
  };

  // A config Switchyard will not edit safely (unparsable, an odd form) is the user's to fix.
  const toolEdit = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      if (error instanceof ToolEditError)
        throw new ManagementFailure('invalid_request', error.message);
      throw error;
    }
  };

  const comboViews = async (): Promise<ComboView[]> => {
    const saved = await deps.combos.read();
    const names = new Set(saved.combos.map((combo) => combo.name));
    return saved.combos.map((combo) => ({
      name: combo.name,
      strategy: combo.strategy,
      entries: combo.entries.map(({ model, weight }) => ({
        model,
        weight,
        served: isModelId(model) ? deps.modelProblem(model) === undefined : names.has(model),
      })),
      active: combo.name === saved.active,
    }));
  };

  const saveCombo = async (draft: ComboDraft): Promise<ComboView[]> => {
    const parsed = parseCombo(draft);
    if (!parsed.ok) {
      throw new ManagementFailure('invalid_request', `${parsed.field}: ${parsed.message}`);
    }
    const candidate = parsed.combo;
    await deps.combos.write(({ combos }) => {
      const problem = validateCombo(combos, candidate, deps.modelProblem);
      if (problem !== undefined) {
        throw new ManagementFailure(
          'invalid_request',
          `Cannot save combo '${candidate.name}': ${describeComboProblem(problem)}.`,
        );
      }
      return withCombo(combos, candidate);
    });
    return comboViews();
  };

  const removeCombo = async (name: string): Promise<ComboView[]> => {
    await deps.combos.write(({ combos, active }) => {
      if (!combos.some((combo) => combo.name === name)) {
        throw new ManagementFailure('not_found', `No combo named "${name}".`);
      }
      // Unlike the CLI, which clears `auto` on removal, the dashboard asks for another choice first.
      if (name === active) {
        throw new ManagementFailure(
          'invalid_request',
          `Combo '${name}' is active; activate another combo before removing it.`,
        );
      }
      const users = combosReferencing(combos, name);
      if (users.length > 0) {
        throw new ManagementFailure('invalid_request', `${describeComboInUse(name, users)}.`);
      }
      return combos.filter((combo) => combo.name !== name);
    });
    return comboViews();
  };

  /** Changes one entry in place; an unknown id is `not_found` and writes nothing. */
  const editEntry = async (
    accountId: string,
    change: (entry: ProviderConfig) => ProviderConfig,
  ): Promise<AccountView[]> => {
    await deps.entries.write((entries) => {
      if (!entries.some((entry) => entry.id === accountId)) {
        throw new ManagementFailure('not_found', `No account "${accountId}".`);
      }
      return entries.map((entry) => (entry.id === accountId ? change(entry) : entry));
    });
    return deps.accounts();
  };

  const refusePlacement = (entries: readonly ProviderConfig[], entry: ProviderConfig): void => {
    const problem = placementProblem(entries, entry);
    if (problem?.code === 'duplicate_id') {
      throw new ManagementFailure('invalid_request', `An account "${entry.id}" already exists.`);
    }
    if (problem?.code === 'duplicate_prefix') {
      throw new ManagementFailure(
        'invalid_request',
        `Prefix "${entry.prefix}" is already used by account "${problem.other}" of another ` +
          'kind or endpoint; choose another prefix.',
      );
    }
  };

  const addApiKey = async (req: ApiKeyAccountDraft): Promise<AccountView[]> => {
    const { kind, apiKey } = req;
    const kindProblem = apiKeyKindProblem(kind, req.baseUrl);
    if (kindProblem?.code === 'unknown_kind') {
      throw new ManagementFailure(
        'invalid_request',
        `Unknown kind "${kind}"; known kinds: ${kindProblem.known.join(', ')}.`,
      );
    }
    if (kindProblem?.code === 'sign_in') {
      throw new ManagementFailure(
        'invalid_request',
        `"${kind}" is a subscription; sign in with: switchyard login ${kind}`,
      );
    }
    if (kindProblem?.code === 'missing_base_url') {
      throw new ManagementFailure(
        'invalid_request',
        `Kind "${kind}" is a custom endpoint: give its base URL.`,
      );
    }
    const id = req.id ?? kind;
    const parsed = providerConfigSchema.safeParse({
      id,
      kind,
      prefix: req.prefix ?? id,
      ...(req.baseUrl === undefined ? {} : { baseUrl: req.baseUrl }),
      enabled: true,
      hasApiKey: true,
      createdAt: new Date().toISOString(),
    });
    if (!parsed.success) {
      const field = String(parsed.error.issues[0]?.path[0] ?? 'entry');
      throw new ManagementFailure(
        'invalid_request',
        `${field}: use lowercase letters, digits, dot, dash and underscore, starting with a letter or digit.`,
      );
    }
    const entry = parsed.data;
    // Checked before the upstream is asked, and again under the settings lock.
    refusePlacement(await deps.entries.read(), entry);
    const verdict = keyCheckVerdict(
      await deps.entries.verifyKey(entry, apiKey),
      req.saveUnchecked === true,
    );
    if (!verdict.save) {
      // `unavailable` is what tells the UI to offer saving unchecked.
      throw verdict.reason === 'rejected'
        ? new ManagementFailure(
            'invalid_request',
            `The provider refused this key: ${verdict.message}. Nothing was saved.`,
          )
        : new ManagementFailure(
            'unavailable',
            `The provider could not be reached to check this key: ${verdict.message}. ` +
              'Nothing was saved; you can save it unchecked.',
          );
    }
    if (verdict.unchecked !== undefined) {
      deps.log?.log('warn', `The key of account "${entry.id}" was saved unchecked.`, {
        detail: verdict.unchecked,
      });
    }
    await deps.entries.write((entries) => {
      refusePlacement(entries, entry);
      return [...entries, entry];
    });
    try {
      await deps.entries.secrets.set(providerSecretName(entry.id), apiKey);
    } catch (error) {
      // Without its key the entry would claim a key it does not have; take it back out.
      await deps.entries.write((entries) => entries.filter(({ id: other }) => other !== entry.id));
      throw error;
    }
    return deps.accounts();
  };

  const removeAccount = async (accountId: string): Promise<AccountView[]> => {
    await deps.entries.write((entries) => {
      if (!entries.some((entry) => entry.id === accountId)) {
        throw new ManagementFailure('not_found', `No account "${accountId}".`);
      }
      return entries.filter((entry) => entry.id !== accountId);
    });
    for (const name of accountSecretNames(accountId)) await deps.entries.secrets.delete(name);
    return deps.accounts();
  };

  const settingsView = (): SettingsView =>
    toSettingsView(deps.settings.get(), {
      listeningPort: deps.settings.listeningPort(),
      dataDir: deps.settings.dataDir,
    });

  const updateSettings = async (patch: SettingsPatch): Promise<SettingsUpdateResult> => {
    try {
      await deps.settings.update((draft) => applySettingsPatch(draft, patch));
    } catch (error) {
      // The request schema matches the settings schema, so this is a last line of defence.
      if (error instanceof StorageError && error.code === 'settings_invalid') {
        throw new ManagementFailure('invalid_request', error.message);
      }
      throw error;
    }
    const settings = settingsView();
    // The port is bound at start; rebinding a live server would cut every open stream.
    const restartNeeded = patch.port !== undefined && patch.port !== settings.listeningPort;
    return { settings, restartNeeded };
  };

  const keyViews = (): RouterKeyView[] => deps.settings.get().routerKeys.map(toRouterKeyView);

  const createKey = async (name: string): Promise<RouterKeyCreated> => {
    const { key, record } = await issueRouterKey(deps.settings, name);
    return { key, created: toRouterKeyView(record), keys: keyViews() };
  };

  const revokeKey = async (id: string): Promise<RouterKeyView[]> => {
    if (!(await revokeRouterKey(deps.settings, id))) {
      throw new ManagementFailure('not_found', `No router key "${id}".`);
    }
    return keyViews();
  };

  const startLogin = async (req: { kind: string; accountId?: string }): Promise<LoginView> => {
    const signInKinds = deps.entries.kinds().filter((kind) => kind.signInMethod !== undefined);
    if (!signInKinds.some((kind) => kind.id === req.kind)) {
      throw new ManagementFailure(
        'invalid_request',
        `No subscription login for "${req.kind}"; available: ${signInKinds.map((kind) => kind.id).join(', ')}.`,
      );
    }
    if (req.accountId !== undefined) {
      const entry = (await deps.entries.read()).find((candidate) => candidate.id === req.accountId);
      if (entry === undefined) {
        throw new ManagementFailure('not_found', `No account "${req.accountId}".`);
      }
      if (entry.kind !== req.kind) {
        throw new ManagementFailure(
          'invalid_request',
          `Account "${req.accountId}" belongs to provider "${entry.kind}", not "${req.kind}".`,
        );
      }
    }
    const started = deps.logins.start(req.kind, req.accountId);
    if (!started.ok) {
      throw new ManagementFailure(
        started.code === 'unknown_kind' ? 'invalid_request' : 'unavailable',
        started.message,
      );
    }
    return started.login;
  };

  const knownLogin = (login: LoginView | undefined, id: string): LoginView => {
    if (login === undefined) throw new ManagementFailure('not_found', `No login "${id}".`);
    return login;
  };

  const handlers = {
    'status.get': async () => deps.status(),
    'accounts.list': async () => deps.accounts(),
    'quota.refresh': async (req: { accountId?: string }) => {
      if (req.accountId !== undefined) await requireAccount(req.accountId);
      await deps.refreshQuota(req.accountId);
      return deps.accounts();
    },
    'routing.clear': async (req: { accountId: string }) => {
      await requireAccount(req.accountId);
      await deps.clearRouting(req.accountId);
      return deps.accounts();
    },
    'combos.activate': async (req: { name: string }) => {
      const status = await deps.status();
      if (!status.combos.some((combo) => combo.name === req.name)) {
        throw new ManagementFailure('not_found', `No combo named "${req.name}".`);
      }
      await deps.activateCombo(req.name);
      return deps.status();
    },
    'usage.summary': async (req: { from: number; to: number; by: UsageGroupBy }) =>
      deps.usage.summary(req),
    'usage.series': async (req: {
      from: number;
      to: number;
      bucket: 'hour' | 'day';
      by?: UsageSplit;
    }) => deps.usage.series(req),
    'requests.recent': async (req: { limit: number; before?: number; accountId?: string }) => {
      const records = await deps.usage.recent(req);
      return records.slice(0, req.limit).map((record) => {
        const trace = deps.traces.find(record.requestId);
        return trace === undefined ? record : { ...record, trace: toTraceView(trace) };
      });
    },
    'requests.trace': async (req: { requestId: string }): Promise<TraceView | null> => {
      const trace = deps.traces.find(req.requestId);
      return trace === undefined ? null : toTraceView(trace);
    },
    'alerts.recent': async (req: { limit: number }) =>
      (await deps.alerts.recent(req.limit)).slice(0, req.limit),
    'debugLog.get': async (req: { limit: number }) =>
      (await deps.debugLog.recent(req.limit)).slice(0, req.limit),
    'debugLog.setEnabled': async (req: { enabled: boolean }) => {
      await deps.debugLog.setEnabled(req.enabled);
      return deps.status();
    },
    'tools.list': async () => deps.tools.list(),
    'tools.preview': async (req: { tool: string; model?: string }) => {
      await requireTool(req.tool);
      return toolEdit(() => deps.tools.preview(req.tool, req.model));
    },
    'tools.connect': async (req: { tool: string; model?: string }) => {
      refuseShowingKey(await requireTool(req.tool));
      return toolEdit(() => deps.tools.connect(req.tool, req.model));
    },
    'tools.disconnect': async (req: { tool: string }) => {
      await requireTool(req.tool);
      return toolEdit(() => deps.tools.disconnect(req.tool));
    },
    'routing.setPaused': async (req: { paused: boolean }) => {
      await deps.setPaused(req.paused);
      return deps.status();
    },
    'combos.list': comboViews,
    'combos.save': saveCombo,
    'combos.remove': async (req: { name: string }) => removeCombo(req.name),
    'models.list': async () => {
      const { combos } = await deps.combos.read();
      return [...(await deps.models()), ...combos.map((combo) => combo.name)];
    },
    'accounts.setEnabled': async (req: { accountId: string; enabled: boolean }) =>
      editEntry(req.accountId, (entry) => ({ ...entry, enabled: req.enabled })),
    'accounts.setPriority': async (req: { accountId: string; priority: number }) =>
      editEntry(req.accountId, (entry) => ({ ...entry, priority: req.priority })),
    'accounts.addApiKey': addApiKey,
    'accounts.remove': async (req: { accountId: string }) => removeAccount(req.accountId),
    'providers.kinds': async () => deps.entries.kinds(),
    'settings.get': async () => settingsView(),
    'settings.update': updateSettings,
    'keys.list': async () => keyViews(),
    'keys.create': async (req: { name: string }) => createKey(req.name),
    'keys.revoke': async (req: { id: string }) => revokeKey(req.id),
    'logins.start': startLogin,
    'logins.get': async (req: { id: string }) => knownLogin(deps.logins.get(req.id), req.id),
    'logins.cancel': async (req: { id: string }) => knownLogin(deps.logins.cancel(req.id), req.id),
  } satisfies Handlers;

  const fail = (code: ManagementError['code'], message: string): Result<never> => ({
    ok: false,
    error: { code, message },
  });

  return {
    async call(method, req) {
      if (!isManagementMethod(method)) return fail('not_found', 'No such management method.');
      // A method without fields may be called with nothing at all (IPC with no argument, empty POST).
      const parsed = requestSchemas[method].safeParse(req === undefined || req === null ? {} : req);
      if (!parsed.success) return fail('invalid_request', describeIssues(parsed.error));
      const handler = handlers[method] as (req: unknown) => Promise<unknown>;
      try {
        return { ok: true, value: await handler(parsed.data) };
      } catch (error) {
        if (isManagementFailure(error)) return fail(error.code, error.message);
        deps.log?.log('error', `Management method ${method} failed.`, {
          detail: error instanceof Error ? error.message : String(error),
        });
        return fail('internal', 'Switchyard hit an internal error; see its log.');
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    publish(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          // One broken subscriber (a closed window, a dead socket) must not starve the rest.
          deps.log?.log('warn', 'A management event listener failed.', { detail: String(error) });
        }
      }
    },
  };
}

/**
 * `tools.connect` never answers with a key (the new one goes straight into the
 * tool's config). A tool that needs a key pasted or exported gets one the user
 * sees once: from Settings → Router keys (`keys.create`) or a terminal.
 */
function refuseShowingKey(tool: ToolView): void {
  if (tool.byHand) {
    throw new ManagementFailure(
      'invalid_request',
      `${tool.displayName} is set up in its own settings: follow the steps shown for it, ` +
        'with a router key from Settings → Router keys or `switchyard key create` in a terminal.',
    );
  }
  if (tool.keyEnv !== undefined) {
    throw new ManagementFailure(
      'invalid_request',
      `${tool.displayName} reads its router key from $${tool.keyEnv}: create a key under ` +
        `Settings → Router keys and export it, or run \`switchyard connect ${tool.id} --new-key\` ` +
        'in a terminal, which shows the new key once for you to export.',
    );
  }
}
