/** Server status and combos: version, URL, the active combo, and the request-log switch. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Result, StatusView } from '../../../core/shared/contract.js';
import type { ManagementConnection } from '../client/http';
import { errorText, newestOnly } from './shared';

export interface ServerState {
  status: StatusView | undefined;
  error: string | undefined;
  /** True while a change (combo, log switch) is on its way. */
  saving: boolean;
  load(): Promise<void>;
  activateCombo(name: string): Promise<void>;
  setDebugLog(enabled: boolean): Promise<void>;
  /** Pauses routing (every model request gets a 503) or resumes it. */
  setPaused(paused: boolean): Promise<void>;
}

export type ServerStore = StoreApi<ServerState>;

export function createServerStore(client: ManagementConnection): ServerStore {
  const ticket = newestOnly();
  return createStore<ServerState>()((set) => {
    // Loads and changes all answer with a StatusView, so one writer serves them all.
    const apply = async (call: Promise<Result<StatusView>>) => {
      const current = ticket();
      const result = await call;
      if (!current()) return;
      set(
        result.ok ? { status: result.value, error: undefined } : { error: errorText(result.error) },
      );
    };
    const change = async (call: () => Promise<void>) => {
      set({ saving: true });
      try {
        await call();
      } finally {
        set({ saving: false });
      }
    };
    return {
      status: undefined,
      error: undefined,
      saving: false,
      load: () => apply(client['status.get']({})),
      activateCombo: (name) => change(() => apply(client['combos.activate']({ name }))),
      setDebugLog: (enabled) => change(() => apply(client['debugLog.setEnabled']({ enabled }))),
      setPaused: (paused) => change(() => apply(client['routing.setPaused']({ paused }))),
    };
  });
}
