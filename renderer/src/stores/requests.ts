/** The recent-requests feed, newest first, each row with its route trace while one is kept. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RequestView } from '../../../core/shared/contract.js';
import type { ManagementConnection } from '../client/http';
import { errorText, newestOnly } from './shared';

export const FEED_LIMIT = 50;

export interface RequestsState {
  rows: RequestView[] | undefined;
  error: string | undefined;
  load(): Promise<void>;
}

export type RequestsStore = StoreApi<RequestsState>;

export function createRequestsStore(client: ManagementConnection): RequestsStore {
  const ticket = newestOnly();
  return createStore<RequestsState>()((set) => ({
    rows: undefined,
    error: undefined,
    async load() {
      const current = ticket();
      const result = await client['requests.recent']({ limit: FEED_LIMIT });
      if (!current()) return;
      set(
        result.ok ? { rows: result.value, error: undefined } : { error: errorText(result.error) },
      );
    },
  }));
}
