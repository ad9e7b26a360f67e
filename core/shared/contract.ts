/**
 * The management contract: every call the UI and tools make to core. The
 * HTTP API (`/api/<method>`, headless mode) and Electron's IPC serve the same
 * map, so one typed client works over either transport. Pure types plus the
 * method list; handlers validate their `unknown` input at the edge.
 */
import type { AccountQuota, QuotaAlert, QuotaWindow } from './quota.js';
import type {
  RequestRecord,
  UsageGroupBy,
  UsageSeries,
  UsageSplit,
  UsageSummary,
} from './usage.js';

export type AccountState = 'ok' | 'cooling-down' | 'circuit-open' | 'needs-login' | 'disabled';

export interface AccountView {
  id: string;
  prefix: string;
  /** Registry kind (`cc`, `deepseek`, `openai`…). */
  kind: string;
  displayName: string;
  label?: string;
  plan?: string;
  auth: 'api-key' | 'oauth';
  enabled: boolean;
  state: AccountState;
  /** Why the account is not `ok`, in words. */
  stateDetail?: string;
  /** Epoch ms when a cooldown ends. */
  until?: number;
  termsRisk: 'none' | 'low' | 'high';
  /** Fill-first order among accounts of one prefix: lower goes first (absent: 0). */
  priority?: number;
  /** Stop routing here once any window passes this share (0–100). */
  stopAtPercent?: number;
  quota: AccountQuota;
}

/** One row of the recent-requests list, with its route trace when it is still kept. */
export interface RequestView extends RequestRecord {
  trace?: TraceView;
}

export interface TraceView {
  id: string;
  at: string;
  requested: string;
  inbound: string;
  status?: number;
  cacheReadShare?: number;
  candidates: {
    model: string;
    account: string;
    outcome: 'served' | 'skipped' | 'failed';
    reason?: string;
    status?: number;
    ms?: number;
  }[];
}

/** One entry of the debug request log (off by default; secrets redacted; size-capped). */
export interface DebugLogEntry {
  requestId: string;
  at: number;
  method: string;
  path: string;
  /** Header values of credentials are replaced with `[redacted]`. */
  requestHeaders: Record<string, string>;
  /** The body as received, cut at the per-entry cap; secrets redacted. */
  requestBody: string;
  truncated: boolean;
  status?: number;
}

export interface StatusView {
  version: string;
  url: string;
  activeCombo?: string;
  combos: { name: string; strategy: string; entries: string[] }[];
  debugLog: boolean;
  /** Routing is paused: every model request is answered with a 503 until it is resumed. */
  paused: boolean;
}

export type ComboStrategy = 'fallback' | 'round-robin' | 'weighted';

/** One saved combo as the Combos view shows and edits it. */
export interface ComboView {
  name: string;
  strategy: ComboStrategy;
  entries: {
    /** A `prefix/model` or another combo's name. */
    model: string;
    /** Relative share under `weighted`; kept (and ignored) by the other strategies. */
    weight: number;
    /** Some enabled account serves this model, or it names another combo. */
    served: boolean;
  }[];
  /** True for the combo behind the model `auto`. */
  active: boolean;
}

/** What the Combos editor saves: a whole combo, created or replaced by name. */
export interface ComboDraft {
  name: string;
  entries: { model: string; weight?: number }[];
  strategy: ComboStrategy;
}

export interface DateRange {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
}

/** A coding tool as Settings → Tools shows it. */
export interface ToolView {
  /** The id the CLI takes: `claude-code`, `codex`… */
  id: string;
  displayName: string;
  /** Its binary is on PATH or its config dir exists. */
  installed: boolean;
  /** Configured in the tool's own settings: Switchyard only shows `instructions`. */
  byHand: boolean;
  status: 'connected' | 'not-connected' | 'drift';
  /** The status in words: where the tool points, or what drifted. */
  detail: string;
  /** For by-hand tools, the steps; the router key appears as a placeholder. */
  instructions?: string[];
  /**
   * The tool reads its router key from this environment variable, so
   * `tools.connect` (which never answers with a key) refuses it: the user
   * exports a key from `keys.create` or `switchyard connect <id> --new-key`.
   */
  keyEnv?: string;
}

/** What `tools.connect` would change; the new router key appears as `<new router key>`. */
export interface ToolPreview {
  /** Unified diffs of every file that would change, one after another. */
  diff: string;
  /** Absolute paths of those files. */
  files: string[];
}

export interface ToolConnectResult {
  tools: ToolView[];
  /** What to do next (restart the tool…); a router key never appears in them. */
  instructions: string[];
  /** The router key issued for the tool; it is written only into the tool's config. */
  key?: { name: string; hint: string };
}

/** A provider kind the add form offers (the registry, then the custom endpoints). */
export interface ProviderKindView {
  id: string;
  displayName: string;
  /** Accounts sign in with a subscription login (`switchyard login <kind>`), not an API key. */
  signIn: boolean;
  /**
   * How a sign-in kind's login runs (`logins.start`): `browser` opens a page that
   * comes back to Switchyard; `device` shows a code to type on the provider's page.
   */
  signInMethod?: 'browser' | 'device';
  termsRisk: string;
  /** Where a key can be created. */
  keyUrl?: string;
}

/** What the add form sends; the key goes only into the secret store and is never answered back. */
export interface ApiKeyAccountDraft {
  kind: string;
  /** The account's id (default: the kind). */
  id?: string;
  /** The model prefix (default: the id). */
  prefix?: string;
  apiKey: string;
  /** Required for custom kinds not in the registry. */
  baseUrl?: string;
  /**
   * Save even when the provider cannot be reached to check the key ("Save
   * anyway"). A key the provider refuses is never saved.
   */
  saveUnchecked?: boolean;
}

/** A USD spend limit per UTC day and per UTC month; an absent side has no limit. */
export interface SpendLimitView {
  dailyUsd?: number;
  monthlyUsd?: number;
}

/** What Settings shows and edits; never a secret (router keys appear only as `keys.list` rows). */
export interface SettingsView {
  /** The host and port saved in settings, used at the next start. */
  host: string;
  port: number;
  /** The port the server listens on now (differs after a port change, or under `--port`). */
  listeningPort: number;
  /** Clients on this computer need a router key too. */
  requireKeyOnLoopback: boolean;
  /** Read-only here: `switchyard` takes it from the flag or the environment variable at start. */
  dataDir: { path: string; flag: string; env: string };
  budgets: {
    /** Keyed by provider prefix (all its accounts together). */
    providers: Record<string, SpendLimitView>;
    /** Keyed by router key id. */
    keys: Record<string, SpendLimitView>;
  };
  /** The provider prefixes a budget may name. */
  prefixes: string[];
  /** Alerts fire when a quota window passes each of these shares (ascending). */
  alertThresholds: number[];
  /** Default "stop at N%" for every account; absent: use an account up to its limit. */
  stopAtPercent?: number;
  /** Used share that counts as near the limit (polled more often). */
  nearLimitPercent: number;
  /** Days raw request rows are kept in the usage ledger (daily totals stay). */
  retentionDays: number;
  debugLog: boolean;
}

/**
 * A partial change to settings: absent fields stay as they are. A budget entry
 * replaces that prefix's or key's limit; `null` (or an empty limit) removes it.
 */
export interface SettingsPatch {
  port?: number;
  requireKeyOnLoopback?: boolean;
  budgets?: {
    providers?: Record<string, SpendLimitView | null>;
    keys?: Record<string, SpendLimitView | null>;
  };
  alertThresholds?: number[];
  /** `null` removes the default. */
  stopAtPercent?: number | null;
  nearLimitPercent?: number;
  retentionDays?: number;
  debugLog?: boolean;
}

export interface SettingsUpdateResult {
  settings: SettingsView;
  /** A saved change (the port) applies only when the server starts again. */
  restartNeeded: boolean;
}

/** A router key as listed: never the key, only its last four characters. */
export interface RouterKeyView {
  id: string;
  name: string;
  hint: string;
  createdAt: string;
}

export interface RouterKeyCreated {
  /** The new key in full: shown to the user once, never stored or answered again. */
  key: string;
  created: RouterKeyView;
  keys: RouterKeyView[];
}

/** Why a subscription login failed: the flow's own reason, or the account could not be saved. */
export type LoginFailureCode =
  | 'port_in_use'
  | 'state_mismatch'
  | 'access_denied'
  | 'expired'
  | 'token_exchange_failed'
  | 'network'
  | 'invalid_response'
  | 'save_failed';

/** Where a subscription login stands; tokens never appear here. */
export type LoginStateView =
  | { status: 'starting' }
  /** The user finishes in the browser at `url`, which comes back to Switchyard's loopback port. */
  | { status: 'waiting-browser'; url: string }
  | {
      status: 'waiting-device';
      verificationUri: string;
      userCode: string;
      /** Epoch ms when the code expires. */
      expiresAt: number;
    }
  | { status: 'success'; accountId: string; label: string; plan?: string }
  | { status: 'failure'; code: LoginFailureCode; message: string }
  | { status: 'cancelled' }
  | { status: 'timed_out' };

/** One subscription login the server runs (`logins.start`); finished ones are forgotten after a while. */
export interface LoginView {
  id: string;
  kind: string;
  /** The account it renews, when it renews one. */
  accountId?: string;
  state: LoginStateView;
}

/** Method name → request and response. Keep names `noun.verb`. */
export interface ManagementContract {
  'status.get': { req: Record<string, never>; res: StatusView };
  'accounts.list': { req: Record<string, never>; res: AccountView[] };
  /** Polls usage endpoints now (one account, or all). */
  'quota.refresh': { req: { accountId?: string }; res: AccountView[] };
  /** Ends an account's cooldowns, its "needs login" mark and its provider's open breaker by hand. */
  'routing.clear': { req: { accountId: string }; res: AccountView[] };
  'combos.activate': { req: { name: string }; res: StatusView };
  'usage.summary': { req: DateRange & { by: UsageGroupBy }; res: UsageSummary };
  /** With `by`, the answer also carries the top groups and an "other" group, bucket by bucket. */
  'usage.series': {
    req: DateRange & { bucket: 'hour' | 'day'; by?: UsageSplit };
    res: UsageSeries;
  };
  'requests.recent': {
    req: { limit?: number; before?: number; accountId?: string };
    res: RequestView[];
  };
  'requests.trace': { req: { requestId: string }; res: TraceView | null };
  'alerts.recent': { req: { limit?: number }; res: QuotaAlert[] };
  'debugLog.get': { req: { limit?: number }; res: DebugLogEntry[] };
  'debugLog.setEnabled': { req: { enabled: boolean }; res: StatusView };
  'tools.list': { req: Record<string, never>; res: ToolView[] };
  'tools.preview': { req: { tool: string; model?: string }; res: ToolPreview };
  /**
   * Issues a new router key named for the tool and writes it into the tool's
   * config (backed up first). Refused (`invalid_request`) for by-hand tools and
   * tools with a `keyEnv`, whose key would have to be shown.
   */
  'tools.connect': { req: { tool: string; model?: string }; res: ToolConnectResult };
  /** Restores the backup byte for byte, or removes only Switchyard's settings. */
  'tools.disconnect': { req: { tool: string }; res: ToolView[] };
  /** Pauses or resumes routing (writes `routing.paused`); applies to the next request. */
  'routing.setPaused': { req: { paused: boolean }; res: StatusView };
  'combos.list': { req: Record<string, never>; res: ComboView[] };
  /** Validated like `switchyard combo set`, and unserved models are refused too. */
  'combos.save': { req: ComboDraft; res: ComboView[] };
  /** Refused for the active combo and for a combo another combo lists. */
  'combos.remove': { req: { name: string }; res: ComboView[] };
  /** Every `prefix/model` the enabled accounts list, then every combo name (for pickers). */
  'models.list': { req: Record<string, never>; res: string[] };
  /** Writes the entry's `enabled` (as `switchyard account enable|disable`). */
  'accounts.setEnabled': { req: { accountId: string; enabled: boolean }; res: AccountView[] };
  /** Writes the entry's `priority`: among accounts of one prefix, lower goes first. */
  'accounts.setPriority': { req: { accountId: string; priority: number }; res: AccountView[] };
  /**
   * Checks the key with the upstream, then saves the entry and the key (into the
   * secret store only), as `switchyard provider add` does. A refused key is
   * `invalid_request` with the upstream's reason; the key is never echoed or logged.
   */
  'accounts.addApiKey': { req: ApiKeyAccountDraft; res: AccountView[] };
  /** Removes the entry and every secret stored for it (as `switchyard account remove`). */
  'accounts.remove': { req: { accountId: string }; res: AccountView[] };
  /** The provider kinds, for the add form. */
  'providers.kinds': { req: Record<string, never>; res: ProviderKindView[] };
  'settings.get': { req: Record<string, never>; res: SettingsView };
  /** Validates the whole patch first and saves it in one atomic write, or nothing. */
  'settings.update': { req: SettingsPatch; res: SettingsUpdateResult };
  'keys.list': { req: Record<string, never>; res: RouterKeyView[] };
  /** Issues a router key; the answer is the only time the key itself is ever sent. */
  'keys.create': { req: { name: string }; res: RouterKeyCreated };
  /** Deletes the key (and its budget); requests with it are refused from the next one on. */
  'keys.revoke': { req: { id: string }; res: RouterKeyView[] };
  /**
   * Starts a subscription login; with `accountId`, renews that account. One login
   * per kind runs at a time: starting another cancels the older one. Progress comes
   * as `login` events; on success the account is saved (tokens in the secret store).
   */
  'logins.start': { req: { kind: string; accountId?: string }; res: LoginView };
  /** A login's current state; `not_found` once it has been forgotten. */
  'logins.get': { req: { id: string }; res: LoginView };
  /** Cancels a login still under way; a finished one is answered as it is. */
  'logins.cancel': { req: { id: string }; res: LoginView };
}

export type ManagementMethod = keyof ManagementContract;
export type MethodRequest<M extends ManagementMethod> = ManagementContract[M]['req'];
export type MethodResponse<M extends ManagementMethod> = ManagementContract[M]['res'];

/** Every method, for the HTTP router, the IPC bridge and the preload. */
export const MANAGEMENT_METHODS = [
  'status.get',
  'accounts.list',
  'quota.refresh',
  'routing.clear',
  'combos.activate',
  'usage.summary',
  'usage.series',
  'requests.recent',
  'requests.trace',
  'alerts.recent',
  'debugLog.get',
  'debugLog.setEnabled',
  'tools.list',
  'tools.preview',
  'tools.connect',
  'tools.disconnect',
  'routing.setPaused',
  'combos.list',
  'combos.save',
  'combos.remove',
  'models.list',
  'accounts.setEnabled',
  'accounts.setPriority',
  'accounts.addApiKey',
  'accounts.remove',
  'providers.kinds',
  'settings.get',
  'settings.update',
  'keys.list',
  'keys.create',
  'keys.revoke',
  'logins.start',
  'logins.get',
  'logins.cancel',
] as const satisfies readonly ManagementMethod[];

/** A stable error code and a sentence; never a stack or a secret. */
export interface ManagementError {
  /**
   * `unavailable`: Switchyard answered but something it needs (a provider, a port) did not.
   * `disconnected`: the dashboard could not reach Switchyard at all (set by the UI's client).
   */
  code:
    'invalid_request' | 'not_found' | 'unauthorized' | 'unavailable' | 'disconnected' | 'internal';
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ManagementError };

/** What the UI holds: the same interface over IPC or HTTP. */
export type ManagementClient = {
  [M in ManagementMethod]: (req: MethodRequest<M>) => Promise<Result<MethodResponse<M>>>;
};

/** Pushed events (HTTP: `GET /api/events` as SSE; IPC: the `events` channel). */
export type ManagementEvent =
  | { type: 'quota-alert'; alert: QuotaAlert }
  | { type: 'needs-login'; accountId: string; message: string }
  | { type: 'accounts-changed' }
  /** A subscription login changed state (every step, from starting to its end). */
  | { type: 'login'; login: LoginView };

export type { AccountQuota, QuotaAlert, QuotaWindow };
