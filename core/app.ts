/**
 * Composition root for headless mode: opens the data dir's stores, builds the
 * HTTP app and listens. Electron's main process calls the same function.
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { Dispatcher } from 'undici';
import { oauthKind, refreshPolicyFor, type LoginOptions } from './auth/oauth-kinds.js';
import { TokenKeeper } from './auth/token-keeper.js';
import type { LoginFlow } from './auth/types.js';
import { ReasoningMemory } from './engine/reasoning-memory.js';
import { RoutingPolicy } from './engine/routing-policy.js';
import { TraceStore } from './engine/trace.js';
import type { UsageSink } from './engine/usage-meter.js';
import { CODECS, ollamaCodec } from './formats/index.js';
import { createUpstreamDispatcher } from './http/client.js';
import { DebugLog } from './management/debug-log.js';
import { AlertBuffer, hostManagement } from './management/host.js';
import { LoginManager } from './management/logins.js';
import type { ManagementServiceHandle } from './management/service.js';
import { dashboardUrlWithToken, managementToken } from './management/token.js';
import { isResolveError, resolveProvider, type ResolvedProvider } from './providers/catalog.js';
import { saveLogin } from './providers/save-login.js';
import { verifyApiKey } from './providers/verify-key.js';
import { QuotaTracking } from './quota/tracking.js';
import { DebouncedSaver, loadRoutingState, saveRoutingState } from './routing/state-file.js';
import { createApp } from './server/app.js';
import { dashboardHandler, findDashboardDir } from './server/dashboard.js';
import { isLoopbackName } from './server/security.js';
import { SwitchyardError } from './shared/errors.js';
import { createLogger, type Logger } from './shared/log.js';
import type { QuotaAlert } from './shared/quota.js';
import { openDataDir } from './storage/data-dir.js';
import type { SafeStorageLike } from './storage/master-key.js';
import { openSecretStore } from './storage/open-secret-store.js';
import { issueRouterKey, RouterKeyIndex, type CreatedRouterKey } from './storage/router-keys.js';
import type { SecretStore } from './storage/secret-store.js';
import type { Settings } from './storage/settings-schema.js';
import { SettingsStore } from './storage/settings-store.js';
import { pathLookup } from './tools/detect.js';
import { createToolsService } from './tools/service.js';
import { openUsageDatabase, SqliteQuotaStore, UsageLedger, UsageQueries } from './usage/index.js';
import { createRequestRecorder } from './usage/recorder.js';
import { VERSION } from './version.js';

/**
 * The data dir the CLI would use on this machine (`SWITCHYARD_DATA_DIR`, else the OS per-user
 * folder), created if missing. The desktop app uses it too, so `switchyard quota`, `login` and
 * `connect` see the same accounts as the tray.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return openDataDir({ env, platform: process.platform, home: os.homedir() });
}

export interface StartOptions {
  dataDir: string;
  port?: number;
  host?: string;
  log?: (line: string) => void;
  /** Replaces the upstream HTTP dispatcher (tests, custom proxies). */
  dispatcher?: Dispatcher;
  /** Replaces the secret store entirely (tests). */
  secrets?: SecretStore;
  /** The Electron shell's `safeStorage`, to keep the master key with it; core never imports electron. */
  safeStorage?: SafeStorageLike;
  /** The built dashboard; defaults to `dist/renderer` next to the code. */
  dashboardDir?: string;
  /** Receives every served attempt's token usage (tests); the ledger keeps every request anyway. */
  onUsage?: UsageSink;
  /** The routing clock (cooldowns, resets, affinity days); tests move it by hand. */
  clock?: () => number;
  /** Overrides the pause between candidates after a transient failure. */
  backoff?: (attempt: number) => number;
  /** How long an upstream may take to send its response headers (default 300 s). */
  upstreamHeadersTimeoutMs?: number;
  /** Where coding tools keep their configs (default: the user's home; tests use a temp dir). */
  home?: string;
  /**
   * Starts a subscription login in place of the built-in one for `kind` (tests point
   * flows at fake authorization servers); undefined means the kind has no login.
   */
  startLogin?: (kind: string, options: LoginOptions) => LoginFlow | undefined;
}

export interface SwitchyardEvents {
  'needs-login': [{ accountId: string; message: string }];
  /** A quota window passed a threshold, ran out or reset: the app shows a notification. */
  'quota-alert': [QuotaAlert];
}

export interface RunningSwitchyard {
  url: string;
  dashboardUrl: string;
  port: number;
  /** Events for the UI: `needs-login` ({ accountId, message }) when a refresh is refused. */
  events: EventEmitter<SwitchyardEvents>;
  /** Routing state: cooldowns, breakers, affinity; `clear` ends cooldowns by hand. */
  routing: Pick<RoutingPolicy, 'clear' | 'snapshot' | 'cooldowns' | 'breakers'>;
  /** Quota windows per account, and polling on demand. */
  quota: Pick<QuotaTracking, 'book' | 'poller'>;
  /** The usage ledger's queries; `flushUsage` writes queued records first. */
  usage: UsageQueries;
  flushUsage(): void;
  /** The management contract (HTTP `/api` here; the Electron shell serves it over IPC). */
  management: ManagementServiceHandle;
  /** The dashboard URL with the management token in its fragment; print it, never log it. */
  dashboardLink(): Promise<string>;
  /** Issues a router key (the tray's "Copy a new API key"); the key is returned once, never logged. */
  createRouterKey(name: string): Promise<CreatedRouterKey>;
  close(): Promise<void>;
}

/** Derived state rebuilt whenever settings change, so the request path only reads it. */
interface LiveState {
  providers: ResolvedProvider[];
  keys: RouterKeyIndex;
}

function deriveState(settings: Settings, log: Logger): LiveState {
  const providers: ResolvedProvider[] = [];
  for (const config of settings.providers) {
    const resolved = resolveProvider(config);
    if (isResolveError(resolved)) {
      log.log(
        'warn',
        `Provider "${config.id}" has unknown kind "${resolved.kind}" and is ignored.`,
      );
    } else providers.push(resolved);
  }
  return { providers, keys: new RouterKeyIndex(settings.routerKeys) };
}

/** The OS keychain where there is one; a key file elsewhere, with a warning in the log. */
async function openDefaultSecretStore(
  dataDir: string,
  log: Logger,
  safeStorage: SafeStorageLike | undefined,
): Promise<SecretStore> {
  const { store, warning } = await openSecretStore(dataDir, {
    log: (line) => log.log('debug', line),
    ...(safeStorage === undefined ? {} : { safeStorage }),
  });
  if (warning !== undefined) log.log('warn', warning.message, { code: warning.code });
  return store;
}

export async function startSwitchyard(options: StartOptions): Promise<RunningSwitchyard> {
  const log = createLogger(options.log ?? ((line) => process.stderr.write(`${line}\n`)));
  const settings = await SettingsStore.open(options.dataDir);
  for (const problem of settings.problems) {
    log.log(
      'error',
      `Settings file was corrupt and moved to ${problem.movedTo}: ${problem.detail}`,
    );
  }
  const secrets =
    options.secrets ?? (await openDefaultSecretStore(options.dataDir, log, options.safeStorage));
  const dispatcher =
    options.dispatcher ??
    createUpstreamDispatcher(
      options.upstreamHeadersTimeoutMs === undefined
        ? {}
        : { headersTimeoutMs: options.upstreamHeadersTimeoutMs },
    );

  const usageDb = openUsageDatabase(options.dataDir);
  for (const problem of usageDb.problems) {
    log.log(
      'error',
      `Usage database was corrupt and moved to ${problem.movedTo}: ${problem.detail}`,
    );
  }
  const ledger = new UsageLedger(usageDb.db, {
    retentionDays: settings.get().usage.retentionDays,
    ...(options.clock === undefined ? {} : { now: options.clock }),
    onError: (problem) => log.log('warn', 'Usage ledger problem.', { ...problem }),
  });
  const usage = new UsageQueries(usageDb.db);
  const quota = new QuotaTracking({
    store: new SqliteQuotaStore(usageDb.db),
    accounts: () => state.providers,
    settings: () => settings.get().quota,
    credentials: async (accountId) => {
      const tokens = await keeper.tokens(accountId);
      const accessToken = await keeper.accessToken(accountId);
      if (tokens === undefined || accessToken === undefined) return undefined;
      return {
        accessToken,
        ...(tokens.refreshToken === undefined ? {} : { refreshToken: tokens.refreshToken }),
        extra: tokens.extra ?? {},
      };
    },
    local: usage,
    dispatcher,
    ...(options.clock === undefined ? {} : { now: options.clock }),
  });

  const saved = await loadRoutingState(options.dataDir);
  if (saved.problem !== undefined) {
    log.log(
      'error',
      `Routing state was corrupt and moved to ${saved.problem.movedTo}: ${saved.problem.detail}`,
    );
  }
  const saver = new DebouncedSaver(() => saveRoutingState(options.dataDir, routing.snapshot()), {
    onError: (error) => {
      log.log('warn', 'Could not save the routing state.', { detail: String(error) });
    },
  });
  const routing = new RoutingPolicy(
    {
      providers: () => state.providers,
      settings: () => settings.get(),
      ...(options.clock === undefined ? {} : { now: options.clock }),
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      changed: () => saver.schedule(),
      quota: quota.signals,
    },
    saved,
  );

  const events = new EventEmitter<SwitchyardEvents>();
  quota.book.on('window-reset', ({ accountId }) => routing.quotaReset(accountId));
  quota.book.on('alert', (alert) => events.emit('quota-alert', alert));
  const keeper = new TokenKeeper({
    secrets,
    policyFor: (accountId) => {
      const account = state.providers.find((provider) => provider.id === accountId);
      return account?.auth === 'oauth' ? refreshPolicyFor(account.kind) : undefined;
    },
    onNeedsLogin: (accountId, message) => {
      routing.markNeedsLogin(accountId, message);
      events.emit('needs-login', { accountId, message });
      log.log('warn', `Account "${accountId}" needs a new login: ${message}`);
    },
    ...(options.clock === undefined ? {} : { now: options.clock }),
  });

  const traces = new TraceStore(options.dataDir, (error) => {
    log.log('warn', 'Could not write a route trace.', { detail: String(error) });
  });
  const debugLog = new DebugLog({
    dataDir: options.dataDir,
    settings: () => settings.get().usage,
    onError: (error) =>
      log.log('warn', 'Could not write the debug log.', { detail: String(error) }),
  });
  const flushUsage = (): void => {
    ledger.flush();
    quota.updateLocal();
  };
  let url = '';
  let boundPort: number | undefined = undefined;
  const tools = createToolsService({
    home: options.home ?? os.homedir(),
    dataDir: options.dataDir,
    settings,
    findBinary: pathLookup(process.env),
    // Tools connected from the app call the port it listens on now, even one --port chose.
    port: () => boundPort ?? settings.get().server.port,
  });
  const alerts = new AlertBuffer();
  const logins = new LoginManager({
    startFlow: options.startLogin ?? ((kind, loginOptions) => oauthKind(kind)?.login(loginOptions)),
    // The saved entry's new `loggedInAt` ends "needs login" and restarts refreshing (below).
    save: (login) => saveLogin({ settings, secrets }, login),
    publish: (login) => management.publish({ type: 'login', login }),
  });
  const management = hostManagement(
    {
      version: VERSION,
      url: () => url,
      listeningPort: () => boundPort ?? settings.get().server.port,
      settings,
      providers: () => state.providers,
      routing,
      quota,
      usage,
      flushUsage,
      traces,
      debugLog,
      tools,
      secrets,
      verifyApiKey: (provider, apiKey) => verifyApiKey(provider, apiKey, { dispatcher }),
      logins,
      log,
    },
    alerts,
  );
  events.on('needs-login', (event) => management.publish({ type: 'needs-login', ...event }));
  events.on('quota-alert', (alert) => {
    alerts.push(alert);
    management.publish({ type: 'quota-alert', alert });
  });
  // Made (or read) at start, so a CLI in another process finds the same one; every /api
  // request compares against this copy.
  const token = await managementToken(secrets);
  const tokenOnce = (): Promise<string> => Promise.resolve(token);

  let state = deriveState(settings.get(), log);
  const loginTimes = new Map(settings.get().providers.map((entry) => [entry.id, entry.loggedInAt]));
  const unsubscribe = settings.onChange((next) => {
    state = deriveState(next, log);
    management.publish({ type: 'accounts-changed' });
    ledger.setRetentionDays(next.usage.retentionDays);
    quota.sync();
    for (const entry of next.providers) {
      if (entry.loggedInAt === undefined || loginTimes.get(entry.id) === entry.loggedInAt) continue;
      // A fresh login (from the CLI or the app) ends "needs login" and restarts refreshing.
      loginTimes.set(entry.id, entry.loggedInAt);
      routing.clear(entry.id);
      void keeper.start([entry.id]);
    }
  });
  settings.watch();

  // Subscription tokens are refreshed ahead of expiry while the server runs.
  await keeper.start(
    state.providers.filter((provider) => provider.auth === 'oauth').map((provider) => provider.id),
  );
  quota.start();

  const host = options.host ?? settings.get().server.host;
  const port = options.port ?? settings.get().server.port;
  const app = createApp({
    providers: () => state.providers,
    apiKey: async (providerId) => {
      const account = state.providers.find((provider) => provider.id === providerId);
      return account?.auth === 'oauth'
        ? keeper.accessToken(providerId)
        : secrets.get(`provider:${providerId}`);
    },
    accountExtra: async (providerId) => {
      const account = state.providers.find((provider) => provider.id === providerId);
      return account?.auth === 'oauth' ? (await keeper.tokens(providerId))?.extra : undefined;
    },
    refreshCredentials: (accountId, rejectedToken) =>
      keeper.refreshAfterRejection(accountId, rejectedToken).then(
        () => true,
        () => false,
      ),
    dispatcher,
    reasoning: new ReasoningMemory(),
    traces,
    routing,
    combos: () => ({
      combos: settings.get().combos,
      activeCombo: settings.get().routing.activeCombo,
    }),
    observeResponse: (account, _status, headers) => quota.observeResponse(account, headers),
    recordRequest: createRequestRecorder({
      record: (record) => {
        ledger.record(record);
        routing.recordSpend(record);
      },
      providers: () => state.providers,
      pricing: () => settings.get().pricing,
    }),
    ...(options.onUsage === undefined ? {} : { recordUsage: options.onUsage }),
    codecs: CODECS,
    ollama: ollamaCodec,
    log,
    bodyLimitBytes: () => settings.get().server.bodyLimitBytes,
    serverSettings: () => settings.get().server,
    verifyRouterKey: async (key) => {
      const known = state.keys.verify(key);
      if (known !== undefined) return known.id;
      // A key created a moment ago by the CLI may not have been seen by the watcher yet.
      await settings.reload();
      state = deriveState(settings.get(), log);
      return state.keys.verify(key)?.id;
    },
    boundBeyondLoopback: !isLoopbackName(host),
    dashboard: dashboardHandler(options.dashboardDir ?? findDashboardDir()),
    management: { service: management, token: tokenOnce },
    debugLog,
  });

  const server = createServer({ noDelay: true, keepAliveTimeout: 65_000 }, app);
  await listen(server, port, host);
  const actualPort = (server.address() as AddressInfo).port;
  boundPort = actualPort;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  url = `http://${shownHost}:${actualPort}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    dashboardUrl: `${url}/`,
    port: actualPort,
    routing,
    quota,
    usage,
    flushUsage,
    management,
    dashboardLink: async () => dashboardUrlWithToken(`${url}/`, await tokenOnce()),
    createRouterKey: (name) => issueRouterKey(settings, name),
    events,
    close() {
      // Closing twice (a signal during shutdown, a test's cleanup) waits for the first close.
      closing ??= (async () => {
        logins.close();
        unsubscribe();
        settings.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await traces.flush();
        await debugLog.flush();
        keeper.stop();
        quota.close();
        ledger.close();
        await saver.close();
        if (options.dispatcher === undefined) await dispatcher.close();
      })();
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(
          new SwitchyardError(
            'port_in_use',
            `Port ${port} on ${host} is already in use. Stop the other program or pick another port with --port.`,
            {
              status: 500,
              cause: error,
            },
          ),
        );
      } else reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
