/**
 * All domain stores over one management connection, and the wiring that keeps
 * them live: pushed events refetch what they touch, and a gentle poll keeps the
 * request feed and account states fresh between events.
 */
import type { ManagementEvent } from '../../../core/shared/contract.js';
import type { ManagementConnection } from '../client/http';
import { createAccountsStore, type AccountsStore } from './accounts';
import { createCombosStore, type CombosStore } from './combos';
import { createDebugLogStore, type DebugLogStore } from './debug-log';
import { createProvidersStore, type ProvidersStore } from './providers';
import { createRequestsStore, type RequestsStore } from './requests';
import { createServerStore, type ServerStore } from './server';
import { createSettingsStore, type SettingsStore } from './settings';
import { createToolsStore, type ToolsStore } from './tools';
import { createUsageStore, type UsageStore } from './usage';

export interface Stores {
  server: ServerStore;
  accounts: AccountsStore;
  requests: RequestsStore;
  usage: UsageStore;
  debugLog: DebugLogStore;
  tools: ToolsStore;
  combos: CombosStore;
  providers: ProvidersStore;
  settings: SettingsStore;
}

export function createStores(client: ManagementConnection, now: () => number): Stores {
  return {
    server: createServerStore(client),
    accounts: createAccountsStore(client),
    requests: createRequestsStore(client),
    usage: createUsageStore(client, now),
    debugLog: createDebugLogStore(client),
    tools: createToolsStore(client),
    combos: createCombosStore(client),
    providers: createProvidersStore(client),
    settings: createSettingsStore(client),
  };
}

export const POLL_MS = 5_000;

export interface LiveOptions {
  pollMs?: number;
  setInterval?: (run: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

/** What each pushed event makes stale. */
export function refetchFor(stores: Stores, event: ManagementEvent): Promise<void>[] {
  switch (event.type) {
    case 'accounts-changed':
      // Settings changed: accounts, combos and the models they serve may all have moved.
      return [
        stores.accounts.getState().load(),
        stores.server.getState().load(),
        stores.combos.getState().load(),
        // The Providers view's list, once it has been opened.
        ...(stores.providers.getState().accounts === undefined
          ? []
          : [stores.providers.getState().load()]),
        // Settings' sections, once opened (a CLI `key create` or `budget set` lands here too).
        ...(stores.settings.getState().settings === undefined
          ? []
          : [stores.settings.getState().load()]),
      ];
    case 'quota-alert':
    case 'needs-login':
      return [stores.accounts.getState().load()];
    case 'login':
      // Not stale data but the login's new step, which the Providers view shows.
      return [stores.providers.getState().loginChanged(event.login)];
  }
}

/** Loads everything once, then follows events and polls; returns the stop function. */
export function connectLive(
  client: ManagementConnection,
  stores: Stores,
  options: LiveOptions = {},
): () => void {
  const every = options.setInterval ?? ((run, ms) => globalThis.setInterval(run, ms));
  const stopEvery =
    options.clearInterval ??
    ((handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>));
  const all = (): void => {
    void stores.server.getState().load();
    void stores.accounts.getState().load();
    void stores.requests.getState().load();
  };
  all();
  const unsubscribe = client.subscribe((event) => void Promise.all(refetchFor(stores, event)));
  const timer = every(() => {
    void stores.accounts.getState().load();
    void stores.requests.getState().load();
    // A login under way still moves if the event stream dropped.
    void stores.providers.getState().refreshLogin();
  }, options.pollMs ?? POLL_MS);
  return () => {
    unsubscribe();
    stopEvery(timer);
  };
}
