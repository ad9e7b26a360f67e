/**
 * Settings as the Settings view sees them: the view built from the settings
 * file plus facts of the running server, and a checked patch applied to a
 * draft. Router keys appear only as id, name and hint; never a secret.
 */
import type {
  RouterKeyView,
  SettingsPatch,
  SettingsView,
  SpendLimitView,
} from '../shared/contract.js';
import { DATA_DIR_ENV } from '../storage/data-dir.js';
import type { RouterKeyRecord, Settings, SpendLimit } from '../storage/settings-schema.js';
import { ManagementFailure } from './failure.js';

/** How `switchyard` chooses its data dir at start (the desktop app uses its app-data folder). */
export const DATA_DIR_FLAG = '--data-dir';

export interface ServerFacts {
  /** The port the server listens on now. */
  listeningPort: number;
  dataDir: string;
}

export function toSettingsView(settings: Settings, facts: ServerFacts): SettingsView {
  const { server, quota, usage, budgets } = settings;
  return {
    host: server.host,
    port: server.port,
    listeningPort: facts.listeningPort,
    requireKeyOnLoopback: server.requireKeyOnLoopback,
    dataDir: { path: facts.dataDir, flag: DATA_DIR_FLAG, env: DATA_DIR_ENV },
    budgets: { providers: limits(budgets.providers), keys: limits(budgets.keys) },
    prefixes: [...new Set(settings.providers.map((entry) => entry.prefix))].sort(),
    alertThresholds: [...quota.alertThresholds],
    ...(quota.stopAtPercent === undefined ? {} : { stopAtPercent: quota.stopAtPercent }),
    nearLimitPercent: quota.nearLimitPercent,
    retentionDays: usage.retentionDays,
    debugLog: usage.debugLog,
  };
}

export function toRouterKeyView(record: RouterKeyRecord): RouterKeyView {
  return { id: record.id, name: record.name, hint: record.hint, createdAt: record.createdAt };
}

/**
 * Writes the patch into the draft. A limit for a prefix no account has, or for
 * a key that does not exist, is refused (as `switchyard budget set` refuses
 * it); removing one is always allowed, so a stale budget can be cleared.
 */
export function applySettingsPatch(draft: Settings, patch: SettingsPatch): void {
  if (patch.port !== undefined) draft.server.port = patch.port;
  if (patch.requireKeyOnLoopback !== undefined) {
    draft.server.requireKeyOnLoopback = patch.requireKeyOnLoopback;
  }
  const prefixes = new Set(draft.providers.map((entry) => entry.prefix));
  const keyIds = new Set(draft.routerKeys.map((record) => record.id));
  for (const [id, limit] of Object.entries(patch.budgets?.providers ?? {})) {
    setLimit(draft.budgets.providers, id, limit, prefixes.has(id), `No provider prefix "${id}".`);
  }
  for (const [id, limit] of Object.entries(patch.budgets?.keys ?? {})) {
    setLimit(draft.budgets.keys, id, limit, keyIds.has(id), `No router key "${id}".`);
  }
  if (patch.alertThresholds !== undefined) {
    draft.quota.alertThresholds = [...new Set(patch.alertThresholds)].sort((a, b) => a - b);
  }
  if (patch.stopAtPercent === null) delete draft.quota.stopAtPercent;
  else if (patch.stopAtPercent !== undefined) draft.quota.stopAtPercent = patch.stopAtPercent;
  if (patch.nearLimitPercent !== undefined) draft.quota.nearLimitPercent = patch.nearLimitPercent;
  if (patch.retentionDays !== undefined) draft.usage.retentionDays = patch.retentionDays;
  if (patch.debugLog !== undefined) draft.usage.debugLog = patch.debugLog;
}

function setLimit(
  limits: Record<string, SpendLimit>,
  id: string,
  limit: SpendLimitView | null,
  known: boolean,
  unknown: string,
): void {
  const next = limit === null ? {} : onlyLimits(limit);
  if (next.dailyUsd === undefined && next.monthlyUsd === undefined) {
    delete limits[id];
    return;
  }
  if (!known) throw new ManagementFailure('invalid_request', unknown);
  limits[id] = next;
}

function onlyLimits(limit: SpendLimit): SpendLimitView {
  return {
    ...(limit.dailyUsd === undefined ? {} : { dailyUsd: limit.dailyUsd }),
    ...(limit.monthlyUsd === undefined ? {} : { monthlyUsd: limit.monthlyUsd }),
  };
}

function limits(record: Record<string, SpendLimit>): Record<string, SpendLimitView> {
  return Object.fromEntries(Object.entries(record).map(([id, limit]) => [id, onlyLimits(limit)]));
}
