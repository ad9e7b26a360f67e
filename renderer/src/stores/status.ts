/** Server health as the dashboard shows it: a zustand store fed by polling `/health`. */
import { createStore, type StoreApi } from 'zustand/vanilla';

export type Health = 'checking' | 'up' | 'down';

export interface StatusState {
  /** Origin the dashboard was served from; it is also the endpoint tools should use. */
  endpoint: string;
  health: Health;
  /** Epoch milliseconds of the last finished check, or null before the first one. */
  lastCheckedAt: number | null;
  check(): Promise<void>;
}

export type StatusStore = StoreApi<StatusState>;

export interface StatusDeps {
  endpoint: string;
  fetch: (url: string, init: { signal: AbortSignal }) => Promise<Response>;
  now: () => number;
  /** A hung server counts as down after this long. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 3_000;

export function createStatusStore(deps: StatusDeps): StatusStore {
  const endpoint = deps.endpoint.replace(/\/+$/, '');
  // Checks can overlap (a manual retry during a slow poll); only the newest may write.
  let latest = 0;

  return createStore<StatusState>()((set) => ({
    endpoint,
    health: 'checking',
    lastCheckedAt: null,
    async check() {
      const ticket = ++latest;
      const health = await probe(endpoint, deps);
      if (ticket !== latest) return;
      set({ health, lastCheckedAt: deps.now() });
    },
  }));
}

async function probe(endpoint: string, deps: StatusDeps): Promise<Health> {
  try {
    const response = await deps.fetch(`${endpoint}/health`, {
      signal: AbortSignal.timeout(deps.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    if (!response.ok) return 'down';
    const body: unknown = await response.json();
    return isHealthy(body) ? 'up' : 'down';
  } catch {
    // Refused, timed out or not JSON: from the user's side all of these mean "not answering".
    return 'down';
  }
}

function isHealthy(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'status' in body && body.status === 'ok';
}
