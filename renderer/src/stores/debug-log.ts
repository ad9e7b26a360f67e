/** The debug request log's recent entries, for the Settings viewer. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DebugLogEntry } from '../../../core/shared/contract.js';
import type { ManagementConnection } from '../client/http';
import { errorText, newestOnly } from './shared';

export interface DebugLogState {
  entries: DebugLogEntry[] | undefined;
  error: string | undefined;
  load(): Promise<void>;
}

export type DebugLogStore = StoreApi<DebugLogState>;

export function createDebugLogStore(client: ManagementConnection): DebugLogStore {
  const ticket = newestOnly();
  return createStore<DebugLogState>()((set) => ({
    entries: undefined,
    error: undefined,
    async load() {
      const current = ticket();
      const result = await client['debugLog.get']({ limit: 20 });
      if (!current()) return;
      set(
        result.ok
          ? { entries: result.value, error: undefined }
          : { error: errorText(result.error) },
      );
    },
  }));
}
