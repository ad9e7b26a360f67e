/**
 * Chooses the transport: IPC inside the Electron app, otherwise HTTP to the
 * server that served the page, with the management token taken from the URL
 * fragment (`#token=…`), kept in sessionStorage and removed from the address bar.
 */
import type { ManagementConnection } from './http';
import { createHttpClient } from './http';
import { createIpcClient, type ManagementBridge } from './ipc';

export const TOKEN_STORAGE_KEY = 'switchyard.managementToken';

export interface PickEnvironment {
  bridge: ManagementBridge | undefined;
  location: Pick<Location, 'hash' | 'origin' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  fetch: typeof fetch;
}

/** Reads the fragment's token once, strips it from the URL, and falls back to this tab's copy. */
export function takeToken(env: Omit<PickEnvironment, 'bridge' | 'fetch'>): string | undefined {
  const fragment = new URLSearchParams(env.location.hash.replace(/^#/, ''));
  const fresh = fragment.get('token');
  if (fresh !== null && fresh !== '') {
    env.storage.setItem(TOKEN_STORAGE_KEY, fresh);
    // Out of the address bar, so it is not bookmarked, shared in a screenshot or kept in history.
    fragment.delete('token');
    const rest = fragment.toString();
    env.history.replaceState(
      null,
      '',
      `${env.location.pathname}${env.location.search}${rest === '' ? '' : `#${rest}`}`,
    );
    return fresh;
  }
  return env.storage.getItem(TOKEN_STORAGE_KEY) ?? undefined;
}

/** Undefined when the page is in a browser without a token (open it from the app or CLI). */
export function pickClientFrom(env: PickEnvironment): ManagementConnection | undefined {
  if (env.bridge !== undefined) return createIpcClient(env.bridge);
  const token = takeToken(env);
  if (token === undefined) return undefined;
  return createHttpClient({ baseUrl: env.location.origin, token, fetch: env.fetch });
}

export function pickClient(): ManagementConnection | undefined {
  return pickClientFrom({
    bridge: window.switchyard?.management,
    location: window.location,
    history: window.history,
    storage: window.sessionStorage,
    // Bound: a detached `fetch` throws "Illegal invocation" in browsers.
    fetch: window.fetch.bind(window),
  });
}
